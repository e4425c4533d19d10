"""Background web capture (django-tasks; the worker is `seri db_worker`)."""

from django_tasks import task


@task()
def capture_page(capture_id: int) -> dict:
    from seri.evidence.capture import web_capture_run
    from seri.evidence.models import WebCapture

    capture = WebCapture.objects.filter(pk=capture_id, status=WebCapture.Status.PENDING).first()
    if capture is None:
        return {"capture": capture_id, "status": "gone"}
    capture = web_capture_run(actor=None, capture=capture)
    return {"capture": capture_id, "status": capture.status}
