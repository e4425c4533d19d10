"""An admin resets the password of a user of their organisation who forgot theirs: a page that
says what follows and asks for a temporary password twice; then the user is logged out
everywhere, their API tokens stop working, and at their next login (with the temporary password
and their own second factor) they must choose a new password before anything else."""

import pyotp
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from seri.audit.models import AuditAction, AuditEvent
from seri.orgs import mfa
from seri.orgs.models import Membership, Role, UserSession
from seri.orgs.services import user_password_reset
from seri.orgs.services.tokens import api_token_create
from tests.conftest import login

TEMPORARY = "kampot-river-lantern-77"
OWN = "mekong-dawn-bicycle-42"


@pytest.fixture
def bobs_membership(bob, ngo):
    return Membership.objects.get(user=bob, organisation=ngo)


def _url(membership) -> str:
    return reverse("membership-password-reset", args=[membership.public_id])


def test_the_user_list_offers_the_reset_and_the_page_asks_first(alice, bob, bobs_membership):
    client = login(alice)
    assert _url(bobs_membership) in client.get(reverse("user-list")).content.decode()
    page = client.get(_url(bobs_membership))
    text = page.content.decode()
    assert page.status_code == 200
    assert "logged out everywhere" in text and 'name="password_again"' in text
    # two different passwords: nothing happens
    refused = client.post(
        _url(bobs_membership), {"password": TEMPORARY, "password_again": TEMPORARY + "x"}
    )
    assert refused.status_code == 400
    assert "The two passwords differ." in refused.content.decode()
    bob.refresh_from_db()
    assert not bob.must_change_password and not bob.check_password(TEMPORARY)


def test_a_weak_temporary_password_is_refused_by_name(alice, bobs_membership):
    response = login(alice).post(
        _url(bobs_membership), {"password": "TNGO12345678", "password_again": "TNGO12345678"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password"]


def test_the_reset_ends_sessions_and_tokens_and_forces_a_new_password(alice, bob, bobs_membership):
    bobs_browser = login(bob)
    assert bobs_browser.get(reverse("case-list")).status_code == 200
    api_token_create(actor=bob, via="test")
    response = login(alice).post(
        _url(bobs_membership), {"password": TEMPORARY, "password_again": TEMPORARY}
    )
    assert response.status_code == 302 and response["Location"] == reverse("user-list")

    # bob's open session has ended, and so have his tokens
    assert bobs_browser.get(reverse("case-list")).status_code == 302
    assert not UserSession.objects.filter(user=bob).exists()
    assert not bob.api_tokens.exists()

    # the audit row says what happened, never the password
    row = AuditEvent.objects.filter(detail__event="password_reset").get()
    assert row.actor == alice and row.object_type == "user"
    assert TEMPORARY not in str(row.detail)

    # bob logs in with the temporary password and his own second factor, then must change it
    client = Client()
    assert client.login(username="bob", password=TEMPORARY)
    assert client.get(reverse("case-list")).status_code == 302  # the second factor first
    session = client.session
    mfa.session_mark_verified(session, method=mfa.TOTP)
    session.save()
    forced = client.get(reverse("case-list"))
    assert forced.status_code == 302 and forced["Location"] == reverse("password_change")
    changed = client.post(
        reverse("password_change"),
        {"old_password": TEMPORARY, "new_password1": OWN, "new_password2": OWN},
    )
    assert changed.status_code == 302
    assert client.get(reverse("case-list")).status_code == 200


def test_the_second_factor_is_kept(alice, bob, bobs_membership):
    login(bob)  # sets up bob's authenticator
    device = mfa.confirmed_device(bob)
    user_password_reset(actor=alice, membership=bobs_membership, password=TEMPORARY)
    assert mfa.confirmed_device(bob) == device
    assert pyotp.TOTP(device.secret).now()


def test_only_an_admin_of_the_users_organisation_may(alice, bob, charlie, vera, bobs_membership):
    assert login(charlie).get(_url(bobs_membership)).status_code == 404
    assert login(vera).get(_url(bobs_membership)).status_code == 404
    with pytest.raises(PermissionError):
        user_password_reset(actor=vera, membership=bobs_membership, password=TEMPORARY)
    own = Membership.objects.get(user=alice)
    with pytest.raises(ValidationError) as exc:
        user_password_reset(actor=alice, membership=own, password=TEMPORARY)
    assert "membership" in exc.value.message_dict
    bob.refresh_from_db()
    assert not bob.check_password(TEMPORARY)


def test_an_account_that_also_opens_another_organisation_is_not_taken_over(
    alice, bob, bobs_membership, other_ngo
):
    """An admin of one organisation cannot change how a user of two organisations logs in: the
    password, the second factor and the sessions are the other organisation's too."""
    Membership.objects.create(user=bob, organisation=other_ngo, role=Role.ORG_ADMIN)
    api_token_create(actor=bob, via="test")
    device = mfa.confirmed_device(bob)
    client = login(alice)
    admin_rows = AuditEvent.objects.filter(action=AuditAction.USER_ADMIN).count()
    refused = client.post(
        _url(bobs_membership), {"password": TEMPORARY, "password_again": TEMPORARY}
    )
    assert refused.status_code == 400
    assert "organisation you do not administer" in refused.content.decode()
    for route in ("membership-second-factor-reset", "membership-sessions-end"):
        client.post(reverse(route, args=[bobs_membership.public_id]), {"confirm": "yes"})
    bob.refresh_from_db()
    assert not bob.check_password(TEMPORARY) and not bob.must_change_password
    assert mfa.confirmed_device(bob) == device
    assert bob.api_tokens.exists()
    assert AuditEvent.objects.filter(action=AuditAction.USER_ADMIN).count() == admin_rows
    # an admin of both may
    Membership.objects.create(user=alice, organisation=other_ngo, role=Role.ORG_ADMIN)
    user_password_reset(actor=alice, membership=bobs_membership, password=TEMPORARY)
    bob.refresh_from_db()
    assert bob.check_password(TEMPORARY)
