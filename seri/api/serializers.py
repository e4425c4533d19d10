"""The API's shapes. Input serializers check types and build the services' input dataclasses;
every rule about what is allowed stays in the services. Output serializers name related
records by their public identifiers only: a case by its reference, an organisation by its
short name, a user by their username, everything else by its UUID."""

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from seri.api.fields import VisibleCaseField, VocabularyField
from seri.cases.models import (
    Case,
    CaseStatus,
    ConsentKind,
    ConsentRecord,
    IdentityDocument,
    NameKind,
    Person,
    PhoneNumber,
    Script,
    StatusChange,
    Task,
    TimelineEntry,
    Urgency,
)
from seri.cases.selectors import CaseFilters
from seri.cases.services import (
    CASE_EDITABLE_FIELDS,
    CaseInput,
    DocumentInput,
    HandleInput,
    NameInput,
    PersonInput,
)
from seri.compounds.models import Compound
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Gender,
    MessagingPlatform,
    Platform,
    RecruitmentMethod,
    country_codes,
)
from seri.intake.models import Channel, Report, ReporterRelation
from seri.intake.services import ReportInput
from seri.orgs.models import ROLES_WRITING_CASES, Organisation, User
from seri.orgs.permissions import organisations_with_roles
from seri.referrals.models import Referral, ReferralKind, ReferralStatus, SharedSection

T = TypeVar("T")


def _build(input_class: type[T], data: Mapping[str, Any]) -> T:
    """The input dataclass from the fields of `data` it has; absent fields keep its defaults."""
    names = {f.name for f in dataclasses.fields(input_class)}  # type: ignore[arg-type]
    return input_class(**{key: value for key, value in data.items() if key in names})


class SlugField(serializers.SlugRelatedField):
    """Refuses NUL characters before the lookup (PostgreSQL cannot compare them: a 500)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            raise exceptions.ValidationError(_("Null characters are not allowed."))
        return super().to_internal_value(data)


def _organisation_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return SlugField(slug_field="short_name", queryset=Organisation.objects.all(), **kwargs)


def _user_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return SlugField(slug_field="username", queryset=User.objects.all(), **kwargs)


def _coordinate_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, **kwargs
    )


# --- input ------------------------------------------------------------------------------------


class InputSerializer(serializers.Serializer):
    """Refuses fields it does not know: a misspelt field that is silently dropped loses what a
    caseworker recorded, and a `status` sent in a PATCH would seem to succeed."""

    def to_internal_value(self, data: Any) -> Any:
        unknown = {}
        if isinstance(data, Mapping):
            unknown = {name: [_("Unknown field.")] for name in data if name not in self.fields}
        try:
            value = super().to_internal_value(data)
        except exceptions.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise exceptions.ValidationError({**unknown, **exc.detail}) from exc
            raise
        if unknown:
            raise exceptions.ValidationError(unknown)
        return value


class InputSerializerExtension(OpenApiSerializerExtension):
    """The schema says so too: a request body with a field it does not name is refused."""

    target_class = InputSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema


class ActingOrganisationMixin(InputSerializer):
    organisation = _organisation_field(
        required=False,
        help_text=_(
            "Short name of the organisation to record this for. Needed only by users who "
            "write for several organisations."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs.get("organisation") is None:
            attrs["organisation"] = self._default_organisation()
        return attrs

    def _default_organisation(self) -> Organisation:
        # An organisation given explicitly is checked by the service, which refuses users who
        # do not write for it.
        writing = organisations_with_roles(self.context["request"].user, ROLES_WRITING_CASES)
        if not writing:
            raise exceptions.PermissionDenied
        if len(writing) > 1:
            raise exceptions.ValidationError(
                {"organisation": [_("You write for several organisations: say which one.")]}
            )
        return writing[0]


class NameSerializer(InputSerializer):
    value = serializers.CharField(max_length=300)
    kind = VocabularyField(NameKind, required=False)
    script = VocabularyField(
        Script, required=False, help_text=_("ISO 15924; detected from the name when left out.")
    )

    def to_internal_value(self, data: Any) -> NameInput:
        return NameInput(**super().to_internal_value(data))


class HandleSerializer(InputSerializer):
    platform = VocabularyField(MessagingPlatform)
    handle = serializers.CharField(max_length=200)

    def to_internal_value(self, data: Any) -> HandleInput:
        return HandleInput(**super().to_internal_value(data))


class DocumentSerializer(InputSerializer):
    kind = VocabularyField(IdentityDocument.Kind)
    number = serializers.CharField(max_length=60)
    issuing_country = serializers.CharField(
        required=False, allow_blank=True, help_text=_("ISO 3166-1 alpha-2 code.")
    )

    def to_internal_value(self, data: Any) -> DocumentInput:
        return DocumentInput(**super().to_internal_value(data))


class ReportFieldsSerializer(InputSerializer):
    channel = VocabularyField(Channel)
    reporter_relation = VocabularyField(ReporterRelation)
    original_text = serializers.CharField(
        trim_whitespace=False, help_text=_("The account as received; stored verbatim.")
    )
    language = serializers.CharField(
        required=False, allow_blank=True, help_text=_("ISO 639-1 code of the account's language.")
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True)


class PersonFieldsSerializer(InputSerializer):
    names = NameSerializer(many=True, required=False)
    gender = VocabularyField(Gender, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    age_estimate = serializers.IntegerField(required=False, allow_null=True)
    age_estimated_on = serializers.DateField(required=False, allow_null=True)
    nationalities = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("ISO 3166-1 alpha-2 codes.")
    )
    phones = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        help_text=_(
            "As given. Numbers without a country code are read as numbers of the first "
            "nationality's country."
        ),
    )
    handles = HandleSerializer(many=True, required=False)
    documents = DocumentSerializer(many=True, required=False)
    languages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("ISO 639-1 codes.")
    )


class CaseFieldsSerializer(InputSerializer):
    urgency = VocabularyField(Urgency, required=False)
    assigned_to = _user_field(required=False, allow_null=True, help_text=_("A username."))
    location_text = serializers.CharField(required=False, allow_blank=True)
    location_latitude = _coordinate_field(required=False)
    location_longitude = _coordinate_field(required=False)
    compound = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Compound.objects.all(), required=False, allow_null=True
    )
    exploitation_types = serializers.ListField(
        child=VocabularyField(ExploitationType), required=False
    )
    control_methods = serializers.ListField(child=VocabularyField(ControlMethod), required=False)
    recruitment_methods = serializers.ListField(
        child=VocabularyField(RecruitmentMethod), required=False
    )
    recruitment_platforms = serializers.ListField(child=VocabularyField(Platform), required=False)
    date_trafficked = serializers.DateField(required=False, allow_null=True)


class IntakeSerializer(
    ActingOrganisationMixin, ReportFieldsSerializer, PersonFieldsSerializer, CaseFieldsSerializer
):
    """A report, the person it is about and the case it opens, in one flat body: errors come
    back under each field's own name whichever part it belongs to."""

    def inputs(self) -> tuple[Organisation, ReportInput, PersonInput, CaseInput]:
        data = self.validated_data
        return (
            data["organisation"],
            _build(ReportInput, data),
            _build(PersonInput, data),
            _build(CaseInput, data),
        )


