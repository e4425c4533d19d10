"""Who may refer a case, answer a referral, or revoke one. Read by the referral services (and
by pages that decide which buttons to show)."""

from seri.cases.models import Case
from seri.cases.scoping import case_access
from seri.core.types import Actor
from seri.orgs.permissions import org_ids_working_referrals
from seri.referrals.models import Referral


def may_refer(actor: Actor, case: Case) -> bool:
    """Whoever may change the case may refer it (consent is checked by the service)."""
    return case_access(actor, case).can_edit


def may_answer(actor: Actor, referral: Referral) -> bool:
    """Accept, decline or complete: the receiving organisation's members who work referrals."""
    return referral.to_organisation_id in org_ids_working_referrals(actor)


def may_revoke(actor: Actor, referral: Referral) -> bool:
    """The owner's editors, for a referral their organisation sent."""
    case = referral.case
    return (
        case_access(actor, case).can_edit and referral.from_organisation_id == case.organisation_id
    )
