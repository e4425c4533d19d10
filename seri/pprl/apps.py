from django.apps import AppConfig


class PprlConfig(AppConfig):
    name = "seri.pprl"
    label = "pprl"
