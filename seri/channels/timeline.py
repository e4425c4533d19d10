"""The hotline channels' events on a case's timeline (seri.cases.timeline_events), in the
reader's language. Registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from seri.cases.timeline_events import Event
from seri.channels.models import Kind

# params: name (the channel's name, chosen by its admin: not a person's), kind (its kind code)
SAME_SENDER_MESSAGE = "channel.same_sender_message"

EVENTS = {
    SAME_SENDER_MESSAGE: Event(
        _("New message from the same sender on the channel %(name)s (%(kind)s)"),
        labels={"kind": Kind},
    ),
}
