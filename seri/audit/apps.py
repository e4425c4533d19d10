from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seri.audit"
    label = "audit"
