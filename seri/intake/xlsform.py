"""The intake form for KoboToolbox and ODK Collect, defined here and written as an XLSForm.

`seri xlsform PATH` is not needed: `write_xlsform(path)` makes the .xlsx (to upload to
KoboToolbox), and `xform_xml()` converts the same definition with pyxform into the XForm that
Seri's own OpenRosa endpoints serve to ODK Collect.
"""

import functools
import io

FORM_ID = "seri_report"
FORM_VERSION = "2026112501"
FORM_TITLE = "Seri report"

SURVEY = [
    # type, name, label, required, constraint, constraint_message
    ("select_one relation", "reporter_relation", "Who is giving this account?", "yes", "", ""),
    ("select_one language", "language", "Language of the account", "", "", ""),
    ("text", "person_name", "Name of the person (as given, any script)", "", "", ""),
    ("integer", "age", "Age (estimate)", "", ". >= 0 and . <= 120", "Between 0 and 120"),
    ("text", "nationality", "Nationality", "", "", ""),
    ("text", "phone", "Phone number(s)", "", "", ""),
    ("geopoint", "location", "Where the person is held", "", "", ""),
    ("text", "compound_name", "Name of the compound or building", "", "", ""),
    ("text", "account", "The account, as told", "yes", "", ""),
    ("image", "photo", "Photo or screenshot", "", "", ""),
    ("start", "start", "", "", "", ""),
    ("end", "end", "", "", "", ""),
]
CHOICES = [
    ("relation", "self", "The person themself"),
    ("relation", "family", "Family member"),
    ("relation", "friend", "Friend"),
    ("relation", "organisation", "Another organisation"),
    ("relation", "anonymous", "Anonymous"),
    ("language", "en", "English"),
    ("language", "zh", "Chinese"),
    ("language", "km", "Khmer"),
    ("language", "th", "Thai"),
    ("language", "vi", "Vietnamese"),
    ("language", "id", "Indonesian"),
    ("language", "my", "Burmese"),
]
FIELD_NAMES = {row[1] for row in SURVEY}
INTEGER_FIELDS = {row[1] for row in SURVEY if row[0] == "integer"}
SELECTS = {
    row[1]: {c[1] for c in CHOICES if c[0] == row[0].split()[1]}
    for row in SURVEY
    if row[0].startswith("select_one")
}
REQUIRED = {row[1] for row in SURVEY if row[3] == "yes"}


def workbook():
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "required", "constraint", "constraint_message"])
    for row in SURVEY:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for row in CHOICES:
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "instance_name"])
    settings.append([FORM_TITLE, FORM_ID, FORM_VERSION, "concat('report-', ${end})"])
    return book


def xlsform_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook().save(buffer)
    return buffer.getvalue()


def write_xlsform(path) -> None:
    workbook().save(path)


@functools.cache
def xform_xml() -> str:
    from pyxform.xls2xform import convert

    result = convert(xlsform=io.BytesIO(xlsform_bytes()), file_type=".xlsx", form_name=FORM_ID)
    return result.xform
