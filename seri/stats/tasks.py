"""Background work of the statistics app (`seri db_worker` runs it)."""

from django_tasks import task


@task()
def refresh_dashboard(user_id: int, query: dict) -> None:
    """Recompute one dashboard snapshot, as the user who last saw it."""
    from seri.orgs.models import User
    from seri.stats.selectors import Filters, dashboard, may_see_statistics

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None and may_see_statistics(user):
        dashboard(user, Filters.from_query(query), live=True)
