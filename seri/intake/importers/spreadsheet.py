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
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.chain import chain_append
from seri.audit.models import AuditAction, AuditEvent
from seri.core import safecsv
from seri.core.vocabularies import language_codes
from seri.intake.importers.common import (
    ImportRefused,
    ImportSummary,
    Problem,
    Progress,
    existing_keys,
    hashed_key,
)
from seri.intake.models import (
    Channel,
    Report,
    ReporterRelation,
    SourceItem,
    SpreadsheetMapping,
)

FIELDS = ("external_id", "received_at", "reporter_relation", "language", "original_text")
IGNORE = "ignore"
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
            raise ImportRefused([Problem(path.name, _("not a readable XLSX file"))]) from exc
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
        raise ImportRefused([Problem(path.name, _("not a text file in UTF-8 or UTF-16"))])
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
    saved = {}
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


def mapping_save(*, organisation, partner: str, columns: dict) -> SpreadsheetMapping:
    bad = {f for f in columns.values() if f and f not in FIELDS and f != IGNORE}
    if bad:
        raise ImportRefused([Problem(_("mapping"), _("unknown fields: %s") % ", ".join(bad))])
    mapping, _created = SpreadsheetMapping.objects.update_or_create(
        organisation=organisation, partner=partner, defaults={"columns": columns}
    )
    return mapping


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
    path = Path(path)
    if not path.is_file():
        raise ImportRefused([Problem(str(path), _("no such file"))])
    zone = ZoneInfo(time_zone or settings.TIME_ZONE)
    rows = read_rows(path)
    if not rows:
        raise ImportRefused([Problem(path.name, _("the file is empty"))])
    headings = [str(h or "").strip() for h in rows[0]]
    mapping = mapping_for(organisation, partner, headings, columns)
    problems: list[Problem] = []
    if "original_text" not in mapping.values() and not any(
        f == "" for h, f in mapping.items() if h
    ):
        problems.append(Problem(path.name, _("no column holds the account")))
    languages = language_codes()
    items = []
    for number, row in enumerate(rows[1:], 2):
        cells = [("" if c is None else c) for c in row]
        if not any(str(c).strip() for c in cells):
            continue
        values = {"external_id": "", "reporter_relation": "unknown", "language": ""}
        text_parts, received_at = [], None
        for index, heading in enumerate(headings):
            value = cells[index] if index < len(cells) else ""
            field = mapping.get(heading, "")
            where = _("%(file)s, row %(row)d, column %(column)s “%(heading)s”") % {
                "file": path.name,
                "row": number,
                "column": _column_letter(index),
                "heading": heading,
            }
            if field == IGNORE or (not heading and value == ""):
                continue
            text_value = value if isinstance(value, str) else str(value)
            if field == "received_at":
                if text_value.strip() == "":
                    continue
                try:
                    received_at = _parse_time(value, zone)
                except ValueError:
                    problems.append(Problem(where, _("“%s” is not a date") % text_value))
                    continue
                if received_at > timezone.now() + dt.timedelta(minutes=5):
                    problems.append(Problem(where, _("this date is in the future")))
            elif field == "reporter_relation":
                if text_value.strip():
                    try:
                        values["reporter_relation"] = _relation(text_value)
                    except ValueError:
                        problems.append(
                            Problem(where, _("“%s” is not a known reporter") % text_value)
                        )
            elif field == "language":
                code = text_value.strip().lower()
                if code and code not in languages:
                    problems.append(Problem(where, _("“%s” is not a language code") % code))
                values["language"] = code
            elif field == "external_id":
                values["external_id"] = text_value.strip()
            elif field == "original_text":
                if text_value.strip():
                    text_parts.insert(0, text_value)
            elif text_value.strip():
                text_parts.append(f"{heading}: {text_value}")
        if not text_parts:
            problems.append(
                Problem(
                    _("%(file)s, row %(row)d") % {"file": path.name, "row": number},
                    _("no account in this row"),
                )
            )
            continue
        text = "\n".join(text_parts)
        natural = (
            f"spreadsheet:{partner}:id:{values['external_id']}"
            if values["external_id"]
            else "spreadsheet:" + hashlib.sha256(text.encode()).hexdigest()
        )
        items.append((natural, received_at, values, text))
    seen: set[str] = set()
    for natural, *_rest in items:
        if natural in seen and ":id:" in natural:
            problems.append(
                Problem(path.name, _("the ID %s appears twice") % natural.split(":id:")[1])
            )
        seen.add(natural)
    if problems:
        raise ImportRefused(problems)
    if save_mapping and partner:
        mapping_save(organisation=organisation, partner=partner, columns=mapping)
    summary = ImportSummary(read=len(items))
    present = existing_keys(
        organisation, SourceItem.Source.SPREADSHEET, [hashed_key(i[0]) for i in items]
    )
    new = [i for i in items if hashed_key(i[0]) not in present]
    summary.already_present = len(items) - len(new)
    with transaction.atomic():  # a spreadsheet is imported whole
        reports = [
            Report(
                organisation=organisation,
                channel=Channel.SPREADSHEET,
                reporter_relation=values["reporter_relation"],
                language=values["language"],
                original_text=text,
                received_at=received_at or timezone.now(),
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            for _natural, received_at, values, text in new
        ]
        Report.objects.bulk_create(reports)
        SourceItem.objects.bulk_create(
            SourceItem(
                organisation=organisation,
                source=SourceItem.Source.SPREADSHEET,
                key=hashed_key(item[0]),
                report=report,
            )
            for item, report in zip(new, reports, strict=True)
        )
        chain_append(
            [
                AuditEvent(
                    actor=actor if getattr(actor, "pk", None) else None,
                    organisation=organisation,
                    action=AuditAction.CREATE,
                    object_type="report",
                    object_id=str(report.public_id),
                    detail={"import": "spreadsheet"},
                )
                for report in reports
            ]
        )
    summary.created = summary.reports = len(reports)
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
