"""What the system writes about evidence is read in the reader's language (issue 19, item 6):
custody notes are stored as a code with parameters (canonical JSON, covered by the hash chain)
and rendered on the evidence page and in a bundle's custody listing; a web capture's parts are
described when shown. Entries written before, as sentences, are shown as written."""

import importlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from seri.audit.chain import chain_append
from seri.evidence.models import CapturePart, CustodyEntry, CustodyEvent, WebCapture
from seri.evidence.services import EvidenceInput, evidence_receive
from seri.orgs.models import Role
from tests.conftest import login
from tests.evidence.conftest import jpeg_with_gps
from tests.evidence.test_evidence import receive, verify
from tests.factories import UserFactory

READERS = ["km", "zh-hans"]
DERIVED = "Location and device metadata removed; SHA-256 of the copy %(hash)s"
BUNDLE = "Bundle: %(title)s"
CAPTURE = "Web capture of %(url)s: %(part)s"


def _in(language: str, msgid: str, **params) -> str:
    with translation.override(language):
        return translation.gettext(msgid) % params


def _chain_intact() -> bool:
    with translation.override("en"):  # a page read in Khmer leaves Khmer active
        return "chain intact" in verify()


@pytest.fixture
def readers(ngo):
    """An investigator reading in Khmer and one in Chinese (the switcher's language cookie)."""
    clients = {}
    for language in READERS:
        user = UserFactory(username=f"reader-{language}", membership=(ngo, Role.INVESTIGATOR))
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        clients[language] = client
    return clients


def test_custody_notes_are_codes_read_in_the_readers_language(ngo, bob, compound, readers):
    with translation.override("en"):  # the writer works in English
        evidence = receive(ngo, bob, compound, jpeg_with_gps())
    derived = CustodyEntry.objects.get(evidence=evidence, event=CustodyEvent.DERIVE)
    # Stored language-neutral, and chained as stored.
    assert json.loads(derived.note) == {
        "code": "metadata_removed",
        "hash": evidence.shareable_sha256,
    }
    assert _chain_intact()
    for language, client in readers.items():
        page = client.get(reverse("evidence-detail", args=[evidence.public_id]))
        assert page.status_code == 200
        theirs = _in(language, DERIVED, hash=evidence.shareable_sha256)
        assert theirs != _in("en", DERIVED, hash=evidence.shareable_sha256)
        assert escape(theirs) in page.text
        assert "metadata_removed" not in page.text


def test_older_custody_notes_and_typed_notes_are_shown_as_written(ngo, bob, compound, readers):
    evidence = receive(ngo, bob, compound, b"%PDF-1.4\n% demo\n", name="a.pdf")
    older = "Location and device metadata removed; SHA-256 of the copy abc (written in 2026)"
    typed = '{"code": "bundle", "title": "typed by someone"}'
    chain_append(
        [
            CustodyEntry(evidence=evidence, event=CustodyEvent.DERIVE, sha256="0" * 64, note=older),
            CustodyEntry(
                evidence=evidence, event=CustodyEvent.TRANSFER, sha256="0" * 64, note=typed
            ),
        ]
    )
    page = readers["km"].get(reverse("evidence-detail", args=[evidence.public_id]))
    assert escape(older) in page.text
    # A note someone typed is never read as a code, whatever it looks like.
    assert escape(typed) in page.text
    assert _chain_intact()


def test_a_bundle_lists_custody_in_the_exporters_language_beside_a_neutral_log(
    ngo, bob, compound, readers
):
    with translation.override("en"):
        evidence = receive(ngo, bob, compound, jpeg_with_gps())
    response = readers["km"].post(reverse("evidence-bundle-compound", args=[compound.public_id]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["listing_language"] == "km"
    title = f"Compound {compound.name}"
    # The machine-readable log holds the notes as stored: codes, not sentences.
    log = json.loads(archive.read("custody-log.json"))
    notes = {e["event"]: e["note"] for e in log}
    assert json.loads(notes["export"]) == {"code": "bundle", "title": title}
    assert json.loads(notes["derive"])["code"] == "metadata_removed"
    # The listing for reading is in the exporter's language, and says so.
    listing = archive.read("custody-log.txt").decode("utf-8")
    assert "ខ្មែរ (km)" in listing.splitlines()[1]
    assert _in("km", BUNDLE, title=title) in listing
    assert _in("km", DERIVED, hash=evidence.shareable_sha256) in listing
    with translation.override("km"):
        assert str(CustodyEvent.EXPORT.label) in listing
    assert "metadata_removed" not in listing
    # The same export read on the evidence page in Chinese.
    page = readers["zh-hans"].get(reverse("evidence-detail", args=[evidence.public_id]))
    assert escape(_in("zh-hans", BUNDLE, title=title)) in page.text
    assert _chain_intact()


def test_a_web_captures_parts_are_described_in_the_readers_language(ngo, bob, compound, readers):
    url = "https://example.test/jobs/demo"
    capture = WebCapture.objects.create(
        organisation=ngo, url=url, captured_by=bob, compound=compound
    )
    with translation.override("en"):
        part = evidence_receive(
            actor=bob,
            data=EvidenceInput(
                organisation=ngo,
                file=b"<html><body>demo advert</body></html>",
                original_name="page.html",
                compound=compound,
                capture=capture,
                capture_part=CapturePart.HTML,
            ),
        )
    assert part.description == ""  # nothing stored in the writer's language
    for language, client in readers.items():
        theirs = _in(language, CAPTURE, url=url, part="page.html")
        assert theirs != _in("en", CAPTURE, url=url, part="page.html")
        page = client.get(reverse("evidence-detail", args=[part.public_id]))
        assert escape(theirs) in page.text
        compound_page = client.get(reverse("compound-detail", args=[compound.public_id]))
        assert escape(theirs) in compound_page.text


def test_older_capture_descriptions_become_the_readers_where_recognised(ngo, bob, compound):
    url = "https://example.test/jobs/older"
    capture = WebCapture.objects.create(
        organisation=ngo, url=url, captured_by=bob, compound=compound
    )
    written = [
        _in("km", CAPTURE, url=url, part="page.html"),
        _in("en", CAPTURE, url=url, part="screenshot.png"),
        "Recruitment advert, saved by hand (typed)",
    ]
    parts = []
    for n, (description, name) in enumerate(
        zip(written, ["page.html", "screenshot.png", "media-001"], strict=True)
    ):
        parts.append(
            evidence_receive(
                actor=bob,
                data=EvidenceInput(
                    organisation=ngo,
                    file=f"<html>older part {n}</html>".encode(),
                    original_name=name,
                    description=description,
                    compound=compound,
                    capture=capture,
                    capture_part=CapturePart.HTML,
                ),
            )
        )
    migration = importlib.import_module(
        "seri.evidence.migrations.0003_capture_descriptions_in_readers_language"
    )
    migration.forget_the_written_sentence(apps, None)
    for part in parts:
        part.refresh_from_db()
    assert [p.description for p in parts] == ["", "", written[2]]
    with translation.override("zh-hans"):
        assert parts[0].display_description == _in("zh-hans", CAPTURE, url=url, part="page.html")
        assert parts[2].display_description == written[2]
