"""API endpoints. Each one reads through a selector, parses with a serializer and writes
through a service; none of them decides who may see or do what.

Records of other organisations answer 404, as if absent; writes the user may only read
answer 403; the services' ValidationErrors answer 400 (see `seri.api.errors`).
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from seri.api.parsers import JSONParser
from seri.api.serializers import (
    CaseFilterSerializer,
    CaseSerializer,
    CaseSummarySerializer,
    CaseUpdateSerializer,
    ConsentRecordSerializer,
    ConsentSerializer,
    IntakeSerializer,
    NewReferralSerializer,
    NewReportSerializer,
    NewStatusSerializer,
    NewTaskSerializer,
    NoteSerializer,
    PersonSummarySerializer,
    PersonWithCasesSerializer,
    ReferralAnswerSerializer,
    ReferralFilterSerializer,
    ReferralRevokeSerializer,
    ReferralSerializer,
    ReportFilterSerializer,
    ReportSerializer,
    StatusChangeSerializer,
    TaskFilterSerializer,
    TaskSerializer,
    TimelineEntrySerializer,
)
from seri.api.summaries import case_keys, case_summaries, case_summary_values, people_shown
from seri.audit.services import audit_identifying_view, audit_search
from seri.cases.models import Case, Person, Task
from seri.cases.scoping import CaseAccess, cases_visible_to
from seri.cases.selectors import (
    case_get_for_user,
    case_list_for_user,
    cases_hiding_the_person,
    people_list_for_user,
    person_get_for_user,
    task_get_for_user,
    task_list_for_user,
)
from seri.cases.services import (
    case_add_note,
    case_change_status,
    case_update,
    consent_record,
    task_complete,
    task_create,
)
from seri.core.pagination import CappedPaginator, Rows
from seri.intake.models import Report
from seri.intake.selectors import report_get_for_user, report_list_for_user
from seri.intake.services import intake_record, report_create
from seri.orgs.models import Organisation
from seri.referrals.models import Referral, SharedSection
from seri.referrals.selectors import referral_get_for_user, referral_list_for_user
from seri.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_revoke,
    referral_send,
)
from seri.referrals.sharing import timeline_for

S = TypeVar("S", bound=serializers.Serializer)

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class Pagination(PageNumberPagination):
    """Counts up to a cap (seri.core.pagination): past it, `count` is cap + 1 and
    `count_is_capped` is true; narrow the query to page further."""

    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.is_capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": "The count stopped at the cap: there are more results than `count`.",
        }
        schema["required"] = [*schema.get("required", []), "count_is_capped"]
        return schema


def audit_people(
    request: Request,
    people: Iterable[Person],
    context: str,
    organisation: Organisation | None = None,
) -> None:
    """Record that the user was shown these people's identifying details (each once: one
    audit row for the response, audit_identifying_view)."""
    audit_identifying_view(
        actor=request.user, people=people, context=context, organisation=organisation
    )


class ScopedViewSet(viewsets.GenericViewSet):
    # Each subclass's `queryset` is empty: it only tells the schema generator which model a
    # path's identifier belongs to. Every read goes through a selector that knows the user.
    pagination_class = Pagination
    # Bodies nest lists of objects (names, documents), which form encodings cannot carry.
    parser_classes = [JSONParser]

    def parse(self, serializer_class: type[S], data: Any = None) -> S:
        serializer = serializer_class(
            data=self.request.data if data is None else data, context={"request": self.request}
        )
        serializer.is_valid(raise_exception=True)
        return serializer

    def parse_query(self, serializer_class: type[S]) -> S:
        return self.parse(serializer_class, self.request.query_params)

    def page_of(
        self,
        items: QuerySet,
        serializer_class: type[serializers.Serializer],
        *,
        audit: str = "",
        people_of: Callable[[Any], Person] | None = None,
        organisation: Organisation | None = None,
    ) -> Response:
        """One page of `items`. With `people_of`, the people whose identifying details the page
        shows are audited under the context `audit`."""
        page = self.paginate_queryset(items) or []
        if people_of is not None:
            people = [people_of(item) for item in page]
            audit_people(self.request, people, audit, organisation)
        return self.get_paginated_response(serializer_class(page, many=True).data)


class CaseViewSet(ScopedViewSet):
    queryset = Case.objects.none()
    lookup_field = "reference"
    lookup_value_regex = "[A-Za-z0-9]{4}-[A-Za-z0-9]{4}"

    def _detail(
        self, case: Case, access: CaseAccess, audit: str, code: int = status.HTTP_200_OK
    ) -> Response:
        data = CaseSerializer(case, context={"access": access}).data
        if access.shares(SharedSection.PERSON):
            audit_people(self.request, [case.person], audit, access.acting_organisation)
        else:  # a partner whose referral does not share the person's details
            data["person"] = None
        return Response(data, status=code)

    def _case_page(self, cases: QuerySet[Case], audit: str) -> Response:
        """One page of case summaries; a case whose person the user's referral does not
        share shows no person, and that person's view is not recorded."""
        page = self.paginate_queryset(Rows(case_summary_values(cases), cases)) or []
        hidden = cases_hiding_the_person(self.request.user, case_keys(page))
        audit_people(self.request, people_shown(page, hidden), audit)
        return self.get_paginated_response(case_summaries(page, hidden))

    @extend_schema(
        summary="Cases the user may see",
        parameters=[CaseFilterSerializer],
        responses=CaseSummarySerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(CaseFilterSerializer).case_filters()
        return self._case_page(case_list_for_user(request.user, filters), "api:case-list")

    @extend_schema(
        summary="Search cases with the filters in the body",
        description=(
            "The same filters as the list, sent as JSON so that a name or phone number "
            "never appears in a URL or an access log. The page number stays in the query."
        ),
        request=CaseFilterSerializer,
        responses=CaseSummarySerializer(many=True),
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request) -> Response:
        filters = self.parse(CaseFilterSerializer).case_filters()
        if filters.query:
            audit_search(
                actor=request.user, object_type="case", fields=["name_or_phone"], via="api"
            )
        return self._case_page(case_list_for_user(request.user, filters), "api:case-search")

    @extend_schema(
        summary="A case, with its person's identifying details", responses=CaseSerializer
    )
    def retrieve(self, request: Request, reference: str) -> Response:
        case, access = case_get_for_user(request.user, reference)
        return self._detail(case, access, "api:case-detail")

    @extend_schema(
        summary="Record a report, the person it is about and the case it opens",
        request=IntakeSerializer,
        responses={201: CaseSerializer},
    )
    def create(self, request: Request) -> Response:
        organisation, report, person, case_data = self.parse(IntakeSerializer).inputs()
        new_case = intake_record(
            actor=request.user,
            organisation=organisation,
            report=report,
            person=person,
            case=case_data,
        )
        case, access = case_get_for_user(request.user, new_case.reference)
        return self._detail(case, access, "api:case-create", status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a case's details (not its status)",
        request=CaseUpdateSerializer,
        responses=CaseSerializer,
    )
    def partial_update(self, request: Request, reference: str) -> Response:
        case, access = case_get_for_user(request.user, reference, write=True)
        data = self.parse(CaseUpdateSerializer).case_input(case)
        case = case_update(actor=request.user, case=case, data=data)
        return self._detail(case, access, "api:case-update")

    @extend_schema(
        summary="Move a case to another status",
        request=NewStatusSerializer,
        responses={201: StatusChangeSerializer},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, reference: str) -> Response:
        case, _access = case_get_for_user(request.user, reference, write=True)
        data = self.parse(NewStatusSerializer).validated_data
        change = case_change_status(
            actor=request.user, case=case, to_status=data["status"], reason=data["reason"]
        )
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="A case's timeline", responses=TimelineEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, reference: str) -> Response:
        case, access = case_get_for_user(request.user, reference)
        return self.page_of(
            timeline_for(access, case.timeline.select_related("author", "organisation")),
            TimelineEntrySerializer,
            audit="api:case-timeline",
            people_of=lambda _entry: case.person,
            organisation=access.acting_organisation,
        )

    @extend_schema(
        summary="Add a note to a case",
        request=NoteSerializer,
        responses={201: TimelineEntrySerializer},
    )
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, reference: str) -> Response:
        case, _access = case_get_for_user(request.user, reference)
        note = self.parse(NoteSerializer).validated_data
        entry = case_add_note(
            actor=request.user, case=case, text=note["text"], shareable=note["shareable"]
        )
        return Response(TimelineEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Consent recorded on a case, oldest first",
        responses=ConsentRecordSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def consent(self, request: Request, reference: str) -> Response:
        case, access = case_get_for_user(request.user, reference)
        return self.page_of(
            case.consents.select_related("recorded_by"),
            ConsentRecordSerializer,
            audit="api:case-consent",
            people_of=lambda _record: case.person,
            organisation=access.acting_organisation,
        )

    @extend_schema(
        summary="Record that consent was given or refused",
        request=ConsentSerializer,
        responses={201: ConsentRecordSerializer},
    )
    @consent.mapping.post
    def record_consent(self, request: Request, reference: str) -> Response:
        case, _access = case_get_for_user(request.user, reference, write=True)
        record = consent_record(
            actor=request.user, case=case, **self.parse(ConsentSerializer).validated_data
        )
        return Response(ConsentRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a task to a case", request=NewTaskSerializer, responses={201: TaskSerializer}
    )
    @action(detail=True, methods=["post"])
    def tasks(self, request: Request, reference: str) -> Response:
        case, _access = case_get_for_user(request.user, reference)
        task = task_create(
            actor=request.user, case=case, **self.parse(NewTaskSerializer).validated_data
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class PersonViewSet(ScopedViewSet):
    queryset = Person.objects.none()
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    @extend_schema(summary="People the user may see", responses=PersonSummarySerializer(many=True))
    def list(self, request: Request) -> Response:
        return self.page_of(
            people_list_for_user(request.user),
            PersonSummarySerializer,
            audit="api:person-list",
            people_of=lambda person: person,
        )

    @extend_schema(
        summary="A person's identifying details and the cases about them the user may see",
        responses=PersonWithCasesSerializer,
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        person = person_get_for_user(request.user, public_id)
        visible_cases = cases_visible_to(request.user).filter(person=person)
        audit_people(request, [person], "api:person-detail")
        serializer = PersonWithCasesSerializer(
            person, context={"visible_cases": visible_cases.select_related("organisation")}
        )
        return Response(serializer.data)


class ReportViewSet(ScopedViewSet):
    queryset = Report.objects.none()
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    @extend_schema(
        summary="Reports on the cases the user may see",
        parameters=[ReportFilterSerializer],
        responses=ReportSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(ReportFilterSerializer).validated_data
        reports = report_list_for_user(request.user, case_reference=filters.get("case", ""))
        return self.page_of(
            reports, ReportSerializer, audit="api:report-list", people_of=lambda r: r.case.person
        )

    @extend_schema(summary="A report as received", responses=ReportSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        report = report_get_for_user(request.user, public_id)
        audit_people(request, [report.case.person] if report.case else [], "api:report-detail")
        return Response(ReportSerializer(report).data)

    @extend_schema(
        summary="Record a further report about an existing case",
        request=NewReportSerializer,
        responses={201: ReportSerializer},
    )
    def create(self, request: Request) -> Response:
        parsed = self.parse(NewReportSerializer)
        report = report_create(
            actor=request.user,
            organisation=parsed.validated_data["organisation"],
            data=parsed.report_input(),
            case=parsed.validated_data["case"],
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReferralViewSet(ScopedViewSet):
    queryset = Referral.objects.none()
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    @extend_schema(
        summary="Referrals sent or received by the user's organisations",
        parameters=[ReferralFilterSerializer],
        responses=ReferralSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(ReferralFilterSerializer).validated_data
        referrals = referral_list_for_user(
            request.user, status=filters.get("status", ""), inbox=filters["inbox"]
        )
        return self.page_of(
            referrals,
            ReferralSerializer,
            audit="api:referral-list",
            people_of=lambda referral: referral.case.person,
        )

    @extend_schema(summary="A referral", responses=ReferralSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        referral = referral_get_for_user(request.user, public_id)
        audit_people(request, [referral.case.person], "api:referral-detail")
        return Response(ReferralSerializer(referral).data)

    @extend_schema(
        summary="Refer a case to another organisation",
        request=NewReferralSerializer,
        responses={201: ReferralSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.parse(NewReferralSerializer).validated_data
        referral = referral_send(actor=request.user, **data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _answer(self, public_id: str, service: Callable[..., Referral]) -> Response:
        referral = referral_get_for_user(self.request.user, public_id)
        note = self.parse(ReferralAnswerSerializer).validated_data.get("note", "")
        referral = service(actor=self.request.user, referral=referral, note=note)
        return Response(ReferralSerializer(referral).data)

    @extend_schema(
        summary="Accept a referral: the case becomes visible to the receiving organisation",
        request=ReferralAnswerSerializer,
        responses=ReferralSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, public_id: str) -> Response:
        return self._answer(public_id, referral_accept)

    @extend_schema(
        summary="Decline a referral", request=ReferralAnswerSerializer, responses=ReferralSerializer
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, public_id: str) -> Response:
        return self._answer(public_id, referral_decline)

    @extend_schema(
        summary="Mark an accepted referral as completed",
        request=ReferralAnswerSerializer,
        responses=ReferralSerializer,
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, public_id: str) -> Response:
        return self._answer(public_id, referral_complete)

    @extend_schema(
        summary="Revoke a referral: the receiving organisation loses access",
        request=ReferralRevokeSerializer,
        responses=ReferralSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, public_id: str) -> Response:
        referral = referral_get_for_user(request.user, public_id)
        reason = self.parse(ReferralRevokeSerializer).validated_data["reason"]
        referral = referral_revoke(actor=request.user, referral=referral, reason=reason)
        return Response(ReferralSerializer(referral).data)


class TaskViewSet(ScopedViewSet):
    queryset = Task.objects.none()
    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN

    @extend_schema(
        summary="Tasks on the cases the user may see",
        parameters=[TaskFilterSerializer],
        responses=TaskSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        filters = self.parse_query(TaskFilterSerializer).validated_data
        tasks = task_list_for_user(
            request.user,
            case_reference=filters.get("case", ""),
            open_only=filters["open"],
            mine=filters["mine"],
        )
        return self.page_of(tasks, TaskSerializer)

    @extend_schema(summary="Mark a task as done", request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, public_id: str) -> Response:
        task = task_get_for_user(request.user, public_id)
        task = task_complete(actor=request.user, task=task)
        return Response(TaskSerializer(task).data)
