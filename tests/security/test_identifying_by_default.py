"""Every free-text field a person can type into is identifying (encrypted) unless it is on the
short list of deliberate exceptions, each with a reason (seri.core.identifying.NOT_IDENTIFYING,
repeated in docs/security.md). A new model's text field cannot slip through unencrypted."""

from pathlib import Path

from django.apps import apps
from django.db import models

from seri.core.identifying import NOT_IDENTIFYING, IdentifyingMixin

ROOT = Path(__file__).resolve().parents[2]

# Text columns no person types into: hashes, keys, codes, identifiers, paths, machine values.
_MACHINE_WRITTEN = ("hash", "sha256", "key", "token", "code", "prefix", "marker", "mac")
_MACHINE_NAMES = {
    "password",
    "reference",
    "language",
    "script",
    "kind",
    "format",
    "mechanism",
    "table",
    "dataset",
    "content_type",
    "media_type",
    "nationality",
    "status",
    "province_code",
    "district_code",
    "object_type",
    "object_id",
    "instance_id",
    "form_id",
    "form_version",
    "username",
    "upload_path",
    "provider_id",
    "task_id",
    "api_base",
    "event",  # a timeline entry's event code (its text is rendered from the code)
    "remote_record",  # a random record id of another installation (PPRL)
}
_MACHINE_LABELS = {"audit.ChainHead.name"}  # which chain: a code


def _free_text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("seri."):
            continue
        for field in model._meta.local_fields:
            if isinstance(field, IdentifyingMixin) or hasattr(field, "purpose"):
                continue
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            yield f"{model._meta.label}.{field.name}", field


def _machine_written(label: str, field) -> bool:
    name = field.name
    if label in _MACHINE_LABELS:
        return True
    if name.startswith("qi_") or label.startswith("stats.CaseFact."):
        return True  # summary rows: codes copied from vocabularies
    return name in _MACHINE_NAMES or any(part in name for part in _MACHINE_WRITTEN)


def test_every_free_text_field_is_identifying_or_a_listed_exception():
    unlisted = [
        label
        for label, field in _free_text_fields()
        if label not in NOT_IDENTIFYING and not _machine_written(label, field)
    ]
    assert unlisted == [], (
        "Free text stored in clear: make these Identifying*Field, or add them to "
        f"seri.core.identifying.NOT_IDENTIFYING with a reason: {unlisted}"
    )


def test_every_exception_exists_and_is_in_the_security_guide():
    fields = dict(_free_text_fields())
    guide = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for label in NOT_IDENTIFYING:
        assert label in fields, f"{label} is listed as an exception but is no such text field"
        assert f"`{label}`" in guide, f"docs/security.md does not list {label}"
