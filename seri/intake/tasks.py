"""Background imports on the database-backed queue (`seri db_worker` runs them)."""

from django_tasks import task


@task()
def run_import(import_run_id: int) -> None:
    from seri.intake.models import ImportRun
    from seri.intake.services.imports import import_run_execute

    import_run = ImportRun.objects.filter(pk=import_run_id, state=ImportRun.State.QUEUED).first()
    if import_run is not None:
        import_run_execute(import_run)
