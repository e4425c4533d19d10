"""Writes for sources and evidence: receiving a file, its shareable copy, its custody log,
bundles for a prosecutor.

Each takes `actor` (the user; `None` for the system), checks it against
`seri.evidence.permissions`, validates, and writes in one transaction with its audit row; views,
downloads and hand-overs of a file are recorded in its custody log (its own hash chain).

A file is received in one transaction: it is hashed while it is read, its type is read from
its content, it is stored under its hash, and its first custody entry is appended. If any
step fails — too large, a database error — the stored file is removed again and no row is
left: nothing half-received.
"""

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from seri.audit.chain import chain_append
from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.files import INLINE_IMAGE_TYPES
from seri.core.types import Actor as ActorUser
from seri.evidence import content, permissions
from seri.evidence.models import (
    CustodyEntry,
    CustodyEvent,
    EvidenceFile,
    Source,
    WebCapture,
    bundle_title,
    custody_note,
)
from seri.orgs.models import Organisation, User

if TYPE_CHECKING:
    from seri.cases.models import Case
    from seri.compounds.models import Compound
    from seri.intake.models import Report

CHUNK = 1024 * 1024


def max_upload_bytes() -> int:
    return int(settings.SERI_EVIDENCE_MAX_UPLOAD_MB) * 1024 * 1024


def _recorder(actor: ActorUser) -> User | None:
    return actor if isinstance(actor, User) else None


def _custody_append(
    *, evidence: EvidenceFile, event: str, actor: ActorUser, organisation=None, note: str = ""
) -> CustodyEntry:
    """One entry of a file's custody log (its own hash chain), in the caller's transaction."""
    entry = CustodyEntry(
        evidence=evidence,
        actor=_recorder(actor),
        organisation=organisation,
        event=event,
        sha256=evidence.sha256,
        note=note[:500],
    )
    chain_append([entry])
    return entry


@dataclass(frozen=True, kw_only=True)
class EvidenceInput:
    organisation: Organisation
    file: UploadedFile | File | bytes
    original_name: str = ""
    claimed_media_type: str = ""
    claimed_metadata: str = ""
    description: str = ""
    case: "Case | None" = None
    report: "Report | None" = None
    compound: "Compound | None" = None
    source: Source | None = None
    capture: WebCapture | None = None
    capture_part: str = ""
    note: str = ""


def _read_bounded(upload) -> bytes:
    """The whole upload, refused as soon as it passes the limit (nothing is stored)."""
    limit = max_upload_bytes()
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise _too_large(size)
        upload.seek(0)
        parts, total = [], 0
        for chunk in (
            upload.chunks(CHUNK)
            if hasattr(upload, "chunks")
            else iter(lambda: upload.read(CHUNK), b"")
        ):
            total += len(chunk)
            if total > limit:
                raise _too_large(total)
            parts.append(chunk)
        data = b"".join(parts)
    if len(data) > limit:
        raise _too_large(len(data))
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    return data


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        {
            "file": _(
                "The file is too large: %(size)s MB, and the limit is %(limit)s MB. "
                "Nothing was stored."
            )
            % {
                "size": f"{size / 1024 / 1024:.1f}",
                "limit": settings.SERI_EVIDENCE_MAX_UPLOAD_MB,
            }
        }
    )


def _evidence_from(data: EvidenceInput, raw: bytes, actor: ActorUser) -> EvidenceFile:
    media_type = content.detect_media_type(raw)
    return EvidenceFile(
        organisation=data.organisation,
        original_name=(data.original_name or getattr(data.file, "name", "") or "")[:500],
        description=data.description[:500],
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        media_type=media_type,
        claimed_media_type=(
            data.claimed_media_type or getattr(data.file, "content_type", "") or ""
        )[:200],
        claimed_metadata=data.claimed_metadata,
        perceptual_hash=content.perceptual_hash(raw) if media_type.startswith("image/") else "",
        uploaded_by=_recorder(actor),
        received_at=timezone.now(),
        case=data.case,
        report=data.report,
        compound=data.compound,
        source=data.source,
        capture=data.capture,
        capture_part=data.capture_part,
    )


