"""What every Seri model shares: a random public id and UTC timestamps."""

import uuid

from django.db import models
from django.utils import timezone


class TimestampedModel(models.Model):
    """Integer keys stay internal; URLs and the API only ever carry `public_id`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A default rather than auto_now_add: imports and the benchmark generator can keep the
    # time a record was really made (a report received in 2023 is not created today).
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
