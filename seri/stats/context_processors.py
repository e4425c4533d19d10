from seri.stats.permissions import may_see_statistics


def statistics(request) -> dict:
    """Whether the navigation shows the Statistics entry."""
    user = getattr(request, "user", None)
    return {"may_see_statistics": bool(user and may_see_statistics(user))}
