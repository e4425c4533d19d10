"""Timeline entries stored as an event code and parameters, rendered in the reader's language.

An app registers its codes (`register`) with gettext_lazy templates taking named parameters
(organisation short names, statuses: never a person's details). A free text that goes with an
event (a partner's note, a reason) stays in the entry's encrypted `text` and follows the
rendered sentence. Entries without an event (notes, older rows) show their `text` as written."""

from collections.abc import Mapping

from django.utils.functional import Promise

_EVENTS: dict[str, Promise] = {}


def register(events: Mapping[str, Promise]) -> None:
    _EVENTS.update(events)


def render(event: str, params: Mapping[str, object], text: str) -> str:
    template = _EVENTS.get(event)
    if template is None:
        return text
    try:
        sentence = str(template) % {k: str(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return text
    return f"{sentence}: {text}" if text else sentence
