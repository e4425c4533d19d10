from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seri.cases.forms import DateInput
from seri.cases.models import IdentityDocument
from seri.cases.services import DocumentInput, HandleInput, NameInput, PersonInput
from seri.core.vocabularies import (
    REGION_LANGUAGES,
    Gender,
    MessagingPlatform,
    country_choices,
    country_name,
    language_name,
)
from seri.intake.models import Channel, ReporterRelation
from seri.intake.services import ReportInput
from seri.intake.services.imports import too_large_message, upload_too_large
from seri.intake.services.public import PublicReportInput
from seri.intake.services.triage import CallerInput


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Recording for"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.short_name: o for o in organisations}
        self.fields["organisation"].choices = [(k, o.name) for k, o in self.organisations.items()]


class ReportForm(forms.Form):
    channel = forms.ChoiceField(label=_("Received through"), choices=Channel.choices)
    reporter_relation = forms.ChoiceField(label=_("Reported by"), choices=ReporterRelation.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to use the current time."),
    )
    language = forms.ChoiceField(label=_("Language of the account"), required=False)
    original_text = forms.CharField(
        label=_("The account, as received"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paste or type it word for word. It is stored as it is and never edited."),
    )
    attachments = MultipleFileField(label=_("Files (screenshots, voice notes)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *REGION_LANGUAGES]

    def report_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            channel=data["channel"],
            reporter_relation=data["reporter_relation"],
            original_text=data["original_text"],
            language=data["language"],
            received_at=data["received_at"],
            attachments=data["attachments"],
        )


class PersonForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"),
        max_length=300,
        help_text=_("As given, in any script. If unknown, a description (e.g. “Hoa, building B”)."),
    )
    other_names = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=Gender.choices, initial=Gender.UNKNOWN
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    age_estimate = forms.IntegerField(
        label=_("Age (estimate)"), required=False, min_value=0, max_value=120
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    second_nationality = forms.ChoiceField(label=_("Second nationality"), required=False)
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, with the country code if you have it."),
    )
    handle_platform = forms.ChoiceField(
        label=_("Messaging app"), required=False, choices=[("", "—"), *MessagingPlatform.choices]
    )
    handle = forms.CharField(
        label=_("Handle or number on that app"), required=False, max_length=200
    )
    document_kind = forms.ChoiceField(
        label=_("Identity document"),
        required=False,
        choices=[("", "—"), *IdentityDocument.Kind.choices],
    )
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=REGION_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "—"), *country_choices()]
        self.fields["nationality"].choices = countries
        self.fields["second_nationality"].choices = countries

    def person_input(self) -> PersonInput:
        data = self.cleaned_data
        names = [NameInput(value=data["full_name"])]
        names += [NameInput(value=v, kind="alias") for v in _lines(data["other_names"])]
        handles = []
        if data["handle"]:
            handles.append(
                HandleInput(platform=data["handle_platform"] or "Other", handle=data["handle"])
            )
        documents = []
        if data["document_number"]:
            documents.append(
                DocumentInput(kind=data["document_kind"] or "other", number=data["document_number"])
            )
        return PersonInput(
            names=names,
            gender=data["gender"],
            date_of_birth=data["date_of_birth"],
            age_estimate=data["age_estimate"],
            nationalities=[c for c in (data["nationality"], data["second_nationality"]) if c],
            phones=_lines(data["phones"]),
            handles=handles,
            documents=documents,
            languages=data["languages"],
        )

    # The service names some errors by the whole list; show them on the field that holds it.
    SERVICE_FIELDS = {
        "names": "full_name",
        "nationalities": "nationality",
        "handles": "handle",
        "documents": "document_number",
    }


def typed_person(post, *, prefix: str) -> tuple[PersonInput, list[str]]:
    """What has been typed so far in the intake form's person fields, however incomplete,
    for the check for people already known; and which identifying fields it has."""

    def get(name: str) -> str:
        return (post.get(f"{prefix}-{name}") or "").strip()

    names = [get("full_name"), *_lines(get("other_names"))]
    age = get("age_estimate")
    data = PersonInput(
        names=[NameInput(value=n) for n in names if n],
        gender=get("gender") or Gender.UNKNOWN,
        age_estimate=int(age) if age.isdigit() and int(age) <= 120 else None,
        nationalities=[c for c in (get("nationality"), get("second_nationality")) if c],
        phones=_lines(get("phones")),
        handles=[HandleInput(platform=get("handle_platform") or "Other", handle=get("handle"))]
        if get("handle")
        else [],
        documents=[
            DocumentInput(kind=get("document_kind") or "other", number=get("document_number"))
        ]
        if get("document_number")
        else [],
    )
    fields = [
        name
        for name, present in (
            ("name", data.names),
            ("phone", data.phones),
            ("handle", data.handles),
            ("document", data.documents),
        )
        if present
    ]
    return data, fields


