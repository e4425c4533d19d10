"""The intake form's check for people already known, before anything is saved (issue #14's
item 2): scoped, posted, audited, and "add this report to that case"."""

from seri.audit.models import AuditEvent
from seri.cases import services
from seri.cases.models import Person
from seri.intake.models import Report
from tests.conftest import login
from tests.factories import CaseFactory


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
