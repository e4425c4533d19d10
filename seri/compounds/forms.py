import json
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from seri.compounds import gazetteer
from seri.compounds.models import (
    ActorKind,
    Compound,
    CompoundStatus,
    RelationshipKind,
    RelationshipStatus,
    Reliability,
)
from seri.core.vocabularies import country_choices


def _with_blank(choices, label):
    return [("", label), *choices]


class CompoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, in any script"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    province_code = forms.ChoiceField(label=_("Province"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_with_blank(CompoundStatus.choices, _("Any status")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _with_blank(country_choices(), _("Any country"))
        self.fields["province_code"].choices = _with_blank(
            gazetteer.province_choices(), _("Any province")
        )


class CompoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, in any script: Khmer, Chinese, Vietnamese, Thai…"),
    )
    country = forms.ChoiceField(label=_("Country"), initial="KH")
    province_code = forms.ChoiceField(label=_("Province (Cambodia)"), required=False)
    district_code = forms.ChoiceField(label=_("District (Cambodia)"), required=False)
    province = forms.CharField(label=_("Region (other countries)"), required=False, max_length=100)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=6
    )
    outline = forms.CharField(
        label=_("Outline (GeoJSON polygon)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CompoundStatus.choices)
    estimated_people_held = forms.IntegerField(
        label=_("Estimated number of people held"), required=False, min_value=0
    )
    estimate_source = forms.CharField(
        label=_("Source of the estimate"), required=False, max_length=300
    )
    estimate_date = forms.DateField(
        label=_("Date of the estimate"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    first_reported = forms.DateField(
        label=_("First reported"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last_reported = forms.DateField(
        label=_("Last reported"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "country": country_choices(),
            "province_code": _with_blank(gazetteer.province_choices(), "—"),
            "district_code": _with_blank(gazetteer.district_choices(), "—"),
        }
        for name, values in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = values
        if editing:  # the status changes through its own form, which keeps the history
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.errors.get("latitude"):
            self.add_error(
                "longitude" if lon is None else "latitude",
                _("Give both latitude and longitude, or neither."),
            )
        return data

    @staticmethod
    def initial_for(compound: Compound) -> dict:
        return {
            "name": compound.name,
            "aliases": "\n".join(a.name for a in compound.aliases.all() if a.name != compound.name),
            "country": compound.country,
            "province_code": compound.province_code,
            "district_code": compound.district_code,
            "province": "" if compound.province_code else compound.province,
            "latitude": compound.latitude,
            "longitude": compound.longitude,
            "outline": "" if not compound.outline else json.dumps(compound.outline),
            "estimated_people_held": compound.estimated_people_held,
            "estimate_source": compound.estimate_source,
            "estimate_date": compound.estimate_date,
            "first_reported": compound.first_reported,
            "last_reported": compound.last_reported,
            "description": compound.description,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CompoundStatus.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    relocated_to = forms.ModelChoiceField(
        label=_("Relocated to"),
        queryset=Compound.objects.order_by("name"),
        required=False,
        to_field_name="public_id",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class LocateForm(forms.Form):
    text = forms.CharField(
        label=_("Text of a report, a map link, coordinates or a plus code"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    radius_km = forms.FloatField(
        label=_("Radius (km)"), initial=5, min_value=0.1, max_value=100, required=False
    )


class ActorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActorKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    other_names = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, in any script."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _with_blank(country_choices(), "—")


class RelationshipForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    compound = forms.ModelChoiceField(
        label=_("Compound"),
        queryset=Compound.objects.order_by("name"),
        required=False,
        to_field_name="public_id",
    )
    other_actor: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("or another actor"),
        queryset=None,
        required=False,
        to_field_name="public_id",
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=RelationshipStatus.choices, initial="alleged"
    )
    reliability = forms.ChoiceField(
        label=_("Reliability of the source"), choices=Reliability.choices, initial="F"
    )
    started_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sources: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Sources"), queryset=None, required=False, to_field_name="public_id"
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, actors=None, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        from seri.compounds.models import Actor
        from seri.evidence.models import Source

        self.fields["other_actor"].queryset = actors if actors is not None else Actor.objects.all()
        self.fields["sources"].queryset = sources if sources is not None else Source.objects.none()

    def clean(self):
        data = super().clean()
        if bool(data.get("compound")) == bool(data.get("other_actor")):
            raise forms.ValidationError(_("Choose one compound or one other actor."))
        return data
