"""The light request path (issue 20, item 1): what every request reads, and that reading less
keeps every guarantee.

A logged-in page reads its session, the user with their memberships (one query,
seri.orgs.backends), the navigation's counts and then its own data. Nothing about
the user is kept between requests, so a role taken away, a deactivation, an organisation
switched off, a password change, a second factor reset and a revoked token all count from the
very next request — shown here with the same client, one request after the change.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seri.orgs.backends import UserWithMembershipsBackend
from seri.orgs.models import Membership, Organisation, Role
from seri.orgs.permissions import active_memberships, forget_memberships
from seri.orgs.services import tokens, users
from tests.conftest import login
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def tables_read(queries) -> list[str]:
    """The first table each query names after FROM, INTO or UPDATE."""
    import re

    found = []
    for query in queries.captured_queries:
        match = re.search(r'(?:FROM|INTO|UPDATE)\s+"?([a-z_0-9]+)"?', query["sql"], re.I)
        found.append(match.group(1) if match else query["sql"].split()[0].lower())
    return found


# --- what a request reads ----------------------------------------------------------------------


def test_a_nearly_empty_page_reads_session_user_counts_and_its_own_data(bob):
    client = login(bob)
    client.get(reverse("notification-list"))  # the first request may move the session on
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notification-list"))
    assert response.status_code == 200
    # session; user with memberships; then the page's notices and the navigation's counts
    _session, user, *rest = [q["sql"] for q in queries.captured_queries]
    assert tables_read(queries)[:2] == ["django_session", "orgs_membership"]
    assert '"orgs_user"' in user and '"orgs_organisation"' in user
    counts = [sql for sql in rest if "COUNT(" in sql]
    own = [sql for sql in rest if "COUNT(" not in sql]
    # triage, referrals and unread notices
    assert len(counts) == 3, rest
    assert len(own) == 1 and own[0].startswith('SELECT "notifications_notification"'), rest


def test_an_api_request_with_a_token_reads_the_token_and_the_memberships_once(bob, bobs_case):
    key = tokens.api_token_create(actor=bob, via="test").key
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    client.get("/api/cases/")  # brings the token's last-used time up to date
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/cases/")
    assert response.status_code == 200
    tables = tables_read(queries)
    assert tables.count("orgs_apitoken") == 1 and tables.count("orgs_membership") == 1, tables
    assert "django_session" not in tables and tables.count("orgs_user") == 0, tables


def test_a_listed_page_is_audited_in_one_insert(bob, bobs_case):
    client = login(bob)
    client.get(reverse("case-list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("case-list")).status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "audit_auditevent" in inserts[0]


# --- the backend -------------------------------------------------------------------------------


def test_the_backend_gives_the_memberships_a_fresh_query_would(alice, ngo, other_ngo):
    Membership.objects.create(user=alice, organisation=other_ngo, role=Role.VIEWER)
    third = Organisation.objects.create(name="Closed NGO", short_name="CLOSED", type="NGO")
    Membership.objects.create(user=alice, organisation=third, role=Role.CASEWORKER)
    Organisation.objects.filter(pk=third.pk).update(is_active=False)
    loaded = UserWithMembershipsBackend().get_user(alice.pk)
    from_backend = [(m.organisation_id, m.role) for m in active_memberships(loaded)]
    forget_memberships(loaded)
    fresh = [(m.organisation_id, m.role) for m in active_memberships(loaded)]
    assert from_backend == fresh == [(ngo.pk, Role.ORG_ADMIN), (other_ngo.pk, Role.VIEWER)]


def test_the_backend_refuses_an_inactive_user_and_loads_one_without_memberships(bob, db):
    backend = UserWithMembershipsBackend()
    loner = UserFactory(username="loner")
    assert backend.get_user(loner.pk) == loner and active_memberships(loner) == []
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert backend.get_user(bob.pk) is None
    assert backend.get_user(10**9) is None


# --- every change counts from the next request -------------------------------------------------


def test_a_role_taken_away_counts_from_the_next_request(bob, ngo):
    client = login(bob)
    assert client.get(reverse("intake-triage")).status_code == 200
    # Not through a service (there is none for a role change) nor a signal: nothing is cached
    # that a plain UPDATE could leave stale.
    Membership.objects.filter(user=bob, organisation=ngo).update(role=Role.VIEWER)
    assert client.get(reverse("intake-triage")).status_code == 403


def test_a_deactivated_user_is_out_at_the_next_request(alice, bob, bobs_case):
    client = login(bob)
    case_url = reverse("case-detail", args=[bobs_case.reference])
    assert client.get(case_url).status_code == 200
    users.membership_deactivate(actor=alice, membership=bob.memberships.get())
    response = client.get(case_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_deactivated_behind_the_services_back_is_out_too(bob, bobs_case):
    client = login(bob)
    case_url = reverse("case-detail", args=[bobs_case.reference])
    assert client.get(case_url).status_code == 200
    type(bob).objects.filter(pk=bob.pk).update(is_active=False)
    response = client.get(case_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_organisation_switched_off_counts_from_the_next_request(bob, ngo, bobs_case):
    client = login(bob)
    case_url = reverse("case-detail", args=[bobs_case.reference])
    assert client.get(case_url).status_code == 200
    Organisation.objects.filter(pk=ngo.pk).update(is_active=False)
    assert client.get(case_url).status_code == 404


def test_a_password_change_ends_the_other_sessions_at_their_next_request(bob, bobs_case):
    elsewhere = login(bob)
    case_url = reverse("case-detail", args=[bobs_case.reference])
    assert elsewhere.get(case_url).status_code == 200
    bob.refresh_from_db()
    users.user_password_change(actor=bob, password=PASSWORD + "-new and long")
    response = elsewhere.get(case_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_second_factor_reset_ends_the_session_at_its_next_request(alice, bob, bobs_case):
    client = login(bob)
    case_url = reverse("case-detail", args=[bobs_case.reference])
    assert client.get(case_url).status_code == 200
    users.user_second_factor_reset(actor=alice, membership=bob.memberships.get())
    response = client.get(case_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_revoked_token_is_refused_at_its_next_request(bob, bobs_case):
    issued = tokens.api_token_create(actor=bob, via="test")
    client = Client(HTTP_AUTHORIZATION=f"Token {issued.key}")
    assert client.get("/api/cases/").status_code == 200
    tokens.api_token_revoke(actor=bob, token=issued.token)
    assert client.get("/api/cases/").status_code == 401


def test_an_unverified_session_still_gets_nothing_but_its_second_factor(bob, bobs_case):
    client = Client()
    assert client.login(username=bob.username, password=PASSWORD)
    response = client.get(reverse("case-detail", args=[bobs_case.reference]))
    assert response.status_code == 302 and "two-factor" in response["Location"]


# --- sessions read through the cache (cached_db, with Redis as the cache) ----------------------


@pytest.fixture
def cached_sessions(settings):
    """Sessions as with SERI_CACHE_URL=redis://…: read through the cache. A cache of this
    process stands in for Redis here: what is tested is that ending a session reaches it."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


