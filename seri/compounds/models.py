"""Compounds where people are held. A plain registry for now; aliases, outlines and status
history come with the compound registry issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.core.models import TimestampedModel
from seri.core.vocabularies import country_choices


class Compound(TimestampedModel):
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, default="KH")
    province = models.CharField(_("province"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.province})" if self.province else self.name
