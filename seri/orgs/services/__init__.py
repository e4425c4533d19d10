"""Every write of the orgs app, by topic (issue #9's contract: keyword-only, the permission
checked inside by `seri.orgs.permissions`, validated with field names, audited inside the
transaction):

- `users`: organisations, users, memberships, passwords (a temporary one set by an admin),
  ending a user's sessions and resetting their second factor (org admins);
- `login`: the password and second-factor steps, failed attempts and locks;
- `mfa`: enrolling an authenticator, using codes;
- `sessions`: web sessions started, registered, expired and ended;
- `tokens`: API tokens made, used and revoked.

The user services are the ones other apps call, so they are importable from here too.
"""

from seri.orgs.services.users import (
    membership_deactivate,
    membership_reactivate,
    organisation_create,
    user_create,
    user_password_change,
    user_password_reset,
    user_second_factor_reset,
    user_sessions_end,
)

__all__ = [
    "membership_deactivate",
    "membership_reactivate",
    "organisation_create",
    "user_create",
    "user_password_change",
    "user_password_reset",
    "user_second_factor_reset",
    "user_sessions_end",
]
