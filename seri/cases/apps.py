from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "seri.cases"
    label = "cases"

    def ready(self) -> None:
        from seri.cases import timeline_events
        from seri.cases.timeline import EVENTS

        timeline_events.register(EVENTS)
