"""The API's shapes for the registry: compounds, sources, evidence files, actors and their
relationships. As in `seri.api.serializers`: input serializers check types and build the
services' inputs; every rule about what is allowed stays in the services and permissions.
Related records are named by their public identifiers only (a compound, source, evidence file
or actor by its UUID, a case by its reference, an organisation by its short name)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from seri.api.fields import VisibleCaseField, VocabularyField
from seri.api.serializers import InputSerializer, SlugField, _build
from seri.compounds.models import (
    Actor,
    ActorKind,
    Compound,
    CompoundAlias,
    CompoundStatus,
    CompoundStatusChange,
    Relationship,
    RelationshipKind,
    RelationshipStatus,
    Reliability,
)
from seri.compounds.selectors import CompoundFilters, actor_list_for_user
from seri.compounds.services import ActorInput, CompoundInput, RelationshipInput
from seri.evidence.models import (
    CustodyEntry,
    CustodyEvent,
    EvidenceFile,
    Source,
    SourceKind,
    Visibility,
)
from seri.evidence.permissions import can_see_source
from seri.evidence.selectors import sources_visible_to
from seri.evidence.services import EvidenceInput, SourceInput
from seri.orgs.models import Organisation


def _user(context: Mapping[str, Any]) -> Any:
    return context["request"].user


class VisibleRecordField(SlugField):
    """A record given by its UUID, looked up among those the asking user may see: others are
    answered as if they did not exist."""

    model: Any = None

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", self.model.objects.none())
        super().__init__(slug_field="public_id", **kwargs)

    def visible(self, user: Any) -> QuerySet:
        return self.model.objects.none()

    def get_queryset(self) -> QuerySet:
        return self.visible(_user(self.context))

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except DjangoValidationError as exc:  # not a UUID at all
            raise serializers.ValidationError(_("Not a valid identifier.")) from exc


class CompoundField(VisibleRecordField):
    model = Compound

    def visible(self, user: Any) -> QuerySet:
        return Compound.objects.all()  # the registry is read by every member (the selector checks)


class SourceField(VisibleRecordField):
    model = Source

    def visible(self, user: Any) -> QuerySet:
        return sources_visible_to(user)


class ActorField(VisibleRecordField):
    model = Actor

    def visible(self, user: Any) -> QuerySet:
        return actor_list_for_user(user)


def _uuid(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="public_id", read_only=True, **kwargs)


def _username(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)


def _organisation(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="short_name", read_only=True, **kwargs)


def _coordinate() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, required=False, allow_null=True
    )


def _text(max_length: int | None = None, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, default="", **kwargs
    )


def _date() -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None)


# --- compounds: input ---------------------------------------------------------------------------


class CompoundFilterSerializer(InputSerializer):
    country = _text(2, help_text=_("ISO 3166-1 alpha-2 code."))
    province_code = _text(4, help_text=_("A province code of the gazetteer (Cambodia)."))
    status = VocabularyField(CompoundStatus, required=False, allow_blank=True, default="")

    def compound_filters(self, query: str = "") -> CompoundFilters:
        return CompoundFilters(**self.validated_data, query=query)


class CompoundSearchSerializer(CompoundFilterSerializer):
    q = serializers.CharField(
        max_length=200, help_text=_("A name or alias, in any script (sent in the body).")
    )

    def compound_filters(self, query: str = "") -> CompoundFilters:
        data = dict(self.validated_data)
        return CompoundFilters(**{k: v for k, v in data.items() if k != "q"}, query=data["q"])


# Fields whose absence from a PATCH means "unchanged"; in a POST, their default.
COMPOUND_FIELDS = (
    "name",
    "country",
    "province_code",
    "district_code",
    "province",
    "latitude",
    "longitude",
    "outline",
    "estimated_people_held",
    "estimate_source",
    "estimate_date",
    "first_reported",
    "last_reported",
    "description",
)


class CompoundWriteSerializer(InputSerializer):
    name = serializers.CharField(max_length=200)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=50
    )
    country = serializers.CharField(max_length=2, required=False, default="KH")
    province_code = _text(4)
    district_code = _text(6)
    province = _text(100, help_text=_("Outside Cambodia: a free-text region."))
    latitude = _coordinate()
    longitude = _coordinate()
    outline = serializers.JSONField(
        required=False, allow_null=True, default=None, help_text=_("A GeoJSON Polygon.")
    )
    status = VocabularyField(CompoundStatus, required=False, default=CompoundStatus.ACTIVE)
    estimated_people_held = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True, default=None
    )
    estimate_source = _text(300)
    estimate_date = _date()
    first_reported = _date()
    last_reported = _date()
    description = _text()

    def compound_input(self) -> CompoundInput:
        return _build(CompoundInput, self.validated_data)


class CompoundUpdateSerializer(CompoundWriteSerializer):
    """Only the fields sent change; aliases sent are added. The status changes through
    `/status/`, which keeps its history."""

    status = None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def compound_input(self, compound: Compound) -> CompoundInput:  # type: ignore[override]
        current = {name: getattr(compound, name) for name in COMPOUND_FIELDS}
        sent = {k: v for k, v in self.initial_data.items() if k in self.fields}
        changed = {k: v for k, v in self.validated_data.items() if k in sent}
        return _build(CompoundInput, {**current, **changed, "status": compound.status})


class CompoundStatusInputSerializer(InputSerializer):
    status = VocabularyField(CompoundStatus)
    on = _date()
    relocated_to = CompoundField(
        required=False, allow_null=True, default=None, help_text=_("A compound's public id.")
    )
    note = _text(500)


class AliasInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=200)
    language = _text(10, help_text=_("A language code (en, zh, km, vi, th …)."))


# --- compounds: output --------------------------------------------------------------------------


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompoundAlias
        fields = ["name", "language", "script"]


class CompoundStatusChangeSerializer(serializers.ModelSerializer):
    status = VocabularyField(CompoundStatus, read_only=True)
    relocated_to = _uuid(allow_null=True)
    recorded_by = _username(allow_null=True)
    note = serializers.CharField(source="display_note", read_only=True)

    class Meta:
        model = CompoundStatusChange
        fields = ["status", "on", "relocated_to", "note", "recorded_by", "recorded_at"]


class CellSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(
        allow_null=True, help_text=_("null: fewer than `small_cell` (not shown).")
    )


class CompoundCountsSerializer(serializers.Serializer):
    """Cases at the compound across every organisation, as the compound page shows them."""

    total = serializers.IntegerField(allow_null=True)
    small_cell = serializers.IntegerField()
    by_status = CellSerializer(many=True)
    by_nationality = CellSerializer(many=True)


class CompoundSerializer(serializers.ModelSerializer):
    status = VocabularyField(CompoundStatus, read_only=True)
    aliases: serializers.Field = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    relocated_to = _uuid(allow_null=True)

    class Meta:
        model = Compound
        fields = [
            "public_id",
            "name",
            "aliases",
            "country",
            "province_code",
            "province",
            "district_code",
            "district",
            "latitude",
            "longitude",
            "status",
            "relocated_to",
            "estimated_people_held",
            "first_reported",
            "last_reported",
        ]


class CompoundDetailSerializer(CompoundSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    status_history = CompoundStatusChangeSerializer(many=True, read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta(CompoundSerializer.Meta):
        fields = [
            *CompoundSerializer.Meta.fields,
            "outline",
            "estimate_source",
            "estimate_date",
            "description",
            "status_history",
            "counts",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(CompoundCountsSerializer)
    def get_counts(self, compound: Compound) -> dict:
        return CompoundCountsSerializer(self.context["counts"]).data


# --- sources ------------------------------------------------------------------------------------


class SourceFilterSerializer(InputSerializer):
    kind = VocabularyField(SourceKind, required=False, allow_blank=True, default="")
    country = _text(2)
    compound = serializers.UUIDField(required=False, help_text=_("A compound's public id."))


class SourceWriteSerializer(InputSerializer):
    kind = VocabularyField(SourceKind)
    title = serializers.CharField(max_length=500)
    publisher = _text(300)
    published_on = _date()
    language = _text(10)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    summary = _text()
    country = _text(2)
    visibility = VocabularyField(Visibility, required=False, default=Visibility.COALITION)
    compounds = CompoundField(many=True, required=False, default=list)
    translations = SourceField(many=True, required=False, default=list)

    def source_input(self) -> SourceInput:
        return _build(SourceInput, self.validated_data)


class SourceSerializer(serializers.ModelSerializer):
    kind = VocabularyField(SourceKind, read_only=True)
    visibility = VocabularyField(Visibility, read_only=True)
    organisation = _organisation(allow_null=True)
    compounds = _uuid(many=True)
    translations = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "public_id",
            "kind",
            "title",
            "publisher",
            "published_on",
            "language",
            "url",
            "summary",
            "country",
            "visibility",
            "organisation",
            "compounds",
            "translations",
        ]

    def get_translations(self, source: Source) -> list[str]:
        """Only the versions the user may see (a restricted translation stays unmentioned)."""
        user = _user(self.context)
        return [str(t.public_id) for t in source.translations.all() if can_see_source(user, t)]


# --- evidence -----------------------------------------------------------------------------------


class EvidenceFilterSerializer(InputSerializer):
    case = serializers.CharField(required=False, max_length=9, help_text=_("A case reference."))
    compound = serializers.UUIDField(required=False, help_text=_("A compound's public id."))
    source = serializers.UUIDField(  # type: ignore[assignment]
        required=False, help_text=_("A source's public id.")
    )


class EvidenceUploadSerializer(InputSerializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    case = VisibleCaseField(required=False, help_text=_("A case reference."))
    compound = CompoundField(required=False, allow_null=True, default=None)
    source = SourceField(required=False, allow_null=True, default=None)  # type: ignore[assignment]
    description = _text(500)
    claimed_metadata = _text(
        help_text=_("What the sender said about the file (when, where, by whom): kept as a claim.")
    )

    def evidence_input(self, organisation: Organisation) -> EvidenceInput:
        data = self.validated_data
        upload = data["file"]
        return EvidenceInput(
            organisation=organisation,
            file=upload,
            original_name=upload.name or "",
            claimed_media_type=upload.content_type or "",
            claimed_metadata=data["claimed_metadata"],
            description=data["description"],
            case=data.get("case"),
            compound=data["compound"],
            source=data["source"],
        )


class EvidenceSerializer(serializers.ModelSerializer):
    organisation = _organisation()
    case: serializers.Field = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    compound = _uuid(allow_null=True)
    source = _uuid(allow_null=True)  # type: ignore[assignment]
    has_shareable_copy = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = [
            "public_id",
            "organisation",
            "sha256",
            "size",
            "media_type",
            "received_at",
            "case",
            "compound",
            "source",
            "has_shareable_copy",
        ]

    def get_has_shareable_copy(self, evidence: EvidenceFile) -> bool:
        return bool(evidence.shareable)


class CustodyEntrySerializer(serializers.ModelSerializer):
    event = VocabularyField(CustodyEvent, read_only=True)
    actor = _username(allow_null=True)
    organisation = _organisation(allow_null=True)
    note_text = serializers.CharField(
        source="display_note",
        read_only=True,
        help_text=_(
            "The note in the language of the request; `note` is as stored and chained (what "
            "the system notes is a code with parameters, in JSON)."
        ),
    )

    class Meta:
        model = CustodyEntry
        fields = ["sequence", "at", "event", "actor", "organisation", "sha256", "note", "note_text"]


class EvidenceDetailSerializer(EvidenceSerializer):
    capture_part = serializers.CharField(
        read_only=True,
        help_text=_(
            "A part of a web capture (html, screenshot or media); empty for a file sent by someone."
        ),
    )
    uploaded_by = _username(allow_null=True)
    custody = serializers.SerializerMethodField()
    may_download_original = serializers.SerializerMethodField()

    class Meta(EvidenceSerializer.Meta):
        fields = [
            *EvidenceSerializer.Meta.fields,
            "original_name",
            "description",
            "claimed_media_type",
            "claimed_metadata",
            "shareable_sha256",
            "perceptual_hash",
            "uploaded_by",
            "capture_part",
            "may_download_original",
            "custody",
        ]

    @extend_schema_field(CustodyEntrySerializer(many=True))
    def get_custody(self, evidence: EvidenceFile) -> Any:
        return CustodyEntrySerializer(self.context["custody"], many=True).data

    def get_may_download_original(self, evidence: EvidenceFile) -> bool:
        return self.context["may_download_original"]


class TransferSerializer(InputSerializer):
    to = serializers.CharField(max_length=200, help_text=_("To whom, outside Seri."))
    note = _text(250)


# --- actors and relationships -------------------------------------------------------------------


class ActorSearchSerializer(InputSerializer):
    q = serializers.CharField(max_length=200, help_text=_("A name or other name (in the body)."))


class ActorWriteSerializer(InputSerializer):
    kind = VocabularyField(ActorKind)
    name = serializers.CharField(max_length=200)
    other_names = _text()
    country = _text(2)
    description = _text()

    def actor_input(self) -> ActorInput:
        return _build(ActorInput, self.validated_data)


class ActorSerializer(serializers.ModelSerializer):
    kind = VocabularyField(ActorKind, read_only=True)

    class Meta:
        model = Actor
        fields = ["public_id", "kind", "name", "other_names", "country", "description"]


class RelationshipWriteSerializer(InputSerializer):
    kind = VocabularyField(RelationshipKind)
    compound = CompoundField(required=False, allow_null=True, default=None)
    other_actor = ActorField(required=False, allow_null=True, default=None)
    status = VocabularyField(RelationshipStatus, required=False, default="alleged")
    reliability = VocabularyField(Reliability, required=False, default="F")
    started_on = _date()
    ended_on = _date()
    note = _text()
    sources = SourceField(many=True, required=False, default=list)

    def relationship_input(self, actor: Actor) -> RelationshipInput:
        return _build(RelationshipInput, {**self.validated_data, "actor": actor})


class RelationshipSerializer(serializers.ModelSerializer):
    kind = VocabularyField(RelationshipKind, read_only=True)
    status = VocabularyField(RelationshipStatus, read_only=True)
    reliability = VocabularyField(Reliability, read_only=True)
    actor = _uuid()
    compound = _uuid(allow_null=True)
    other_actor = _uuid(allow_null=True)
    sources = serializers.SerializerMethodField()

    class Meta:
        model = Relationship
        fields = [
            "public_id",
            "actor",
            "kind",
            "compound",
            "other_actor",
            "status",
            "reliability",
            "started_on",
            "ended_on",
            "note",
            "sources",
        ]

    def get_sources(self, relationship: Relationship) -> list[str]:
        user = _user(self.context)
        return [str(s.public_id) for s in relationship.sources.all() if can_see_source(user, s)]
