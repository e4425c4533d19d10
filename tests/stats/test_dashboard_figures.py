"""The dashboard's figures come from maintained summary rows (CaseFact and its tags). Each
figure is checked here against a count made independently, case by case, from the cases,
nationalities, status changes and identity links themselves, with and without filters."""

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.db import connection

from seri.cases.models import Case, CaseStatus, Nationality, StatusChange
from seri.compounds.models import Compound
from seri.linkage.models import Identity, PersonIdentity
from seri.stats.selectors import Filters
from seri.stats.services import dashboard
from tests.stats.conftest import make_cases

CLOSED = {"closed", "not_victim", "duplicate"}
OUTCOMES = ("released", "in_support", "repatriated")


def expected(filters: Filters) -> dict:
    """Every figure, by walking the cases one by one in Python."""
    linked = dict(PersonIdentity.objects.values_list("person_id", "identity_id"))
    reached: dict[int, set] = {}
    safe_at: dict[int, dt.datetime] = {}
    for change in StatusChange.objects.order_by("changed_at"):
        reached.setdefault(change.case_id, set()).add(change.to_status)
        if change.to_status == "released":
            safe_at.setdefault(change.case_id, change.changed_at)
    chosen = []
    for case in Case.objects.select_related("compound", "organisation"):
        countries = set(case.person.nationalities.values_list("country", flat=True))
        day = case.created_at.date()
        if (filters.start and day < filters.start) or (filters.end and day > filters.end):
            continue
        if filters.organisation and case.organisation != filters.organisation:
            continue
        if filters.nationality and filters.nationality not in countries:
            continue
        if filters.province and (not case.compound or case.compound.province != filters.province):
            continue
        chosen.append((case, countries))
    days = [(safe_at[c.pk] - c.created_at).days for c, _countries in chosen if c.pk in safe_at]
    return {
        "total": len(chosen),
        "open": sum(c.status not in CLOSED for c, _n in chosen),
        "people": len({linked.get(c.person_id, -c.person_id) for c, _n in chosen}),
        "nationality": Counter(n for _c, countries in chosen for n in countries),
        "province": Counter(c.compound.province for c, _n in chosen if c.compound),
        "compound": Counter(c.compound.name for c, _n in chosen if c.compound),
        "recruitment": sum(len(c.recruitment_methods) for c, _n in chosen),
        "platform": sum(len(c.recruitment_platforms) for c, _n in chosen),
        "outcomes": [sum(s in reached.get(c.pk, ()) for c, _n in chosen) for s in OUTCOMES],
        "median": statistics.median(days) if days else None,
        "reached": len(days),
    }


def chart(data, key) -> dict:
    c = data.chart(key)
    (values,) = c.series.values()
    return dict(zip(c.labels, values, strict=True))


@pytest.fixture
def coalition(ngo, other_ngo, coordinator):
    ours = make_cases(ngo, 45, seed=31, author=coordinator)
    theirs = make_cases(other_ngo, 35, seed=32, author=coordinator, nationalities=("VN", "KH"))
    for case in ours[:6]:  # dual nationals are counted under each nationality, once a case
        Nationality.objects.get_or_create(person=case.person, country="KH")
    for a, b in zip(ours[6:10], theirs[:4], strict=True):  # the same people, confirmed
        identity = Identity.objects.create()
        PersonIdentity.objects.create(person=a.person, identity=identity)
        PersonIdentity.objects.create(person=b.person, identity=identity)
    return ours, theirs


FILTERS = [
    {},
    {"organisation": "ngo"},
    {"nationality": "VN"},
    {"nationality": "KH", "organisation": "ngo"},
    {"province": "Pursat"},
    {"start": dt.date(2022, 6, 1), "end": dt.date(2023, 3, 31)},
]


