"""API tokens: stored as keyed hashes, shown once, expiring, several per user, listed and
revoked by their owner and by their organisation's admins, and dead after a password change,
a deactivation or a second-factor reset (issue #12, "tokens that cannot be stolen")."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from seri.audit.models import AuditAction, AuditEvent
from seri.orgs.models import ApiToken, Membership
from seri.orgs.services import membership_deactivate, user_second_factor_reset
from seri.orgs.services.tokens import api_token_create, api_token_revoke
from tests.conftest import login
from tests.factories import PASSWORD


def api_get(key: str, path: str = "/api/cases/"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(path)


@pytest.fixture
def new_token(authenticator):
    """`new_token(user)`: a token made through POST /api/token/, as a script would get it."""

    def make(user) -> dict:
        otp = authenticator(user).code()
        response = APIClient().post(
            "/api/token/", {"username": user.username, "password": PASSWORD, "otp": otp}
        )
        assert response.status_code == 200, response.content
        return response.json()

    return make


# --- stored so that a copy of the database is worth nothing ----------------------------------


def test_a_token_read_from_the_database_does_not_authenticate(bob, bobs_case, new_token):
    key = new_token(bob)["token"]
    assert api_get(key).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM orgs_apitoken")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1
    stored = {c: str(v) for c, v in zip(columns, rows[0], strict=True) if v is not None}
    # The key is nowhere in the row, nor its secret part; only its visible prefix is.
    secret = key.split("_", 2)[2]
    assert not any(key in value or secret in value for value in stored.values())
    assert stored["prefix"] in key

    # Whatever an attacker reads from the row, and however they dress it up, is refused.
    prefix = stored["prefix"]
    for value in stored.values():
        for attempt in (value, f"seri_{prefix}_{value}"):
            assert api_get(attempt).status_code == 401, (attempt, value)


def test_each_request_for_a_token_makes_another_and_both_work(bob, bobs_case, new_token):
    first, second = new_token(bob), new_token(bob)
    assert first["token"] != second["token"] and first["prefix"] != second["prefix"]
    assert ApiToken.objects.filter(user=bob).count() == 2
    assert api_get(first["token"]).status_code == 200
    assert api_get(second["token"]).status_code == 200


def test_a_token_expires(bob, bobs_case, settings):
    settings.SERI_API_TOKEN_DAYS = 7
    issued = api_token_create(actor=bob, via="test")
    assert issued.token.expires_at - timezone.now() == pytest.approx(
        timedelta(days=7), abs=timedelta(minutes=1)
    )
    assert api_get(issued.key).status_code == 200
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api_get(issued.key).status_code == 401


def test_its_last_use_is_recorded(bob, bobs_case):
    issued = api_token_create(actor=bob, via="test")
    assert issued.token.last_used_at is None
    api_get(issued.key)
    issued.token.refresh_from_db()
    assert timezone.now() - issued.token.last_used_at < timedelta(minutes=1)


# --- dead when the owner changes -------------------------------------------------------------


def test_an_old_token_fails_after_a_password_change(bob, bobs_case, new_token):
    key = new_token(bob)["token"]
    client = login(bob)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    )
    assert response.status_code == 302, response.content
    assert api_get(key).status_code == 401
    assert not ApiToken.objects.filter(user=bob).exists()
    event = AuditEvent.objects.get(detail__event="password_changed")
    assert event.actor == bob and event.detail["tokens"] == 1
    # The session that changed it goes on.
    assert client.get(reverse("home")).status_code == 200


def test_a_password_changed_any_other_way_kills_tokens_too(bob, bobs_case):
    # e.g. `seri changepassword`: the token row stays, but no longer authenticates.
    issued = api_token_create(actor=bob, via="test")
    bob.set_password("a-new-long-passphrase-42")
    bob.save()
    assert api_get(issued.key).status_code == 401


def test_deactivation_revokes_tokens(alice, bob, bobs_case):
    issued = api_token_create(actor=bob, via="test")
    membership_deactivate(actor=alice, membership=Membership.objects.get(user=bob))
    assert not ApiToken.objects.filter(user=bob).exists()
    assert api_get(issued.key).status_code == 401


def test_a_second_factor_reset_revokes_tokens(alice, bob, bobs_case):
    issued = api_token_create(actor=bob, via="test")
    user_second_factor_reset(actor=alice, membership=Membership.objects.get(user=bob))
    assert api_get(issued.key).status_code == 401
    assert not ApiToken.objects.filter(user=bob).exists()


# --- listed and revoked by the owner and their admins ------------------------------------------


def test_the_owner_makes_lists_and_revokes_tokens_on_the_account_page(bob, bobs_case):
    client = login(bob)
    page = client.post(reverse("account-tokens"))
    assert page.status_code == 200
    token = ApiToken.objects.get(user=bob)
    key = page.context["issued"].key
    assert key in page.text  # shown once, in this answer
    listing = client.get(reverse("account-tokens"))
    assert f"seri_{token.prefix}" in listing.text and key not in listing.text

    response = client.post(reverse("api-token-revoke", args=[token.public_id]))
    assert response.status_code == 302
    assert api_get(key).status_code == 401
    event = AuditEvent.objects.get(detail__event="api_token_revoked")
    assert event.actor == bob and event.detail["token"] == token.prefix


def test_an_org_admin_sees_and_revokes_a_users_tokens(alice, bob, bobs_case):
    issued = api_token_create(actor=bob, via="test")
    admin = login(alice)
    membership = Membership.objects.get(user=bob)
    page = admin.get(reverse("membership-tokens", args=[membership.public_id]))
    assert page.status_code == 200 and issued.token.prefix in page.text
    assert admin.post(reverse("api-token-revoke", args=[issued.token.public_id])).status_code == 302
    assert api_get(issued.key).status_code == 401


def test_nobody_else_sees_or_revokes_a_token(bob, vera, charlie, olga, bobs_case):
    issued = api_token_create(actor=bob, via="test")
    membership = Membership.objects.get(user=bob)
    for user in (vera, charlie, olga):
        client = login(user)
        url = reverse("api-token-revoke", args=[issued.token.public_id])
        assert client.post(url).status_code == 404
        page = client.get(reverse("membership-tokens", args=[membership.public_id]))
        assert page.status_code in (403, 404)
        assert issued.token.prefix not in client.get(reverse("account-tokens")).text
    assert api_get(issued.key).status_code == 200


def test_the_service_refuses_a_revocation_by_someone_else(bob, vera):
    issued = api_token_create(actor=bob, via="test")
    with pytest.raises(PermissionError):
        api_token_revoke(actor=vera, token=issued.token)
    assert ApiToken.objects.filter(pk=issued.token.pk).exists()
    assert not AuditEvent.objects.filter(detail__event="api_token_revoked").exists()


def test_a_token_and_its_audit_row_are_written_in_one_transaction(bob):
    with transaction.atomic():
        api_token_create(actor=bob, via="test")
        assert AuditEvent.objects.filter(detail__event="api_token_created").exists()
        transaction.set_rollback(True)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(detail__event="api_token_created").exists()

    api_token_create(actor=bob, via="test")
    assert ApiToken.objects.count() == 1
    event = AuditEvent.objects.get(detail__event="api_token_created")
    assert event.action == AuditAction.USER_ADMIN and event.actor == bob
