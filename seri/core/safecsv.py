"""The one CSV writer for every CSV Seri produces: cells cannot become formulas.

A spreadsheet program opening a CSV reads a cell that starts with `=`, `+`, `-` or `@` (and,
in some programs, a tab or a carriage return, or the full-width forms U+FF1D, U+FF0B, U+FF0D,
U+FF20) as a formula, which can compute, fetch a URL or run a command (CSV injection, OWASP).
Values in Seri's CSVs come from the anonymous public form, imported chats and spreadsheets,
compound names and list names: any of them could be such a cell.

The rule (OWASP's): every *text* cell that begins with one of those characters is written
with a single quote in front (`'=1+1`), which spreadsheet programs show as text. Text that
looks like a negative number (`-5`) is prefixed too: from a text we cannot tell a number from
a formula like `-2+3+cmd|…`, and OWASP's guidance is to prefix every such cell. Numbers that
are numbers in Python (int, float, Decimal) are written as they are: they cannot carry a
formula, and a negative count or coefficient stays a number. Quoting and escaping of
separators and double quotes is the csv module's, as usual.

Usage is that of `csv.writer`: `safecsv.writer(out).writerow([...])`.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def neutralise(value: Any) -> Any:
    """The cell as it may be written: text starting like a formula gets a leading quote."""
    if isinstance(value, bool | int | float | Decimal) or value is None:
        return value
    text = value if isinstance(value, str) else str(value)
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` with every cell neutralised; returns what the underlying writer returns."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)


def xlsx_row(sheet: Any, row: Iterable[Any]) -> list[Any]:
    """A row for an openpyxl write-only sheet in which no text becomes a formula.

    openpyxl stores a string that starts with "=" as a formula; in an XLSX file every other
    cell is typed, so a text cell starting with "+", "-" or "@" stays text. Text cells are
    therefore written as explicit strings (data type "s"), and numbers as numbers."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
