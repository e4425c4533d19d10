"""Sessions end when idle and when old; an org admin can end a user's sessions and reset
their second factor, for users of their own organisation only."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from seri.audit.models import AuditAction, AuditEvent
from seri.orgs import mfa
from seri.orgs.models import ApiToken, Membership, UserSession
from seri.orgs.services import sessions
from seri.orgs.services.tokens import api_token_create
from tests.conftest import login
from tests.factories import PASSWORD


@pytest.fixture
def clock(monkeypatch):
    """The time sessions are checked at, in seconds, moved by the test."""

    class Clock:
        now = 1_800_000_000.0

        def advance(self, *, minutes):
            self.now += minutes * 60

    clock = Clock()
    monkeypatch.setattr(sessions, "_now", lambda: clock.now)
    return clock


def test_a_session_ends_after_30_idle_minutes(bob, clock):
    client = login(bob)
    clock.advance(minutes=29)
    assert client.get(reverse("home")).status_code == 200
    clock.advance(minutes=29)  # 29 minutes after the last request: still on
    assert client.get(reverse("home")).status_code == 200
    clock.advance(minutes=31)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "without activity" in client.get(reverse("login")).text
    assert not UserSession.objects.filter(user=bob).exists()
    assert AuditEvent.objects.filter(
        actor=bob, action=AuditAction.LOGOUT, detail__reason=sessions.IDLE
    ).exists()


def test_the_idle_time_is_a_setting(bob, clock, settings):
    settings.SERI_SESSION_IDLE_MINUTES = 5
    client = login(bob)
    clock.advance(minutes=6)
    assert client.get(reverse("home")).status_code == 302


def test_the_api_with_an_idle_session_is_refused(bob, bobs_case, clock):
    client = login(bob)
    clock.advance(minutes=31)
    assert client.get(f"/api/cases/{bobs_case.reference}/").status_code in (401, 403)


def test_a_session_ends_at_its_absolute_age_however_active(bob, clock, settings):
    client = login(bob)
    for _ in range(settings.SESSION_COOKIE_AGE // (20 * 60)):
        clock.advance(minutes=20)
        assert client.get(reverse("home")).status_code == 200
    clock.advance(minutes=20)
    assert client.get(reverse("home")).status_code == 302


def test_an_htmx_request_of_an_ended_session_is_sent_to_the_login_page(bob, clock):
    client = login(bob)
    clock.advance(minutes=31)
    response = client.get(reverse("case-list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")


# --- an admin ends a user's sessions ----------------------------------------------------------


def end_sessions(admin_client, user):
    membership = Membership.objects.get(user=user)
    return admin_client.post(
        reverse("membership-sessions-end", args=[membership.public_id]), {"confirm": "yes"}
    )


def test_an_org_admin_ends_all_sessions_of_a_user(alice, bob, bobs_case):
    phone, laptop = login(bob), login(bob)
    issued = api_token_create(actor=bob, via="test")
    assert UserSession.objects.filter(user=bob).count() == 2

    response = end_sessions(login(alice), bob)
    assert response.status_code == 302

    for client in (phone, laptop):
        response = client.get(reverse("case-detail", args=[bobs_case.reference]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    api = login(alice).get("/api/cases/", headers={"Authorization": f"Token {issued.key}"})
    assert api.status_code == 401
    assert not ApiToken.objects.filter(user=bob).exists()
    assert not UserSession.objects.filter(user=bob).exists()
    event = AuditEvent.objects.get(action=AuditAction.USER_ADMIN, detail__event="sessions_ended")
    assert event.actor == alice and event.detail["sessions"] == 2 and event.detail["tokens"] == 1
    # alice's own session goes on.
    assert login(alice).get(reverse("user-list")).status_code == 200


def test_an_admin_of_another_organisation_cannot_end_sessions(olga, bob):
    client = login(bob)
    issued = api_token_create(actor=bob, via="test")
    assert end_sessions(login(olga), bob).status_code == 404
    assert client.get(reverse("home")).status_code == 200
    assert ApiToken.objects.filter(pk=issued.token.pk).exists()


def test_a_caseworker_cannot_end_sessions(bob, vera):
    client = login(vera)
    assert end_sessions(login(bob), vera).status_code == 404
    assert client.get(reverse("home")).status_code == 200


def test_sessions_are_found_after_a_password_change(alice, bob):
    """Changing the password gives the session a new key; it is still known as bob's."""
    client = login(bob)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-synthetic-passphrase",
            "new_password2": "another-synthetic-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    current = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=current).exists()
    assert list(UserSession.objects.filter(user=bob).values_list("session_key", flat=True)) == [
        current
    ]
    end_sessions(login(alice), bob)
    assert client.get(reverse("home")).status_code == 302


def test_logging_out_forgets_the_session(bob):
    client = login(bob)
    assert UserSession.objects.filter(user=bob).exists()
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=bob).exists()


# --- an admin resets a user's second factor ---------------------------------------------------


def reset_second_factor(admin_client, user):
    membership = Membership.objects.get(user=user)
    return admin_client.post(reverse("membership-second-factor-reset", args=[membership.public_id]))


def test_an_org_admin_resets_a_users_second_factor(alice, bob, password_login):
    client = login(bob)
    assert mfa.has_second_factor(bob)
    page = login(alice).get(reverse("user-list"))
    assert "Reset second factor" in page.text and "Log out everywhere" in page.text

    assert reset_second_factor(login(alice), bob).status_code == 302
    assert not mfa.has_second_factor(bob)
    assert mfa.recovery_codes_left(bob) == 0
    assert client.get(reverse("home")).status_code == 302  # logged out
    response, _client = password_login("bob")
    assert response["Location"].startswith(reverse("two-factor-enrol"))
    event = AuditEvent.objects.get(detail__event="second_factor_reset")
    assert event.actor == alice and event.detail["had_second_factor"] is True


def test_an_admin_of_another_organisation_cannot_reset_a_second_factor(olga, bob):
    login(bob)
    assert reset_second_factor(login(olga), bob).status_code == 404
    assert mfa.has_second_factor(bob)


def test_an_admin_cannot_reset_their_own_second_factor(alice):
    client = login(alice)
    reset_second_factor(client, alice)
    assert mfa.has_second_factor(alice)
    assert "ask another admin" in client.get(reverse("user-list")).text
