from django.apps import AppConfig


class CompoundsConfig(AppConfig):
    name = "seri.compounds"
    label = "compounds"
