"""Right in every language: the cache keeps numbers (codes), titles and labels are made for
each request in its language; the nationality counted first is the first recorded."""

import pytest
from django.utils import translation

from seri.cases.models import Case, Nationality
from seri.core.vocabularies import country_name
from seri.stats.models import CaseFact
from seri.stats.selectors import Filters
from seri.stats.services import _true_counts, case_facts_refresh, dashboard
from tests.stats.conftest import make_cases


@pytest.mark.django_db
def test_figures_cached_in_one_language_are_labelled_in_another(ngo, coordinator):
    make_cases(ngo, 30, seed=41)
    with translation.override("en"):
        english = dashboard(coordinator, Filters())
    CaseFact.objects.all().delete()  # a second computation would now find nothing
    for language, title in (("km", "ករណីតាមសញ្ជាតិ"), ("zh-hans", "按国籍统计的个案")):
        with translation.override(language):
            other = dashboard(coordinator, Filters())  # from the cache
            assert other.chart("nationality").title == title
            names = {str(country_name(c)) for c in ("CN", "ID", "TH", "VN")}
            assert set(other.chart("nationality").labels) == names
            assert names.isdisjoint(english.chart("nationality").labels)
        assert other.total_cases == english.total_cases == 30
        assert other.computed_at == english.computed_at
        # the statuses are named in the language, the numbers are the same
        assert set(other.chart("status").series).isdisjoint(english.chart("status").series)
        assert [list(v) for v in other.chart("status").series.values()] == [
            list(v) for v in english.chart("status").series.values()
        ]


@pytest.mark.django_db
def test_the_first_recorded_nationality_is_the_one_counted_first(ngo):
    (case,) = make_cases(ngo, 1, seed=42, nationalities=("VN",))
    Nationality.objects.create(person=case.person, country="CN")  # recorded second
    case_facts_refresh(cases=Case.objects.filter(pk=case.pk))
    first = CaseFact.objects.get(case=case, rank=0)
    assert first.nationality == "VN"  # not CN, the alphabetically first
    assert first.qi_citizenships == "CN;VN"  # HTCDS citizenship: every one
    counts = _true_counts("nationality", Case.objects.filter(pk=case.pk))
    assert counts == {"VN": 1}
