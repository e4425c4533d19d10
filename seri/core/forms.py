"""Putting a service's ValidationError on the form fields it names."""

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def apply_service_errors(
    form: forms.Form, exc: ValidationError, aliases: dict | None = None
) -> None:
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, messages)


class LongSelect(forms.Select):
    """A select of hundreds of plain options (countries, compounds), written out directly.

    Django renders each option through a template of its own: for the case list's 250
    countries and 300 compounds that is most of the page's fixed cost (docs/benchmarks.md).
    The options' HTML is kept per process for each distinct list of choices (country names in
    a language, the coalition's compound names: vocabulary, never a person's data) and the
    selected one marked in the copy. Same HTML, escaped the same way; no option groups.
    """

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):  # plain pairs, kept as given (see LongChoiceField)
        self._choices = list(value)

    def render(self, name, value, attrs=None, renderer=None):
        options = _options_html(tuple((str(v), str(label)) for v, label in self.choices))
        chosen = f'<option value="{escape("" if value is None else str(value))}">'
        options = options.replace(chosen, f"{chosen[:-1]} selected>", 1)
        final_attrs = self.build_attrs(self.attrs, attrs)
        # every value and label in `options` was escaped by `_options_html`, the chosen value
        # the same way before it was looked up
        safe = mark_safe(options)  # noqa: S308
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), safe)


@lru_cache(maxsize=64)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in choices)


class LongChoiceField(forms.ChoiceField):
    """A choice field of plain (value, label) pairs, drawn as a `LongSelect`.

    Django normalises choices each time they are set, looking into every label for option
    groups: for the case list's 250 countries and 300 compounds, on every request, about a
    millisecond (docs/benchmarks.md, ninth round). These lists have no groups and nothing to
    call, so they are kept as given."""

    widget = LongSelect

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = self.widget.choices = list(value)
