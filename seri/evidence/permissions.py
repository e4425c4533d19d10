"""Who may see which source and which evidence file, and who may add, download or hand them on.
Services and selectors read these rules; views do not repeat them.

Sources carry their own visibility. Evidence files are seen by the organisation that holds
them (roles that see its cases) and, for files attached to a case, by whoever may see the
case's evidence (seri.cases.scoping; a partner only when its referral shares the evidence,
seri.referrals.sharing). Anything that is not visible is answered as absent (404).

`actor=None` in a service is the system (the demo builder, commands running as the system).
"""

from seri.cases.scoping import case_access
from seri.compounds.permissions import can_edit_registry
from seri.evidence.models import Visibility
from seri.orgs import permissions
from seri.orgs.models import ROLES_SEEING_OWN_CASES, ROLES_WRITING_CASES, Organisation, Role
from seri.referrals.models import SharedSection
from seri.referrals.sharing import shows

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
        access = case_access(user, evidence.case)
        return shows(access, SharedSection.EVIDENCE, evidence.organisation_id)
    return False


def can_add_evidence(user) -> bool:
    return bool(permissions.org_ids_writing_cases(user))


def may_download_original(user, evidence) -> bool:
    """Originals keep their location and device metadata: those who work cases only. Everyone
    who sees a file may have its shareable copy."""
    if evidence.organisation_id in permissions.org_ids_writing_cases(user):
        return True
    if evidence.case_id is None:
        return False
    access = case_access(user, evidence.case)
    return access.can_contribute and shows(access, SharedSection.EVIDENCE, evidence.organisation_id)


def acting_organisation(user) -> Organisation:
    """The organisation a source or a file not attached to a case is recorded for."""
    organisations = permissions.organisations_with_roles(user, ROLES_WRITING_CASES)
    if not organisations:
        raise PermissionError("this user records sources and evidence for no organisation")
    return organisations[0]


def receiving_organisation(user, case=None) -> Organisation:
    """Who holds a file the user adds: for a case, the organisation through which the user
    works on it (their own, or the one it was referred to); otherwise the user's own."""
    if case is not None:
        access = case_access(user, case)
        if access.acting_organisation is not None:
            return access.acting_organisation
    return acting_organisation(user)


def require_evidence_adder(actor) -> None:
    if actor is not None and not can_add_evidence(actor):
        raise PermissionError("this user cannot add sources or evidence")


def _may_attach(user, *, case, report, compound, source, capture, organisation) -> bool:
    if case is not None and not case_access(user, case).can_contribute:
        return False
    if report is not None and report.organisation_id != organisation.pk:
        return False
    if compound is not None and not can_edit_registry(user):
        return False
    if source is not None and not can_see_source(user, source):
        return False
    return capture is None or capture.organisation_id == organisation.pk


def require_evidence_receiver(
    actor, *, organisation, case=None, report=None, compound=None, source=None, capture=None
) -> None:
    """A file is received for an organisation the user records for, attached to records the
    user may add to."""
    if actor is None:
        return
    require_evidence_adder(actor)
    if organisation.pk not in permissions.org_ids_writing_cases(actor) or not _may_attach(
        actor,
        case=case,
        report=report,
        compound=compound,
        source=source,
        capture=capture,
        organisation=organisation,
    ):
        raise PermissionError("this user cannot attach evidence there")


def require_evidence_reader(actor, evidence) -> None:
    if actor is not None and not can_see_evidence(actor, evidence):
        raise PermissionError("this user cannot see this evidence file")


def require_original_reader(actor, evidence) -> None:
    if actor is not None and not may_download_original(actor, evidence):
        raise PermissionError("this user cannot have the original of this evidence file")


def require_source_recorder(actor, organisation) -> None:
    if actor is None:
        return
    require_evidence_adder(actor)
    if organisation is None or organisation.pk not in permissions.org_ids_writing_cases(actor):
        raise PermissionError("this user cannot record sources for this organisation")


def require_sources_seen(actor, sources) -> None:
    if actor is not None and not all(can_see_source(actor, source) for source in sources):
        raise PermissionError("this user cannot see one of these sources")
