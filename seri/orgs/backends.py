"""Loading a logged-in session's user: the user and their memberships in one query.

Every page needs both — the user (active? password unchanged? must they change it first?) and
their memberships (what they may see and do). Django's `ModelBackend` reads the user, and
`seri.orgs.permissions.active_memberships` then reads the memberships: two round trips on
every request. This backend reads the memberships with their user and organisation joined, so
that one query answers both, fresh from the database on every request: nothing is cached
across requests, so a role taken away, a user or an organisation deactivated and a password
changed all count from the very next request (tests/core/test_request_path.py).

Logging in (`authenticate`) is ModelBackend's own.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from seri.core.prepared import prepared
from seri.orgs.models import Membership, User
from seri.orgs.permissions import memberships_known


@prepared
def _memberships_with_user(user_id: int) -> QuerySet:
    return (
        Membership.objects.select_related("user", "organisation")
        .filter(user_id=user_id)
        .order_by("pk")
    )


class UserWithMembershipsBackend(ModelBackend):
    def get_user(self, user_id) -> User | None:
        if not isinstance(user_id, int):
            return super().get_user(user_id)
        rows = _memberships_with_user.list(user_id)
        if not rows:
            # A user without any membership (a fresh superuser): ModelBackend's own query.
            return super().get_user(user_id)
        user = rows[0].user
        if not self.user_can_authenticate(user):
            return None
        for membership in rows:
            membership.user = user  # one instance, as if read through user.memberships
        memberships_known(user, [m for m in rows if m.is_active and m.organisation.is_active])
        return user
