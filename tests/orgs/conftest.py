import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, Role, UserFactory


@pytest.fixture
def olga(other_ngo):
    """The org admin of the other NGO."""
    return UserFactory(username="olga", membership=(other_ngo, Role.ORG_ADMIN))


@pytest.fixture
def password_login():
    """`password_login(username, password=PASSWORD, client=None)`: the login page's answer,
    and the client; the session then waits for its second factor."""

    def post(username, password=PASSWORD, client=None, **extra):
        client = client or Client()
        response = client.post(
            reverse("login"), {"username": username, "password": password}, **extra
        )
        return response, client

    return post
