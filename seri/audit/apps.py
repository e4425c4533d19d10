from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seri.audit"
    label = "audit"

    def ready(self):
        from seri.audit import signals  # noqa: F401  (connects the login receivers)
