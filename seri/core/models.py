"""What every Seri model shares: a random public id and UTC timestamps."""

import uuid

from django.db import models


class TimestampedModel(models.Model):
    """Integer keys stay internal; URLs and the API only ever carry `public_id`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
