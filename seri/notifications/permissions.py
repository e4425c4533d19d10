"""Who may do what with notices: each user reads and clears only their own; a notice goes only
to someone who may see its case."""

from seri.cases.models import Case
from seri.cases.scoping import case_access
from seri.core.types import Actor
from seri.notifications.models import Notification
from seri.orgs.models import User


def may_receive(user: User, case: Case | None) -> bool:
    if not user.is_active:
        return False
    return case is None or case_access(user, case).can_view


def may_mark_read(actor: Actor, notification: Notification) -> bool:
    return bool(
        actor is not None and actor.is_authenticated and notification.recipient_id == actor.pk
    )


def may_set_language(actor: Actor) -> bool:
    """A user's language (for their e-mails) is set by themselves."""
    return bool(actor is not None and actor.is_authenticated)
