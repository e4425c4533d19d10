"""Serializer fields shared by the API's serializers."""

from typing import Any

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from seri.cases.models import Case
from seri.cases.selectors import case_get_for_user


class VocabularyField(serializers.ChoiceField):
    """A value of one controlled vocabulary (a `TextChoices`)."""

    def __init__(self, vocabulary: type[models.TextChoices], **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        super().__init__(choices=vocabulary.choices, **kwargs)


class VocabularyFieldExtension(OpenApiSerializerFieldExtension):
    """Each vocabulary becomes one enum component named after it. drf-spectacular would name
    enums after the field instead, and warn because `status` and `kind` mean several
    vocabularies here (case and referral status; name, consent, referral and document kinds)."""

    target_class = VocabularyField

    def get_name(self) -> str:
        return self.target.vocabulary.__qualname__.replace(".", "")

    def map_serializer_field(self, auto_schema, direction) -> dict[str, Any]:
        choices = self.target.vocabulary.choices
        return {
            "type": "string",
            "enum": [value for value, _label in choices],
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices),
        }


class VisibleCaseField(serializers.CharField):
    """A case given by its reference, looked up for the asking user: the cases of other
    organisations are answered as if they did not exist."""

    default_error_messages = {"no_such_case": _("There is no case with this reference.")}

    # A reference (text) on the wire, read as a CharField reads it; the Case once looked up.
    def to_internal_value(self, data: Any) -> Case:  # type: ignore[override]
        reference = super().to_internal_value(data)
        try:
            case, _access = case_get_for_user(self.context["request"].user, reference)
        except Http404 as exc:
            message = self.error_messages["no_such_case"]
            raise serializers.ValidationError(message, code="no_such_case") from exc
        return case

    def to_representation(self, value: Case) -> str:  # type: ignore[override]
        return value.reference
