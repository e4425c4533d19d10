from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "seri.backups"
    label = "backups"
