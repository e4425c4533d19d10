"""The case page's forms, rendered once per process for each distinct unbound form.

Rendering a form's widgets through Django's form templates cost a case page ~15 ms of CPU
(five forms, ~75 widget and attribute sub-templates). An unbound form's HTML is a function
of its class, the language, and each field's label, help text, widget, initial value and
choices, so it is kept in this process's memory under exactly that key. The keys and values
hold the forms' own labels and choices (statuses, consent kinds, the organisation's
caseworkers, partner organisations), never a person's data; bound forms (with the user's
input and errors) are always rendered afresh.
"""

import threading
from collections import OrderedDict

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_RENDERED: OrderedDict[tuple, SafeString] = OrderedDict()
_LOCK = threading.Lock()
_MAX_ENTRIES = 512


def _field_key(form: forms.BaseForm, name: str, field: forms.Field) -> tuple:
    widget = field.widget
    choices = getattr(field, "choices", None)
    return (
        name,
        type(field).__module__,
        type(field).__qualname__,
        type(widget).__module__,
        type(widget).__qualname__,
        # attrs, format, input_type, check_test…: whatever this widget was given (its choices
        # are the field's, below; a function's repr is stable within the process)
        repr(sorted((k, v) for k, v in vars(widget).items() if k not in ("choices", "_choices"))),
        field.show_hidden_initial,
        str(field.label),
        str(field.help_text),
        field.required,
        field.disabled,
        repr(form.get_initial_for_field(field, name)),
        None if choices is None else _choices_key(field, choices),
    )


def _choices_key(field: forms.Field, choices) -> tuple[tuple[str, str], ...]:
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        # as ModelChoiceIterator would list them, but in one plain query: the iterator reads
        # through a server-side cursor on PostgreSQL (four round trips for a dozen rows)
        iterator = field.iterator(field)
        empty = () if field.empty_label is None else (("", str(field.empty_label)),)
        return empty + tuple(
            (str(value), str(label))
            for value, label in (iterator.choice(obj) for obj in field.queryset.all())
        )
    return tuple((str(v), str(label)) for v, label in choices)


def form_key(form: forms.BaseForm) -> tuple:
    """Everything an unbound form's HTML depends on."""
    return (
        get_language(),
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        form.use_required_attribute,
        tuple(_field_key(form, name, field) for name, field in form.fields.items()),
    )


def _render(form: forms.BaseForm) -> SafeString:
    # a template's output is already marked safe by Django: nothing is marked safe here
    return render_to_string("form_fields.html", {"form": form})


@register.simple_tag
def form_fields(form: forms.BaseForm) -> SafeString:
    """`{% include "form_fields.html" with form=form %}`, from memory when unbound."""
    if form.is_bound:
        return _render(form)
    key = form_key(form)
    with _LOCK:
        html = _RENDERED.get(key)
        if html is not None:
            _RENDERED.move_to_end(key)
    if html is None:
        html = _render(form)
        with _LOCK:
            _RENDERED[key] = html
            while len(_RENDERED) > _MAX_ENTRIES:
                _RENDERED.popitem(last=False)
    return html
