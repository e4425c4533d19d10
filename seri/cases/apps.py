from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "seri.cases"
    label = "cases"
