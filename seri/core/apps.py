from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seri.core"
    label = "core"

    def ready(self) -> None:
        from seri.core import checks  # noqa: F401  (registers the deployment checks)
