"""Who holds which role where. Everything that asks "may this user …" starts here."""

from collections.abc import Iterable

from django.db.models import QuerySet

from seri.core.prepared import prepared
from seri.core.types import Actor
from seri.orgs.models import (
    ROLES_SEEING_OWN_CASES,
    ROLES_WORKING_REFERRALS,
    ROLES_WRITING_CASES,
    Membership,
    Organisation,
    Role,
    User,
)

_CACHE_ATTR = "_seri_memberships"


@prepared
def _active_memberships_of(user_id: int) -> QuerySet:
    return (
        Membership.objects.filter(user_id=user_id, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("pk")
    )


def active_memberships(user: Actor) -> list[Membership]:
    """The user's active memberships in active organisations, fetched once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _active_memberships_of.list(user.pk)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def memberships_known(user: User, memberships: list[Membership]) -> None:
    """The user's active memberships in active organisations, read together with the user
    (seri.orgs.backends): `active_memberships` answers from them for this request."""
    setattr(user, _CACHE_ATTR, memberships)


def forget_memberships(user: Actor) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def org_ids_with_roles(user: Actor, roles: Iterable[str]) -> set[int]:
    roles = set(roles)
    return {m.organisation_id for m in active_memberships(user) if m.role in roles}


def organisations_with_roles(user: Actor, roles: Iterable[str]) -> list[Organisation]:
    roles = set(roles)
    return [m.organisation for m in active_memberships(user) if m.role in roles]


def all_org_ids(user: Actor) -> set[int]:
    return {m.organisation_id for m in active_memberships(user)}


def org_ids_seeing_own_cases(user: Actor) -> set[int]:
    return org_ids_with_roles(user, ROLES_SEEING_OWN_CASES)


def org_ids_writing_cases(user: Actor) -> set[int]:
    return org_ids_with_roles(user, ROLES_WRITING_CASES)


def org_ids_working_referrals(user: Actor) -> set[int]:
    return org_ids_with_roles(user, ROLES_WORKING_REFERRALS)


def org_ids_administered(user: Actor) -> set[int]:
    return org_ids_with_roles(user, {Role.ORG_ADMIN})


def can_record_reports(user: Actor) -> bool:
    return bool(org_ids_writing_cases(user))


def is_coordinator(user: Actor) -> bool:
    """A coordinator somewhere: sees coalition-wide aggregates and decides on any pair of
    possible duplicates (seri.stats, seri.linkage)."""
    return bool(org_ids_with_roles(user, {Role.COORDINATOR}))


def may_administer_user(actor: Actor, user: User) -> bool:
    """An admin of an organisation `user` belongs (or belonged) to."""
    administered = org_ids_administered(actor)
    return (
        bool(administered)
        and Membership.objects.filter(user=user, organisation_id__in=administered).exists()
    )


def may_manage_tokens_of(actor: Actor, owner: User) -> bool:
    """A user lists and revokes their own API tokens; an org admin those of their users."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return actor.pk == owner.pk or may_administer_user(actor, owner)


def require_admin_of(actor: Actor, organisation_id: int) -> None:
    if organisation_id not in org_ids_administered(actor):
        raise PermissionError("this user cannot manage the users of this organisation")
