from django import forms
from django.utils.translation import gettext_lazy as _

from seri.orgs.models import Role


class UserCreateForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters. Ask the user to change it after logging in."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.public_id): o for o in organisations}
        self.fields["organisation"].choices = [(k, str(o)) for k, o in self.organisations.items()]
