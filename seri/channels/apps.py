from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "seri.channels"
    label = "channels"
    verbose_name = _("Hotline channels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from seri.cases import timeline_events
        from seri.channels.timeline import EVENTS

        timeline_events.register(EVENTS)
