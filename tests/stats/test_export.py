"""HTCDS exports: k-anonymous in people over every published column that is not released,
written in one read snapshot, audited, refused when k cannot be met."""

import csv
import io
import zipfile
from collections import Counter

import pytest
from openpyxl import load_workbook

from seri.audit.models import AuditEvent
from seri.stats import htcds
from seri.stats.models import ExportRecord
from tests.conftest import login
from tests.stats.conftest import make_cases

QI_FIELDS = [f for column in htcds.COLUMNS.values() for f in column.fields]


def read_zip(response) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
    }


def joined(files) -> list[dict]:
    """Each HTCDS row with its Seri additions (row n beside row n)."""
    standard, additions = files["htcds-2.0.csv"], files["seri-additions.csv"]
    assert [int(a["seri_row"]) for a in additions] == list(range(1, len(standard) + 1))
    return [{**s, **a} for s, a in zip(standard, additions, strict=True)]


@pytest.mark.django_db
def test_csv_export_is_k_anonymous_and_reports_what_it_did(ngo, other_ngo, coordinator):
    make_cases(ngo, 300, seed=3)
    make_cases(other_ngo, 120, seed=4)
    client = login(coordinator)
    response = client.post("/stats/export/", {"format": "csv", "k": "11"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = read_zip(response)
    assert set(files) == {"htcds-2.0.csv", "seri-additions.csv", "report.csv"}
    rows = joined(files)
    assert list(files["htcds-2.0.csv"][0]) == htcds.STANDARD_HEADER
    # Checked independently: every published column is a quasi-identifier by default; each
    # person has one case here, so groups of rows are groups of people.
    groups = Counter(tuple(r[c] for c in QI_FIELDS) for r in rows)
    assert min(groups.values()) >= 11
    record = ExportRecord.objects.get()
    assert record.rows_total == 420 and record.people_total == 420
    assert len(rows) == record.rows_total - record.rows_suppressed
    assert record.generalised
    assert record.risk["unique_share"] == 0 and record.risk["max_prosecutor_risk"] <= 1 / 11
    assert AuditEvent.objects.filter(object_type="exportrecord").count() == 1
    page = client.get("/stats/export/")
    assert f"{record.rows_suppressed}" in page.content.decode()


@pytest.mark.django_db
def test_xlsx_export_is_k_anonymous(ngo, alice):
    make_cases(ngo, 150, seed=5)
    response = login(alice).post("/stats/export/", {"format": "xlsx", "k": "5"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    standard = list(wb["HTCDS 2.0"].iter_rows(values_only=True))
    additions = list(wb["Seri additions"].iter_rows(values_only=True))
    assert list(standard[0]) == htcds.STANDARD_HEADER
    assert list(additions[0]) == htcds.ADDITIONS_HEADER
    rows = [
        dict(zip([*standard[0], *additions[0]], [*s, *a], strict=True))
        for s, a in zip(standard[1:], additions[1:], strict=True)
    ]
    groups = Counter(tuple(r[c] or "" for c in QI_FIELDS) for r in rows)
    assert min(groups.values()) >= 5
    report = {row[0]: row[1] for row in wb["Report"].iter_rows(values_only=True)}
    assert report["k (people)"] == 5


@pytest.mark.django_db
def test_k_counts_people_not_cases(ngo, other_ngo, coordinator):
    """Ten people, each with a case in two organisations, linked as one identity: twenty
    cases, but only ten people, so k = 11 cannot be met; with k = 10 every group has ten."""
    from seri.cases.models import Case
    from seri.linkage.models import Identity, PersonIdentity

    first = make_cases(ngo, 10, seed=20, nationalities=("VN",))
    second = make_cases(other_ngo, 10, seed=20, nationalities=("VN",))
    for a, b in zip(first, second, strict=True):
        Case.objects.filter(pk=b.pk).update(
            created_at=a.created_at,
            compound=a.compound,
            status=a.status,
            recruitment_methods=a.recruitment_methods,
            recruitment_platforms=a.recruitment_platforms,
            control_methods=a.control_methods,
        )
        identity = Identity.objects.create()
        PersonIdentity.objects.create(person=a.person, identity=identity)
        PersonIdentity.objects.create(person=b.person, identity=identity)
    client = login(coordinator)
    refused = client.post("/stats/export/", {"format": "csv", "k": "11"}, follow=True)
    assert refused.status_code == 200 and "only 10 people" in refused.content.decode()
    response = client.post("/stats/export/", {"format": "csv", "k": "10"})
    rows = joined(read_zip(response))
    record = ExportRecord.objects.get()
    assert record.rows_total == 20 and record.people_total == 10
    assert len(rows) == 20 - record.rows_suppressed


@pytest.mark.django_db
def test_a_released_column_needs_a_reason_and_is_published_as_recorded(ngo, coordinator):
    make_cases(ngo, 200, seed=9)
    client = login(coordinator)
    data = {"format": "csv", "k": "5", "col_status": "release", "reason_status": ""}
    page = client.post("/stats/export/", data)
    assert page.status_code == 200 and "needs the reason" in page.content.decode()
    assert ExportRecord.objects.count() == 0
    data["reason_status"] = "Shared by hundreds of cases; synthetic test."
    rows = joined(read_zip(client.post("/stats/export/", data)))
    assert {r["seri_Status"] for r in rows} == {"reported", "verifying", "released"}
    record = ExportRecord.objects.get()
    assert record.released == {"status": "Shared by hundreds of cases; synthetic test."}
    assert "status" not in record.quasi_identifiers
    assert 0 <= record.risk["unique_share"] <= 1


@pytest.mark.django_db
def test_a_left_out_column_is_empty(ngo, coordinator):
    make_cases(ngo, 100, seed=11)
    data = {"format": "csv", "k": "5", "col_gender": "omit"}
    rows = joined(read_zip(login(coordinator).post("/stats/export/", data)))
    assert {r["prs_Gender"] for r in rows} == {""}


@pytest.mark.django_db
def test_k_larger_than_the_data_is_refused_with_an_explanation(ngo, alice):
    make_cases(ngo, 8, seed=6)
    response = login(alice).post("/stats/export/", {"format": "csv", "k": "11"}, follow=True)
    assert "only 8 people" in response.content.decode()
    assert ExportRecord.objects.count() == 0


@pytest.mark.django_db
def test_an_admin_exports_only_their_organisation(ngo, other_ngo, alice):
    make_cases(ngo, 40, seed=7)
    make_cases(other_ngo, 60, seed=8)
    login(alice).post("/stats/export/", {"format": "csv", "k": "2"})
    assert ExportRecord.objects.get().rows_total == 40


@pytest.mark.django_db
def test_caseworkers_may_not_export(bob):
    assert login(bob).post("/stats/export/", {"format": "csv", "k": "11"}).status_code == 403
