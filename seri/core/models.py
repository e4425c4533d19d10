"""What every Seri model shares: a random public id and UTC timestamps."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str

# Each field's choices as a dict, made once per process: Django's `get_FOO_display` builds it
# on every call, hashing every (lazy) label, which translates each one — for a list of 25 cases
# with their status and urgency, 350 translations (docs/benchmarks.md, ninth round).
_LABELS: dict[models.Field, dict] = {}


class TimestampedModel(models.Model):
    """Integer keys stay internal; URLs and the API only ever carry `public_id`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A default rather than auto_now_add: imports and the benchmark generator can keep the
    # time a record was really made (a report received in 2023 is not created today).
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """As Django's, with the field's labels looked up in a dict kept per field; the labels
        stay lazy, so each call is translated into the language active then. Choices a function
        gives (countries, named in the active language) are Django's way, asked each time."""
        if isinstance(field.choices, CallableChoiceIterator):
            return super()._get_FIELD_display(field)
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
