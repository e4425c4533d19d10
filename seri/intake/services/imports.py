"""Import runs: from the command line (`seri import …`, `import_execute`) or from the import
page (`import_run_start`), where the run waits on the database-backed queue and
`import_run_execute` runs it in the worker while the page shows its progress.

An uploaded export is kept in a private folder of its own run (`DATA_DIR/imports/run-…`,
0700), which the run removes when it ends, imported or refused: no import ever sees another's
files (a WhatsApp `.txt` reads the files beside it as the chat's media).
"""

import hashlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.types import Actor
from seri.intake.importers.common import ImportRefused, ImportSummary, Problem, Progress
from seri.intake.models import ImportRun, SpreadsheetMapping
from seri.intake.permissions import may_import, signed_in
from seri.orgs.models import Organisation

KINDS = {"telegram", "whatsapp", "csv", "xlsx"}
# The suffix an upload keeps (the importers look at it); never the rest of its name.
SUFFIXES = {".zip", ".txt", ".json", ".html", ".htm", ".csv", ".xlsx", ".xlsm"}
CHUNK = 1 << 20


def _chat(
    kind: str,
    *,
    actor: Actor,
    organisation: Organisation,
    path: str | Path,
    options: dict,
    progress: Progress | None,
) -> ImportSummary:
    common = {
        "actor": actor,
        "organisation": organisation,
        "path": path,
        "reporter_relation": options.get("reporter_relation", "unknown"),
        "time_zone": options.get("time_zone", ""),
        "batch_size": int(options.get("batch_size", 200)),
        "progress": progress,
    }
    if kind == "telegram":
        from seri.intake.importers.telegram import import_telegram

        return import_telegram(**common, include_channels=bool(options.get("include_channels")))
    from seri.intake.importers.whatsapp import import_whatsapp

    return import_whatsapp(**common, date_order=options.get("date_order", ""))


