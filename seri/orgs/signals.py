"""Session bookkeeping at login and logout (the audit rows are written by seri.audit)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from seri.orgs.services import sessions


@receiver(user_logged_in)
def _session_started(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.session_start(request.session, user=user)


@receiver(user_logged_out)
def _session_ended(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.session_forget(request.session)
