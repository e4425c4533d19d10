from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "seri.notifications"
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from seri.notifications import receivers  # noqa: F401  (connects the signal receivers)
