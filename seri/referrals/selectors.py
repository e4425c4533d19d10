"""Reading referrals, scoped to the asking user."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from seri.core.types import Actor
from seri.orgs.permissions import all_org_ids, org_ids_seeing_own_cases
from seri.referrals.models import Referral


def referrals_visible_to(user: Actor) -> QuerySet[Referral]:
    """Referrals to any of the user's organisations, and referrals sent by organisations
    whose cases the user sees."""
    return Referral.objects.filter(
        Q(to_organisation_id__in=all_org_ids(user))
        | Q(from_organisation_id__in=org_ids_seeing_own_cases(user))
    ).select_related(
        "case", "case__person", "from_organisation", "to_organisation", "sent_by", "responded_by"
    )


def referral_inbox(user: Actor) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(to_organisation_id__in=all_org_ids(user))


def referral_get_for_user(user: Actor, public_id: UUID | str) -> Referral:
    try:
        return referrals_visible_to(user).get(public_id=public_id)
    except (Referral.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def referral_list_for_user(
    user: Actor, *, status: str = "", inbox: bool = False
) -> QuerySet[Referral]:
    referrals = referral_inbox(user) if inbox else referrals_visible_to(user)
    if status:
        referrals = referrals.filter(status=status)
    return referrals
