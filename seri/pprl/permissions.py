"""Who may do what with cross-installation linkage. Services and selectors of seri.pprl ask here.

- A project (which organisations take part, under which consent rule) is set up by an admin of
  every organisation it includes; encoding and importing run as the system (the command) or for
  such an admin.
- A possible match is seen by whoever sees the person (`people_visible_to`); asking for a
  referral and deciding belong to those who write the person's cases (the owning organisation).
"""

from collections.abc import Iterable

from seri.core.types import Actor
from seri.orgs import permissions
from seri.orgs.models import ROLES_WRITING_CASES
from seri.pprl.models import PprlMatch, PprlProject


def may_configure(actor: Actor, organisation_ids: Iterable[int]) -> bool:
    """The system (the command), or an admin of every organisation taking part."""
    ids = set(organisation_ids)
    if actor is None:
        return True
    return bool(ids) and ids <= permissions.org_ids_administered(actor)


def may_run(actor: Actor, project: PprlProject) -> bool:
    """Encode or import: the system, or an admin of every organisation of the project."""
    if actor is None:
        return True
    return may_configure(actor, project.organisations.values_list("pk", flat=True))


def may_decide(actor: Actor, match: PprlMatch) -> bool:
    person_org = match.record.person.organisation_id
    return person_org in permissions.org_ids_with_roles(actor, ROLES_WRITING_CASES)
