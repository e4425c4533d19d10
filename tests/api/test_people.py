from seri.audit.models import AuditAction, AuditEvent
from tests.factories import CaseFactory, PersonFactory


def _url(person) -> str:
    return f"/api/people/{person.public_id}/"


def test_it_lists_the_people_the_user_may_see(api, bob, charlie, bobs_case, other_ngo):
    PersonFactory(organisation=other_ngo, name="Testperson Other")
    [person] = api(bob).get("/api/people/").json()["results"]
    assert person["public_id"] == str(bobs_case.person.public_id)
    assert person["display_name"] == "Testperson Alpha"
    assert [p["display_name"] for p in api(charlie).get("/api/people/").json()["results"]] == [
        "Testperson Other"
    ]


def test_it_shows_a_person_with_the_cases_the_user_may_see(api, bob, bobs_case, other_ngo):
    # the same person, also a case of another organisation: bob must not learn of it
    CaseFactory(organisation=other_ngo, person=bobs_case.person)
    response = api(bob).get(_url(bobs_case.person))
    assert response.status_code == 200
    data = response.json()
    assert data["phones"] == [{"e164": "+84912345678", "original": "+84912345678"}]
    assert data["cases"] == [
        {"reference": bobs_case.reference, "organisation": "TNGO", "status": "reported"}
    ]


def test_it_validates_ownership(api, charlie, bobs_case):
    assert api(charlie).get(_url(bobs_case.person)).status_code == 404


def test_an_unknown_or_malformed_id_answers_404(api, bob, bobs_case):
    assert api(bob).get("/api/people/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api(bob).get("/api/people/not-a-uuid/").status_code == 404


def test_a_partner_sees_the_person_of_an_accepted_referral(api, emma, referred_case):
    response = api(emma).get(_url(referred_case.person))
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()["cases"]] == [referred_case.reference]


def test_reading_a_person_is_audited(api, bob, bobs_case):
    api(bob).get(_url(bobs_case.person))
    api(bob).get("/api/people/")
    contexts = AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTIFYING, actor=bob, object_id=str(bobs_case.person.public_id)
    ).values_list("detail__context", flat=True)
    assert sorted(contexts) == ["api:person-detail", "api:person-list"]
