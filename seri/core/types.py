"""Type names shared by services, selectors and permission rules (for the type checker only)."""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seri.orgs.models import User

# Who does or asks for something: a signed-in user, an anonymous visitor, or None for the
# system (commands and background tasks running without a user).
Actor: TypeAlias = "User | AnonymousUser | None"
