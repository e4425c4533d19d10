from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "seri.stats"
    label = "stats"
