"""The API case list builds its rows from `.values()` (seri.api.summaries) instead of a
ModelSerializer over model instances: the response must be what `CaseSummarySerializer` would
have answered, to the byte, for every kind of row."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seri.api.serializers import CaseSummarySerializer
from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import Case, ConsentKind, Nationality, PersonName
from seri.cases.selectors import CaseFilters, case_list_for_user, cases_hiding_the_person
from seri.cases.services import consent_record
from seri.referrals import services as referral_services
from seri.referrals.models import SharedSection
from tests.factories import CaseFactory, CompoundFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_cases(ngo, bob):
    """Cases whose rows differ in every way a summary can: names of several kinds (the shown
    one not the first), no name at all, several nationalities, with and without a compound,
    an assignee, a status change and a date trafficked."""
    compound = CompoundFactory()
    alias_first = PersonFactory(organisation=ngo, name="Testperson Full", nationality="KH")
    PersonName.objects.create(person=alias_first, kind="alias", script="Latn", value="Alias A")
    PersonName.objects.filter(person=alias_first, kind="full").update(kind="given")
    Nationality.objects.create(person=alias_first, country="TH")
    nameless = PersonFactory(organisation=ngo)
    PersonName.objects.filter(person=nameless).delete()
    family_only = PersonFactory(organisation=ngo, name="Testfamily")
    PersonName.objects.filter(person=family_only).update(kind="family")
    cases = [
        CaseFactory(
            organisation=ngo,
            person=alias_first,
            assigned_to=bob,
            compound=compound,
            date_trafficked=dt.date(2024, 2, 29),
        ),
        CaseFactory(organisation=ngo, person=nameless, urgency="immediate"),
        CaseFactory(organisation=ngo, person=family_only, status="verifying"),
    ]
    Case.objects.filter(pk=cases[2].pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=3, microseconds=7)
    )
    return cases


def _reference_rows(user) -> list:
    """What the list answered before: the ModelSerializer over instances, hidden people None."""
    cases = list(case_list_for_user(user, CaseFilters()))
    hidden = cases_hiding_the_person(user, cases)
    rows = CaseSummarySerializer(cases, many=True).data
    for case, row in zip(cases, rows, strict=True):
        if case.pk in hidden:
            row["person"] = None
    return json.loads(json.dumps(rows))


def test_the_list_answers_what_the_model_serializer_answered(api, bob, bobs_case, varied_cases):
    response = api(bob).get("/api/cases/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 4
    assert json.dumps(results) == json.dumps(_reference_rows(bob))  # same keys, same order
    shown = {row["reference"]: row["person"]["display_name"] for row in results}
    assert shown[varied_cases[0].reference] == "Testperson Full"  # given before alias
    assert shown[varied_cases[1].reference] == "(no name)"
    assert shown[varied_cases[2].reference] == "Testfamily"


def test_a_partner_not_shown_the_person_gets_the_same_rows(api, bob, emma, embassy, bobs_case):
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_services.referral_send(
        actor=bob, case=bobs_case, to_organisation=embassy, shared_sections=[SharedSection.NOTES]
    )
    referral_services.referral_accept(actor=emma, referral=referral)
    results = api(emma).get("/api/cases/").json()["results"]
    assert json.dumps(results) == json.dumps(_reference_rows(emma))
    assert results[0]["person"] is None
    # the person not shown is not recorded as seen
    assert not AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTIFYING, actor=emma, detail__context="api:case-list"
    ).exists()


@pytest.mark.parametrize("zone", ["UTC", "Asia/Phnom_Penh", "America/St_Johns"])
def test_the_rows_date_times_are_written_as_the_serializer_writes_them(zone):
    # summaries._moments looks the time zone up once a response; DRF's field, every value
    from seri.api.summaries import _fields, _moments

    field = _fields()["created_at"]
    values = [
        None,
        dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        dt.datetime(2026, 3, 8, 12, 30),  # naive: the serializer's own path
    ]
    with timezone.override(zone):
        moment = _moments(_fields())
        assert [moment(v) for v in values] == [None if v is None else field(v) for v in values]


def test_the_api_case_list_counts_without_the_joins_of_its_rows(api, bob, ngo):
    """The API list's rows are `.values()` with columns of the person, organisation, assignee
    and compound; its count must not join them (PostgreSQL keeps an inner join in a count, and
    looked up every counted case's person: 11 ms of a 1,001-row count at a million)."""
    for _ in range(3):
        CaseFactory(organisation=ngo)
    with CaptureQueriesContext(connection) as queries:
        response = api(bob).get("/api/cases/?page_size=2")
    assert response.status_code == 200
    assert response.json()["count"] == 3 and len(response.json()["results"]) == 2
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1
    assert " JOIN " not in counts[0].upper(), counts[0]
    pages = [q["sql"] for q in queries.captured_queries if '"person__public_id"' in q["sql"]]
    assert len(pages) == 1 and " JOIN " in pages[0].upper()  # the rows still have their columns
