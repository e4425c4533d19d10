"""API endpoints for the registry: compounds, sources, evidence files, actors and their
relationships. As in `seri.api.views`: each reads through a selector, parses with a serializer
and writes through a service; none of them decides who may see or do what.

What the pages show, the API shows: a compound with its aliases, status history and de-identified
counts; sources and files as their visibility allows (a view of a file's details and each
download go into its custody log, as on the pages); actors and relationships to the roles that
see actors (`SERI_ACTOR_ROLES`).
"""

from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from seri.api.parsers import JSONParser
from seri.api.registry_serializers import (
    ActorSearchSerializer,
    ActorSerializer,
    ActorWriteSerializer,
    AliasInputSerializer,
    AliasSerializer,
    CompoundDetailSerializer,
    CompoundFilterSerializer,
    CompoundSearchSerializer,
    CompoundSerializer,
    CompoundStatusChangeSerializer,
    CompoundStatusInputSerializer,
    CompoundUpdateSerializer,
    CompoundWriteSerializer,
    CustodyEntrySerializer,
    EvidenceDetailSerializer,
    EvidenceFilterSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    RelationshipSerializer,
    RelationshipWriteSerializer,
    SourceFilterSerializer,
    SourceSerializer,
    SourceWriteSerializer,
    TransferSerializer,
)
from seri.api.views import UUID_PATTERN, ScopedViewSet
from seri.compounds.models import Actor, Compound
from seri.compounds.selectors import (
    actor_get_for_user,
    actor_list_for_user,
    compound_counts,
    compound_get_for_user,
    compound_list_for_user,
    relationships_for_user,
)
from seri.compounds.services import (
    actor_create,
    alias_add,
    compound_create,
    compound_status_change,
    compound_update,
    relationship_create,
)
from seri.evidence import permissions as evidence_permissions
from seri.evidence.models import EvidenceFile, Source
from seri.evidence.responses import file_response
from seri.evidence.selectors import (
    custody_of,
    evidence_get_for_user,
    evidence_list_for_user,
    source_get_for_user,
    source_list_for_user,
)
from seri.evidence.services import (
    evidence_open_for,
    evidence_receive,
    evidence_transfer,
    evidence_viewed,
    source_create,
)


class RegistryViewSet(ScopedViewSet):
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    def page(self, items: Any, serializer_class: type[serializers.Serializer]) -> Response:
        """One page, serialized with the request in context (what the user may see of it)."""
        page = self.paginate_queryset(items)
        data = serializer_class(page, many=True, context={"request": self.request}).data
        return self.get_paginated_response(data)

    def answer(
        self,
        serializer_class: type[serializers.Serializer],
        item: Any,
        code: int = status.HTTP_200_OK,
        **context: Any,
    ) -> Response:
        context["request"] = self.request
        return Response(serializer_class(item, context=context).data, status=code)


# --- compounds ----------------------------------------------------------------------------------


