"""The benchmark generator and the case list benchmark at tiny scale, so that they cannot rot.

The generator loads 200 people into the test database the way it loads a million elsewhere (raw
multi-row inserts of rows it encrypted and hashed itself); what it wrote must be what the
services would have written: the ORM decrypts it and the real search finds people by name and
phone. Then the case list benchmark runs one request per page and returns rows in the shared
JSON format.
"""

import pytest
from django.db import connection

from bench import generate, pages
from seri.cases.models import Case, Person
from seri.cases.selectors import CaseFilters, case_list_for_user

pytestmark = pytest.mark.django_db

# Only its vendor matters (SQLite: multi-row inserts; PostgreSQL: COPY): the test database is used.
URL = (
    "postgres://postgres@127.0.0.1:5432/unused"
    if connection.vendor == "postgresql"
    else "sqlite:///:memory:"
)


def test_generator_writes_what_the_services_would_and_the_page_benchmark_runs():
    timings = generate.generate(
        people=200, seed=3, url=URL, workers=1, verbose=False, linkage=False
    )
    assert timings["rows"]["person"] == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT identity_id) FROM bench_truth")
        people, identities = cursor.fetchone()
    assert people == 200 == Person.objects.count() == Case.objects.count()
    assert 100 < identities < 200  # some people are reported by several organisations
    assert Case.objects.values("organisation").distinct().count() > 10

    user, organisation = pages.bench_user()
    person = (
        Person.objects.filter(organisation=organisation, phones__isnull=False)
        .prefetch_related("names", "phones")
        .first()
    )
    name = person.names.all()[0].value  # decrypted by the field
    phone = person.phones.all()[0]
    assert not name.startswith("enc1:") and phone.e164.startswith("+")
    for query in (name, phone.original):
        found = case_list_for_user(user, CaseFilters(query=query))
        assert person.pk in {c.person_id for c in found}, query

    rows = pages.run(people=200, url=URL, requests=1, warmup=0)
    assert {r["benchmark"] for r in rows} >= {
        "case list: all cases, newest first",
        "case search: name (romanised)",
        "case search: phone number",
    }
    for r in rows:
        assert set(r) == {
            "benchmark",
            "metric",
            "value",
            "unit",
            "target",
            "met",
            "database",
            "scale",
            "peak_memory_mb",
        }
        assert r["database"] == connection.vendor and r["scale"] == 200 and r["value"] > 0
