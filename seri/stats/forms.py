from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seri.core.vocabularies import country_name
from seri.stats import htcds, mse, selectors, services


class FilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.filter_choices(user)
        everyone = [("", _("All"))]
        self._organisations = {o.short_name: o for o in choices["organisations"]}
        if self._organisations:
            self.fields["organisation"].choices = everyone + [(k, k) for k in self._organisations]
        else:
            del self.fields["organisation"]
        self.fields["nationality"].choices = everyone + [
            (c, country_name(c)) for c, _name in choices["nationalities"]
        ]
        self.fields["province"].choices = everyone + [(p, p) for p in choices["provinces"]]

    def filters(self) -> selectors.Filters:
        d = self.cleaned_data
        return selectors.Filters(
            start=d.get("start"),
            end=d.get("end"),
            organisation=self._organisations.get(d.get("organisation") or ""),
            nationality=d.get("nationality") or "",
            province=d.get("province") or "",
        )


class ExportForm(FilterForm):
    """Format, k, and for every column whether it is a quasi-identifier (generalised to reach
    k), released as non-identifying (with the reason, recorded), or left out."""

    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", _("CSV files (ZIP)")), ("xlsx", "XLSX")],
    )
    k = forms.IntegerField(
        label=_("k (smallest group, in people)"),
        min_value=2,
        max_value=1000,
        initial=htcds.DEFAULT_K,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        treatments = [
            (htcds.QUASI_IDENTIFIER, _("quasi-identifier")),
            (htcds.RELEASED, _("released as non-identifying")),
            (htcds.LEFT_OUT, _("left out")),
        ]
        for key, column in htcds.COLUMNS.items():
            self.fields[f"col_{key}"] = forms.ChoiceField(
                label=column.label,
                choices=treatments,
                initial=htcds.QUASI_IDENTIFIER,
                required=False,
            )
            self.fields[f"reason_{key}"] = forms.CharField(
                label=_("Why it cannot identify anyone"), required=False, max_length=300
            )

    def columns(self) -> list[tuple]:
        return [(self[f"col_{key}"], self[f"reason_{key}"]) for key in htcds.COLUMNS]

    def choice(self) -> services.ExportChoice:
        data = self.cleaned_data
        return services.ExportChoice(
            {key: data.get(f"col_{key}") or htcds.QUASI_IDENTIFIER for key in htcds.COLUMNS},
            {key: data.get(f"reason_{key}", "") for key in htcds.COLUMNS},
        )

    def clean(self):
        cleaned = super().clean()
        try:
            self.choice().validate()  # the service checks it again; here it keeps the form
        except ValidationError as exc:
            self.add_service_errors(exc)
        return cleaned

    def add_service_errors(self, exc) -> None:
        """The service's field errors on the fields they concern."""
        for key, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            name = f"reason_{key}" if key in htcds.COLUMNS else key
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class ReleaseForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"), choices=list(services.TABLES.items()))
    epsilon = forms.FloatField(
        label=_("Epsilon for this release"),
        min_value=0.01,
        max_value=services.MAX_EPSILON_PER_RELEASE,
        initial=0.5,
        help_text=_("Smaller is more private and noisier. It is subtracted from the budget."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))


MAX_UPLOAD_BYTES = 1_000_000  # a capture-history table has at most a few thousand rows


class EstimateForm(forms.Form):
    """An uploaded capture-history table: every problem with it is a form error naming the
    file, row and column (mse.EstimateRefused), never a server error."""

    histories = forms.FileField(label=_("Capture histories (CSV)"))
    model = forms.CharField(
        label=_("Model (optional, e.g. a*b + b*c)"), required=False, max_length=500
    )
    selection = forms.ChoiceField(
        label=_("Model selection"),
        choices=[
            ("stepwise", _("Stepwise (SparseMSE)")),
            ("bic", _("Lowest BIC")),
            ("aic", _("Lowest AIC")),
        ],
        initial="stepwise",
    )
    average = forms.BooleanField(label=_("Average over the candidate models"), required=False)

    def clean_histories(self):
        upload = self.cleaned_data["histories"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(n)s bytes: is it a capture-history table?")
                % {"name": upload.name, "n": MAX_UPLOAD_BYTES}
            )
        try:
            return mse.read_histories(upload.read(), name=upload.name)
        except mse.EstimateRefused as exc:
            raise forms.ValidationError(str(exc)) from None


class SyntheticForm(forms.Form):
    epsilon = forms.FloatField(
        label=_("Epsilon for these records"),
        min_value=0.01,
        max_value=services.MAX_EPSILON_PER_RELEASE,
        initial=1.0,
        help_text=_(
            "Subtracted from the budget when the records are made, whether or not you release "
            "them: making them again until they look right costs budget each time."
        ),
    )
    records = forms.IntegerField(
        label=_("Number of synthetic records"),
        min_value=1,
        max_value=services.MAX_SYNTHETIC_RECORDS,
        initial=10000,
    )
