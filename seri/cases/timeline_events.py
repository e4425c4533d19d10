"""Timeline entries stored as an event code and parameters, rendered in the reader's language.

Each app registers the codes it writes (`register`, from its AppConfig.ready) with a
gettext_lazy template. Parameters are stored in clear, so they are never a person's details:
organisation short names, channel names, vocabulary codes. A parameter named in `labels` is a
vocabulary code shown as its label in the reader's language (a status, a consent kind).

What is identifying or typed by someone (a task's title, an assignee's name, a reason, a
partner's note) stays in the entry's encrypted `text`. By default it follows the rendered
sentence, with the reader's punctuation ("…: text"); an event with `positional="text"` puts
it into the sentence's single `%s` instead ("Task added: %s"). Entries without an event
(notes, older rows the data migration could not recognise) show their `text` as written."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    template: Promise
    # parameter name -> the choices whose label shows the stored code
    labels: Mapping[str, type[Choices]] = field(default_factory=dict)
    # the template's one positional `%s`: a parameter's name, or "text" for the entry's text
    positional: str = ""


_EVENTS: dict[str, Event] = {}
# Translators: an event on a case's timeline, then the words its writer typed with it.
_FOLLOWED_BY = _("%(sentence)s: %(text)s")


def register(events: Mapping[str, Event | Promise]) -> None:
    for code, event in events.items():
        _EVENTS[code] = event if isinstance(event, Event) else Event(event)


def registered() -> dict[str, Event]:
    """Every code and its event (for tests that must cover each one)."""
    return dict(_EVENTS)


def _value(event: Event, name: str, value: object) -> str:
    choices = event.labels.get(name)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return str(value)


def render(code: str, params: Mapping[str, object], text: str) -> str:
    """The entry in the active language; its stored text when the code or the parameters
    are not (or no longer) known."""
    event = _EVENTS.get(code)
    if event is None:
        return text
    values = {k: _value(event, k, v) for k, v in params.items()}
    try:
        if event.positional == "text":
            return str(event.template) % text
        if event.positional:
            sentence = str(event.template) % values[event.positional]
        else:
            sentence = str(event.template) % values
    except (KeyError, TypeError, ValueError):
        return text
    if not text:
        return sentence
    # the punctuation before the writer's words is the reader's (Khmer writes "៖")
    return str(_FOLLOWED_BY % {"sentence": sentence, "text": text})
