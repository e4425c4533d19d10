import pytest

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from seri.referrals.models import Referral, ReferralStatus
from seri.referrals.services import referral_send


def _referral_url(referral: Referral, action: str = "") -> str:
    return f"/api/referrals/{referral.public_id}/" + (f"{action}/" if action else "")


@pytest.fixture
def consented_case(bobs_case, bob):
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    return bobs_case


@pytest.fixture
def sent_referral(consented_case, bob, embassy, emma):
    return referral_send(actor=bob, case=consented_case, to_organisation=embassy)


def test_the_referral_flow(api, bob, emma, charlie, bobs_case, embassy):
    bobs_client, emmas_client = api(bob), api(emma)
    case_url = f"/api/cases/{bobs_case.reference}/"
    body = {"case": bobs_case.reference, "to_organisation": "EMB-TL", "message": "Please help"}

    # no consent recorded: refused, and the error says how to go on
    response = bobs_client.post("/api/referrals/", body, format="json")
    assert response.status_code == 400
    assert "consent_override_reason" in response.json()
    assert not Referral.objects.exists()

    consent = {"kind": "share", "given": True, "given_by": "the person"}
    assert bobs_client.post(case_url + "consent/", consent, format="json").status_code == 201
    response = bobs_client.post("/api/referrals/", body, format="json")
    assert response.status_code == 201, response.json()
    sent = response.json()
    assert (sent["status"], sent["from_organisation"], sent["to_organisation"]) == (
        "sent",
        "TNGO",
        "EMB-TL",
    )

    # the embassy sees the referral in its inbox but not the case until it accepts
    [incoming] = emmas_client.get("/api/referrals/", {"inbox": "true"}).json()["results"]
    assert incoming["public_id"] == sent["public_id"]
    assert emmas_client.get(case_url).status_code == 404
    assert api(charlie).get(f"/api/referrals/{sent['public_id']}/").status_code == 404

    response = emmas_client.post(
        f"/api/referrals/{sent['public_id']}/accept/", {"note": "We will call"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["responded_by"] == "emma"

    assert emmas_client.get(case_url).status_code == 200
    response = emmas_client.post(
        case_url + "notes/", {"text": "Travel document issued"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["organisation"] == "EMB-TL"
    timeline = bobs_client.get(case_url + "timeline/").json()["results"]
    assert timeline[0]["text"] == "Travel document issued"


def test_an_admin_refers_without_consent_with_a_reason(api, alice, bobs_case, embassy):
    body = {
        "case": bobs_case.reference,
        "to_organisation": "EMB-TL",
        "consent_override_reason": "Immediate danger; the person cannot be reached",
    }
    response = api(alice).post("/api/referrals/", body, format="json")
    assert response.status_code == 201
    assert response.json()["consent_override_reason"] == body["consent_override_reason"]


def test_only_an_admin_refers_without_consent(api, bob, bobs_case, embassy):
    body = {
        "case": bobs_case.reference,
        "to_organisation": "EMB-TL",
        "consent_override_reason": "In a hurry",
    }
    response = api(bob).post("/api/referrals/", body, format="json")
    assert response.status_code == 400
    assert "consent_override_reason" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_organisation": "NOPE"}, "to_organisation"),
        ({"to_organisation": "TNGO"}, "to_organisation"),
        ({"to_organisation": "EMB-TL", "kind": "adoption"}, "kind"),
        ({"to_organisation": "EMB-TL", "case": "ZZZZ-ZZZZ"}, "case"),
    ],
)
def test_bad_referrals_answer_400_naming_the_field(api, bob, consented_case, embassy, body, field):
    response = api(bob).post(
        "/api/referrals/", {"case": consented_case.reference, **body}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_nobody_refers_the_cases_of_others(api, charlie, consented_case, embassy):
    body = {"case": consented_case.reference, "to_organisation": "EMB-TL"}
    response = api(charlie).post("/api/referrals/", body, format="json")
    assert response.status_code == 400
    assert "case" in response.json()
    assert not Referral.objects.exists()


def test_a_viewer_cannot_refer(api, vera, consented_case, embassy):
    body = {"case": consented_case.reference, "to_organisation": "EMB-TL"}
    assert api(vera).post("/api/referrals/", body, format="json").status_code == 403
    assert not Referral.objects.exists()


def test_the_sender_cannot_answer_its_own_referral(api, bob, sent_referral):
    assert api(bob).post(_referral_url(sent_referral, "accept")).status_code == 403


def test_a_referral_is_answered_once(api, emma, sent_referral):
    client = api(emma)
    assert client.post(_referral_url(sent_referral, "decline")).status_code == 400  # no reason
    declined = client.post(_referral_url(sent_referral, "decline"), {"note": "No capacity."})
    assert declined.status_code == 200
    response = client.post(_referral_url(sent_referral, "accept"))
    assert response.status_code == 400
    assert "status" in response.json()
    sent_referral.refresh_from_db()
    assert sent_referral.status == ReferralStatus.DECLINED


def test_an_accepted_referral_is_completed(api, emma, sent_referral):
    client = api(emma)
    client.post(_referral_url(sent_referral, "accept"))
    response = client.post(_referral_url(sent_referral, "complete"), {"note": "Home"})
    assert response.status_code == 200
    assert response.json()["status"] == "completed"


def test_revoking_a_referral_takes_the_case_back(api, bob, emma, sent_referral):
    api(emma).post(_referral_url(sent_referral, "accept"))
    case_url = f"/api/cases/{sent_referral.case.reference}/"
    assert api(emma).get(case_url).status_code == 200

    assert (
        api(emma).post(_referral_url(sent_referral, "revoke"), {"reason": "x"}).status_code == 403
    )
    response = api(bob).post(_referral_url(sent_referral, "revoke"), {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    response = api(bob).post(
        _referral_url(sent_referral, "revoke"), {"reason": "Shared by mistake"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert api(emma).get(case_url).status_code == 404


def test_listing_referrals_is_audited(api, emma, sent_referral):
    api(emma).get("/api/referrals/")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTIFYING,
        actor=emma,
        object_id=str(sent_referral.case.person.public_id),
        detail__context="api:referral-list",
    ).exists()
