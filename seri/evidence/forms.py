from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from seri.compounds.models import Compound
from seri.core.vocabularies import country_choices, language_choices
from seri.evidence.models import SourceKind, Visibility


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    publisher = forms.CharField(label=_("Publisher or author"), max_length=300, required=False)
    published_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    url = forms.URLField(label=_("URL"), required=False, max_length=2000, assume_scheme="https")
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices, initial=Visibility.COALITION
    )
    compounds = forms.ModelMultipleChoiceField(
        label=_("Compounds"),
        queryset=Compound.objects.order_by("name"),
        required=False,
        to_field_name="public_id",
    )
    translations: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Translations of this source"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        help_text=_("The same source in other languages."),
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices()]
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["translations"].queryset = sources


class SourceFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    compound = forms.ModelChoiceField(
        label=_("Compound"),
        queryset=Compound.objects.order_by("name"),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *SourceKind.choices]
        self.fields["country"].choices = [("", _("Any country")), *country_choices()]


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    claimed_metadata = forms.CharField(
        label=_("What the sender says about it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "When and where it was taken, by whom, on what device: kept verbatim, as a claim."
        ),
    )
    case = forms.CharField(widget=forms.HiddenInput, required=False)
    compound = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SERI_EVIDENCE_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is too large: %(size)s MB, and the limit is %(limit)s MB."),
                params={"size": f"{upload.size / 1024 / 1024:.1f}", "limit": limit},
            )
        return upload


class TransferForm(forms.Form):
    to = forms.CharField(label=_("Transferred to"), max_length=200)
    note = forms.CharField(label=_("How (medium, reference)"), max_length=250, required=False)


class CaptureForm(forms.Form):
    url = forms.URLField(label=_("Web address"), max_length=2000, assume_scheme="https")
    case = forms.CharField(widget=forms.HiddenInput, required=False)
    compound = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False)
