"""Partners' spreadsheets (CSV or XLSX): one row, one report.

Columns are mapped to report fields; a partner's mapping is saved and used again next time.
Columns that map to no field are kept in the report's text ("Heading: value"), so nothing a
partner wrote is lost. Every row is checked before anything is written, and every problem is
reported by row and column. A row's key is the partner's own id for it when a column holds
one, else a hash of the row's content. `export_spreadsheet` writes the same format back.
"""

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seri.core import safecsv
from seri.core.vocabularies import language_codes
from seri.intake.importers.common import (
    ImportRefused,
    ImportSummary,
    Problem,
    Progress,
    hashed_key,
    register_texts,
)
from seri.intake.models import (
    Channel,
    ReporterRelation,
    SourceItem,
    SpreadsheetMapping,
)
from seri.intake.selectors import source_keys_present
from seri.intake.services.bulk import NewReport, report_create_many
from seri.intake.services.imports import spreadsheet_mapping_save

FIELDS = ("external_id", "received_at", "reporter_relation", "language", "original_text")
IGNORE = "ignore"
register_texts(
    {
        "row": gettext_lazy("%(file)s, row %(row)d"),
        "sheet.not_xlsx": gettext_lazy("not a readable XLSX file"),
        "sheet.not_date": gettext_lazy("“%s” is not a date"),
        "sheet.future": gettext_lazy("this date is in the future"),
        "sheet.not_reporter": gettext_lazy("“%s” is not a known reporter"),
        "sheet.not_language": gettext_lazy("“%s” is not a language code"),
        "sheet.no_account": gettext_lazy("no account in this row"),
        "sheet.id_twice": gettext_lazy("the ID %s appears twice"),
        "sheet.empty": gettext_lazy("the file is empty"),
        "sheet.no_account_column": gettext_lazy("no column holds the account"),
    }
)
# Headings recognised without a saved mapping (lower case).
KNOWN_HEADINGS = {
    "id": "external_id",
    "external id": "external_id",
    "reference": "external_id",
    "ref": "external_id",
    "received": "received_at",
    "received at": "received_at",
    "date": "received_at",
    "reported by": "reporter_relation",
    "reporter": "reporter_relation",
    "language": "language",
    "account": "original_text",
    "text": "original_text",
    "report": "original_text",
    "details": "original_text",
    "narrative": "original_text",
}
EXPORT_HEADINGS = {
    "external_id": "ID",
    "received_at": "Received at",
    "reporter_relation": "Reported by",
    "language": "Language",
    "original_text": "Account",
}
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_rows(path: Path) -> list[list]:
    """The rows of the first sheet (or of the CSV), headings first, as cell values."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportRefused([Problem.of([["file", path.name]], "sheet.not_xlsx")]) from exc
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused([Problem.of([["file", path.name]], "not_text")])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _parse_time(value, zone) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(12), tzinfo=zone)
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    raise ValueError(text)


def _relation(value: str) -> str:
    text = str(value).strip().lower()
    for code, label in ReporterRelation.choices:
        if text in (code, str(label).lower()):
            return code
    raise ValueError(text)


def mapping_for(organisation, partner: str, headings: list[str], columns: dict | None) -> dict:
    saved: dict[str, str] = {}
    if partner:
        found = SpreadsheetMapping.objects.filter(
            organisation=organisation, partner=partner
        ).first()
        saved = found.columns if found else {}
    mapping = {}
    for heading in headings:
        if columns and heading in columns:
            mapping[heading] = columns[heading]
        elif heading in saved:
            mapping[heading] = saved[heading]
        else:
            mapping[heading] = KNOWN_HEADINGS.get(heading.strip().lower(), "")
    return mapping


@dataclass
class _Row:
    """One row as read: its key, its values and its text (what is not a field)."""

    natural: str
    received_at: dt.datetime | None
    reporter_relation: str
    language: str
    text: str


@dataclass
class _RowReader:
    """Reads rows one by one, collecting every problem (by row and column) before any is
    written."""

    path: Path
    partner: str
    headings: list[str]
    mapping: dict
    zone: ZoneInfo
    languages: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def _where(self, number: int, index: int, heading: str) -> list:
        """Where a cell is, as coded parts (seri.intake.importers.common.TEXTS)."""
        cell = {
            "file": self.path.name,
            "row": number,
            "column": _column_letter(index),
            "heading": heading,
        }
        return [["cell", cell]]

    def _received_at(self, value, text: str, where: list) -> dt.datetime | None:
        if not text.strip():
            return None
        try:
            received_at = _parse_time(value, self.zone)
        except ValueError:
            self.problems.append(Problem.of(where, "sheet.not_date", text))
            return None
        if received_at > timezone.now() + dt.timedelta(minutes=5):
            self.problems.append(Problem.of(where, "sheet.future"))
        return received_at

    def _relation(self, text: str, where: list) -> str | None:
        if not text.strip():
            return None
        try:
            return _relation(text)
        except ValueError:
            self.problems.append(Problem.of(where, "sheet.not_reporter", text))
            return None

    def _language(self, text: str, where: list) -> str:
        code = text.strip().lower()
        if code and code not in self.languages:
            self.problems.append(Problem.of(where, "sheet.not_language", code))
        return code

    def _cell(self, values: dict, parts: list[str], cell: tuple) -> None:
        number, index, heading, value = cell
        field_name = self.mapping.get(heading, "")
        text = value if isinstance(value, str) else str(value)
        where = self._where(number, index, heading)
        if field_name == "received_at":
            values["received_at"] = self._received_at(value, text, where) or values["received_at"]
        elif field_name == "reporter_relation":
            values["reporter_relation"] = self._relation(text, where) or values["reporter_relation"]
        elif field_name == "language":
            values["language"] = self._language(text, where)
        elif field_name == "external_id":
            values["external_id"] = text.strip()
        elif field_name == "original_text":
            if text.strip():
                parts.insert(0, text)
        elif text.strip():
            parts.append(f"{heading}: {text}")

    def row(self, number: int, row: list) -> _Row | None:
        cells = [("" if c is None else c) for c in row]
        if not any(str(c).strip() for c in cells):
            return None
        values: dict = {"external_id": "", "received_at": None, "reporter_relation": "unknown"}
        values["language"] = ""
        parts: list[str] = []
        for index, heading in enumerate(self.headings):
            value = cells[index] if index < len(cells) else ""
            if self.mapping.get(heading, "") == IGNORE or (not heading and value == ""):
                continue
            self._cell(values, parts, (number, index, heading, value))
        if not parts:
            place = [["row", {"file": self.path.name, "row": number}]]
            self.problems.append(Problem.of(place, "sheet.no_account"))
            return None
        text = "\n".join(parts)
        natural = (
            f"spreadsheet:{self.partner}:id:{values['external_id']}"
            if values["external_id"]
            else "spreadsheet:" + hashlib.sha256(text.encode()).hexdigest()
        )
        return _Row(
            natural, values["received_at"], values["reporter_relation"], values["language"], text
        )


def _duplicate_ids(path: Path, rows: list[_Row]) -> list[Problem]:
    problems, seen = [], set()
    for row in rows:
        if row.natural in seen and ":id:" in row.natural:
            problems.append(
                Problem.of([["file", path.name]], "sheet.id_twice", row.natural.split(":id:")[1])
            )
        seen.add(row.natural)
    return problems


def _read(path: Path, partner: str, columns: dict | None, organisation, zone) -> tuple:
    """The mapping and the rows of a spreadsheet, or ImportRefused listing every problem."""
    if not path.is_file():
        raise ImportRefused([Problem.of([["file", str(path)]], "no_such_file")])
    rows = read_rows(path)
    if not rows:
        raise ImportRefused([Problem.of([["file", path.name]], "sheet.empty")])
    headings = [str(h or "").strip() for h in rows[0]]
    mapping = mapping_for(organisation, partner, headings, columns)
    reader = _RowReader(path, partner, headings, mapping, zone, set(language_codes()))
    if "original_text" not in mapping.values() and not any(
        f == "" for h, f in mapping.items() if h
    ):
        reader.problems.append(Problem.of([["file", path.name]], "sheet.no_account_column"))
    read = [reader.row(number, row) for number, row in enumerate(rows[1:], 2)]
    items = [row for row in read if row is not None]
    problems = reader.problems + _duplicate_ids(path, items)
    if problems:
        raise ImportRefused(problems)
    return mapping, items


def import_spreadsheet(
    *,
    actor,
    organisation,
    path,
    partner: str = "",
    columns: dict | None = None,
    save_mapping: bool = False,
    time_zone: str = "",
    progress: Progress | None = None,
) -> ImportSummary:
    """Check every row, then store the new ones in one transaction (a spreadsheet is
    imported whole) through the bulk report writer."""
    zone = ZoneInfo(time_zone or settings.TIME_ZONE or "UTC")
    mapping, items = _read(Path(path), partner, columns, organisation, zone)
    if save_mapping and partner:
        spreadsheet_mapping_save(
            actor=actor, organisation=organisation, partner=partner, columns=mapping
        )
    summary = ImportSummary(read=len(items))
    source = SourceItem.Source.SPREADSHEET
    present = source_keys_present(organisation, source, [hashed_key(i.natural) for i in items])
    new = [i for i in items if hashed_key(i.natural) not in present]
    summary.already_present = len(items) - len(new)
    summary.created = summary.reports = report_create_many(
        actor=actor,
        organisation=organisation,
        source=source,
        channel=Channel.SPREADSHEET,
        reports=[
            NewReport(
                text=item.text,
                received_at=item.received_at or timezone.now(),
                keys=[hashed_key(item.natural)],
                reporter_relation=item.reporter_relation,
                language=item.language,
                where=Path(path).name,
            )
            for item in new
        ],
    )
    if progress:
        progress(len(items), len(items))
    return summary


def export_spreadsheet(reports, *, fmt: str = "xlsx") -> bytes:
    """Reports in the format the importer reads (with its recognised headings)."""
    headings = list(EXPORT_HEADINGS.values())
    rows = []
    for report in reports:
        rows.append(
            [
                str(report.public_id),
                timezone.localtime(report.received_at).strftime("%Y-%m-%d %H:%M:%S"),
                report.reporter_relation,
                report.language,
                report.original_text,
            ]
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = safecsv.writer(out)
        writer.writerow(headings)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Reports"
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            # openpyxl writes a text starting with "=" as a formula: an account from the
            # public form must never become one in a partner's spreadsheet program.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
