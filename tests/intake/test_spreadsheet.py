import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from seri.intake.importers.common import ImportRefused
from seri.intake.importers.spreadsheet import export_spreadsheet, import_spreadsheet
from seri.intake.models import Report, SpreadsheetMapping

pytestmark = pytest.mark.django_db

HEADINGS = ["Case no.", "Date reported", "Relation", "Lang", "Story", "Province"]


def xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


MAPPING = {
    "Case no.": "external_id",
    "Date reported": "received_at",
    "Relation": "reporter_relation",
    "Lang": "language",
    "Story": "original_text",
}


def test_a_spreadsheet_with_mistakes_writes_nothing_and_names_each_cell(tmp_path, ngo):
    path = xlsx(
        tmp_path / "partner.xlsx",
        [
            [
                "P-1",
                dt.datetime(2026, 2, 1, 9, 30),
                "family",
                "vi",
                "Em tôi bị giữ",
                "Preah Sihanouk",
            ],
            ["P-2", "31/02/2026", "cousin", "vi", "Another account", ""],
            ["P-3", "2026-02-03", "self", "xx", "", ""],
            ["P-4", "2099-01-01", "Family member", "km", "A third", "Kandal"],
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        import_spreadsheet(
            actor=None, organisation=ngo, path=path, partner="Partner A", columns=MAPPING
        )
    problems = {p.where: p.message for p in refused.value.problems}
    assert problems == {
        "partner.xlsx, row 3, column B “Date reported”": "“31/02/2026” is not a date",
        "partner.xlsx, row 3, column C “Relation”": "“cousin” is not a known reporter",
        "partner.xlsx, row 4, column D “Lang”": "“xx” is not a language code",
        "partner.xlsx, row 4": "no account in this row",
        "partner.xlsx, row 5, column B “Date reported”": "this date is in the future",
    }
    assert not Report.objects.exists()
    with pytest.raises(CommandError, match="row 3, column C"):
        call_command(
            "import",
            "xlsx",
            str(path),
            "--org",
            ngo.short_name,
            *[f"--map={heading}={field}" for heading, field in MAPPING.items()],
        )


def test_the_mapping_is_saved_per_partner_and_reimport_creates_nothing(tmp_path, ngo, capsys):
    path = xlsx(
        tmp_path / "partner.xlsx",
        [
            [
                "P-1",
                dt.datetime(2026, 2, 1, 9, 30),
                "family",
                "vi",
                "Em tôi bị giữ",
                "Preah Sihanouk",
            ],
            ["P-4", "2026-02-04", "Family member", "km", "A third", "Kandal"],
        ],
    )
    summary = import_spreadsheet(
        actor=None,
        organisation=ngo,
        path=path,
        partner="Partner A",
        columns=MAPPING,
        save_mapping=True,
    )
    assert summary.created == 2
    assert SpreadsheetMapping.objects.get(partner="Partner A").columns["Story"] == "original_text"
    first = Report.objects.get(language="vi")
    assert first.original_text == "Em tôi bị giữ\nProvince: Preah Sihanouk"
    assert first.received_at.isoformat() == "2026-02-01T02:30:00+00:00"
    assert first.reporter_relation == "family" and first.channel == "spreadsheet"
    # The saved mapping is used next time; the same rows again add nothing.
    call_command("import", "xlsx", str(path), "--org", ngo.short_name, "--partner", "Partner A")
    assert "Already present: 2" in capsys.readouterr().out
    assert Report.objects.count() == 2


def test_csv_and_export_round_trip(tmp_path, ngo, other_ngo):
    path = tmp_path / "rows.csv"
    path.write_text(
        "ID;Received at;Reported by;Language;Account\n"
        "A1;2026-01-05 10:00;friend;th;น้องชายถูกขัง\n"
        'A2;2026-01-06;self;en;"Two lines,\nwith a comma"\n',
        encoding="utf-8",
    )
    assert import_spreadsheet(actor=None, organisation=ngo, path=path).created == 2
    reports = Report.objects.order_by("received_at")
    assert reports[1].original_text == "Two lines,\nwith a comma"
    for fmt in ("csv", "xlsx"):
        exported = tmp_path / f"export.{fmt}"
        exported.write_bytes(export_spreadsheet(reports, fmt=fmt))
        summary = import_spreadsheet(
            actor=None, organisation=other_ngo, path=exported, partner=f"back-{fmt}"
        )
        assert summary.created == 2
    texts = sorted(Report.objects.filter(organisation=other_ngo).values_list("language", flat=True))
    assert texts == ["en", "en", "th", "th"]
