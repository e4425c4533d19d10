from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "seri.intake"
    label = "intake"
