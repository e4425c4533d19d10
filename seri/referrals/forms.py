from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from seri.orgs.models import Organisation
from seri.referrals.models import ReferralKind, SharedSection


class ReferralForm(forms.Form):
    # The queryset is the partner organisations, set in __init__.
    to_organisation: "forms.ModelChoiceField[Organisation]" = forms.ModelChoiceField(
        label=_("Refer to"), queryset=None, to_field_name="short_name"
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ReferralKind.choices, initial=ReferralKind.REFERRAL
    )
    message = forms.CharField(
        label=_("Message to the partner"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_sections = forms.MultipleChoiceField(
        label=_("What the partner will see"),
        choices=SharedSection.choices,
        initial=[SharedSection.PERSON, SharedSection.REPORTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The case's status and referrals are always shown. Internal notes are never shared: "
            "only notes marked shareable, and only if you tick them here."
        ),
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for sharing without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for organisation admins, when there is no consent to share."),
    )

    def __init__(self, *args, organisations, consent_given: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["to_organisation"]).queryset = organisations
        if consent_given:  # the person agreed to sharing: no reason to give for doing without
            del self.fields["consent_override_reason"]


class ReferralResponseForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
