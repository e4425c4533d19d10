"""The service contract for linkage writes, and the review pages: paged, filtered, a fixed
number of queries, no queries while rendering."""

import pytest
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seri.audit.models import AuditEvent
from seri.cases.services import CaseInput, case_create
from seri.linkage.models import Decision, LinkageRun, MatchCandidate, MatchDecision
from seri.linkage.selectors import QueueFilters, candidate_panel, queue_page
from seri.linkage.services import (
    decision_record,
    linkage_batch_run,
    linkage_reindex,
    linkage_run_start,
    review_request,
)
from seri.orgs.models import Role
from tests.conftest import login
from tests.factories import UserFactory
from tests.linkage.test_services import pair_of, person


@pytest.fixture
def cora(ngo):
    return UserFactory(username="cora", membership=(ngo, Role.COORDINATOR))


def _pairs(actor, org, n: int, *, nat="VN", age=23):
    """n pairs of one person reported twice (Vietnamese names, two spellings)."""
    given = ["Hoa", "Lan", "Mai", "Thu", "Nga", "Hanh", "Linh", "Trang", "Yen", "Phuong", "Huong"]
    family = ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ho", "Ngo"]
    made = []
    for i in range(n):
        first = person(
            actor, org, f"{family[i]} Thi {given[i]}", age=age, nat=[nat], sex="Feminine"
        )
        second = person(actor, org, f"{given[i]} {family[i]}", age=age, nat=[nat], sex="Feminine")
        case_create(actor=actor, organisation=org, person=first, data=CaseInput())
        made.append(pair_of(first, second))
    return made


