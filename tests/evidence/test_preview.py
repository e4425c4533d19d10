"""The evidence page shows a picture: the shareable copy (no location or device metadata),
recorded in the custody log as a view; a file that is not a picture is never shown inline."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from seri.evidence.models import CustodyEntry, CustodyEvent
from tests.conftest import login
from tests.evidence.conftest import jpeg_with_gps
from tests.evidence.test_evidence import receive

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_shareable_copy_and_logs_the_view(ngo, bob, compound):
    evidence = receive(ngo, bob, compound, jpeg_with_gps())
    client = login(bob)
    page = client.get(reverse("evidence-detail", args=[evidence.public_id])).content.decode()
    url = reverse("evidence-preview", args=[evidence.public_id])
    assert f'src="{url}"' in page

    views = CustodyEntry.objects.filter(evidence=evidence, event=CustodyEvent.VIEW).count()
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "sandbox" in shown["Content-Security-Policy"]
    body = b"".join(shown.streaming_content)
    assert Image.open(io.BytesIO(body)).getexif().get_ifd(0x8825) == {}  # no GPS in what is shown
    with evidence.shareable.open("rb") as handle:
        assert body == handle.read()
    after = CustodyEntry.objects.filter(evidence=evidence, event=CustodyEvent.VIEW).count()
    assert after == views + 1


def test_a_file_that_is_not_a_picture_has_no_preview(ngo, bob, compound):
    evidence = receive(ngo, bob, compound, b"#!/bin/sh\necho hi\n", name="photo.jpg")
    client = login(bob)
    page = client.get(reverse("evidence-detail", args=[evidence.public_id])).content.decode()
    url = reverse("evidence-preview", args=[evidence.public_id])
    assert url not in page
    assert client.get(url).status_code == 404


def test_outside_the_evidence_scope_there_is_no_preview(ngo, bob, charlie, compound):
    evidence = receive(ngo, bob, compound, jpeg_with_gps())
    url = reverse("evidence-preview", args=[evidence.public_id])
    assert login(charlie).get(url).status_code == 404
