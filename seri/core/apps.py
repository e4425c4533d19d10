from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seri.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from seri.core import checks  # noqa: F401  (registers the deployment checks)

        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(sender, using="default", verbosity=1, **kwargs) -> None:
    """The database cache's table (SERI_CACHE_URL=db://…), made by every `seri migrate` (and
    so by `seri serve` and the test database); nothing for another cache."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
