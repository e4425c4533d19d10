"""Who may see which source and which evidence file.

Sources carry their own visibility. Evidence files are seen by the organisation that holds
them (roles that see its cases) and, for files attached to a case, by whoever may see the
case (seri.cases.scoping). Anything that is not visible is answered as absent (404).
"""

from seri.cases.scoping import case_access
from seri.evidence.models import Visibility
from seri.orgs import permissions
from seri.orgs.models import ROLES_SEEING_OWN_CASES, Role

RESTRICTED_ROLES = frozenset({Role.ORG_ADMIN, Role.INVESTIGATOR, Role.COORDINATOR})


def can_see_source(user, source) -> bool:
    members = permissions.all_org_ids(user)
    if not members:
        return False
    if source.visibility in (Visibility.PUBLIC, Visibility.COALITION):
        return True
    if source.visibility == Visibility.ORGANISATION:
        return source.organisation_id in members
    return source.organisation_id in permissions.org_ids_with_roles(user, RESTRICTED_ROLES)


def can_see_evidence(user, evidence) -> bool:
    if evidence.organisation_id in permissions.org_ids_with_roles(user, ROLES_SEEING_OWN_CASES):
        return True
    if evidence.case_id is not None:
        return case_access(user, evidence.case).can_view
    return False


def can_add_evidence(user) -> bool:
    return bool(permissions.org_ids_writing_cases(user))
