"""`POST /api/token/` answers the same for every failure, so that it cannot be used to learn
whether a user exists, whether a password is right, or whether a second factor is set up; and
the web session gets a new key once the second factor is passed."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from rest_framework.test import APIClient

from seri.orgs.models import ApiToken
from tests.factories import PASSWORD, Role, UserFactory


def ask(username: str, password: str, otp: str):
    return APIClient().post("/api/token/", {"username": username, "password": password, "otp": otp})


@pytest.fixture
def failures(bob, authenticator):
    """One failed request of each kind, each from a fresh username so that no lock interferes."""
    app = authenticator(bob)
    without_second_factor = UserFactory(
        username="nora", membership=(bob.memberships.get().organisation, Role.CASEWORKER)
    )
    return {
        "wrong password": ask("bob", "not-the-password", app.code()),
        "unknown user": ask("nobody-by-this-name", PASSWORD, "123456"),
        "no second factor": ask(without_second_factor.username, PASSWORD, "123456"),
        "wrong code": ask("bob", PASSWORD, "000000"),
        "used recovery code": ask("bob", PASSWORD, "aaaaa-bbbbb"),
    }


def test_every_failure_gets_the_same_answer(failures):
    answers = {kind: (r.status_code, r.content) for kind, r in failures.items()}
    assert len(set(answers.values())) == 1, answers
    status, body = answers["wrong password"]
    assert status == 400 and b"token" not in body
    assert not ApiToken.objects.exists()


def test_a_right_password_without_a_second_factor_counts_as_a_failure(ngo):
    UserFactory(username="nora", membership=(ngo, Role.CASEWORKER))
    answers = [ask("nora", PASSWORD, "123456").status_code for _ in range(5)]
    # Five failures lock the username, as five wrong passwords do.
    assert answers == [400, 400, 400, 400, 429]


def test_the_session_key_changes_after_the_second_factor(bob, authenticator, password_login):
    app = authenticator(bob)
    _response, client = password_login("bob")
    before = client.session.session_key
    response = client.post(reverse("two-factor-verify"), {"code": app.code()})
    assert response.status_code == 302
    after = client.session.session_key
    assert after != before
    # The key seen before the second factor is worth nothing now.
    assert not SessionStore().exists(before)
    assert client.get(reverse("home")).status_code == 200


def test_the_session_key_changes_after_enrolment(bob, password_login):
    import pyotp

    from seri.orgs.models import TOTPDevice

    _response, client = password_login("bob")
    client.get(reverse("two-factor-enrol"))
    before = client.session.session_key
    secret = TOTPDevice.objects.get(user=bob).secret
    response = client.post(reverse("two-factor-enrol"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    assert client.session.session_key != before
    assert not SessionStore().exists(before)
