"""The estimate from Seri's own lists: one list per organisation, people linked across
organisations counted once."""

import pytest

from seri.linkage.models import Identity, PersonIdentity
from seri.stats import mse
from seri.stats.services import dashboard, seri_capture_histories
from tests.conftest import login
from tests.stats.conftest import make_cases


@pytest.mark.django_db
def test_linked_people_make_the_overlap(ngo, other_ngo, coordinator):
    ours = make_cases(ngo, 60, seed=21)
    theirs = make_cases(other_ngo, 50, seed=22)
    # 15 people reported by both organisations, linked by the duplicate-detection results
    for a, b in zip(ours[:15], theirs[:15], strict=True):
        identity = Identity.objects.create()
        PersonIdentity.objects.create(person=a.person, identity=identity)
        PersonIdentity.objects.create(person=b.person, identity=identity)
    histories = seri_capture_histories()
    assert histories.lists == ("OTHER", "TNGO")
    assert histories.counts == {(1, 1): 15, (0, 1): 45, (1, 0): 35}
    result = mse.estimate(histories, bootstrap=0)
    assert result.total == pytest.approx(95 + 45 * 35 / 15)  # Lincoln-Petersen
    assert dashboard(coordinator).people == 95  # counted as identities, not records
    page = login(coordinator).get("/stats/estimate/")
    assert page.status_code == 200
    assert "200" in page.content.decode()  # 95 + 105 = 200


@pytest.mark.django_db
def test_a_caseworker_sees_their_organisation_only(ngo, other_ngo, bob, coordinator):
    make_cases(ngo, 12, seed=23)
    make_cases(other_ngo, 30, seed=24)
    assert dashboard(bob).total_cases == 12
    assert dashboard(coordinator).total_cases == 42
    page = login(bob).get("/stats/", {"nationality": "CN"})
    assert page.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_summaries_follow_the_services(ngo, bob, bobs_case):
    """A back-dated report and a move to safety through the services update the summary
    the dashboard reads (signals, after commit)."""
    import datetime as dt

    from django.utils import timezone

    from seri.cases.services import case_change_status
    from seri.intake.services import ReportInput, report_create
    from seri.stats.models import CaseFact

    received = timezone.now() - dt.timedelta(days=40)
    report_create(
        actor=bob,
        organisation=ngo,
        case=bobs_case,
        data=ReportInput(
            channel="hotline",
            reporter_relation="family",
            original_text="An account, as received.",
            received_at=received,
        ),
    )
    for status in ("verifying", "released"):
        bobs_case.refresh_from_db()
        case_change_status(actor=bob, case=bobs_case, to_status=status, reason="Synthetic.")
    fact = CaseFact.objects.get(case=bobs_case)
    assert fact.first_reported_at == received
    assert fact.days_to_safety == 40
    assert dashboard(bob).median_days_to_safety == 40


@pytest.mark.django_db
def test_the_dashboard_is_a_fixed_number_of_aggregate_queries(ngo, coordinator):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def figures_queries() -> int:
        # The shared cache is a database table (SERI_CACHE_URL): its reads and writes are not
        # the dashboard's aggregates, and are the same whatever the number of cases.
        with CaptureQueriesContext(connection) as queries:
            dashboard(coordinator, live=True)
        return len([q for q in queries.captured_queries if "seri_cache" not in q["sql"]])

    make_cases(ngo, 30, seed=25, author=coordinator)
    call_command("stats_refresh")
    few = figures_queries()
    assert few <= 15  # the aggregates, the memberships and the missing-summaries count
    make_cases(ngo, 30, seed=26, author=coordinator)  # more cases: not more queries
    call_command("stats_refresh")
    assert figures_queries() <= few


@pytest.mark.django_db
def test_figures_are_kept_two_minutes_and_rebuilt_on_demand(ngo, coordinator):
    from django.core.cache import cache
    from django.core.management import call_command

    make_cases(ngo, 10, seed=27)
    assert dashboard(coordinator).total_cases == 10
    make_cases(ngo, 5, seed=28)
    assert dashboard(coordinator).total_cases == 10  # kept: the page and its downloads agree
    assert dashboard(coordinator, live=True).total_cases == 15
    make_cases(ngo, 5, seed=29)
    call_command("stats_refresh")  # rebuilds the summaries and forgets the kept figures
    assert dashboard(coordinator).total_cases == 20
    cache.clear()
