"""Reading organisations and their users, for the user who asks."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from seri.core.types import Actor
from seri.orgs.models import ROLES_WRITING_CASES, ApiToken, Membership, Organisation, User
from seri.orgs.permissions import may_manage_tokens_of, org_ids_administered


def memberships_administered_by(user: Actor) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id__in=org_ids_administered(user))
        .select_related("user", "user__totp_device", "organisation")
        .order_by("organisation__short_name", "-is_active", "user__username")
    )


def membership_get_for_admin(user: Actor, public_id: UUID | str) -> Membership:
    try:
        return memberships_administered_by(user).get(public_id=public_id)
    except (Membership.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def users_who_work_cases(organisation: Organisation) -> QuerySet[User]:
    """The people a case of this organisation can be assigned to."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=ROLES_WRITING_CASES,
        )
        .order_by("username")
        .distinct()
    )


def partner_organisations(exclude: Organisation | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(is_active=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("short_name")


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """A user's API tokens that still work, newest first (expired ones are not listed). The
    caller has fetched `user` through a scoped selector, or it is the asking user."""
    return ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at")


def api_token_get_for_user(user: Actor, public_id: UUID | str) -> ApiToken:
    """A token the user may manage (their own, or one of a user of an organisation they
    administer); 404 for any other."""
    try:
        token = ApiToken.objects.select_related("user").get(public_id=public_id)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not may_manage_tokens_of(user, token.user):
        raise Http404
    return token
