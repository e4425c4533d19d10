"""HTCDS exports: k-anonymous, streamed, audited, refused when k cannot be met."""

import csv
import io
import re
from collections import Counter

import pytest
from openpyxl import load_workbook

from seri.audit.models import AuditEvent
from seri.stats.htcds import HEADER, QUASI_IDENTIFIERS
from seri.stats.models import ExportRecord
from tests.conftest import login
from tests.stats.conftest import make_cases

QI_COLUMNS = list(QUASI_IDENTIFIERS.values())


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.django_db
def test_csv_export_is_k_anonymous_and_reports_what_it_did(ngo, other_ngo, coordinator):
    make_cases(ngo, 300, seed=3)
    make_cases(other_ngo, 120, seed=4)
    client = login(coordinator)
    response = client.post("/stats/export/", {"format": "csv", "k": "11"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert list(rows[0].keys()) == HEADER
    # Checked independently: count the quasi-identifier combinations of what was written.
    groups = Counter(tuple(r[c] for c in QI_COLUMNS) for r in rows)
    assert min(groups.values()) >= 11
    record = ExportRecord.objects.get()
    assert record.rows_total == 420  # the coordinator exports the coalition
    assert len(rows) == record.rows_total - record.rows_suppressed
    assert record.generalised  # 420 cases over five quasi-identifiers need generalising
    # identifiers replaced, dates reduced to years, ages to bands
    assert all(len(r["record_id"]) == 12 for r in rows)
    assert all(re.fullmatch(r"\d{4}(-\d{4})?|\*", r["cas_YearRegistered"]) for r in rows)
    assert all(re.fullmatch(r"\d+-\d+|under 18|18\+|unknown|\*", r["vic_AgeBand"]) for r in rows)
    assert AuditEvent.objects.filter(object_type="exportrecord").count() == 1
    # The page shows the report of the last export.
    page = client.get("/stats/export/")
    assert f"{record.rows_suppressed}" in page.content.decode()


@pytest.mark.django_db
def test_xlsx_export_is_k_anonymous(ngo, alice):
    make_cases(ngo, 150, seed=5)
    response = login(alice).post("/stats/export/", {"format": "xlsx", "k": "5"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = list(wb["HTCDS"].iter_rows(values_only=True))
    header, data = list(sheet[0]), sheet[1:]
    assert header == HEADER
    idx = [header.index(c) for c in QI_COLUMNS]
    groups = Counter(tuple(row[i] for i in idx) for row in data)
    assert min(groups.values()) >= 5
    report = {row[0]: row[1] for row in wb["Report"].iter_rows(values_only=True)}
    assert report["k"] == 5


@pytest.mark.django_db
def test_k_larger_than_the_data_is_refused_with_an_explanation(ngo, alice):
    make_cases(ngo, 8, seed=6)
    response = login(alice).post("/stats/export/", {"format": "csv", "k": "11"}, follow=True)
    text = response.content.decode()
    assert "only 8 cases" in text
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
