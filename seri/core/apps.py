from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seri.core"
    label = "core"
