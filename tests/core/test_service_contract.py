"""The pieces every service shares: a refused write is a 403 page, bulk audit rows join the
caller's transaction."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from seri.audit.models import AuditAction, AuditEvent
from seri.audit.services import AuditEntry, audit_record_many
from seri.core.middleware import ServicePermissionMiddleware


def test_a_refused_write_is_the_403_page(db, bob):
    def view(request):
        raise PermissionError("only coordinators may do this")

    request = RequestFactory().get("/somewhere/")
    request.user = bob
    middleware = ServicePermissionMiddleware(lambda r: HttpResponse())
    try:
        view(request)
    except PermissionError as exc:
        response = middleware.process_exception(request, exc)
    assert response.status_code == 403
    assert b"Not allowed" in response.content
    # The refusal's wording (which may name things) is not echoed to the page.
    assert b"coordinators" not in response.content


def test_other_errors_are_left_alone(db):
    middleware = ServicePermissionMiddleware(lambda r: HttpResponse())
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None


def test_bulk_audit_rows_roll_back_with_the_caller(db, bob, bobs_case):
    before = AuditEvent.objects.count()
    with transaction.atomic():
        audit_record_many(
            actor=bob,
            entries=[
                AuditEntry(action=AuditAction.UPDATE, obj=bobs_case, detail={"n": n})
                for n in range(3)
            ],
        )
        assert AuditEvent.objects.count() == before + 3
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == before

    events = audit_record_many(
        actor=bob, entries=[AuditEntry(action=AuditAction.UPDATE, obj=bobs_case)]
    )
    stored = AuditEvent.objects.get(pk=events[0].pk)
    assert stored.actor == bob
    assert stored.object_id == str(bobs_case.public_id)


@pytest.mark.parametrize("anonymous_actor", [None])
def test_system_actor_is_recorded_as_nobody(db, bobs_case, anonymous_actor):
    (event,) = audit_record_many(
        actor=anonymous_actor, entries=[AuditEntry(action=AuditAction.UPDATE, obj=bobs_case)]
    )
    assert AuditEvent.objects.get(pk=event.pk).actor is None
