from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "seri.orgs"
    label = "orgs"

    def ready(self) -> None:
        from seri.orgs import signals  # noqa: F401  (connects the session receivers)