def _store(evidence: EvidenceFile, raw: bytes, data: EvidenceInput, actor: ActorUser) -> None:
    """The files, the row, its custody entries and its audit row, all or nothing."""
    stored: list = []
    try:
        with transaction.atomic():
            evidence.file.save(evidence.sha256, ContentFile(raw), save=False)
            stored.append(evidence.file)
            shareable = content.shareable_copy(raw, evidence.media_type)
            if shareable is not None:
                evidence.shareable.save(evidence.sha256, ContentFile(shareable), save=False)
                stored.append(evidence.shareable)
                evidence.shareable_sha256 = hashlib.sha256(shareable).hexdigest()
            evidence.full_clean(exclude=["file", "shareable"])
            evidence.save()
            _custody_append(
                evidence=evidence,
                event=CustodyEvent.CAPTURE if data.capture else CustodyEvent.UPLOAD,
                actor=actor,
                organisation=data.organisation,
                note=data.note,
            )
            if shareable is not None:
                _custody_append(
                    evidence=evidence,
                    event=CustodyEvent.DERIVE,
                    actor=actor,
                    organisation=data.organisation,
                    note=custody_note("metadata_removed", hash=evidence.shareable_sha256),
                )
            audit_record(
                actor=actor, action=AuditAction.CREATE, obj=evidence, organisation=data.organisation
            )
    except BaseException:
        # Files are not transactional: remove what was written for this failed receipt,
        # unless another evidence row already holds the same content.
        for stored_file in stored:
            still_used = EvidenceFile.objects.filter(sha256=evidence.sha256).exists()
            if not still_used and stored_file.name:
                stored_file.storage.delete(stored_file.name)
        raise


def evidence_receive(*, actor: ActorUser, data: EvidenceInput) -> EvidenceFile:
    """Store a file as received, with its hashes, detected type and first custody entry."""
    if not any((data.case, data.report, data.compound, data.source, data.capture)):
        raise ValidationError(
            _("Attach the file to a case, a report, a compound, a source or a capture.")
        )
    permissions.require_evidence_receiver(
        actor,
        organisation=data.organisation,
        case=data.case,
        report=data.report,
        compound=data.compound,
        source=data.source,
        capture=data.capture,
    )
    raw = _read_bounded(data.file)
    evidence = _evidence_from(data, raw, actor)
    _store(evidence, raw, data, actor)
    return evidence


def evidence_open_for(
    *,
    actor: ActorUser,
    evidence: EvidenceFile,
    organisation: Organisation | None = None,
    shareable: bool = False,
) -> File:
    """The stored file (or its shareable copy), with the download in the custody log."""
    if shareable:
        permissions.require_evidence_reader(actor, evidence)
        if not evidence.shareable:
            raise ValidationError({"shareable": _("This file has no shareable copy.")})
    else:
        permissions.require_original_reader(actor, evidence)
    with transaction.atomic():
        _custody_append(
            evidence=evidence,
            event=CustodyEvent.DOWNLOAD_SHAREABLE if shareable else CustodyEvent.DOWNLOAD,
            actor=actor,
            organisation=organisation,
        )
    return (evidence.shareable if shareable else evidence.file).open("rb")


def evidence_preview_open(*, actor: ActorUser, evidence: EvidenceFile) -> File:
    """The picture shown on the evidence page: the shareable copy (no location or device
    metadata) when there is one, else the original for those who may have it. Only raster
    images are shown (`seri.core.files.INLINE_IMAGE_TYPES`); the showing is a view in the
    custody log."""
    if evidence.media_type not in INLINE_IMAGE_TYPES:
        raise ValidationError({"file": _("Only pictures are shown in the page.")})
    if evidence.shareable:
        permissions.require_evidence_reader(actor, evidence)
    else:
        permissions.require_original_reader(actor, evidence)
    with transaction.atomic():
        _custody_append(evidence=evidence, event=CustodyEvent.VIEW, actor=actor, organisation=None)
    return (evidence.shareable or evidence.file).open("rb")


def evidence_viewed(
    *, actor: ActorUser, evidence: EvidenceFile, organisation: Organisation | None = None
) -> CustodyEntry:
    """Someone was shown the file's details: an entry in its custody log (its audit)."""
    permissions.require_evidence_reader(actor, evidence)
    with transaction.atomic():
        return _custody_append(
            evidence=evidence, event=CustodyEvent.VIEW, actor=actor, organisation=organisation
        )


def evidence_transfer(
    *,
    actor: ActorUser,
    evidence: EvidenceFile,
    to: str,
    note: str = "",
    organisation: Organisation | None = None,
) -> CustodyEntry:
    """A hand-over outside Seri (a copy given to the police on a drive, say)."""
    permissions.require_original_reader(actor, evidence)
    if not to.strip():
        raise ValidationError({"to": _("Say to whom the evidence was transferred.")})
    with transaction.atomic():
        entry = _custody_append(
            evidence=evidence,
            event=CustodyEvent.TRANSFER,
            actor=actor,
            organisation=organisation,
            note=f"{to.strip()}: {note}".strip(": ") if note else to.strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=evidence,
            organisation=organisation,
            detail={"custody": CustodyEvent.TRANSFER},
        )
    return entry


