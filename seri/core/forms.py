"""Putting a service's ValidationError on the form fields it names."""

from django import forms
from django.core.exceptions import ValidationError


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