def by_kind_values(suggestions, kind: str = "language") -> list[str]:
    return [s.value for s in suggestions if s.kind == kind]


def suggestion_label(s) -> str:
    """A suggestion as the reader reads it: countries by their name in the reader's language
    (a number's likely country, a nationality), a compound by its name and score."""
    if s.kind == "compound":
        return s.detail
    if s.kind == "nationality":
        return country_name(s.value)
    if s.kind == "phone" and s.detail:
        return f"{s.value} — {country_name(s.detail)}"
    return f"{s.value} — {s.detail}" if s.detail else s.value


class OpenCaseForm(forms.Form):
    """Opening a case from a report: a name, and the suggestions the person confirms."""

    full_name = forms.CharField(
        label=_("Name of the person"),
        max_length=300,
        help_text=_("As given in the report, in any script; or a description."),
    )
    phones = forms.MultipleChoiceField(
        label=_("Phone numbers"), required=False, widget=forms.CheckboxSelectMultiple
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, widget=forms.RadioSelect
    )
    age = forms.ChoiceField(label=_("Age"), required=False, widget=forms.RadioSelect)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    location_text = forms.CharField(
        label=_("Last known location"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As the reporter described it."),
    )
    place = forms.ChoiceField(label=_("Where"), required=False, widget=forms.RadioSelect)
    compound = forms.ChoiceField(label=_("Compound"), required=False, widget=forms.RadioSelect)
    urgency = forms.ChoiceField(label=_("Urgency"))
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=300)
    caller_relation = forms.ChoiceField(
        label=_("Caller's relation to the person"),
        required=False,
        choices=[("", "—"), *ReporterRelation.choices],
    )
    caller_phone = forms.CharField(
        label=_("Call-back number or contact"), required=False, max_length=60
    )
    caller_safe_to_call = forms.ChoiceField(
        label=_("Safe to call back?"),
        required=False,
        choices=[("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))],
    )
    caller_best_time = forms.CharField(label=_("Best time to call"), required=False, max_length=200)

    PERSON_FIELDS = ("full_name", "phones", "nationality", "age", "languages")
    CASE_FIELDS = ("location_text", "place", "compound", "urgency")
    CALLER_FIELDS = (
        "caller_name",
        "caller_relation",
        "caller_phone",
        "caller_safe_to_call",
        "caller_best_time",
    )

    def section(self, names):
        return [self[name] for name in names if name in self.fields]

    def person_fields(self):
        return self.section(self.PERSON_FIELDS)

    def case_fields(self):
        return self.section(self.CASE_FIELDS)

    def caller_fields(self):
        return self.section(self.CALLER_FIELDS)

    def __init__(self, *args, suggestions, **kwargs):
        from seri.cases.models import Urgency

        super().__init__(*args, **kwargs)
        none = [("", _("None of these"))]
        by_kind: dict[str, list] = {}
        for s in suggestions:
            by_kind.setdefault(s.kind, []).append((s.value, suggestion_label(s)))
        self.fields["phones"].choices = by_kind.get("phone", [])
        self.fields["nationality"].choices = none + by_kind.get("nationality", [])
        self.fields["age"].choices = none + by_kind.get("age", [])
        self.fields["place"].choices = none + by_kind.get("coordinates", [])
        self.fields["compound"].choices = none + by_kind.get("compound", [])
        self.fields["languages"].choices = [
            (code, language_name(code)) for code in dict.fromkeys(by_kind_values(suggestions))
        ]
        self.fields["urgency"].choices = Urgency.choices
        self.fields["urgency"].initial = Urgency.NORMAL
        for name in ("phones", "nationality", "age", "place", "compound", "languages"):
            if len(self.fields[name].choices) <= (0 if name in ("phones", "languages") else 1):
                del self.fields[name]

    def inputs(self):
        from decimal import Decimal

        from seri.cases.services import CaseInput

        data = self.cleaned_data
        person = PersonInput(
            names=[NameInput(value=data["full_name"])],
            phones=list(data.get("phones") or []),
            nationalities=[data["nationality"]] if data.get("nationality") else [],
            age_estimate=int(data["age"]) if data.get("age") else None,
            languages=list(data.get("languages") or []),
        )
        latitude = longitude = None
        if data.get("place"):
            lat, lon = data["place"].split(",")
            latitude, longitude = Decimal(lat), Decimal(lon)
        case = CaseInput(
            urgency=data["urgency"],
            location_text=data["location_text"],
            location_latitude=latitude,
            location_longitude=longitude,
        )
        return person, case

    def caller_input(self) -> CallerInput:
        data = self.cleaned_data
        return CallerInput(
            name=data["caller_name"],
            relation=data["caller_relation"],
            phone=data["caller_phone"],
            safe_to_call={"yes": True, "no": False}.get(data["caller_safe_to_call"]),
            best_time=data["caller_best_time"],
        )


class AttachForm(forms.Form):
    case = forms.CharField(label=_("Case reference"), max_length=40)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it"),
        choices=[
            (
                "telegram",
                _("Telegram export (zip of the exported folder, result.json or messages.html)"),
            ),
            ("whatsapp", _("WhatsApp export (.txt or .zip)")),
            ("csv", _("Spreadsheet (.csv)")),
            ("xlsx", _("Spreadsheet (.xlsx)")),
        ],
    )
    file = forms.FileField(label=_("File"))
    reporter_relation = forms.ChoiceField(
        label=_("Who gave the account"), choices=ReporterRelation.choices, initial="unknown"
    )
    partner = forms.CharField(
        label=_("Partner (spreadsheets: whose saved column mapping to use)"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The upload was stopped at the size limit (seri/intake/views/imports.py): say so,
        # rather than that no file came.
        self.too_large = too_large
        if too_large:
            self.fields["file"].required = False

    def clean_file(self):
        if self.too_large:
            raise forms.ValidationError(too_large_message())
        upload = self.cleaned_data["file"]
        if too_large := upload_too_large(upload):
            raise forms.ValidationError(too_large)
        return upload


class DeviceForm(forms.Form):
    label = forms.CharField(
        label=_("Device"),
        max_length=100,
        help_text=_("Which phone or tablet, e.g. “Field team tablet 2”. No person's name."),
    )


# --- the public report form (no login; seri/intake/views/public.py) ------------------------------

RELATIONS = [
    (ReporterRelation.SELF, pgettext_lazy("public report form", "I am the person trapped")),
    (ReporterRelation.FAMILY, pgettext_lazy("public report form", "A family member")),
    (ReporterRelation.FRIEND, pgettext_lazy("public report form", "A friend")),
    (ReporterRelation.UNKNOWN, pgettext_lazy("public report form", "Someone else")),
]


class PublicReportForm(forms.Form):
    reporter_relation = forms.ChoiceField(
        label=pgettext_lazy("public report form", "Who are you?"),
        choices=RELATIONS,
        widget=forms.RadioSelect,
        initial=ReporterRelation.FAMILY,
    )
    person_name = forms.CharField(
        label=pgettext_lazy("public report form", "Name of the person who is trapped"),
        required=False,
        max_length=300,
    )
    where = forms.CharField(
        label=pgettext_lazy("public report form", "Where are they?"),
        help_text=pgettext_lazy(
            "public report form", "A compound, a building, a town, or a map link, if you know."
        ),
        required=False,
        max_length=500,
    )
    account = forms.CharField(
        label=pgettext_lazy("public report form", "What happened?"),
        help_text=pgettext_lazy(
            "public report form",
            "In your own words and language: since when, what they told you, "
            "how they can be reached.",
        ),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=20_000,
        error_messages={
            "required": pgettext_lazy("public report form", "Please tell us what happened.")
        },
    )
    contact = forms.CharField(
        label=pgettext_lazy("public report form", "How can we reach you? (optional)"),
        help_text=pgettext_lazy(
            "public report form",
            "A phone number, Telegram, WhatsApp or e-mail, only if it is safe for you.",
        ),
        required=False,
        max_length=300,
    )
    # The honeypot: hidden from people (CSS), filled by bots that fill every field.
    website = forms.CharField(
        label=pgettext_lazy("public report form", "Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def report_input(self, language: str) -> PublicReportInput:
        data = self.cleaned_data
        return PublicReportInput(
            account=data["account"],
            reporter_relation=data["reporter_relation"],
            person_name=data["person_name"],
            where=data["where"],
            contact=data["contact"],
            language=language,
        )


class FollowUpForm(forms.Form):
    reference = forms.CharField(
        label=pgettext_lazy("public report form", "Reference code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    passphrase = forms.CharField(
        label=pgettext_lazy("public report form", "Passphrase"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    text = forms.CharField(
        label=pgettext_lazy("public report form", "More information (optional)"),
        help_text=pgettext_lazy(
            "public report form", "Only to add something. To see the status, leave it empty."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
    )
