"""Options that several commands share: which organisation, and as which user."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from seri.orgs.models import Organisation


def add_organisation_argument(parser, *, help_text: str = "the organisation's short name") -> None:
    parser.add_argument("--org", "--organisation", dest="org", required=True, help=help_text)


def organisation_from(short_name: str) -> Organisation:
    try:
        return Organisation.objects.get(short_name__iexact=short_name)
    except Organisation.DoesNotExist as exc:
        raise CommandError(f"no organisation with the short name {short_name}") from exc


def user_from(username: str, *, required: bool = False):
    """The user named on the command line; None when none was named and none is required."""
    if not username:
        if required:
            raise CommandError("name a user")
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username}")
    return user
