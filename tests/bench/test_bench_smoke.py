"""The benchmark generator and the case list benchmark at tiny scale, so that they cannot rot.

The generator loads 200 people into the test database the way it loads a million elsewhere (raw
multi-row inserts of rows it encrypted and hashed itself); what it wrote must be what the
services would have written: the ORM decrypts it and the real search finds people by name and
phone. Then the case list benchmark runs one request per page and returns rows in the shared
JSON format.
"""

import pytest
from django.apps import apps
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


def schema() -> dict:
    """Every table's indexes and constraints as the database describes them (Django's
    introspection, and the definitions in the catalogue), the generator's own tables aside."""
    with connection.cursor() as cursor:
        tables = [
            t
            for t in connection.introspection.table_names(cursor)
            if not t.startswith(("bench_", "sqlite_stat"))
        ]
        described = {t: connection.introspection.get_constraints(cursor, t) for t in tables}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            )
            definitions = set(cursor.fetchall())
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid),"
                " condeferrable, condeferred, convalidated FROM pg_constraint"
                " WHERE connamespace = 'public'::regnamespace"
            )
            definitions |= set(cursor.fetchall())
        else:
            cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            definitions = set(cursor.fetchall())
    # The generator's own tables, and SQLite's statistics (ANALYZE) are not the schema.
    definitions = {
        d
        for d in definitions
        if not any(str(v).startswith(("bench_", "sqlite_stat")) for v in d[:3])
    }
    return {"described": described, "definitions": definitions}


def assert_same_schema(now: dict, migrated: dict) -> None:
    """Equal, with the differences shown (what appeared, what went missing)."""
    assert now["definitions"] - migrated["definitions"] == set()
    assert migrated["definitions"] - now["definitions"] == set()
    assert {
        table: constraints
        for table, constraints in now["described"].items()
        if migrated["described"].get(table) != constraints
    } == {}
    assert now == migrated


LOADED = sorted({apps.get_model(label)._meta.db_table for label, _ in generate.LAYOUT.values()})


def test_the_generator_drops_every_secondary_index_and_foreign_key_and_makes_them_again():
    migrated = schema()
    drop, create = generate.deferred_schema(LOADED)
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        for table in LOADED:
            left = connection.introspection.get_constraints(cursor, table)
            if connection.vendor == "postgresql":  # the primary key and checks stay
                kept = [n for n, c in left.items() if not (c["primary_key"] or c["check"])]
            else:  # what CREATE TABLE declared stays (its foreign keys are off for the load)
                kept = [n for n, c in left.items() if c["index"] and not c["primary_key"]]
                kept = [n for n in kept if not n.startswith("sqlite_autoindex_")]
            assert kept == [], table
        assert "case_newest_first" not in connection.introspection.get_constraints(
            cursor, "cases_case"
        )
        for sql in create:
            cursor.execute(sql)
    assert_same_schema(schema(), migrated)


def test_generator_writes_what_the_services_would_and_the_page_benchmark_runs():
    migrated = schema()
    timings = generate.generate(
        people=200, seed=3, url=URL, workers=1, verbose=False, linkage=False
    )
    assert timings["rows"]["person"] == 200
    # The indexes and constraints dropped for the load are all back, as the migrations made them.
    assert_same_schema(schema(), migrated)

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
