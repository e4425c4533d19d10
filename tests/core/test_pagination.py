"""The capped count counts primary keys in the database, up to the cap, without the list's
ORDER BY (issue 20): it never fetches rows through the ORM."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from seri.cases.models import Case
from seri.cases.selectors import CaseFilters, case_list_for_user
from seri.core.pagination import CappedPaginator
from tests.factories import CaseFactory


def test_the_capped_count_is_one_count_of_keys_without_order(bob, ngo):
    for _ in range(4):
        CaseFactory(organisation=ngo)
    rows = case_list_for_user(bob, CaseFilters())
    paginator = CappedPaginator(rows, 2, cap=3)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 4  # cap + 1: "more than 3"
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"]
    assert sql.upper().startswith("SELECT COUNT(*) FROM (SELECT")
    inner = sql[sql.index("(SELECT") :]
    assert "ORDER BY" not in inner.upper()
    # Only the key is selected in the subquery: no person, no organisation columns.
    selected = inner[len("(SELECT") : inner.upper().index(" FROM ")]
    assert selected.count(",") == 0 and '"id"' in selected
    assert paginator.is_capped and paginator.num_pages == 2


def test_below_the_cap_the_count_is_exact(bob, ngo):
    for _ in range(3):
        CaseFactory(organisation=ngo)
    paginator = CappedPaginator(Case.objects.all(), 2, cap=10)
    assert paginator.count == 3 and not paginator.is_capped and paginator.num_pages == 2
    assert [c.pk for c in paginator.page(2)] == [c.pk for c in Case.objects.all()[2:]]
