"""Failed logins lock the username (and, after more, the address) for 15 minutes, without
telling whether the username exists, and without storing usernames or addresses."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from seri.orgs.models import LoginFailure, LoginLock
from seri.orgs.services import login

LOCKED = "Too many failed attempts"


@pytest.fixture
def clock(monkeypatch):
    """The time failures are counted at, moved by the test."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(login, "_now", lambda: clock.now)
    return clock


def test_five_wrong_passwords_lock_the_username(bob, vera, password_login, clock):
    for _ in range(4):
        response, _client = password_login("bob", "wrong-password")
        assert response.status_code == 200
        assert "didn&#x27;t match" in response.text
    response, _client = password_login("bob", "wrong-password")
    assert LOCKED in response.text

    # While locked, the right password is refused with the same words.
    response, client = password_login("bob")
    assert response.status_code == 200 and LOCKED in response.text
    assert "_auth_user_id" not in client.session

    # Another user, from the same address, is not locked out.
    assert password_login("vera")[0].status_code == 302

    # The lock ends after 15 minutes.
    clock.advance(minutes=14)
    response, _client = password_login("bob")
    assert LOCKED in response.text
    clock.advance(minutes=2)
    response, _client = password_login("bob")
    assert response.status_code == 302


def test_the_lock_message_does_not_tell_whether_the_username_exists(bob, password_login, clock):
    def attempts(username):
        texts = []
        for _ in range(6):
            response, _client = password_login(username, "wrong-password")
            texts.append(response.context["form"].non_field_errors())
        return texts

    assert attempts("bob") == attempts("nobody-by-this-name")


def test_failures_are_counted_within_15_minutes(bob, password_login, clock):
    for _ in range(4):
        password_login("bob", "wrong-password")
    clock.advance(minutes=16)
    response, _client = password_login("bob", "wrong-password")
    assert LOCKED not in response.text
    assert password_login("bob")[0].status_code == 302


def test_the_username_is_compared_without_case(bob, password_login, clock):
    for name in ["bob", "BOB", "Bob", "bOb", "boB"]:
        password_login(name, "wrong-password")
    assert LOCKED in password_login("bob")[0].text


def test_an_address_is_locked_after_more_failures(bob, password_login, clock):
    for n in range(login.IP_FAILURE_LIMIT):
        password_login(f"someone-{n}", "wrong-password", REMOTE_ADDR="203.0.113.9")
    response, _client = password_login("bob", REMOTE_ADDR="203.0.113.9")
    assert LOCKED in response.text
    assert password_login("bob", REMOTE_ADDR="203.0.113.10")[0].status_code == 302


def test_usernames_and_addresses_are_stored_only_as_keyed_hashes(bob, password_login, clock):
    for _ in range(5):
        password_login("bob", "wrong-password", REMOTE_ADDR="203.0.113.9")
    keys = list(LoginFailure.objects.values_list("key", flat=True)) + list(
        LoginLock.objects.values_list("key", flat=True)
    )
    assert keys
    assert not any("bob" in key or "203.0.113" in key for key in keys)
    assert all(len(key) == 64 for key in keys)


def test_a_full_login_forgets_the_usernames_failures(bob, authenticator, password_login, clock):
    app = authenticator(bob)
    for _ in range(4):
        password_login("bob", "wrong-password")
    _response, client = password_login("bob")
    client.post(reverse("two-factor-verify"), {"code": app.code()})
    for _ in range(4):
        response, _client = password_login("bob", "wrong-password")
    assert LOCKED not in response.text
