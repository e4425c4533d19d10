from django import forms
from django.utils.translation import gettext_lazy as _

from seri.cases.models import CaseStatus, ConsentKind, IdentityDocument, NameKind, Script, Urgency
from seri.cases.services import CaseInput, DocumentInput, HandleInput, NameInput, PersonInput
from seri.compounds.models import Compound
from seri.core.forms import LongChoiceField
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Gender,
    MessagingPlatform,
    Platform,
    RecruitmentMethod,
    country_choices,
    language_choices,
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
    status = LongChoiceField(label=_("Status"), required=False)
    urgency = LongChoiceField(label=_("Urgency"), required=False)
    nationality = LongChoiceField(label=_("Nationality"), required=False)
    compound = LongChoiceField(label=_("Compound"), required=False)
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
            # only what the label shows (as Compound.__str__): a row also holds its outline
            *(
                (str(public_id), f"{name} ({province})" if province else name)
                for public_id, name, province in Compound.objects.order_by("name").values_list(
                    "public_id", "name", "province"
                )
            ),
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
    shareable = forms.BooleanField(
        label=_("Partners may see this note"),
        required=False,
        help_text=_("Only partners whose referral shares notes. Otherwise the note is internal."),
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)
    # The queryset is the assignable users, set in __init__.
    assigned_to: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        to_field_name="username",
        empty_label=_("Nobody"),
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
        label=_("Assigned caseworker"),
        queryset=None,
        required=False,
        to_field_name="username",
        empty_label=_("Nobody"),
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
        empty_label=_("Not known"),
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


# --- editing a person (seri.cases.people.person_update) ----------------------------------------


class NameRowForm(forms.Form):
    value = forms.CharField(label=_("Name or spelling"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=NameKind.choices, initial=NameKind.FULL)
    script = forms.ChoiceField(
        label=_("Script"),
        required=False,
        choices=[("", _("Detect from the text")), *Script.choices],
    )


class HandleRowForm(forms.Form):
    platform = forms.ChoiceField(label=_("Messaging app"), choices=MessagingPlatform.choices)
    handle = forms.CharField(label=_("Handle or number"), max_length=200, required=False)


class DocumentRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=IdentityDocument.Kind.choices)
    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    issuing_country = LongChoiceField(label=_("Issued by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_country"].choices = [("", "—"), *country_choices()]


NameRows = forms.formset_factory(NameRowForm, extra=2)
HandleRows = forms.formset_factory(HandleRowForm, extra=1)
DocumentRows = forms.formset_factory(DocumentRowForm, extra=1)


class PersonEditForm(forms.Form):
    """The person's single-valued fields, phones and languages; names, handles and documents
    come in the row formsets above (an emptied row is removed)."""

    gender = forms.ChoiceField(label=_("Sex / gender"), choices=Gender.choices)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    age_estimate = forms.IntegerField(
        label=_("Age (estimate)"), required=False, min_value=0, max_value=120
    )
    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, with the country code if you have it."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    reason = forms.CharField(
        label=_("Why the details change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the change, e.g. “spelling confirmed by her brother”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationalities"].choices = country_choices()
        self.fields["languages"].choices = language_choices()

    def person_input(self, names, handles, documents) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            names=[
                NameInput(value=row["value"], kind=row["kind"], script=row.get("script") or "")
                for row in names.cleaned_data
                if row.get("value", "").strip()
            ],
            gender=data["gender"],
            date_of_birth=data["date_of_birth"],
            age_estimate=data["age_estimate"],
            nationalities=data["nationalities"],
            phones=[line.strip() for line in data["phones"].splitlines() if line.strip()],
            handles=[
                HandleInput(platform=row["platform"], handle=row["handle"])
                for row in handles.cleaned_data
                if row.get("handle", "").strip()
            ],
            documents=[
                DocumentInput(
                    kind=row["kind"], number=row["number"], issuing_country=row["issuing_country"]
                )
                for row in documents.cleaned_data
                if row.get("number", "").strip()
            ],
            languages=data["languages"],
        )
