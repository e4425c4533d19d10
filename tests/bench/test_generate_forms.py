"""The generator stores each person's name forms as `seri.linkage`'s services store them, so a
fresh benchmark database needs no `seri linkage reindex --forms-only` before intake is measured."""

import pytest
from django.db import connection

from bench import generate
from seri.cases.models import Person
from seri.linkage.models import PersonNameForms
from seri.linkage.records import forms_version, records_of

pytestmark = pytest.mark.django_db

URL = (
    "postgres://postgres@127.0.0.1:5432/unused"
    if connection.vendor == "postgresql"
    else "sqlite:///:memory:"
)


def test_the_generator_stores_the_forms_the_services_would():
    generate.generate(people=30, seed=4, url=URL, workers=1, verbose=False, linkage=True)
    ids = list(Person.objects.values_list("pk", flat=True))
    rows = PersonNameForms.objects.filter(person_id__in=ids)
    assert rows.count() == len(ids) == 30
    assert {r.reader_hash for r in rows} == {forms_version()}
    names = {p.pk: [n.value for n in p.names.order_by("id")] for p in Person.objects.all()}
    assert all([text for text, _f in r.forms] == names[r.person_id] for r in rows)
    # read back from the table, they make the records a fresh reading makes
    assert records_of(ids) == records_of(ids, fresh=True)