@pytest.mark.django_db
@pytest.mark.parametrize("given", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_every_figure_matches_an_independent_count(given, coalition, ngo, coordinator):
    if given.get("organisation"):
        given = {**given, "organisation": ngo}
    filters = Filters(**given)
    want = expected(filters)
    got = dashboard(coordinator, filters, live=True)
    assert want["total"] > 0
    assert got.total_cases == want["total"]
    assert got.open_cases == want["open"]
    assert got.people == want["people"]
    from seri.core.vocabularies import country_name

    assert chart(got, "nationality") == {
        str(country_name(c)): n for c, n in want["nationality"].items()
    }
    assert chart(got, "province") == dict(want["province"])
    assert chart(got, "compound") == dict(want["compound"])
    assert sum(chart(got, "recruitment").values()) == want["recruitment"]
    assert sum(chart(got, "platform").values()) == want["platform"]
    assert list(chart(got, "outcomes").values()) == want["outcomes"]
    assert got.reached_safety == want["reached"]
    assert got.median_days_to_safety == want["median"]
    assert sum(sum(v) for v in got.chart("status").series.values()) == want["total"]


@pytest.mark.django_db
def test_summaries_follow_changes_made_after_the_fact(
    coalition, ngo, coordinator, django_capture_on_commit_callbacks
):
    """Status, nationality and a compound's province change after the summaries were made:
    the next computation sees each change (signals, after commit)."""
    ours, _theirs = coalition
    dashboard(coordinator, live=True)  # summaries of the bulk-loaded cases made here
    case = Case.objects.get(pk=ours[20].pk)
    compound = Compound.objects.get(pk=case.compound_id)
    with django_capture_on_commit_callbacks(execute=True):
        case.status = CaseStatus.CLOSED
        case.save()
        Nationality.objects.filter(person=case.person).delete()
        Nationality.objects.create(person=case.person, country="MM")
        compound.province = "Kampot"
        compound.save()
        case.person.gender = "Feminine" if case.person.gender != "Feminine" else "Masculine"
        case.person.save()
    got = dashboard(coordinator, live=True)
    want = expected(Filters())
    assert got.open_cases == want["open"]
    assert chart(got, "nationality")["Myanmar"] == 1
    assert chart(got, "province") == dict(want["province"])
    assert "Kampot" in chart(got, "province")
    # what the HTCDS export reads as quasi-identifiers follows too
    from seri.stats.models import CaseFact

    fact = CaseFact.objects.get(case=case)
    assert (fact.qi_gender, fact.qi_citizenships) == (case.person.gender, "MM")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the kept coalition counts are PostgreSQL's"
)
def test_the_coalition_counts_kept_by_postgresql_equal_the_aggregate_after_every_change(
    ngo, other_ngo, coordinator
):
    """The coordinator's unfiltered dashboard reads counts kept by triggers (migration stats
    0008): after inserts, updates, deletes and a truncation of the summary rows they equal the
    GROUPING SETS aggregate over the rows themselves."""
    from seri.stats import selectors
    from seri.stats.models import CaseFact
    from seri.stats.services import case_facts_refresh

    def kept():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM stats_coalitioncount WHERE n <> 0")
            assert cursor.fetchone()[0] > 0  # the dashboard reads them, not an empty table
        return selectors.grouped_counts(CaseFact.objects.filter(rank=0))

    def aggregated():  # the same rows, asked so that they are aggregated
        return selectors.grouped_counts(CaseFact.objects.filter(rank=0, case_id__gt=0))

    def same(a, b):
        return {k: sorted(v, key=repr) for k, v in a.items()} == {
            k: sorted(v, key=repr) for k, v in b.items()
        }

    ours = make_cases(ngo, 30, seed=41, author=coordinator)
    make_cases(other_ngo, 20, seed=42, author=coordinator, nationalities=("VN", "KH"))
    case_facts_refresh()  # a bulk rebuild: rows deleted and inserted
    assert same(kept(), aggregated())
    Nationality.objects.get_or_create(person=ours[0].person, country="KH")
    case_facts_refresh(cases=Case.objects.filter(pk=ours[0].pk))
    CaseFact.objects.filter(case__in=[c.pk for c in ours[:5]]).update(status="closed")
    CaseFact.objects.filter(case=ours[5]).update(rank=1)  # a row leaves the counted ones
    Case.objects.filter(pk=ours[6].pk).delete()  # its rows go by cascade
    assert same(kept(), aggregated())
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE stats_casefact")
        cursor.execute("SELECT count(*) FROM stats_coalitioncount WHERE n <> 0")
        assert cursor.fetchone()[0] == 0
    case_facts_refresh()
    assert same(kept(), aggregated())
