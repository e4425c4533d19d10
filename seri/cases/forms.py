from django import forms
from django.utils.translation import gettext_lazy as _

from seri.cases.models import CaseStatus, ConsentKind, Urgency
from seri.cases.services import CaseInput
from seri.compounds.models import Compound
from seri.core.forms import LongSelect
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Platform,
    RecruitmentMethod,
    country_choices,
)
from seri.orgs.models import User


class DateInput(forms.DateInput):
    input_type = "date"


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, phone or reference"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, widget=LongSelect)
    compound = forms.ChoiceField(label=_("Compound"), required=False, widget=LongSelect)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Any status")),
            ("open", _("Open")),
            *CaseStatus.choices,
        ]
        self.fields["urgency"].choices = [("", _("Any urgency")), *Urgency.choices]
        self.fields["nationality"].choices = [("", _("Any nationality")), *country_choices()]
        self.fields["compound"].choices = [
            ("", _("Any compound")),
            *((str(c.public_id), str(c)) for c in Compound.objects.order_by("name")),
        ]


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, CaseStatus(s).label) for s in case.allowed_next_statuses()
        ]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)
    # The queryset is the assignable users, set in __init__.
    assigned_to: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, to_field_name="username"
    )

    def __init__(self, *args, assignable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent to"), choices=ConsentKind.choices)
    given = forms.TypedChoiceField(
        label=_("Answer"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Given")), ("no", _("Refused"))],
    )
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=100,
        required=False,
        help_text=_("e.g. the person, a parent"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def multi(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class CaseDetailsForm(forms.Form):
    """The case fields a caseworker fills in at intake and edits later."""

    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    assigned_to: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Assigned caseworker"), queryset=None, required=False, to_field_name="username"
    )
    location_text = forms.CharField(
        label=_("Last known location"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As described, e.g. building, floor, landmarks."),
    )
    compound = forms.ModelChoiceField(
        label=_("Compound"),
        queryset=Compound.objects.order_by("name"),
        required=False,
        to_field_name="public_id",
    )
    location_latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6
    )
    location_longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6
    )
    date_trafficked = forms.DateField(label=_("Date trafficked"), required=False, widget=DateInput)
    exploitation_types = multi(_("Type of exploitation"), ExploitationType.choices)
    control_methods = multi(_("Methods of control"), ControlMethod.choices)
    recruitment_methods = multi(_("Method of recruitment"), RecruitmentMethod.choices)
    recruitment_platforms = multi(_("Recruitment platforms"), Platform.choices)

    def __init__(self, *args, assignable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable

    ESSENTIAL = ("urgency", "assigned_to", "location_text", "compound")

    def essential_fields(self):
        return [self[name] for name in self.ESSENTIAL]

    def more_fields(self):
        return [self[name] for name in self.fields if name not in self.ESSENTIAL]

    def case_input(self):
        data = self.cleaned_data
        return CaseInput(
            urgency=data["urgency"],
            assigned_to=data["assigned_to"],
            location_text=data["location_text"],
            compound=data["compound"],
            location_latitude=data["location_latitude"],
            location_longitude=data["location_longitude"],
            date_trafficked=data["date_trafficked"],
            exploitation_types=data["exploitation_types"],
            control_methods=data["control_methods"],
            recruitment_methods=data["recruitment_methods"],
            recruitment_platforms=data["recruitment_platforms"],
        )
