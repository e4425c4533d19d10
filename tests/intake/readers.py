"""What the tests of an import read in the reader's language share: the import page in a
language, a msgid as that language shows it, and a WhatsApp upload made in English."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from seri.intake.models import ImportRun

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
READERS = ["km", "zh-hans"]


def in_language(language: str, msgid: str, value=None) -> str:
    with translation.override(language):
        text = translation.gettext(msgid)
        return text if value is None else text % value


def import_page(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("intake-import")).text


def upload_whatsapp(client, text: str) -> ImportRun:
    """`text` imported as a WhatsApp chat by a user reading English; the run it made."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # imported in English
    upload = SimpleUploadedFile("chat.txt", text.encode(), "text/plain")
    client.post(
        reverse("intake-import"),
        {"kind": "whatsapp", "file": upload, "reporter_relation": "family"},
    )
    return ImportRun.objects.get()
