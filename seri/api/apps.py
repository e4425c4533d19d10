from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "seri.api"
    label = "api"
