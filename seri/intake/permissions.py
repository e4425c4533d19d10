"""Who may do what in intake. Services and selectors ask here; views need not (a refused
service raises `PermissionError`, which the middleware answers with the 403 page).

Reports not yet on a case are no case's, so `seri/cases/scoping.py` cannot scope them. The
rule used instead is the one the scope uses for writing a case: a person may triage, import
and record reports for an organisation exactly when they could edit a case of it
(`case_access(user, case).can_edit`); tests/intake/test_permissions.py proves the two equal
for every role.
"""

from seri.core.types import Actor
from seri.orgs.models import Organisation, User
from seri.orgs.permissions import org_ids_administered, org_ids_writing_cases


def signed_in(actor: Actor) -> User | None:
    """The user to record as author (`recorded_by`, `started_by` …): None for the system."""
    return actor if isinstance(actor, User) else None


def org_ids_recording_reports(user: Actor) -> set[int]:
    """Organisations whose reports the user records, imports and triages."""
    return org_ids_writing_cases(user)


def may_record_reports(user: Actor, organisation: Organisation) -> bool:
    return organisation.pk in org_ids_recording_reports(user)


def may_triage(user: Actor, organisation_id: int) -> bool:
    return organisation_id in org_ids_recording_reports(user)


def may_import(user: Actor, organisation: Organisation) -> bool:
    """An import with no user is the system's (`seri import` without --user)."""
    return user is None or may_record_reports(user, organisation)


def org_ids_managing_devices(user: Actor) -> set[int]:
    """Organisations whose OpenRosa device credentials the user makes and revokes."""
    return org_ids_administered(user)


def may_manage_devices(user: Actor, organisation_id: int) -> bool:
    return organisation_id in org_ids_managing_devices(user)


def may_export_reports(user: Actor, organisation: Organisation) -> bool:
    return organisation.pk in org_ids_administered(user)
