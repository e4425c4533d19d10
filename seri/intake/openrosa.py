"""Reading an OpenRosa submission (ODK Collect, KoboCollect) and checking it against Seri's
form (seri/intake/xlsform.py). A submission that does not match the form is refused naming
the element; nothing is written. Storing it: seri/intake/services/openrosa.py; the HTTP
endpoints: seri/intake/views/openrosa.py.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from seri.intake.importers.common import Problem
from seri.intake.xlsform import FIELD_NAMES, FORM_ID, INTEGER_FIELDS, REQUIRED, SELECTS


class SubmissionRefused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True)
class ParsedSubmission:
    form_id: str
    version: str
    fields: dict[str, str]
    instance_id: str
    deprecated_id: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _root(xml: bytes) -> ET.Element:
    try:
        root = SafeET.fromstring(xml)
    except (ET.ParseError, ValueError) as exc:
        raise SubmissionRefused(
            Problem("xml_submission_file", _("not valid XML: %s") % exc)
        ) from exc
    except Exception as exc:  # defusedxml refuses entities and DTDs
        raise SubmissionRefused(Problem("xml_submission_file", _("refused XML: %s") % exc)) from exc
    form_id = root.get("id") or _local(root.tag)
    if form_id != FORM_ID:
        raise SubmissionRefused(
            Problem(
                f'<{_local(root.tag)} id="{form_id}">',
                _("not a submission of the form %s") % FORM_ID,
            )
        )
    return root


def _fields_and_meta(root: ET.Element) -> tuple[dict[str, str], dict[str, str]]:
    fields: dict[str, str] = {}
    meta: dict[str, str] = {}
    for child in root:
        name = _local(child.tag)
        if name == "meta":
            meta = {_local(m.tag): (m.text or "").strip() for m in child}
            continue
        if name not in FIELD_NAMES:
            raise SubmissionRefused(Problem(f"<{name}>", _("no such field in the form")))
        if len(child):
            raise SubmissionRefused(Problem(f"<{name}>", _("a group where the form has a field")))
        fields[name] = (child.text or "").strip()
    return fields, meta


def _is_geopoint(value: str) -> bool:
    parts = value.split()
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180


def _check_values(fields: dict[str, str]) -> None:
    for name in REQUIRED:
        if not fields.get(name):
            raise SubmissionRefused(Problem(f"<{name}>", _("required, and empty or missing")))
    for name in INTEGER_FIELDS:
        value = fields.get(name, "")
        if value and not (value.lstrip("-").isdigit() and 0 <= int(value) <= 120):
            raise SubmissionRefused(
                Problem(f"<{name}>", _("“%s” is not a whole number from 0 to 120") % value)
            )
    for name, allowed in SELECTS.items():
        value = fields.get(name, "")
        if value and value not in allowed:
            raise SubmissionRefused(
                Problem(f"<{name}>", _("“%s” is not one of the form's choices") % value)
            )
    location = fields.get("location", "")
    if location and not _is_geopoint(location):
        raise SubmissionRefused(Problem("<location>", _("not a geopoint")))


def parse_submission(xml: bytes) -> ParsedSubmission:
    """The fields, form id, version, instanceID and deprecatedID of a submission, checked
    against the form. Raises SubmissionRefused naming the element that does not fit."""
    root = _root(xml)
    fields, meta = _fields_and_meta(root)
    _check_values(fields)
    instance_id = meta.get("instanceID", "")
    if not instance_id:
        raise SubmissionRefused(Problem("<meta><instanceID>", _("missing")))
    return ParsedSubmission(
        form_id=root.get("id") or _local(root.tag),
        version=root.get("version", ""),
        fields=fields,
        instance_id=instance_id,
        deprecated_id=meta.get("deprecatedID", ""),
    )
