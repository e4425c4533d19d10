from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "seri.orgs"
    label = "orgs"