def import_execute(
    kind: str,
    *,
    actor: Actor,
    organisation: Organisation,
    path: str | Path,
    options: dict | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a file now. Raises ImportRefused (nothing written) when it cannot be read."""
    if kind not in KINDS:
        raise ImportRefused([Problem.of([["file", str(path)]], "unknown_kind", kind)])
    if not may_import(actor, organisation):
        raise PermissionError("this user cannot import reports for this organisation")
    options = {k: v for k, v in (options or {}).items() if v not in ("", None)}
    if kind in ("telegram", "whatsapp"):
        return _chat(
            kind,
            actor=actor,
            organisation=organisation,
            path=path,
            options=options,
            progress=progress,
        )
    from seri.intake.importers.spreadsheet import import_spreadsheet

    return import_spreadsheet(
        actor=actor,
        organisation=organisation,
        path=path,
        partner=options.get("partner", ""),
        columns=options.get("columns") or None,
        save_mapping=bool(options.get("columns")),
        time_zone=options.get("time_zone", ""),
        progress=progress,
    )


# --- runs from the import page -------------------------------------------------------------------


def imports_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def max_upload_bytes() -> int:
    return settings.SERI_IMPORT_MAX_UPLOAD_MB * 1024 * 1024


def too_large_message() -> str:
    return _("This file is larger than %(mb)d MB, the most an import may be.") % {
        "mb": settings.SERI_IMPORT_MAX_UPLOAD_MB
    }


def upload_too_large(upload: UploadedFile) -> str:
    """The message for an upload above the limit, or ''."""
    if (upload.size or 0) <= max_upload_bytes():
        return ""
    return too_large_message()


def _keep_upload(upload: UploadedFile) -> tuple[Path, str]:
    """The upload, written into a new private folder (0700); its path and SHA-256 (which
    `seri verify` checks while the run waits)."""
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=imports_folder()))
    suffix = Path(upload.name or "").suffix.lower()
    target = folder / ("upload" + (suffix if suffix in SUFFIXES else ""))
    digest = hashlib.sha256()
    try:
        with target.open("xb") as out:
            for chunk in upload.chunks(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        target.chmod(0o600)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target, digest.hexdigest()


def upload_path_of(import_run: ImportRun) -> Path | None:
    """Where a run's upload is, if it is in a run folder of the imports folder (a stored name
    is never trusted to point elsewhere)."""
    if not import_run.upload_path:
        return None
    root = imports_folder().resolve()
    path = (root / import_run.upload_path).resolve()
    if path.parent.parent != root or not path.parent.name.startswith("run-"):
        return None
    return path


def import_run_start(
    *, actor: Actor, organisation: Organisation, kind: str, upload: UploadedFile, options: dict
) -> ImportRun:
    """Keep an uploaded export in a private folder and queue its import."""
    from seri.intake.tasks import run_import

    if actor is None or not may_import(actor, organisation):
        raise PermissionError("this user cannot import reports for this organisation")
    if kind not in KINDS:
        raise ValidationError({"kind": [_("Unknown kind of import: %s") % kind]})
    if too_large := upload_too_large(upload):
        raise ValidationError({"file": [too_large]})
    path, sha256 = _keep_upload(upload)
    try:
        with transaction.atomic():
            import_run = ImportRun.objects.create(
                organisation=organisation,
                kind=kind,
                started_by=signed_in(actor),
                options=options,
                upload_path=str(path.relative_to(imports_folder())),
                upload_sha256=sha256,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=import_run,
                organisation=organisation,
                detail={"import": kind, "bytes": upload.size},
            )
    except BaseException:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    run_import.enqueue(import_run.pk)
    return import_run


def _record(import_run: ImportRun, summary: ImportSummary) -> None:
    import_run.state = ImportRun.State.DONE
    import_run.created = summary.created
    import_run.already_present = summary.already_present
    import_run.total = summary.read
    import_run.done = summary.read
    import_run.problems = [p.as_dict() for p in summary.rejected + summary.warnings]
    import_run.accounting = summary.accounting()


def _run(import_run: ImportRun, path: Path | None) -> None:
    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=import_run.pk).update(done=done, total=total)

    if path is None or not path.is_file():
        raise ImportRefused([Problem.of([["upload"]], "upload_gone")])
    summary = import_execute(
        import_run.kind,
        actor=import_run.started_by,
        organisation=import_run.organisation,
        path=path,
        options=import_run.options,
        progress=progress,
    )
    _record(import_run, summary)


def import_run_execute(import_run: ImportRun) -> ImportRun:
    """Run a queued import (the worker, as the user who started it), keeping its progress and
    summary on the ImportRun row. Its private folder is removed however it ends."""
    path = upload_path_of(import_run)
    import_run.state = ImportRun.State.RUNNING
    import_run.save(update_fields=["state", "updated_at"])
    try:
        _run(import_run, path)
    except ImportRefused as exc:
        import_run.state = ImportRun.State.FAILED
        import_run.problems = [p.as_dict() for p in exc.problems]
    except Exception:
        import_run.state = ImportRun.State.FAILED
        import_run.problems = [Problem.of([], "stopped").as_dict()]
        raise
    finally:
        # The upload is no longer needed once imported (it may hold identifying data).
        if path is not None:
            shutil.rmtree(path.parent, ignore_errors=True)
        import_run.upload_path = ""
        import_run.finished_at = timezone.now()
        import_run.save()
    return import_run


# --- spreadsheet mappings ------------------------------------------------------------------------


def spreadsheet_mapping_save(
    *, actor: Actor, organisation: Organisation, partner: str, columns: dict
) -> SpreadsheetMapping:
    """Keep how a partner's columns map to report fields, for their next spreadsheet."""
    from seri.intake.importers.spreadsheet import FIELDS, IGNORE

    if not may_import(actor, organisation):
        raise PermissionError("this user cannot import reports for this organisation")
    bad = {f for f in columns.values() if f and f not in FIELDS and f != IGNORE}
    if bad:
        raise ImportRefused([Problem.of([["mapping"]], "unknown_fields", ", ".join(bad))])
    with transaction.atomic():
        mapping, _created = SpreadsheetMapping.objects.update_or_create(
            organisation=organisation, partner=partner, defaults={"columns": columns}
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=mapping,
            organisation=organisation,
            detail={"partner": partner},
        )
    return mapping
