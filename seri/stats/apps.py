from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "seri.stats"
    label = "stats"

    def ready(self):
        from seri.stats import signals  # noqa: F401 - connects the receivers
