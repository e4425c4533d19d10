"""The one place identifying data passes through.

Names, phone numbers, handles, document numbers and free-text narratives are declared with
these field types, so that encryption at rest, redaction in exports and the audit of reads
can be applied to all of them at once (see docs/decisions/0004-identifying-data.md).
"""

from django.db import models


class IdentifyingMixin:
    identifying = True


class IdentifyingCharField(IdentifyingMixin, models.CharField):
    pass


class IdentifyingTextField(IdentifyingMixin, models.TextField):
    pass


def identifying_field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if getattr(f, "identifying", False)]
