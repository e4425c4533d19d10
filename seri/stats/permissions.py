"""Who may do what with statistics: the one place the statistics app keeps its rules. Services
and selectors read them; views call the `require_*` functions only for pages that reach no
guarded service or selector (a refused rule raises `PermissionError`, which the web middleware
and the API answer with 403).

- statistics pages: the roles that see their organisation's cases (a partner liaison sees only
  what is referred to it, so no statistics);
- de-identified exports: coordinators (the coalition) and organisation admins (their own);
- differentially private releases and estimates, which spend a shared privacy budget or use
  every organisation's lists: coordinators.
"""

from __future__ import annotations

from typing import Any

from seri.orgs import permissions as org_permissions
from seri.orgs.models import ROLES_SEEING_OWN_CASES, Role
from seri.orgs.permissions import is_coordinator  # the one definition of the role rule


def may_see_statistics(user: Any) -> bool:
    return bool(org_permissions.org_ids_with_roles(user, ROLES_SEEING_OWN_CASES))


def may_export(user: Any) -> bool:
    return bool(org_permissions.org_ids_with_roles(user, {Role.COORDINATOR, Role.ORG_ADMIN}))


def may_release(user: Any) -> bool:
    return is_coordinator(user)


def require_statistics(user: Any) -> None:
    if not may_see_statistics(user):
        raise PermissionError("statistics: not for this role")


def require_export(user: Any) -> None:
    if not may_export(user):
        raise PermissionError("export: coordinators and organisation admins only")


def require_release(user: Any) -> None:
    if not may_release(user):
        raise PermissionError("private releases and estimates: coordinators only")
