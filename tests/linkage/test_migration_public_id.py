"""The migration that gives candidate pairs a public id fills one for every existing pair,
each different, before making the field unique (run on SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import PersonFactory

BEFORE = [("linkage", "0002_name_word_frequencies")]


@pytest.mark.django_db(transaction=True)
def test_existing_pairs_get_distinct_public_ids(ngo):
    people = [PersonFactory(organisation=ngo, name=f"Testperson {n}") for n in "ABC"]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("linkage", "MatchCandidate")
    for a, b in [(people[0], people[1]), (people[0], people[2])]:
        old.objects.create(
            person_a_id=a.pk, person_b_id=b.pk, probability=0.5, source="batch", exact=[]
        )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("linkage", "0004_candidate_public_id_unique")])
        new = executor.loader.project_state(
            [("linkage", "0004_candidate_public_id_unique")]
        ).apps.get_model("linkage", "MatchCandidate")
        ids = list(new.objects.values_list("public_id", flat=True))
        assert len(ids) == 2 and None not in ids and len(set(ids)) == 2
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
