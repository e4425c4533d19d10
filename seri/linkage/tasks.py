"""Background task: batch linkage (django-tasks; the worker is `seri db_worker`)."""

from django_tasks import task


@task()
def batch_linkage(threshold: float | None = None) -> dict:
    from seri.linkage.batch import run_batch
    from seri.linkage.models import LinkageRun

    run = run_batch(threshold=threshold, run=LinkageRun.objects.create())
    return {"run": run.pk, "people": run.people, "candidates": run.candidates}
