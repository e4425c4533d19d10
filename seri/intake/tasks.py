"""Background imports on the database-backed queue (`seri db_worker` runs them)."""

from django_tasks import task


@task()
def run_import(import_run_id: int) -> None:
    from seri.intake.imports import run_recorded
    from seri.intake.models import ImportRun

    import_run = ImportRun.objects.filter(pk=import_run_id, state=ImportRun.State.QUEUED).first()
    if import_run is not None:
        run_recorded(import_run)
