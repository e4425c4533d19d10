from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "seri.intake"
    label = "intake"

    def ready(self) -> None:
        from seri.cases import timeline_events
        from seri.intake.timeline import EVENTS

        timeline_events.register(EVENTS)