class CompoundViewSet(RegistryViewSet):
    queryset = Compound.objects.none()

    def _detail(self, compound: Compound, code: int = status.HTTP_200_OK) -> Response:
        counts = compound_counts(compound)
        return self.answer(CompoundDetailSerializer, compound, code, counts=counts)

    @extend_schema(
        summary="Compounds of the registry",
        parameters=[CompoundFilterSerializer],
        responses=CompoundSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(CompoundFilterSerializer).compound_filters()
        return self.page(compound_list_for_user(request.user, filters), CompoundSerializer)

    @extend_schema(
        summary="Find compounds by a name in any script (sent in the body)",
        request=CompoundSearchSerializer,
        responses=CompoundSerializer(many=True),
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request) -> Response:
        filters = self.parse(CompoundSearchSerializer).compound_filters()
        return self.page(compound_list_for_user(request.user, filters), CompoundSerializer)

    @extend_schema(
        summary="A compound with its aliases, status history and counts of cases",
        description=(
            "Counts cover every organisation's cases, by status and by nationality separately; "
            "a count under `small_cell` is null (not shown), as on the compound's page."
        ),
        responses=CompoundDetailSerializer,
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self._detail(compound_get_for_user(request.user, public_id))

    @extend_schema(
        summary="Add a compound to the registry",
        request=CompoundWriteSerializer,
        responses={201: CompoundDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.parse(CompoundWriteSerializer).compound_input()
        compound = compound_create(actor=request.user, data=data)
        return self._detail(compound, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change what is known of a compound (not its status)",
        request=CompoundUpdateSerializer,
        responses=CompoundDetailSerializer,
    )
    def partial_update(self, request: Request, public_id: str) -> Response:
        compound = compound_get_for_user(request.user, public_id)
        data = self.parse(CompoundUpdateSerializer).compound_input(compound)
        return self._detail(compound_update(actor=request.user, compound=compound, data=data))

    @extend_schema(
        summary="Record a compound's new status (raided, relocated, closed …)",
        request=CompoundStatusInputSerializer,
        responses={201: CompoundStatusChangeSerializer},
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request: Request, public_id: str) -> Response:
        compound = compound_get_for_user(request.user, public_id)
        data = self.parse(CompoundStatusInputSerializer).validated_data
        change = compound_status_change(actor=request.user, compound=compound, **data)
        return self.answer(CompoundStatusChangeSerializer, change, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add another name of a compound",
        request=AliasInputSerializer,
        responses={201: AliasSerializer},
    )
    @action(detail=True, methods=["post"])
    def aliases(self, request: Request, public_id: str) -> Response:
        compound = compound_get_for_user(request.user, public_id)
        data = self.parse(AliasInputSerializer).validated_data
        alias = alias_add(actor=request.user, compound=compound, **data)
        return self.answer(AliasSerializer, alias, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Actors' relationships to a compound (roles that see actors)",
        responses=RelationshipSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def relationships(self, request: Request, public_id: str) -> Response:
        compound = compound_get_for_user(request.user, public_id)
        items = relationships_for_user(request.user, compound=compound)
        return self.page(items, RelationshipSerializer)


# --- sources ------------------------------------------------------------------------------------


class SourceViewSet(RegistryViewSet):
    queryset = Source.objects.none()

    @extend_schema(
        summary="Sources the user may see",
        parameters=[SourceFilterSerializer],
        responses=SourceSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(SourceFilterSerializer).validated_data
        filters["compound"] = str(filters.get("compound") or "")
        return self.page(source_list_for_user(request.user, **filters), SourceSerializer)

    @extend_schema(summary="A source", responses=SourceSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self.answer(SourceSerializer, source_get_for_user(request.user, public_id))

    @extend_schema(
        summary="Record a source for the user's organisation",
        request=SourceWriteSerializer,
        responses={201: SourceSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.parse(SourceWriteSerializer).source_input()
        organisation = evidence_permissions.acting_organisation(request.user)
        source = source_create(actor=request.user, data=data, organisation=organisation)
        return self.answer(SourceSerializer, source, status.HTTP_201_CREATED)


# --- evidence -----------------------------------------------------------------------------------


class FileRenderer(BaseRenderer):
    """Lets a client ask for a download with `Accept: application/octet-stream`. Downloads are
    streamed as they are; an error is still JSON."""

    media_type = "application/octet-stream"
    format = "bin"
    charset = None
    render_style = "binary"

    def render(self, data: Any, *_args: Any, **_kwargs: Any) -> bytes:
        return JSONRenderer().render(data)


DOWNLOAD = {
    (200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description="The file, named by its SHA-256."
    )
}


class EvidenceViewSet(RegistryViewSet):
    queryset = EvidenceFile.objects.none()
    parser_classes = [JSONParser, MultiPartParser]

    def _download(self, public_id: str, *, shareable: bool) -> HttpResponseBase:
        evidence = evidence_get_for_user(self.request.user, public_id)
        handle = evidence_open_for(actor=self.request.user, evidence=evidence, shareable=shareable)
        return file_response(handle, evidence, shareable=shareable)

    def _detail(self, evidence: EvidenceFile, code: int = status.HTTP_200_OK) -> Response:
        may_download = evidence_permissions.may_download_original(self.request.user, evidence)
        custody = custody_of(evidence)
        return self.answer(
            EvidenceDetailSerializer,
            evidence,
            code,
            custody=custody,
            may_download_original=may_download,
        )

    @extend_schema(
        summary="Evidence files the user may see",
        parameters=[EvidenceFilterSerializer],
        responses=EvidenceSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(EvidenceFilterSerializer).validated_data
        filters = {key: str(value) for key, value in filters.items()}
        return self.page(evidence_list_for_user(request.user, **filters), EvidenceSerializer)

    @extend_schema(
        summary="A file's details and custody log (the view is recorded in it)",
        responses=EvidenceDetailSerializer,
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        evidence = evidence_get_for_user(request.user, public_id)
        evidence_viewed(actor=request.user, evidence=evidence)
        return self._detail(evidence)

    @extend_schema(
        summary="Upload a file, attached to a case, a compound or a source",
        description=(
            "Sent as multipart/form-data. The file is stored as received, hashed, typed from its "
            "content, and its first custody entry is written with it."
        ),
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        upload = self.parse(EvidenceUploadSerializer)
        organisation = evidence_permissions.receiving_organisation(
            request.user, upload.validated_data.get("case")
        )
        evidence = evidence_receive(actor=request.user, data=upload.evidence_input(organisation))
        return self._detail(evidence, status.HTTP_201_CREATED)

    @extend_schema(summary="The original file, as received", responses=DOWNLOAD)
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def original(self, request: Request, public_id: str) -> HttpResponseBase:
        return self._download(public_id, shareable=False)

    @extend_schema(
        summary="The shareable copy (location and device metadata removed)", responses=DOWNLOAD
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def shareable(self, request: Request, public_id: str) -> HttpResponseBase:
        return self._download(public_id, shareable=True)

    @extend_schema(
        summary="Record a hand-over outside Seri in the custody log",
        request=TransferSerializer,
        responses={201: CustodyEntrySerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def transfer(self, request: Request, public_id: str) -> Response:
        evidence = evidence_get_for_user(request.user, public_id)
        data = self.parse(TransferSerializer).validated_data
        entry = evidence_transfer(actor=request.user, evidence=evidence, **data)
        return self.answer(CustodyEntrySerializer, entry, status.HTTP_201_CREATED)


# --- actors and relationships -------------------------------------------------------------------


class ActorViewSet(RegistryViewSet):
    queryset = Actor.objects.none()

    @extend_schema(summary="Actors (roles that see actors)", responses=ActorSerializer(many=True))
    def list(self, request: Request) -> Response:
        return self.page(actor_list_for_user(request.user), ActorSerializer)

    @extend_schema(
        summary="Find actors by name (sent in the body)",
        request=ActorSearchSerializer,
        responses=ActorSerializer(many=True),
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request) -> Response:
        query = self.parse(ActorSearchSerializer).validated_data["q"]
        return self.page(actor_list_for_user(request.user, query=query), ActorSerializer)

    @extend_schema(summary="An actor", responses=ActorSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self.answer(ActorSerializer, actor_get_for_user(request.user, public_id))

    @extend_schema(
        summary="Record an actor", request=ActorWriteSerializer, responses={201: ActorSerializer}
    )
    def create(self, request: Request) -> Response:
        data = self.parse(ActorWriteSerializer).actor_input()
        record = actor_create(actor=request.user, data=data)
        return self.answer(ActorSerializer, record, status.HTTP_201_CREATED)

    @extend_schema(
        summary="An actor's relationships to compounds and other actors",
        responses=RelationshipSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def relationships(self, request: Request, public_id: str) -> Response:
        record = actor_get_for_user(request.user, public_id)
        return self.page(relationships_for_user(request.user, actor=record), RelationshipSerializer)

    @extend_schema(
        summary="Record an actor's relationship to one compound or one other actor",
        request=RelationshipWriteSerializer,
        responses={201: RelationshipSerializer},
    )
    @relationships.mapping.post
    def add_relationship(self, request: Request, public_id: str) -> Response:
        record = actor_get_for_user(request.user, public_id)
        data = self.parse(RelationshipWriteSerializer).relationship_input(record)
        relationship = relationship_create(actor=request.user, data=data)
        return self.answer(RelationshipSerializer, relationship, status.HTTP_201_CREATED)
