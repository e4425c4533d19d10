import pytest

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import Case, CaseStatus, Person
from seri.intake.models import Report
from tests.factories import OrganisationFactory, Role, UserFactory


def _nothing_written() -> bool:
    return not (Person.objects.exists() or Case.objects.exists() or Report.objects.exists())


def test_it_records_a_report_a_person_and_a_case(api, bob, intake_body):
    body = intake_body()
    response = api(bob).post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    case = Case.objects.get(reference=data["reference"])
    assert case.organisation.short_name == "TNGO"
    assert case.status == CaseStatus.REPORTED
    assert case.urgency == "immediate"
    assert case.exploitation_types == ["ForcedLabour"]
    assert case.person.phones.get().e164 == "+84912345678"
    assert {n.script for n in case.person.names.all()} == {"Latn", "Hani"}
    # the account is kept exactly as received, whitespace and all
    assert case.reports.get().original_text == body["original_text"]
    assert [n["value"] for n in data["person"]["names"]] == ["Testperson Gamma", "测试人"]
    assert data["person"]["nationalities"] == ["VN"]
    assert data["access"]["can_edit"] is True


def test_recording_is_audited(api, bob, intake_body):
    reference = api(bob).post("/api/cases/", intake_body(), format="json").json()["reference"]
    case = Case.objects.get(reference=reference)
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, actor=bob)
    assert {e.object_type for e in created} == {"person", "case", "report"}
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTIFYING,
        object_id=str(case.person.public_id),
        detail__context="api:case-create",
    ).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phones": ["12"]}, "phones"),
        ({"phones": ["+84 not a number"]}, "phones"),
        ({"date_of_birth": "1999-02-30"}, "date_of_birth"),
        ({"date_of_birth": "31/12/1999"}, "date_of_birth"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"nationalities": ["XX"]}, "nationalities"),
        ({"nationalities": ["Vietnam"]}, "nationalities"),
        ({"received_at": "yesterday"}, "received_at"),
        ({"urgency": "whenever"}, "urgency"),
        ({"channel": "pigeon"}, "channel"),
        ({"names": []}, "names"),
        ({"names": [{"kind": "full"}]}, "names"),
        ({"original_text": "   "}, "original_text"),
        ({"languages": ["xx"]}, "languages"),
        ({"age_estimate": 300}, "age_estimate"),
        ({"age_estimate": "twenty"}, "age_estimate"),
        ({"handles": [{"platform": "Carrier pigeon", "handle": "@x"}]}, "handles"),
        ({"documents": [{"kind": "passport", "number": "", "issuing_country": "VN"}]}, "documents"),
        ({"nationality": ["VN"]}, "nationality"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(
    api, bob, intake_body, fields, field
):
    response = api(bob).post("/api/cases/", intake_body(**fields), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _nothing_written()


def test_the_services_errors_come_back_together(api, bob, intake_body):
    body = intake_body(phones=["12"], nationalities=["XX"], date_of_birth="1850-01-01")
    response = api(bob).post("/api/cases/", body, format="json")
    assert response.status_code == 400
    assert {"phones", "nationalities", "date_of_birth"} <= set(response.json())


def test_a_case_is_assigned_only_within_the_organisation(api, bob, charlie, intake_body):
    response = api(bob).post("/api/cases/", intake_body(assigned_to="charlie"), format="json")
    assert response.status_code == 400
    assert "assigned_to" in response.json()
    assert _nothing_written()


def test_a_viewer_cannot_record(api, vera, ngo, intake_body):
    assert api(vera).post("/api/cases/", intake_body(), format="json").status_code == 403
    response = api(vera).post("/api/cases/", intake_body(organisation="TNGO"), format="json")
    assert response.status_code == 403
    assert _nothing_written()


def test_a_partner_liaison_cannot_record(api, emma, intake_body):
    assert api(emma).post("/api/cases/", intake_body(), format="json").status_code == 403


def test_nobody_records_for_an_organisation_they_do_not_write_for(api, charlie, ngo, intake_body):
    response = api(charlie).post("/api/cases/", intake_body(organisation="TNGO"), format="json")
    assert response.status_code == 403
    assert _nothing_written()


def test_an_unknown_organisation_answers_400(api, bob, intake_body):
    response = api(bob).post("/api/cases/", intake_body(organisation="NOPE"), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()


@pytest.fixture
def dana(ngo, other_ngo):
    """A caseworker of two organisations."""
    user = UserFactory(username="dana", membership=(ngo, Role.CASEWORKER))
    user.memberships.create(organisation=other_ngo, role=Role.CASEWORKER)
    return user


def test_a_user_of_several_organisations_says_which(api, dana, intake_body):
    response = api(dana).post("/api/cases/", intake_body(), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert _nothing_written()

    response = api(dana).post("/api/cases/", intake_body(organisation="OTHER"), format="json")
    assert response.status_code == 201
    assert Case.objects.get().organisation.short_name == "OTHER"


def test_only_writing_memberships_count_when_choosing_the_organisation(api, bob, intake_body):
    # bob also only views the cases of a third organisation: TNGO is still the one he writes for
    third = OrganisationFactory(short_name="THIRD")
    bob.memberships.create(organisation=third, role=Role.VIEWER)
    response = api(bob).post("/api/cases/", intake_body(), format="json")
    assert response.status_code == 201
    assert Case.objects.get().organisation.short_name == "TNGO"


def test_a_form_encoded_body_answers_415(api, bob):
    client = api(bob)
    response = client.post("/api/cases/", {"channel": "hotline"}, format="multipart")
    assert response.status_code == 415


@pytest.mark.parametrize("field", ["organisation", "assigned_to"])
def test_a_nul_character_in_a_looked_up_name_is_a_field_error(api, bob, intake_body, field):
    """PostgreSQL cannot compare text holding NUL: refused before the lookup, not a 500."""
    response = api(bob).post("/api/cases/", intake_body(**{field: "NG\x00O"}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _nothing_written()
