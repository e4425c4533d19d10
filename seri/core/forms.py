"""Putting a service's ValidationError on the form fields it names."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


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
    Same HTML, escaped the same way; no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) == selected else "", label)
                for option, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)