def similar_images(evidence: EvidenceFile, *, max_distance: int = 8, among=None) -> list:
    """Other images whose perceptual hash is within `max_distance` bits: the same picture
    sent twice, re-encoded, resized or screenshotted again."""
    if not evidence.perceptual_hash:
        return []
    candidates = (
        (among if among is not None else EvidenceFile.objects.all())
        .exclude(pk=evidence.pk)
        .exclude(perceptual_hash="")
    )
    found = []
    fields = ("pk", "public_id", "perceptual_hash", "sha256", "media_type")
    for other in candidates.select_related(None).only(*fields):
        distance = content.hash_distance(evidence.perceptual_hash, other.perceptual_hash)
        if distance is not None and distance <= max_distance:
            found.append((other, distance))
    found.sort(key=lambda pair: pair[1])
    return found


# --- bundles ------------------------------------------------------------------------------------


@dataclass
class Bundle:
    filename: str
    data: bytes
    manifest_sha256: str
    files: int
    entries: list = field(default_factory=list)


def _manifest_row(evidence: EvidenceFile, path: str) -> dict:
    return {
        "path": path,
        "id": str(evidence.public_id),
        "sha256": evidence.sha256,
        "size": evidence.size,
        "media_type": evidence.media_type,
        "claimed_media_type": evidence.claimed_media_type,
        "original_name": evidence.original_name,
        "claimed_metadata": evidence.claimed_metadata,
        "received_at": evidence.received_at.astimezone(dt.UTC).isoformat(),
        "uploaded_by": str(evidence.uploaded_by) if evidence.uploaded_by else None,
        "organisation": evidence.organisation.name,
        "perceptual_hash": evidence.perceptual_hash or None,
    }


def evidence_bundle(
    *,
    actor: ActorUser,
    files: Iterable[EvidenceFile],
    organisation: Organisation | None = None,
    about: dict,
) -> Bundle:
    """A zip for a prosecutor: the originals, a manifest of their hashes, their custody log,
    and the SHA-256 of the manifest. Exporting is itself logged, in custody and audit.
    A bundle carries originals: only who may have each original may bundle it.

    `about` says what the bundle is of, `{"case": reference}` or `{"compound": public id,
    "name": name}`, and is stored as it is (manifest, custody notes); the texts for reading
    (README.txt with the bundle's title, custody-log.txt) are in the active language, the
    exporter's."""
    permissions.require_evidence_adder(actor)
    files = list(files)
    for evidence in files:
        permissions.require_original_reader(actor, evidence)
    bundle_title(about)  # about a case or a compound, before anything is logged
    with transaction.atomic():
        return _bundle(actor=actor, files=files, organisation=organisation, about=about)


def _custody_rows(files: list[EvidenceFile]) -> list[dict]:
    return [
        {
            "sequence": e.sequence,
            "at": e.at.astimezone(dt.UTC).isoformat(),
            "evidence": str(e.evidence.public_id),
            "event": e.event,
            "actor": str(e.actor) if e.actor else None,
            "organisation": e.organisation.name if e.organisation else None,
            "sha256": e.sha256,
            "note": e.note,
            "prev_hash": e.prev_hash,
            "row_hash": e.row_hash,
        }
        for e in CustodyEntry.objects.filter(evidence__in=files)
        .select_related("evidence", "actor", "organisation")
        .order_by("sequence")
    ]


