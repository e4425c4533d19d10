"""The demo's evidence (an image and a note, with custody entries), its web capture and its
triage queue in several languages, made through the real services."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from seri.compounds.services import CompoundInput, compound_create
from seri.demo.extras import (
    ADVERT_TITLE,
    TRIAGE_REPORTS,
    add_evidence,
    add_triage_queue,
    add_web_capture,
)
from seri.evidence.capture import check_url
from seri.evidence.models import CapturePart, CustodyEntry, CustodyEvent, EvidenceFile, WebCapture
from seri.intake.selectors import triage_queue
from seri.orgs.models import Role
from tests.conftest import BROWSER_MARKS
from tests.factories import UserFactory


def test_demo_evidence_has_an_image_and_custody_entries(bob, ngo, bobs_case):
    assert add_evidence(cases=[bobs_case], worker=bob, organisation=ngo) == 2
    image = EvidenceFile.objects.get(case=bobs_case, media_type="image/png")
    assert image.media_type == "image/png"
    with image.file.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (320, 200)
    events = list(image.custody.order_by("sequence").values_list("event", flat=True))
    assert events[0] == CustodyEvent.UPLOAD and CustodyEvent.TRANSFER in events


def test_demo_triage_queue_speaks_several_languages(bob, ngo):
    add_triage_queue(rng=random.Random(1), worker=bob, organisation=ngo)
    queue = triage_queue(bob)
    assert len(queue) == len(TRIAGE_REPORTS)
    assert {entry.report.language for entry in queue} == {"en", "zh", "km", "vi", "th"}


@BROWSER_MARKS[1]
def test_demo_web_capture_of_a_locally_served_advert(ngo):
    """Captured by the real service and browser; loopback is allowed only for that capture."""
    investigator = UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR))
    compound = compound_create(actor=None, data=CompoundInput(name="Golden Demo Tower"))
    capture = add_web_capture(worker=investigator, organisation=ngo, compound=compound)
    assert capture is not None and capture.status == WebCapture.Status.DONE, capture
    assert capture.page_title == ADVERT_TITLE
    kinds = set(capture.parts.values_list("capture_part", flat=True))
    assert kinds == {CapturePart.HTML, CapturePart.SCREENSHOT, CapturePart.MEDIA}
    html = capture.parts.filter(capture_part=CapturePart.HTML).first()
    with html.file.open("rb") as stored:
        assert "高薪客服" in stored.read().decode("utf-8")
    assert CustodyEntry.objects.filter(
        evidence__capture=capture, event=CustodyEvent.CAPTURE
    ).exists()
    # The allowance ended with the capture: loopback is refused again.
    with pytest.raises(ValidationError):
        check_url(capture.url)
