"""The shared cast, after healthchecks' alice/bob/charlie:

- `ngo`: an NGO in Cambodia. alice is its org admin, bob a caseworker, vera a viewer.
- `other_ngo`: another NGO. charlie is a caseworker there.
- `embassy`: an embassy. emma is its partner liaison.
- `bobs_case`: a case of `ngo` about a synthetic person, assigned to bob.
- `smtp_server`: a real SMTP server (aiosmtpd) that Seri's e-mail goes to, and what it received.
"""

import os
import shutil
import socket
import threading
import time
from types import SimpleNamespace

import pyotp
import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.utils import translation

from seri.orgs import mfa
from seri.orgs.services import mfa as mfa_services
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


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"),
        reason="Chromium is not installed (apt-get install chromium); CI requires it",
    ),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright's own download is not used), without the background
    traffic that a closed network refuses."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # background tasks run inline in tests (seri.linkage batch linkage, …)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # The language a test's request switched to stays active in the thread: start each in English.
    translation.activate("en")


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
    """A client logged in as `user` with both factors. The user gets an authenticator the way
    the enrolment page sets one up (the first time), and the session is marked verified the
    way the verification page marks it."""
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    if not mfa.has_second_factor(user):
        device = mfa_services.totp_device_start(actor=user)
        assert mfa_services.totp_device_confirm(actor=user, code=pyotp.TOTP(device.secret).now())
    session = client.session
    mfa.session_mark_verified(session, method=mfa.TOTP)
    session.save()
    return client


@pytest.fixture
def client_for():
    return login


class Authenticator:
    """A user's authenticator app, for tests: `code()` gives a code the server accepts."""

    def __init__(self, user, clock):
        self.clock = clock
        device = mfa.confirmed_device(user) or mfa_services.totp_device_start(actor=user)
        self.totp = pyotp.TOTP(device.secret)
        self.recovery_codes: list[str] = []
        if device.confirmed_at is None:
            self.recovery_codes = mfa_services.totp_device_confirm(actor=user, code=self.code())

    def code(self) -> str:
        """The code of the next 30-second step: the server accepts a code only once, so each
        call moves the authenticator's (and the server's) clock on by one step."""
        self.clock.now += self.totp.interval
        return self.totp.at(self.clock.now)


@pytest.fixture
def authenticator(monkeypatch):
    """`authenticator(user)`: the user's authenticator app, set up if they had none."""

    clock = SimpleNamespace(now=time.time())
    monkeypatch.setattr(mfa, "_now", lambda: clock.now)
    return lambda user: Authenticator(user, clock)


class Inbox:
    """The mailbox of a real SMTP server on 127.0.0.1:`port` (an aiosmtpd handler): every
    message it received, as (sender, recipients, content)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.messages: list[tuple[str, list[str], str]] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self._arrived:
            self.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8"))
            )
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, n: int, timeout: float = 10) -> list[tuple[str, list[str], str]]:
        """The messages, once at least `n` have arrived (sending runs in another thread)."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.messages) >= n, timeout)
        assert arrived, f"{len(self.messages)} of {n} messages arrived"
        return self.messages


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server the test starts, with Seri's e-mail settings pointing at it and
    notice e-mails on; yields its `Inbox` (host, port, messages, wait_for)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox("127.0.0.1", port)
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = inbox.host, inbox.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "seri@test.invalid"
    settings.SERI_EMAIL_NOTIFICATIONS = True
    settings.SERI_PUBLIC_URL = "https://seri.test.invalid"
    yield inbox
    controller.stop()
