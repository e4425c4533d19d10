"""A change made while the export is being written cannot break k: the rows actually written
are counted again per group (in people) and groups below k are left out. Here the change is
made on the export's own connection between its two passes, so that pass 2 sees it — the
worst case; the read snapshot (`read_snapshot`) normally hides such changes altogether."""

import csv
import io
import zipfile
from collections import Counter

import pytest
from django.db import connection

from seri.stats import htcds
from seri.stats.models import CaseFact, ExportRecord
from tests.conftest import login
from tests.stats.conftest import make_cases


@pytest.mark.django_db
def test_a_change_between_the_passes_cannot_leave_a_small_group(ngo, coordinator):
    cases = make_cases(ngo, 80, seed=31)
    changed = cases[0]
    fired = []

    def change_before_pass_two(execute, sql, params, many, context):
        # pass 2: the rows with their identity, read without grouping
        if not fired and '"ident"' in sql and "GROUP BY" not in sql.upper():
            fired.append(sql)
            # A person edited while the file is written: an age and a year no one else has.
            with context["connection"].cursor() as cursor:  # pass 2's may be server-side
                cursor.execute(
                    "UPDATE stats_casefact SET qi_age = 3, qi_year = 1990 WHERE case_id = %s",
                    [changed.pk],
                )
        return execute(sql, params, many, context)

    data = {"format": "csv", "k": "5"}
    for key in htcds.COLUMNS:
        if key not in ("age_band", "year"):
            data[f"col_{key}"] = "omit"
    client = login(coordinator)
    with connection.execute_wrapper(change_before_pass_two):
        response = client.post("/stats/export/", data)
    assert fired, "pass 2 was not reached"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("seri-additions.csv").decode("utf-8-sig"))))
    record = ExportRecord.objects.get()
    assert record.levels["age_band"] < 3 or record.levels["year"] < 2  # something is published
    groups = Counter((r["seri_AgeBand"], r["seri_YearRegistered"]) for r in rows)
    assert min(groups.values()) >= 5
    # the changed case's group (a child registered in 1990) is not in the file
    assert not any(r["seri_YearRegistered"].startswith("1990") for r in rows)
    assert len(rows) == 80 - record.rows_suppressed
    assert CaseFact.objects.get(case=changed, rank=0).qi_year == 1990  # the change happened
