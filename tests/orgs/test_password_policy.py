"""Passwords: the validators of the settings, and not the organisation's name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from seri.orgs.services import user_create
from tests.conftest import login
from tests.factories import PASSWORD


@pytest.mark.parametrize(
    "password", ["TestNGOPhnomPenh", "test ngo phnom penh 2022", "tngo-tngo-tngo", "short"]
)
def test_a_new_users_password_is_checked(alice, ngo, password):
    with pytest.raises(ValidationError) as error:
        user_create(
            actor=alice, organisation=ngo, username="newuser", password=password, role="viewer"
        )
    assert "password" in error.value.message_dict


def test_a_password_unlike_the_organisation_is_accepted(alice, ngo):
    user = user_create(
        actor=alice,
        organisation=ngo,
        username="newuser",
        password="lantern-orbit-meadow",
        role="viewer",
    )
    assert user.check_password("lantern-orbit-meadow")


def test_a_changed_password_is_checked_against_the_organisation(bob):
    response = login(bob).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "testngo-phnompenh",
            "new_password2": "testngo-phnompenh",
        },
    )
    assert response.status_code == 200
    assert "name of your organisation" in response.text


@pytest.mark.parametrize("language", ["km", "zh-hans"])
def test_the_password_page_speaks_the_readers_language(bob, settings, language):
    client = login(bob)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("password_change")).text
    refused = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "1234"},
    ).text
    for english in ("New password", "Old password", "at least", "common password", "digits"):
        assert english not in page and english not in refused, english
