"""Intake's events on a case's timeline (seri.cases.timeline_events), in the reader's
language. Registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from seri.cases.timeline_events import Event
from seri.intake.models import Channel

REPORT_RECEIVED = "report.received"  # params: channel (the report's channel code)

EVENTS = {
    REPORT_RECEIVED: Event(
        _("Report received via %s"), labels={"channel": Channel}, positional="channel"
    ),
}