class CaseUpdateSerializer(CaseFieldsSerializer):
    def case_input(self, case: Case) -> CaseInput:
        """The case as it is, with the fields that were sent changed."""
        current = {name: getattr(case, name) for name in CASE_EDITABLE_FIELDS}
        return _build(CaseInput, {**current, **self.validated_data})


class NewStatusSerializer(InputSerializer):
    status = VocabularyField(CaseStatus)
    reason = serializers.CharField()


class NoteSerializer(InputSerializer):
    text = serializers.CharField()
    shareable = serializers.BooleanField(
        default=False,
        help_text=_("Partners whose referral shares notes may see it; otherwise internal."),
    )


class ConsentSerializer(InputSerializer):
    kind = VocabularyField(ConsentKind)
    given = serializers.BooleanField()
    given_by = serializers.CharField(required=False, allow_blank=True, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True)


class NewTaskSerializer(InputSerializer):
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField(required=False, allow_null=True)
    assigned_to = _user_field(required=False, allow_null=True, help_text=_("A username."))


class NewReportSerializer(ActingOrganisationMixin, ReportFieldsSerializer):
    case = VisibleCaseField(help_text=_("Reference of the case the report is about."))

    def report_input(self) -> ReportInput:
        return _build(ReportInput, self.validated_data)


class NewReferralSerializer(InputSerializer):
    # The names are those of `referral_send`'s arguments.
    case = VisibleCaseField(help_text=_("Reference of the case to refer."))
    to_organisation = _organisation_field(help_text=_("Short name of the receiving organisation."))
    kind = VocabularyField(ReferralKind, required=False)
    message = serializers.CharField(required=False, allow_blank=True)
    consent_override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "Why the case must be shared without the person's consent (organisation admins only)."
        ),
    )
    shared_sections = serializers.ListField(
        child=VocabularyField(SharedSection),
        required=False,
        help_text=_("What the partner will see; left out, every section."),
    )


