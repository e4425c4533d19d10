"""Background task: batch linkage (django-tasks; the worker is `seri db_worker`)."""

from django_tasks import task


@task()
def batch_linkage(threshold: float | None = None) -> dict:
    """Runs as the system: the services it calls audit with no user."""
    from seri.linkage.services import linkage_batch_run

    run = linkage_batch_run(actor=None, threshold=threshold)
    return {"run": run.pk, "people": run.people, "candidates": run.candidates}
