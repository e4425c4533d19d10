from django import forms
from django.utils.translation import gettext_lazy as _

from seri.channels.models import Kind
from seri.orgs.models import Organisation


def parse_acknowledgements(text: str) -> dict[str, str]:
    """One acknowledgement per line, as `language code: text` (`en: We received…`)."""
    texts = {}
    for line in text.splitlines():
        code, sep, message = line.partition(":")
        if sep and message.strip():
            texts[code.strip().lower()] = message.strip()
        elif line.strip():
            raise forms.ValidationError(
                _("Write each line as a language code, a colon and the text.")
            )
    return texts


class ChannelForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=60)
    language = forms.CharField(label=_("Language of most senders"), max_length=8, required=False)
    token = forms.CharField(
        label=_("Bot token (Telegram) or auth token (Viber)"),
        required=False,
        widget=forms.PasswordInput,
    )
    app_secret = forms.CharField(
        label=_("App secret (WhatsApp, Messenger) or channel secret (LINE)"),
        required=False,
        widget=forms.PasswordInput,
    )
    access_token = forms.CharField(
        label=_("Access token (WhatsApp, Messenger, LINE)"),
        required=False,
        widget=forms.PasswordInput,
    )
    phone_number_id = forms.CharField(label=_("Phone number id (WhatsApp)"), required=False)
    address = forms.EmailField(label=_("Hotline address (e-mail)"), required=False)
    mail_server = forms.CharField(
        label=_("Your mail server's name in Authentication-Results (e-mail)"),
        required=False,
        max_length=255,
        help_text=_(
            "Only this server's SPF, DKIM and DMARC results count. Mail whose sender it did not "
            "verify is kept, but never joins a case or a conversation by its From address."
        ),
    )
    acknowledgements = forms.CharField(
        label=_("Acknowledgement (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One line per language: “en: We received your message.” Leave empty to never reply."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        if len(organisations) == 1:
            field.initial = organisations[0]
            field.widget = forms.HiddenInput()

    def clean_acknowledgements(self) -> dict[str, str]:
        return parse_acknowledgements(self.cleaned_data["acknowledgements"])

    def secrets(self) -> dict[str, str]:
        keys = ("token", "app_secret", "access_token", "phone_number_id", "address", "mail_server")
        return {key: self.cleaned_data[key] for key in keys if self.cleaned_data.get(key)}


class AcknowledgementForm(forms.Form):
    acknowledgements = ChannelForm.base_fields["acknowledgements"]

    def clean_acknowledgements(self) -> dict[str, str]:
        return parse_acknowledgements(self.cleaned_data["acknowledgements"])