class ReferralAnswerSerializer(InputSerializer):
    note = serializers.CharField(required=False, allow_blank=True)


class ReferralRevokeSerializer(InputSerializer):
    reason = serializers.CharField()


# --- query parameters -------------------------------------------------------------------------


class CaseFilterSerializer(serializers.Serializer):
    status = VocabularyField(CaseStatus, required=False)
    urgency = VocabularyField(Urgency, required=False)
    nationality = serializers.CharField(required=False, help_text=_("ISO 3166-1 alpha-2 code."))
    compound = serializers.UUIDField(required=False, help_text=_("A compound's public id."))
    assigned_to_me = serializers.BooleanField(required=False, default=False)
    open_only = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(
        required=False,
        help_text=_(
            "Whole words of a name (any order), a phone number, or a case reference. "
            "Prefer POST /api/cases/search/, which keeps it out of URLs."
        ),
    )

    def validate_nationality(self, value: str) -> str:
        if value not in country_codes():
            raise exceptions.ValidationError(_("Unknown country code: %s") % value)
        return value

    def case_filters(self) -> CaseFilters:
        data = self.validated_data
        return CaseFilters(
            status=data.get("status", ""),
            urgency=data.get("urgency", ""),
            nationality=data.get("nationality", ""),
            compound=str(data.get("compound") or ""),
            assigned_to_me=data["assigned_to_me"],
            open_only=data["open_only"],
            query=data.get("q", ""),
        )


class ReportFilterSerializer(serializers.Serializer):
    case = serializers.CharField(required=False, help_text=_("A case reference."))


class ReferralFilterSerializer(serializers.Serializer):
    status = VocabularyField(ReferralStatus, required=False)
    inbox = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Only referrals sent to the user's organisations."),
    )


class TaskFilterSerializer(serializers.Serializer):
    case = serializers.CharField(required=False, help_text=_("A case reference."))
    open = serializers.BooleanField(required=False, default=False)
    mine = serializers.BooleanField(
        required=False, default=False, help_text=_("Only tasks assigned to the user.")
    )


# --- output -----------------------------------------------------------------------------------


def _organisation_name(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="short_name", read_only=True, **kwargs)


def _username(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text=_("A username."), **kwargs
    )


