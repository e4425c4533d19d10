"""Differentially private releases: parameters recorded, budget spent, refusal when spent."""

import pytest

from seri.stats.models import DPRelease, PrivacyBudget
from seri.stats.services import BudgetExhausted, dp_release_create
from tests.conftest import login
from tests.stats.conftest import make_cases


@pytest.mark.django_db
def test_a_release_records_its_parameters_and_spends_the_budget(ngo, coordinator):
    make_cases(ngo, 50, seed=9)
    release = dp_release_create(actor=coordinator, table="province", epsilon=0.5)
    assert release.epsilon == pytest.approx(0.5)
    assert release.scale == pytest.approx(2.0)
    assert "Sihanoukville" in release.categories
    assert len(release.noisy_counts) == len(release.categories)
    assert release.parameters["privacy_unit"] == "one case"
    assert PrivacyBudget.objects.get().spent_epsilon == pytest.approx(0.5)


@pytest.mark.django_db
def test_release_is_refused_once_the_budget_is_spent(ngo, coordinator):
    make_cases(ngo, 20, seed=10)
    budget = PrivacyBudget.objects.create(dataset="cases", total_epsilon=1.0)
    dp_release_create(actor=coordinator, table="nationality", epsilon=0.6)
    with pytest.raises(BudgetExhausted, match="budget of this dataset is spent"):
        dp_release_create(actor=coordinator, table="month", epsilon=0.6)
    budget.refresh_from_db()
    assert budget.spent_epsilon == pytest.approx(0.6)
    assert DPRelease.objects.count() == 1
    # and through the page: a clear message, nothing released
    response = login(coordinator).post(
        "/stats/releases/", {"table": "month", "epsilon": "0.5"}, follow=True
    )
    assert "budget of this dataset is spent" in response.content.decode()
    assert DPRelease.objects.count() == 1


@pytest.mark.django_db
def test_only_coordinators_release(alice):
    assert (
        login(alice).post("/stats/releases/", {"table": "month", "epsilon": "0.1"}).status_code
        == 403
    )
