"""Differentially private synthetic records (MST): the utility report tells the truth about
the records, the budget is spent and refused like the private tables', only coordinators
make and release them, a preview is not downloadable, the audit row shares the transaction."""

import csv
import gzip
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.stats import synth
from seri.stats.models import CaseFact, PrivacyBudget, SyntheticRelease
from seri.stats.services import (
    BudgetExhausted,
    synthetic_release_create,
    synthetic_release_publish,
)
from tests.conftest import login
from tests.stats.conftest import make_cases

pytestmark = pytest.mark.skipif(
    not synth.available(), reason="the optional synth extra (mbi, jax) is not installed"
)


class Rollback(Exception):
    pass


def _records(release: SyntheticRelease) -> list[dict[str, str]]:
    text = gzip.decompress(bytes(release.csv_gzip)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _true_counts(column: str) -> Counter:
    """The true one-way marginal, from the summary rows, read independently of the service."""
    attr = next(a for a in synth.attributes() if a.name == column)
    counts: Counter = Counter()
    for raw in CaseFact.objects.filter(rank=0).values_list(attr.raw, flat=True):
        counts[synth._value(attr, raw)] += 1
    return counts


def _tvd(a: Counter, b: Counter) -> float:
    na, nb = sum(a.values()), sum(b.values())
    return 0.5 * sum(abs(a[k] / na - b[k] / nb) for k in set(a) | set(b))


@pytest.mark.django_db
def test_one_way_marginals_are_within_the_reported_error(ngo, coordinator):
    make_cases(ngo, 1500, seed=21)
    release = synthetic_release_create(actor=coordinator, epsilon=1.0, records=1500)
    rows = _records(release)
    assert len(rows) == 1500
    assert list(rows[0]) == [a.name for a in synth.attributes()]
    report = release.utility["one_way"]
    for attr in synth.attributes():
        made = Counter(r[attr.name] for r in rows)
        assert set(made) <= set(attr.values)  # every value from the fixed domain
        distance = _tvd(_true_counts(attr.name), made)
        assert distance <= report["by"][attr.name] + 1e-9
        assert distance == pytest.approx(report["by"][attr.name], abs=1e-9)
    assert report["max"] == pytest.approx(max(report["by"].values()))
    # and the records are useful: at ε = 1 on 1,500 cases the one-way noise (Laplace scale 18
    # per cell) and the sampling of 1,500 records give distances of about 0.03 to 0.1; records
    # drawn uniformly from the domains would be at 0.5 to 1 (the 250 countries)
    assert report["max"] < 0.2
    assert release.utility["two_way"]["max"] < 0.35
    assert release.epsilon == pytest.approx(1.0)
    assert release.parameters["privacy_unit"] == "one case"
    assert len(release.parameters["tree"]) == len(synth.attributes()) - 1


@pytest.mark.django_db
def test_the_budget_is_spent_and_refused_when_short(ngo, coordinator):
    make_cases(ngo, 200, seed=22)
    budget = PrivacyBudget.objects.create(dataset="cases", total_epsilon=1.0)
    synthetic_release_create(actor=coordinator, epsilon=0.6, records=100)
    budget.refresh_from_db()
    assert budget.spent_epsilon == pytest.approx(0.6)
    with pytest.raises(BudgetExhausted, match="budget of this dataset is spent"):
        synthetic_release_create(actor=coordinator, epsilon=0.6, records=100)
    budget.refresh_from_db()
    assert budget.spent_epsilon == pytest.approx(0.6)
    assert SyntheticRelease.objects.count() == 1
    # through the page: a clear message, nothing made
    page = login(coordinator).post(
        "/stats/synthetic/", {"epsilon": "0.5", "records": "100"}, follow=True
    )
    assert "budget of this dataset is spent" in page.content.decode()
    assert SyntheticRelease.objects.count() == 1


@pytest.mark.django_db
def test_only_coordinators_make_or_release_synthetic_records(ngo, alice, bob, coordinator):
    make_cases(ngo, 100, seed=23)
    for user in (alice, bob):
        with pytest.raises(PermissionError):
            synthetic_release_create(actor=user, epsilon=0.5, records=10)
        assert login(user).get("/stats/synthetic/").status_code == 403
    assert not SyntheticRelease.objects.exists()
    assert not PrivacyBudget.objects.filter(spent_epsilon__gt=0).exists()
    release = synthetic_release_create(actor=coordinator, epsilon=0.5, records=10)
    with pytest.raises(PermissionError):
        synthetic_release_publish(actor=alice, release=release)
    release.refresh_from_db()
    assert not release.is_released


@pytest.mark.django_db
def test_a_preview_is_shown_with_its_report_and_downloadable_only_once_released(ngo, coordinator):
    make_cases(ngo, 300, seed=24)
    client = login(coordinator)
    client.post("/stats/synthetic/", {"epsilon": "0.9", "records": "250"})
    release = SyntheticRelease.objects.get()
    page = client.get("/stats/synthetic/").content.decode()
    assert "Utility report" in page and "Release these records" in page
    assert client.get(f"/stats/synthetic/{release.public_id}.csv").status_code == 404
    client.post(f"/stats/synthetic/{release.public_id}/release")
    release.refresh_from_db()
    assert release.is_released and release.released_by == coordinator
    response = client.get(f"/stats/synthetic/{release.public_id}.csv")
    assert response.status_code == 200
    text = gzip.decompress(response.content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 251


@pytest.mark.django_db(transaction=True)
def test_the_release_and_its_audit_row_commit_or_roll_back_together(ngo, coordinator):
    make_cases(ngo, 100, seed=25)

    def audited() -> int:
        return AuditEvent.objects.filter(object_type__icontains="syntheticrelease").count()

    with pytest.raises(Rollback), transaction.atomic():
        synthetic_release_create(actor=coordinator, epsilon=0.3, records=20)
        assert SyntheticRelease.objects.count() == 1 and audited() == 1
        raise Rollback
    assert SyntheticRelease.objects.count() == 0 and audited() == 0
    assert PrivacyBudget.objects.filter(spent_epsilon__gt=0).count() == 0
    release = synthetic_release_create(actor=coordinator, epsilon=0.3, records=20)
    assert SyntheticRelease.objects.count() == 1 and audited() == 1
    with pytest.raises(Rollback), transaction.atomic():
        synthetic_release_publish(actor=coordinator, release=release)
        assert audited() == 2
        raise Rollback
    release.refresh_from_db()
    assert not release.is_released and audited() == 1


@pytest.mark.django_db
def test_the_command_writes_the_records(ngo, coordinator, alice, tmp_path):
    make_cases(ngo, 200, seed=26)
    out = tmp_path / "synthetic.csv"
    call_command(
        "synth",
        "--as",
        "cora",
        "--epsilon",
        "0.5",
        "--records",
        "120",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert len(rows) == 120
    release = SyntheticRelease.objects.get()
    assert release.is_released and release.epsilon == pytest.approx(0.5)
    # --preview makes (and pays) without releasing; --release ID releases it later
    printed = io.StringIO()
    later = tmp_path / "later.csv"
    call_command(
        "synth",
        "--as",
        "cora",
        "--epsilon",
        "0.2",
        "--records",
        "30",
        "--preview",
        "-o",
        str(later),
        stdout=printed,
    )
    preview = SyntheticRelease.objects.exclude(pk=release.pk).get()
    assert not preview.is_released and not later.exists()
    assert "total variation distance" in printed.getvalue()
    call_command(
        "synth",
        "--as",
        "cora",
        "--release",
        str(preview.public_id),
        "-o",
        str(later),
        stdout=io.StringIO(),
    )
    preview.refresh_from_db()
    assert preview.is_released and len(later.read_text("utf-8-sig").splitlines()) == 31
    assert PrivacyBudget.objects.get().spent_epsilon == pytest.approx(0.7)
    with pytest.raises(CommandError, match="may not make synthetic records"):
        call_command("synth", "--as", "alice", "--records", "5", stdout=io.StringIO())
