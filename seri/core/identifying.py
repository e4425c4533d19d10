"""The one place identifying data passes through.

Names, phone numbers, handles, document numbers and free-text narratives are declared with
these field types. Their values are encrypted at rest (see `seri.core.crypto`); exact look-ups go
through blind-index fields, and `encrypted_fields()` lists them all for key rotation
(docs/decisions/0010-encryption-at-rest.md).
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.core import crypto


class IdentifyingMixin:
    identifying = True
    # Set by the model field this is mixed into.
    model: type[models.Model]
    name: str

    def _context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value, context=self._context())

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value or crypto.is_encrypted(value):
            return value
        return crypto.encrypt(value, context=self._context())


class IdentifyingTextField(IdentifyingMixin, models.TextField):
    pass


class IdentifyingCharField(IdentifyingMixin, models.TextField):
    """A short identifying value. Stored as text (the ciphertext is longer than the value);
    `max_length` still limits what may be entered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))


class IdentifyingJSONField(IdentifyingMixin, models.TextField):
    """A JSON value (a dict or a list) that holds identifying text (a web capture's manifest:
    URLs, a page title), stored as the ciphertext of its JSON. Nothing inside it can be
    queried; rows written before it was encrypted hold the plain JSON and are read as well."""

    # For django-stubs: the value is JSON (a dict or a list), not the text it is stored as.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else text

    def get_prep_value(self, value):
        if value is None or (isinstance(value, str) and crypto.is_encrypted(value)):
            return value
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return crypto.encrypt(text, context=self._context())

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ValidationError(_("Enter valid JSON."), code="invalid") from None
        return value

    def value_to_string(self, obj) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, sort_keys=True)


class BlindIndexField(models.CharField):
    """A keyed hash of another field's normalised value, computed whenever the row is saved
    (also by bulk_create), so that equal values can be found without being readable."""

    def __init__(self, *args, source: str = "", purpose: str = "", **kwargs):
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose)
        for key, default in (
            ("max_length", 32),
            ("editable", False),
            ("db_index", True),
            ("blank", True),
        ):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.index_of(self.purpose, getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) whose values are encrypted: what `seri rotate-key` walks."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.local_fields
        if isinstance(field, IdentifyingMixin)
    ]