def test_with_cached_sessions_a_page_does_not_read_the_session_table(cached_sessions, bob):
    client = login(bob)
    client.get(reverse("notification-list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notification-list")).status_code == 200
    assert "django_session" not in tables_read(queries)


def test_with_cached_sessions_a_deactivated_user_is_out_at_once(cached_sessions, alice, bob):
    client = login(bob)
    assert client.get(reverse("notification-list")).status_code == 200
    users.membership_deactivate(actor=alice, membership=bob.memberships.get())
    response = client.get(reverse("notification-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_with_cached_sessions_ending_a_users_sessions_reaches_the_cache(
    cached_sessions, alice, bob
):
    client = login(bob)
    assert client.get(reverse("notification-list")).status_code == 200
    users.user_sessions_end(actor=alice, membership=bob.memberships.get())
    response = client.get(reverse("notification-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("db://seri_cache", "django.contrib.sessions.backends.db"),
        ("locmem://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_read_through_the_cache_only_when_it_is_redis(tmp_path, cache_url, engine):
    env = {
        "PATH": "/usr/bin:/bin",
        "SERI_DATA_DIR": str(tmp_path),
        "SERI_CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "seri.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == engine


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
@pytest.mark.django_db
def test_a_query_repeated_on_a_connection_is_prepared_there(bob):
    """PostgreSQL planned each of a case page's 27 small queries afresh: 10 ms of planning
    against 2 of execution at a million people (decision 0040). With parameters bound by the
    server, the fifth run of a query on a connection prepares it, and later runs skip parsing
    and planning."""
    from seri.cases.models import Case

    def statements() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    before = statements()
    for reference in ("AAAA-0001", "AAAA-0002", "AAAA-0003", "AAAA-0004", "AAAA-0005", "B"):
        assert not Case.objects.filter(reference=reference).exists()
    prepared = [s for s in statements() if s not in before and '"cases_case"' in s]
    assert prepared and "$1" in prepared[0], statements()
