"""The intake form's check for people already known, before anything is saved (issue #14's
item 2): scoped, posted, audited, and "add this report to that case"."""

from seri.audit.models import AuditEvent
from seri.cases import services
from seri.cases.models import Person
from seri.intake.models import Report
from seri.linkage.models import Decision, MatchCandidate, MatchDecision
from tests.conftest import login
from tests.factories import CaseFactory, PersonFactory


def _typed(**fields):
    return {f"person-{k}": v for k, v in fields.items()}


def test_a_phone_typed_in_local_form_finds_the_case(bob, bobs_case):
    client = login(bob)
    searches = AuditEvent.objects.filter(action="search").count()
    response = client.post(
        "/intake/check/", _typed(full_name="Zz", nationality="VN", phones="0912 345 678")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert bobs_case.reference in html and "Testperson Alpha" in html
    assert f'name="attach_to" value="{bobs_case.reference}"' in html
    assert AuditEvent.objects.filter(action="search").count() == searches + 1


def test_a_similar_name_finds_the_case(ngo, bob):
    person = services.person_create(
        actor=bob,
        organisation=ngo,
        data=services.PersonInput(names=[services.NameInput(value="Nguyen Thi Testhoa")]),
    )
    case = CaseFactory(organisation=ngo, person=person)
    typed = _typed(full_name="Testhoa Nguyen Thi", nationality="VN")
    html = login(bob).post("/intake/check/", typed).content.decode()
    assert case.reference in html and "Nguyen Thi Testhoa" in html


def test_someone_else_is_left_out_of_the_next_check(bob, bobs_case):
    typed = _typed(phones="+84912345678", not_same=str(bobs_case.person.public_id))
    html = login(bob).post("/intake/check/", typed).content.decode()
    assert bobs_case.reference not in html


def test_another_organisation_only_learns_that_a_match_exists(charlie, bobs_case):
    html = login(charlie).post("/intake/check/", _typed(phones="+84912345678")).content.decode()
    assert "A possible match exists at another organisation" in html
    assert bobs_case.reference not in html and "Testperson" not in html


def test_nothing_typed_nothing_found_and_never_by_get(bob, bobs_case):
    client = login(bob)
    assert client.post("/intake/check/", _typed(full_name="")).content.strip() == b""
    assert client.get("/intake/check/", _typed(phones="+84912345678")).status_code == 405


def test_add_this_report_to_that_case(bob, bobs_case):
    people = Person.objects.count()
    response = login(bob).post(
        "/intake/",
        {
            "attach_to": bobs_case.reference,
            "report-channel": "hotline",
            "report-reporter_relation": "family",
            "report-original_text": "Synthetic second report about the same person.",
            **_typed(
                full_name="Testperson Alpha", phones="0912345678", gender="NonSpecifiedUnknown"
            ),
        },
    )
    assert response.status_code == 302 and response.url.endswith(f"/cases/{bobs_case.reference}/")
    assert Person.objects.count() == people
    report = Report.objects.get(case=bobs_case)
    assert report.original_text == "Synthetic second report about the same person."


def test_a_report_cannot_be_added_to_a_case_of_another_organisation(charlie, bobs_case):
    response = login(charlie).post(
        "/intake/",
        {
            "attach_to": bobs_case.reference,
            "report-channel": "hotline",
            "report-reporter_relation": "family",
            "report-original_text": "Synthetic report.",
        },
    )
    assert response.status_code == 404
    assert not Report.objects.filter(case=bobs_case).exists()


def _new_case_about(client, *, not_same=()):
    return client.post(
        "/intake/",
        {
            "report-channel": "hotline",
            "report-reporter_relation": "family",
            "report-original_text": "Synthetic report about a namesake with the same phone.",
            "case-urgency": "normal",
            **_typed(
                full_name="Testperson Beta",
                phones="+84912345678",
                gender="NonSpecifiedUnknown",
                not_same=list(not_same),
            ),
        },
    )


def test_someone_else_is_recorded_as_a_linkage_decision_and_not_proposed_again(bob, bobs_case):
    """ "It's someone else" on the check becomes, once the new person is saved, the review
    queue's "different people" decision on that pair: audited, and the pair is no longer shown
    on either case page or in the queue."""
    old = bobs_case.person
    client = login(bob)
    response = _new_case_about(client, not_same=[str(old.public_id)])
    assert response.status_code == 302
    new = Person.objects.exclude(pk=old.pk).get()
    candidate = MatchCandidate.objects.get(
        person_a=min(old, new, key=lambda p: p.pk), person_b=max(old, new, key=lambda p: p.pk)
    )
    assert candidate.status == Decision.DIFFERENT
    decision = MatchDecision.objects.get(candidate=candidate)
    assert decision.decision == Decision.DIFFERENT and decision.decided_by == bob
    row = AuditEvent.objects.get(object_type="match_decision")
    assert row.actor == bob and row.detail["via"] == "intake"
    assert row.detail["decision"] == "different"
    new_case = new.cases.get()
    for reference in (new_case.reference, bobs_case.reference):
        page = client.get(f"/cases/{reference}/").content.decode()
        assert "Possibly the same person" not in page
    queue = client.get("/linkage/").content.decode()
    assert 'class="linkage-decide"' not in queue  # no pair left to decide
    # listed among the decisions, where it can be undone like any other
    assert f'action="/linkage/pairs/{candidate.public_id}/decide/"' in queue


def test_without_someone_else_the_pair_is_proposed(bob, bobs_case):
    client = login(bob)
    assert _new_case_about(client).status_code == 302
    candidate = MatchCandidate.objects.get()
    assert candidate.status == Decision.OPEN
    assert not MatchDecision.objects.exists()
    page = client.get(f"/cases/{bobs_case.reference}/").content.decode()
    assert "Possibly the same person" in page


def test_someone_else_about_a_person_out_of_sight_is_ignored(bob, charlie, other_ngo):
    """An id the check never showed (another organisation's person) decides nothing."""
    theirs = CaseFactory(
        organisation=other_ngo,
        person=PersonFactory(organisation=other_ngo, name="Testperson Delta"),
    )
    assert (
        _new_case_about(login(bob), not_same=[str(theirs.person.public_id), "junk"]).status_code
        == 302
    )
    assert not MatchDecision.objects.exists()
