"""Anchors: the heads of the hash chains, written outside the database on a schedule.

A hash chain kept in one database shows any row edited, inserted or deleted in the middle,
but not the newest rows deleted together with the head moved back, nor the whole chain
rewritten consistently: whoever can write the database can do either. An anchor notes each
chain's head (sequence and row hash) somewhere that person cannot reach as easily:

- a file in `SERI_ANCHOR_DIR`, one per anchor (`anchor-20261203T171500Z.json`), written
  atomically — a folder outside the data folder, ideally on another disk or a mount that
  another account owns or that is append-only;
- optionally a JSON POST to `SERI_ANCHOR_URL` (an endpoint of the operator's choice, on
  another machine);
- optionally a line to syslog at `SERI_ANCHOR_SYSLOG` ("/dev/log" or "host:514"), which a log
  server keeps.

`seri anchor` verifies the chains and writes an anchor (refusing to anchor a broken chain);
`seri verify` checks every chain against the latest anchor file by default: each anchored
row must still exist with the same hash, so truncation and rewrites up to the anchor fail.

An anchor file:

    {"format": "seri-anchor/1", "written_at": "2026-12-03T17:15:00+00:00",
     "chains": {"audit.auditevent": {"sequence": 1234, "hash": "9f86…", "label": "…"}, …}}
"""

import datetime as dt
import json
import logging.handlers
import os
import re
import tempfile
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from seri.audit.chain import ChainReport, chain_name, verify_chain
from seri.audit.models import ChainedModel

FORMAT = "seri-anchor/1"
_NAME = re.compile(r"^anchor-\d{8}T\d{6}(\d{6})?Z\.json$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
POST_TIMEOUT = 15


class AnchorError(Exception):
    """An anchor could not be written or read; the message says which and why."""


@dataclass(frozen=True)
class Anchor:
    written_at: str
    heads: dict[str, tuple[int, str]]  # chain name -> (sequence, row hash)
    source: str  # where it was read from

    def for_chain(self, name: str) -> dict[int, str]:
        """The anchor of one chain, as `verify_chain` takes it (empty if not anchored)."""
        if name not in self.heads or self.heads[name][0] == 0:
            return {}
        sequence, row_hash = self.heads[name]
        return {sequence: row_hash}


def anchor_payload(reports: Iterable[tuple[str, ChainReport]]) -> dict[str, Any]:
    """The anchor of verified chains, given as (chain name, report) pairs."""
    return {
        "format": FORMAT,
        "written_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "chains": {
            name: {"sequence": r.head_sequence, "hash": r.head_hash, "label": r.label}
            for name, r in reports
        },
    }


def anchor_directory() -> Path | None:
    text = getattr(settings, "SERI_ANCHOR_DIR", "") or ""
    return Path(text).expanduser().resolve() if text else None


def inside_data_dir(directory: Path) -> bool:
    data = Path(settings.DATA_DIR).resolve()
    return directory == data or data in directory.parents


def write_file(payload: dict[str, Any], directory: Path) -> Path:
    """The anchor as a new file in `directory`, written atomically; its path."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = directory / f"anchor-{stamp}.json"
        handle, temporary = tempfile.mkstemp(prefix=".anchor-", dir=directory)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=1, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        raise AnchorError(f"{directory}: {exc.strerror or exc}") from None
    return target


def post(payload: dict[str, Any], url: str) -> int:
    """POST the anchor as JSON to the operator's URL; its HTTP status (2xx, else AnchorError)."""
    if not url.startswith(("https://", "http://")):
        raise AnchorError(f"SERI_ANCHOR_URL must start with https:// or http://: {url}")
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked above
        url,
        data=json.dumps(payload, sort_keys=True).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "seri-anchor"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=POST_TIMEOUT) as response:  # noqa: S310
            status = response.status
    except OSError as exc:
        raise AnchorError(f"{url}: {exc}") from None
    if not 200 <= status < 300:
        raise AnchorError(f"{url}: HTTP {status}")
    return status


def send_syslog(payload: dict[str, Any], address: str) -> None:
    """One line per anchor to syslog (facility "daemon")."""
    if address.startswith("/"):
        target: str | tuple[str, int] = address
    else:
        host, _sep, port = address.rpartition(":")
        target = (host or address, int(port) if port.isdigit() else 514)
    try:
        handler = logging.handlers.SysLogHandler(
            address=target, facility=logging.handlers.SysLogHandler.LOG_DAEMON
        )
    except OSError as exc:
        raise AnchorError(f"syslog {address}: {exc}") from None
    heads = " ".join(
        f"{name}={chain['sequence']}:{chain['hash']}"
        for name, chain in sorted(payload["chains"].items())
    )
    record = logging.LogRecord(
        "seri.anchor",
        logging.INFO,
        __file__,
        0,
        f"seri-anchor {payload['written_at']} {heads}",
        None,
        None,
    )
    try:
        handler.emit(record)
    finally:
        handler.close()


def read(path: Path) -> Anchor:
    """An anchor file, checked for shape (AnchorError if it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnchorError(f"{path}: {exc}") from None
    chains = data.get("chains") if isinstance(data, dict) else None
    if data.get("format") != FORMAT or not isinstance(chains, dict):
        raise AnchorError(f"{path}: not a Seri anchor ({FORMAT})")
    heads = {}
    for name, chain in chains.items():
        sequence, row_hash = chain.get("sequence"), chain.get("hash")
        if not isinstance(sequence, int) or sequence < 0 or not _HASH.match(str(row_hash)):
            raise AnchorError(f"{path}: the head of {name} is not SEQUENCE and a SHA-256")
        heads[name] = (sequence, row_hash)
    return Anchor(written_at=str(data.get("written_at", "")), heads=heads, source=str(path))


def latest(directory: Path) -> Anchor | None:
    """The newest anchor file in `directory` (by the time in its name), or None."""
    try:
        names = sorted(p.name for p in directory.iterdir() if _NAME.match(p.name))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorError(f"{directory}: {exc.strerror or exc}") from None
    return read(directory / names[-1]) if names else None


def verify_chains(
    models: Iterable[type[ChainedModel]],
    *,
    anchor: Anchor | None,
    extra: dict[int, str] | None = None,
    batch_size: int = 5000,
) -> list[tuple[str, ChainReport]]:
    """Each chain verified with its own verifier, against its head in `anchor` (and `extra`,
    anchors given by hand for a single chain)."""
    results = []
    for model in models:
        name = chain_name(model)
        anchors = {**(anchor.for_chain(name) if anchor else {}), **(extra or {})}
        verify = model.chain_verifier or verify_chain
        results.append((name, verify(model, batch_size=batch_size, anchors=anchors)))
    return results
