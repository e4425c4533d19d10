from seri.notifications.selectors import nav_counts


def counts(request) -> dict:
    """The navigation's counts (triage, referrals waiting, unread notices) for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_counts": nav_counts(user)}
