"""Who may do what with hotline channels. Services ask here.

Channels are an organisation's configuration and hold its secrets: its admins add, list and
remove them and see their health. Messages arriving on a channel are written by the system
(actor None) once the provider's signature has been checked: the signature is the permission.
"""

from seri.core.types import Actor
from seri.orgs.permissions import org_ids_administered


def org_ids_managing_channels(user: Actor) -> set[int]:
    return org_ids_administered(user)


def may_manage_channels(user: Actor, organisation_id: int) -> bool:
    """An org admin of the channel's organisation, or the system (`seri channels` run
    without --user)."""
    return user is None or organisation_id in org_ids_managing_channels(user)
