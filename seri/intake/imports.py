"""Running an import: from the command line (`seri import …`) or from the import page, where it
runs as a background task on the database-backed queue and the page shows its progress."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.intake.importers.common import ImportRefused, ImportSummary, Problem, Progress
from seri.intake.models import ImportRun

KINDS = {"telegram", "whatsapp", "csv", "xlsx"}


def run(
    kind: str,
    *,
    actor,
    organisation,
    path,
    options: dict | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    options = {k: v for k, v in (options or {}).items() if v not in ("", None)}
    relation = options.get("reporter_relation", "unknown")
    batch_size = int(options.get("batch_size", 200))
    if kind == "telegram":
        from seri.intake.importers.telegram import import_telegram

        return import_telegram(
            actor=actor,
            organisation=organisation,
            path=path,
            reporter_relation=relation,
            time_zone=options.get("time_zone", ""),
            batch_size=batch_size,
            progress=progress,
        )
    if kind == "whatsapp":
        from seri.intake.importers.whatsapp import import_whatsapp

        return import_whatsapp(
            actor=actor,
            organisation=organisation,
            path=path,
            reporter_relation=relation,
            time_zone=options.get("time_zone", ""),
            date_order=options.get("date_order", ""),
            batch_size=batch_size,
            progress=progress,
        )
    if kind in ("csv", "xlsx"):
        from seri.intake.importers.spreadsheet import import_spreadsheet

        return import_spreadsheet(
            actor=actor,
            organisation=organisation,
            path=path,
            partner=options.get("partner", ""),
            columns=options.get("columns") or None,
            save_mapping=bool(options.get("columns")),
            progress=progress,
        )
    raise ImportRefused([Problem(str(path), _("unknown kind of import: %s") % kind)])


def run_recorded(import_run: ImportRun) -> ImportRun:
    """Run a queued import, keeping its progress and summary on the ImportRun row."""
    import_run.state = ImportRun.State.RUNNING
    import_run.save(update_fields=["state", "updated_at"])

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=import_run.pk).update(done=done, total=total)

    try:
        summary = run(
            import_run.kind,
            actor=import_run.started_by,
            organisation=import_run.organisation,
            path=Path(import_run.upload.path),
            options=import_run.options,
            progress=progress,
        )
    except ImportRefused as exc:
        import_run.state = ImportRun.State.FAILED
        import_run.problems = [p.as_dict() for p in exc.problems]
    else:
        import_run.state = ImportRun.State.DONE
        import_run.created = summary.created
        import_run.already_present = summary.already_present
        import_run.total = summary.read
        import_run.done = summary.read
        import_run.problems = [p.as_dict() for p in summary.rejected + summary.warnings]
    import_run.finished_at = timezone.now()
    with transaction.atomic():
        import_run.save()
    # The upload is no longer needed once imported (it may hold identifying data).
    if import_run.upload:
        import_run.upload.delete(save=False)
        ImportRun.objects.filter(pk=import_run.pk).update(upload="")
    return import_run
