"""The demo's evidence (an image and a note, with custody entries) and its triage queue in
several languages, made through the real services."""

import io
import random

from PIL import Image

from seri.demo.extras import TRIAGE_REPORTS, add_evidence, add_triage_queue
from seri.evidence.models import CustodyEvent, EvidenceFile
from seri.intake.selectors import triage_queue


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