@extend_schema_field(OpenApiTypes.STR)
class CountryCodeField(serializers.SlugRelatedField):
    """A nationality as its ISO 3166-1 alpha-2 code, documented as a plain string rather than
    as an enum of every country."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="country", **kwargs)


def _case_reference() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="reference", read_only=True)


class CompoundSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Compound
        fields = ["public_id", "name"]


class PhoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = PhoneNumber
        fields = ["e164", "original"]


class PersonSummarySerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    nationalities = CountryCodeField(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["public_id", "display_name", "nationalities"]


class PersonSerializer(serializers.ModelSerializer):
    organisation = _organisation_name()
    names = NameSerializer(many=True, read_only=True)
    gender = VocabularyField(Gender, read_only=True)
    nationalities = CountryCodeField(many=True, read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    phones = PhoneSerializer(many=True, read_only=True)
    handles = HandleSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "public_id",
            "organisation",
            "names",
            "gender",
            "date_of_birth",
            "age_estimate",
            "age_estimated_on",
            "nationalities",
            "languages",
            "phones",
            "handles",
            "documents",
            "created_at",
            "updated_at",
        ]


class PersonCaseSerializer(serializers.ModelSerializer):
    organisation = _organisation_name()
    status = VocabularyField(CaseStatus, read_only=True)

    class Meta:
        model = Case
        fields = ["reference", "organisation", "status"]


class PersonWithCasesSerializer(PersonSerializer):
    cases = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "cases"]

    @extend_schema_field(PersonCaseSerializer(many=True))
    def get_cases(self, person: Person) -> list:
        # The cases the asking user may see, never `person.cases`, which holds them all.
        # many=True makes a ListSerializer, whose data is a list (the stubs say a dict).
        return PersonCaseSerializer(self.context["visible_cases"], many=True).data  # type: ignore[return-value]


class CaseSummarySerializer(serializers.ModelSerializer):
    status = VocabularyField(CaseStatus, read_only=True)
    urgency = VocabularyField(Urgency, read_only=True)
    organisation = _organisation_name()
    # The summary here; CaseSerializer shows the person in full.
    # None when the partner's referral does not share the person (seri.referrals.sharing).
    person: serializers.ModelSerializer = PersonSummarySerializer(read_only=True, allow_null=True)
    assigned_to = _username(allow_null=True)
    compound = CompoundSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "status",
            "urgency",
            "organisation",
            "person",
            "assigned_to",
            "compound",
            "date_trafficked",
            "status_changed_at",
            "created_at",
            "updated_at",
        ]


class CaseAccessSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField(
        read_only=True, help_text=_("May change the case, its status and consent, and refer it.")
    )
    can_contribute = serializers.BooleanField(
        read_only=True, help_text=_("May add notes and tasks.")
    )
    via_referral = serializers.BooleanField(read_only=True)
    acting_organisation = serializers.CharField(
        source="acting_organisation.short_name", read_only=True, allow_null=True
    )


class CaseSerializer(CaseSummarySerializer):
    person = PersonSerializer(read_only=True, allow_null=True)
    location_latitude = _coordinate_field(read_only=True)
    location_longitude = _coordinate_field(read_only=True)
    exploitation_types = serializers.ListField(
        child=VocabularyField(ExploitationType), read_only=True
    )
    control_methods = serializers.ListField(child=VocabularyField(ControlMethod), read_only=True)
    recruitment_methods = serializers.ListField(
        child=VocabularyField(RecruitmentMethod), read_only=True
    )
    recruitment_platforms = serializers.ListField(child=VocabularyField(Platform), read_only=True)
    allowed_next_statuses = serializers.ListField(child=VocabularyField(CaseStatus), read_only=True)
    access = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "location_text",
            "location_latitude",
            "location_longitude",
            "exploitation_types",
            "control_methods",
            "recruitment_methods",
            "recruitment_platforms",
            "allowed_next_statuses",
            "access",
        ]

    @extend_schema_field(CaseAccessSerializer)
    def get_access(self, case: Case) -> dict:
        return CaseAccessSerializer(self.context["access"]).data


class StatusChangeSerializer(serializers.ModelSerializer):
    from_status = VocabularyField(CaseStatus, read_only=True)
    to_status = VocabularyField(CaseStatus, read_only=True)
    reason = serializers.CharField(source="display_reason", read_only=True)
    changed_by = _username()

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]


class TimelineEntrySerializer(serializers.ModelSerializer):
    kind = VocabularyField(TimelineEntry.Kind, read_only=True)
    # event entries in the asking user's language (seri.cases.timeline_events)
    text = serializers.CharField(source="display_text", read_only=True)
    author = _username()
    organisation = _organisation_name()

    class Meta:
        model = TimelineEntry
        fields = ["public_id", "kind", "text", "shareable", "author", "organisation", "created_at"]


class ConsentRecordSerializer(serializers.ModelSerializer):
    kind = VocabularyField(ConsentKind, read_only=True)
    recorded_by = _username()

    class Meta:
        model = ConsentRecord
        fields = ["kind", "given", "given_by", "note", "recorded_by", "recorded_at"]


class TaskSerializer(serializers.ModelSerializer):
    case = _case_reference()
    organisation = _organisation_name()
    assigned_to = _username(allow_null=True)
    created_by = _username()

    class Meta:
        model = Task
        fields = [
            "public_id",
            "case",
            "organisation",
            "title",
            "due_on",
            "assigned_to",
            "created_by",
            "done_at",
            "created_at",
        ]


class ReportSerializer(serializers.ModelSerializer):
    case = _case_reference()
    organisation = _organisation_name()
    channel = VocabularyField(Channel, read_only=True)
    reporter_relation = VocabularyField(ReporterRelation, read_only=True)
    recorded_by = _username()

    class Meta:
        model = Report
        fields = [
            "public_id",
            "case",
            "organisation",
            "channel",
            "reporter_relation",
            "language",
            "original_text",
            "received_at",
            "recorded_by",
            "created_at",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    case = _case_reference()
    kind = VocabularyField(ReferralKind, read_only=True)
    status = VocabularyField(ReferralStatus, read_only=True)
    from_organisation = _organisation_name()
    to_organisation = _organisation_name()
    sent_by = _username()
    responded_by = _username(allow_null=True)
    message = serializers.CharField(source="display_message", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "public_id",
            "case",
            "kind",
            "status",
            "from_organisation",
            "to_organisation",
            "message",
            "consent_override_reason",
            "sent_by",
            "created_at",
            "responded_by",
            "responded_at",
            "response_note",
        ]