def test_services_refuse_users_without_the_role(ngo, other_ngo, bob, vera, charlie):
    mine = person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    person(bob, ngo, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine")
    candidate = MatchCandidate.objects.get()
    # a viewer reads but never decides nor asks
    with pytest.raises(PermissionError):
        decision_record(actor=vera, candidate=candidate, decision=Decision.SAME)
    with pytest.raises(PermissionError):
        review_request(actor=vera, candidate=candidate)
    # a caseworker of another organisation sees neither person
    with pytest.raises(PermissionError):
        review_request(actor=charlie, candidate=candidate)
    # batch runs and re-indexing: the system or a coordinator only
    with pytest.raises(PermissionError):
        linkage_batch_run(actor=bob)
    with pytest.raises(PermissionError):
        linkage_reindex(actor=bob)
    with pytest.raises(PermissionError):
        linkage_run_start(actor=bob)
    assert not MatchDecision.objects.exists() and not LinkageRun.objects.exists()
    assert mine.pk


def test_a_decision_and_its_audit_row_are_one_transaction(ngo, bob):
    person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    person(bob, ngo, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine")
    candidate = MatchCandidate.objects.get()
    audits = AuditEvent.objects.filter(object_type="match_decision")

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        decision_record(actor=bob, candidate=candidate, decision=Decision.DIFFERENT)
        assert MatchDecision.objects.exists() and audits.exists()
        raise Rollback
    assert not MatchDecision.objects.exists() and not audits.exists()

    decision_record(actor=bob, candidate=candidate, decision=Decision.DIFFERENT)
    assert MatchDecision.objects.count() == 1 and audits.count() == 1


def test_an_unknown_decision_is_a_validation_error_on_its_field(ngo, bob):
    from django.core.exceptions import ValidationError

    person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    person(bob, ngo, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine")
    with pytest.raises(ValidationError) as error:
        decision_record(actor=bob, candidate=MatchCandidate.objects.get(), decision="maybe")
    assert "decision" in error.value.message_dict


def test_candidates_found_at_intake_are_audited_with_the_person(ngo, bob):
    person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    person(bob, ngo, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine")
    candidate = MatchCandidate.objects.get()
    row = AuditEvent.objects.get(object_type="match_candidate", object_id=str(candidate.public_id))
    assert row.actor == bob and row.detail["source"] == "intake"


def _queue_queries(user, url) -> int:
    client = login(user)
    client.get(url)  # warm: session, memberships
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_costs_the_same_queries_for_2_or_12_pairs(ngo, bob, cora):
    url = reverse("linkage-queue")
    pairs = _pairs(bob, ngo, 11)
    for candidate in pairs[:3]:
        decision_record(actor=cora, candidate=candidate, decision=Decision.DIFFERENT)
    many = _queue_queries(cora, url)
    open_pairs = MatchCandidate.objects.filter(status=Decision.OPEN)
    open_pairs.exclude(pk__in=[c.pk for c in pairs[3:5]]).delete()
    assert open_pairs.count() == 2
    few = _queue_queries(cora, url)
    assert many == few, (few, many)
    assert many <= 40


def test_the_queue_is_paged_and_filtered(ngo, other_ngo, bob, charlie, cora, monkeypatch):
    from seri.linkage import selectors

    _pairs(bob, ngo, 11)
    thai_a = person(charlie, other_ngo, "Somchai Jaidee", age=40, nat=["TH"], sex="Masculine")
    thai_b = person(charlie, other_ngo, "สมชาย ใจดี", age=40, nat=["TH"], sex="Masculine")
    thai = pair_of(thai_a, thai_b)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    page, cards = queue_page(cora, filters=QueueFilters())
    total = MatchCandidate.objects.filter(status=Decision.OPEN).count()
    assert page.paginator.count == total >= 12 and len(cards) == 5
    assert len(queue_page(cora, filters=QueueFilters(), page=3)[1]) == total - 10
    page, cards = queue_page(cora, filters=QueueFilters(nationality="TH"))
    assert [c.candidate for c in cards] == [thai]
    page, cards = queue_page(cora, filters=QueueFilters(organisation=other_ngo.pk))
    assert [c.candidate for c in cards] == [thai]
    page, cards = queue_page(cora, filters=QueueFilters(source="batch"))
    assert cards == []
    band = "likely" if thai.probability >= 0.95 else "probable"
    page, cards = queue_page(cora, filters=QueueFilters(band=band, nationality="TH"))
    assert [c.candidate for c in cards] == [thai]
    page, cards = queue_page(cora, filters=QueueFilters(band="unlikely", nationality="TH"))
    assert cards == []
    # the page itself: a filter in the query string, paging links keep it
    client = login(cora)
    text = client.get(reverse("linkage-queue") + "?nationality=th").content.decode()
    assert "1 pair to review." in text and "สมชาย ใจดี" not in text  # other organisation's
    assert QueueFilters.from_query({"band": "x", "organisation": "1;"}) == QueueFilters()


def test_the_review_card_shows_both_records_values_and_links(ngo, bob, cora):
    first = person(
        bob, ngo, "张伟", age=30, nat=["CN"], sex="Masculine", phones=["+66 81 234 5678"]
    )
    second = person(bob, ngo, "Chang Wei", age=30, nat=["CN"], sex="Masculine")
    case = case_create(actor=bob, organisation=ngo, person=first, data=CaseInput())
    other_case = case_create(actor=bob, organisation=ngo, person=second, data=CaseInput())
    text = login(bob).get(reverse("linkage-queue")).content.decode()
    for value in ("张伟", "Chang Wei", "+66812345678", case.reference, other_case.reference):
        assert value in text
    assert 'class="linkage-field">Phone, handle or document' in text
    # a decision names its pair
    decision_record(actor=bob, candidate=pair_of(first, second), decision=Decision.DIFFERENT)
    text = login(bob).get(reverse("linkage-queue")).content.decode()
    recent = text.split("Recent decisions")[1]
    assert "张伟" in recent and case.reference in recent


def test_the_case_panel_renders_without_queries(ngo, bob):
    first = person(bob, ngo, "张伟", age=30, nat=["CN"], sex="Masculine")
    second = person(bob, ngo, "Chang Wei", age=30, nat=["CN"], sex="Masculine")
    case_create(actor=bob, organisation=ngo, person=second, data=CaseInput())
    panel = candidate_panel(bob, first)
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("linkage/_candidate_list.html", {"panel": panel})
    assert len(queries) == 0
    assert "Chang Wei" in html and "Possibly the same person" in html


def test_the_card_names_the_reading_that_matched(ngo, bob):
    person(bob, ngo, "陳家豪", age=30, nat=["HK"], sex="Masculine")
    person(bob, ngo, "Chan Ka Ho", age=30, nat=["HK"], sex="Masculine")
    text = login(bob).get(reverse("linkage-queue")).content.decode()
    assert "same words, any script or order; Cantonese reading" in text


def test_the_card_shows_nothing_of_a_record_the_user_may_not_see(
    ngo, other_ngo, bob, charlie, cora
):
    person(
        bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine", phones=["+84 90 123 4567"]
    )
    theirs = person(
        charlie, other_ngo, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine",
        phones=["+84 91 765 4321"],
    )  # fmt: skip
    case_create(actor=charlie, organisation=other_ngo, person=theirs, data=CaseInput())
    text = login(cora).get(reverse("linkage-queue")).content.decode()
    assert "+84901234567" in text  # her own organisation's record
    assert "+84917654321" not in text and "Hoa Nguyen" not in text
    assert "not shown" in text and theirs.cases.get().reference not in text
