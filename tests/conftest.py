"""The shared cast, after healthchecks' alice/bob/charlie:

- `ngo`: an NGO in Cambodia. alice is its org admin, bob a caseworker, vera a viewer.
- `other_ngo`: another NGO. charlie is a caseworker there.
- `embassy`: an embassy. emma is its partner liaison.
- `bobs_case`: a case of `ngo` about a synthetic person, assigned to bob.
"""

import os

import pytest
from django.test import Client

from tests.factories import (
    PASSWORD,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    Role,
    UserFactory,
)

# pytest-django's live_server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ngo(db):
    return OrganisationFactory(name="Test NGO Phnom Penh", short_name="TNGO")


@pytest.fixture
def other_ngo(db):
    return OrganisationFactory(name="Other Test NGO", short_name="OTHER")


@pytest.fixture
def embassy(db):
    return OrganisationFactory(
        name="Embassy of Testland",
        short_name="EMB-TL",
        type="EmbassyForeignGovernment",
        country="VN",
    )


@pytest.fixture
def alice(ngo):
    return UserFactory(username="alice", membership=(ngo, Role.ORG_ADMIN))


@pytest.fixture
def bob(ngo):
    return UserFactory(username="bob", membership=(ngo, Role.CASEWORKER))


@pytest.fixture
def vera(ngo):
    return UserFactory(username="vera", membership=(ngo, Role.VIEWER))


@pytest.fixture
def charlie(other_ngo):
    return UserFactory(username="charlie", membership=(other_ngo, Role.CASEWORKER))


@pytest.fixture
def emma(embassy):
    return UserFactory(username="emma", membership=(embassy, Role.PARTNER_LIAISON))


@pytest.fixture
def bobs_case(ngo, bob):
    person = PersonFactory(
        organisation=ngo, name="Testperson Alpha", nationality="VN", phone="+84912345678"
    )
    return CaseFactory(organisation=ngo, person=person, assigned_to=bob)


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def client_for():
    return login
