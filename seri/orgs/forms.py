from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seri.orgs.models import Role
from seri.orgs.services import login


class UserCreateForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    # The least-privileged role by default: an admin raises it on purpose.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters. The user must replace it at their first login."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.public_id): o for o in organisations}
        self.fields["organisation"].choices = [(k, str(o)) for k, o in self.organisations.items()]


class PasswordResetForm(forms.Form):
    """An admin's temporary password for a user who forgot theirs."""

    password = forms.CharField(
        label=_("Temporary password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters. Give it to the user in person or by phone, not by e-mail: "
            "they must replace it at their next login."
        ),
    )
    password_again = forms.CharField(
        label=_("Temporary password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class LoginForm(AuthenticationForm):
    """Django's login form, with failed attempts counted and locked (seri.orgs.login)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Your username and password didn't match. Please try again."),
        "locked": login.LOCKED_MESSAGE,
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = login.password_check(
                    request=self.request, username=username, password=password
                )
            except login.LoginLocked:
                raise ValidationError(self.error_messages["locked"], code="locked") from None
            except login.LoginRefused:
                raise self.get_invalid_login_error() from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class TOTPConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The six digits the app shows now."),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with its words in Seri's catalogue (Django has no Khmer for them)."""

    error_messages = {
        "password_incorrect": _("Your current password is not right. Please type it again."),
        "password_mismatch": _("The two new passwords differ."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password2"].help_text = ""
