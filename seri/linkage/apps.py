from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "seri.linkage"
    label = "linkage"
