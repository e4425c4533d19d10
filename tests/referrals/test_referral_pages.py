from django.urls import reverse

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from seri.referrals.models import Referral, ReferralStatus
from tests.conftest import login
from tests.factories import Role, UserFactory


def _refer(client, case, to="EMB-TL", **extra):
    return client.post(
        reverse("referral-send", args=[case.reference]),
        {
            "to_organisation": to,
            "kind": "referral",
            "message": "Please verify.",
            "shared_sections": ["person", "reports"],  # the form's default
            **extra,
        },
    )


def test_a_referral_needs_consent(bob, bobs_case, embassy):
    response = _refer(login(bob), bobs_case)
    assert response.status_code == 400
    assert "consent_override_reason" in response.context["referral_form"].errors
    assert not Referral.objects.exists()


def test_a_caseworker_cannot_override_consent(bob, bobs_case, embassy):
    response = _refer(login(bob), bobs_case, consent_override_reason="urgent")
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_an_admin_can_override_consent_with_a_reason(alice, bobs_case, embassy):
    response = _refer(login(alice), bobs_case, consent_override_reason="Immediate danger to life")
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_override_reason == "Immediate danger to life"


def test_withdrawn_consent_blocks_referral(bob, bobs_case, embassy):
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=False)
    assert _refer(login(bob), bobs_case).status_code == 400


def test_the_whole_referral_path(bob, bobs_case, emma, embassy, charlie):
    client = login(bob)
    client.post(
        reverse("case-consent", args=[bobs_case.reference]),
        {"kind": "share", "given": "yes", "given_by": "the person"},
    )
    assert _refer(client, bobs_case).status_code == 302
    referral = Referral.objects.get()

    liaison = login(emma)
    inbox = liaison.get(reverse("referral-inbox"))
    assert bobs_case.reference in inbox.text
    assert "Testperson Alpha" not in inbox.text  # no identifying details before acceptance
    assert liaison.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 404
    # another organisation cannot answer it
    assert (
        login(charlie)
        .post(reverse("referral-respond", args=[referral.public_id, "accept"]))
        .status_code
        == 404
    )

    response = liaison.post(
        reverse("referral-respond", args=[referral.public_id, "accept"]), {"note": "We will call."}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.responded_by == emma
    page = liaison.get(reverse("case-detail", args=[bobs_case.reference]))
    assert page.status_code == 200 and "Testperson Alpha" in page.text
    # the partner adds a note but cannot change the status: access, not ownership
    assert (
        liaison.post(
            reverse("case-note", args=[bobs_case.reference]), {"text": "Called the family."}
        ).status_code
        == 302
    )
    assert bobs_case.timeline.filter(kind="note", author=emma).exists()
    assert (
        liaison.post(
            reverse("case-status", args=[bobs_case.reference]),
            {"status": "verifying", "reason": "x"},
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL, detail__event="accepted").exists()

    # revoking ends the partner's access
    client.post(
        reverse("referral-respond", args=[referral.public_id, "revoke"]),
        {"note": "Handled locally"},
    )
    assert liaison.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 404


def test_a_transfer_moves_ownership(bob, bobs_case, other_ngo, charlie):
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    login(bob).post(
        reverse("referral-send", args=[bobs_case.reference]),
        {"to_organisation": "OTHER", "kind": "transfer"},
    )
    referral = Referral.objects.get()
    login(charlie).post(reverse("referral-respond", args=[referral.public_id, "accept"]))
    bobs_case.refresh_from_db()
    assert bobs_case.organisation == other_ngo
    # charlie now owns it and may change its status; bob keeps read access
    response = login(charlie).post(
        reverse("case-status", args=[bobs_case.reference]),
        {"status": "verifying", "reason": "Took over"},
    )
    assert response.status_code == 302
    assert login(bob).get(reverse("case-detail", args=[bobs_case.reference])).status_code == 200


def test_a_partner_liaison_sees_only_referred_cases(embassy, bobs_case):
    other_liaison = UserFactory(
        username="liaison2", membership=(bobs_case.organisation, Role.PARTNER_LIAISON)
    )
    # a liaison of the owning organisation does not see its cases unless referred to it
    assert (
        login(other_liaison).get(reverse("case-detail", args=[bobs_case.reference])).status_code
        == 404
    )
    text = login(other_liaison).get(reverse("case-list")).text
    assert bobs_case.reference not in text
