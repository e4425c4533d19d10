from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demonstration data: the `seri demo` command. Holds no models."""

    name = "seri.demo"
    label = "demo"
