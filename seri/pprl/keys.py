"""The linkage key: shared by the participants of a project out of band, never stored in the
database. `SERI_PPRL_KEYS` (or `SERI_PPRL_KEYS_FILE`): `project:base64key[,project:base64key]`,
`*` for every project without its own; or a key file given to the command (base64 of at least
32 bytes). Each project (and key version: rotation) uses a key derived from it."""

import base64
import binascii
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from seri.pprl import clk

MIN_KEY_BYTES = 32


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{where}: the PPRL key is not base64") from None
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"{where}: the PPRL key must be at least 32 bytes")
    return key


def master_key(project: str, key_file: str | None = None) -> bytes:
    if key_file:
        return _decode(Path(key_file).read_text(), key_file)
    configured = getattr(settings, "SERI_PPRL_KEYS", "") or ""
    found: dict[str, str] = {}
    for item in configured.split(","):
        name, sep, value = item.strip().partition(":")
        if sep:
            found[name.strip()] = value
    text = found.get(project) or found.get("*")
    if not text:
        raise ImproperlyConfigured(
            f"no PPRL key for project {project}: set SERI_PPRL_KEYS or give --key-file"
        )
    return _decode(text, "SERI_PPRL_KEYS")


def derived_key(project: str, version: int, key_file: str | None = None) -> bytes:
    return clk.project_key(master_key(project, key_file), project, version)
