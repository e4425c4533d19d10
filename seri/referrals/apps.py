from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "seri.referrals"
    label = "referrals"

    def ready(self) -> None:
        from seri.cases import timeline_events
        from seri.referrals.timeline import EVENTS

        timeline_events.register(EVENTS)
