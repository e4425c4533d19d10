"""The risk an export reports over every published column (quasi-identifiers and columns released
as non-identifying) is counted in people, on the rows actually written: a person with two
cases alone in their published group is one person, a prosecutor risk of 1."""

import csv
import io
import zipfile
from collections import Counter

import pytest

from seri.cases.models import Case, Person
from seri.linkage.models import Identity, PersonIdentity
from seri.stats import htcds
from seri.stats.models import ExportRecord
from tests.conftest import login
from tests.stats.conftest import make_cases


@pytest.mark.django_db
def test_the_risk_over_released_columns_counts_a_linked_person_once(ngo, coordinator):
    cases = make_cases(ngo, 60, seed=41)
    first, second = cases[0], cases[1]
    # One person recorded twice (linked as one identity), both cases with a status no one
    # else has, and the same gender: a published group of two rows and one person.
    identity = Identity.objects.create()
    PersonIdentity.objects.create(person=first.person, identity=identity)
    PersonIdentity.objects.create(person=second.person, identity=identity)
    Person.objects.filter(pk=second.person.pk).update(gender=first.person.gender)
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(status="repatriated")

    data = {"format": "csv", "k": "5", "col_status": "release", "reason_status": "Synthetic."}
    for key in htcds.COLUMNS:
        if key not in ("gender", "status"):
            data[f"col_{key}"] = "omit"
    response = login(coordinator).post("/stats/export/", data)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    standard = list(csv.DictReader(io.StringIO(archive.read("htcds-2.0.csv").decode("utf-8-sig"))))
    additions = list(
        csv.DictReader(io.StringIO(archive.read("seri-additions.csv").decode("utf-8-sig")))
    )
    rows = [{**s, **a} for s, a in zip(standard, additions, strict=True)]
    published = ("prs_Gender", "cas_Status", "seri_Status")
    groups = Counter(tuple(r[f] for f in published) for r in rows)

    record = ExportRecord.objects.get()
    assert record.rows_suppressed == 0 and len(rows) == 60  # gender alone: groups of ≥ 5
    pair = (first.person.gender, "FollowUp", "repatriated")
    assert groups[pair] == 2  # two rows ...
    alone = sum(n for g, n in groups.items() if n == 1)
    assert record.risk["groups"] == len(groups)
    assert record.risk["smallest_group_people"] == 1  # ... but one person
    assert record.risk["max_prosecutor_risk"] == 1.0
    assert record.risk["unique_share"] == round((alone + 2) / 60, 4)