def _reading_language() -> dict[str, str]:
    """The active language (the exporter's), in which a bundle's texts for reading are: its
    code and its name, for the texts to say which it is."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    return {"code": code, "language": dict(settings.LANGUAGES).get(code, code)}


def _custody_listing(files: list[EvidenceFile]) -> str:
    """The custody log for reading, in the active language: that of the person exporting.
    (custody-log.json holds the same entries as stored, notes as codes: language-neutral.)"""
    lines = [
        _("Chain of custody"),
        _("Language of this listing: %(language)s (%(code)s)") % _reading_language(),
        "",
    ]
    for e in (
        CustodyEntry.objects.filter(evidence__in=files)
        .select_related("evidence", "actor", "organisation")
        .order_by("sequence")
    ):
        cells = [
            str(e.sequence),
            e.at.astimezone(dt.UTC).isoformat(),
            str(e.evidence.public_id),
            e.get_event_display(),
            str(e.actor) if e.actor else "—",
            e.organisation.name if e.organisation else "—",
            e.display_note,
            e.row_hash,
        ]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _bundle(*, actor, files, organisation, about) -> Bundle:
    now = timezone.now()
    for evidence in files:
        _custody_append(
            evidence=evidence,
            event=CustodyEvent.EXPORT,
            actor=actor,
            organisation=organisation,
            note=custody_note("bundle", **about),
        )
    rows, buffer = [], io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, evidence in enumerate(files, start=1):
            path = f"files/{n:04d}-{evidence.sha256}{content.extension_for(evidence.media_type)}"
            with evidence.file.open("rb") as handle:
                archive.writestr(path, handle.read())
            rows.append(_manifest_row(evidence, path))
        custody = _custody_rows(files)
        manifest = {
            "about": about,
            "exported_at": now.astimezone(dt.UTC).isoformat(),
            "exported_by": str(actor),
            "hash_algorithm": "SHA-256",
            # the language of custody-log.txt, the one text for reading (the exporter's)
            "listing_language": _reading_language()["code"],
            "files": rows,
        }
        manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
        manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr(
            "custody-log.json", json.dumps(custody, indent=2, ensure_ascii=False).encode("utf-8")
        )
        archive.writestr("manifest.json.sha256", f"{manifest_sha256}  manifest.json\n")
        archive.writestr("custody-log.txt", _custody_listing(files).encode("utf-8"))
        archive.writestr("README.txt", _bundle_readme(about).encode("utf-8"))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="evidence_bundle",
        organisation=organisation,
        detail={"about": about, "files": len(files), "manifest_sha256": manifest_sha256},
    )
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return Bundle(
        filename=f"evidence-{stamp}.zip",
        data=buffer.getvalue(),
        manifest_sha256=manifest_sha256,
        files=len(files),
        entries=custody,
    )


def _bundle_readme(about: dict) -> str:
    """README.txt: the bundle's title and how to check it, in the active language (the
    exporter's), like custody-log.txt."""
    parts = [
        (
            "manifest.json",
            _(
                "Every file: its path in this zip, SHA-256, size, the media type read from its "
                "content, the type and metadata the sender claimed (as claims), when the server "
                "received it and who uploaded it; what the bundle is about, when and by whom it "
                "was exported."
            ),
        ),
        ("manifest.json.sha256", _("The SHA-256 of manifest.json, to note in a covering letter.")),
        (
            "custody-log.json",
            _(
                "Every custody entry of these files (received, viewed, downloaded, exported, "
                "transferred), with the hash chain (prev_hash, row_hash). Notes the system "
                'wrote are codes with parameters, in JSON ({"code": "bundle", …}): the chain '
                "covers them as stored."
            ),
        ),
        (
            "custody-log.txt",
            _(
                "The same entries for reading, one a line (sequence, time in UTC, file, event, "
                "who, organisation, note, row_hash), in the language named on its second line."
            ),
        ),
        ("files/", _("The originals, byte for byte as received.")),
    ]
    lines = [
        _("Evidence bundle"),
        bundle_title(about),
        "",
        _(
            "Exported from Seri. This file and custody-log.txt are in %(language)s (%(code)s), "
            "the language of the person who exported the bundle; manifest.json and "
            "custody-log.json are the same in every language."
        )
        % _reading_language(),
        "",
    ]
    for name, text in parts:
        lines += [name, f"    {text}", ""]
    lines += [
        _("To check: the manifest against its SHA-256, then each file's SHA-256 against it:"),
        "    sha256sum -c manifest.json.sha256",
        "    sha256sum files/*",
    ]
    return "\n".join(lines) + "\n"


# --- sources ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SourceInput:
    kind: str
    title: str
    publisher: str = ""
    published_on: dt.date | None = None
    language: str = ""
    url: str = ""
    summary: str = ""
    country: str = ""
    visibility: str = "coalition"
    compounds: list = field(default_factory=list)
    translations: list = field(default_factory=list)


def source_create(
    *, actor: ActorUser, data: SourceInput, organisation: Organisation | None = None
) -> Source:
    """A source recorded for `organisation` (whose visibility rules then apply to it)."""
    permissions.require_source_recorder(actor, organisation)
    permissions.require_sources_seen(actor, data.translations)
    source = Source(
        kind=data.kind,
        title=data.title.strip(),
        publisher=data.publisher.strip(),
        published_on=data.published_on,
        language=data.language,
        url=data.url.strip(),
        summary=data.summary,
        country=data.country,
        visibility=data.visibility,
        organisation=organisation,
        created_by=_recorder(actor),
    )
    source.full_clean()
    with transaction.atomic():
        source.save()
        if data.compounds:
            source.compounds.set(data.compounds)
        if data.translations:
            _link_translations(source, data.translations)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=source, organisation=organisation)
    return source


def _link_translations(source: Source, others: Iterable[Source]) -> None:
    group = {source, *others}
    for other in list(group):
        group |= set(other.translations.all())
    for item in group:
        item.translations.add(*[o for o in group if o.pk != item.pk])


def source_link_translations(*, actor: ActorUser, source: Source, others: list[Source]) -> None:
    """Link versions of one source in other languages; each version then lists all others."""
    permissions.require_evidence_adder(actor)
    permissions.require_sources_seen(actor, [source, *others])
    with transaction.atomic():
        _link_translations(source, others)
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=source, detail={"linked": "translations"}
        )
