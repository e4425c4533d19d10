"""Who may do what in the compound registry. Services and selectors read these rules; views do
not repeat them.

The registry is shared by the coalition: every member of an active organisation may read it,
and those who record reports may add to it. Actors (alleged operators, protectors, officials)
are more sensitive: by default only investigators and coordinators see them
(`SERI_ACTOR_ROLES`), since a leaked allegation can put a source in danger.

`actor=None` in a service is the system (the demo builder, commands running as the system):
it may write anything.
"""

from django.conf import settings

from seri.orgs import permissions
from seri.orgs.models import Role

DEFAULT_ACTOR_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR})


def can_read_registry(user) -> bool:
    return bool(permissions.all_org_ids(user))


def can_edit_registry(user) -> bool:
    return bool(permissions.org_ids_writing_cases(user))


def actor_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "SERI_ACTOR_ROLES", None) or DEFAULT_ACTOR_ROLES)


def can_see_actors(user) -> bool:
    return bool(permissions.org_ids_with_roles(user, actor_roles()))


def can_edit_actors(user) -> bool:
    return can_see_actors(user)


def require_registry_reader(user) -> None:
    if not can_read_registry(user):
        raise PermissionError("this user cannot read the compound registry")


def require_registry_editor(actor) -> None:
    """For services (and the pages that show a registry form): refuse who may not add to it."""
    if actor is not None and not can_edit_registry(actor):
        raise PermissionError("this user cannot change the compound registry")


def require_actor_editor(actor) -> None:
    if actor is not None and not can_edit_actors(actor):
        raise PermissionError("this user cannot record actors or their relationships")
