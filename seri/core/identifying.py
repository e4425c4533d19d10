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


# Free text that is deliberately NOT encrypted, each with its reason. Every other text field a
# person can type into must be one of the identifying types above:
# tests/security/test_identifying_by_default.py holds every model to this list, and
# docs/security.md repeats it for operators.
NOT_IDENTIFYING: dict[str, str] = {
    "orgs.Organisation.name": "an organisation's public name",
    "orgs.Organisation.short_name": "an organisation's public short name",
    "orgs.User.username": "staff log-in names: needed to log in, shown to colleagues",
    "orgs.User.first_name": "staff names (Django's user model; Seri uses display_name)",
    "orgs.User.last_name": "staff names (Django's user model; Seri uses display_name)",
    "orgs.User.email": "staff e-mail: needed to send notices",
    "orgs.User.display_name": "staff names, shown to colleagues and partners by design",
    "compounds.Compound.name": "a compound's name: searched, mapped and shared by the coalition",
    "compounds.Compound.province": "a province's name (gazetteer)",
    "compounds.Compound.district": "a district's name (gazetteer)",
    "compounds.Compound.estimate_source": "where a head-count estimate was published",
    "compounds.CompoundAlias.name": "other names of a compound: searched by substring",
    "compounds.CompoundAlias.folded": "a searchable form of an alias",
    "compounds.CompoundAlias.romanised": "a searchable form of an alias",
    "compounds.Actor.name": (
        "names of companies and suspected perpetrators, searched by substring; seen only by "
        "SERI_ACTOR_ROLES (encrypting them needs a name-token index as for people)"
    ),
    "compounds.Actor.other_names": "as compounds.Actor.name",
    "evidence.Source.title": "a published source's title (public material)",
    "evidence.Source.publisher": "a published source's publisher (public material)",
    "evidence.Source.url": "a published source's address (public material)",
    "evidence.Source.summary": "a summary of public material",
    "evidence.EvidenceFile.claimed_media_type": "the media type the sender's software claimed",
    "intake.SpreadsheetMapping.partner": "a partner organisation's name",
    "intake.DeviceCredential.label": "which device of the organisation (e.g. 'Phone 2')",
    "linkage.ModelVersion.notes": "an administrator's note on a trained model's parameters",
    "linkage.LinkageRun.error": "a program's error message (no record values are put in it)",
    "channels.Channel.name": "a hotline channel's name, chosen by its administrator",
    "channels.Channel.last_error": "a provider's error message about the channel",
    "channels.Media.error": "a provider's error message about a download",
    "stats.ExportRecord.scope": "which organisations and filters an export covered",
    "pprl.PprlProject.name": "a linkage project's name, agreed between installations",
    "pprl.PprlProject.installation": "how the other installations see this one (e.g. shelter-kh)",
    "pprl.PprlProject.legal_basis": "the law or agreement under which records take part",
    "pprl.PprlMatch.installation": "the other installation's name in the project",
    "pprl.PprlContact.installation": "the other installation's name in the project",
    "pprl.PprlContact.referral_email": "the other installation's coordinator's work e-mail",
}
