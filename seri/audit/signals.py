"""Logins and logouts go to the audit trail. A failed login records no credentials."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from seri.audit.models import AuditAction
from seri.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.LOGIN, object_type="user", object_id=str(user.pk))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            actor=user, action=AuditAction.LOGOUT, object_type="user", object_id=str(user.pk)
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="user")
