"""What the system writes about evidence is read in the reader's language (issue 19, item 6):
custody notes are stored as a code with parameters (canonical JSON, covered by the hash chain)
and rendered on the evidence page and in a bundle's custody listing; a web capture's parts are
described when shown. Entries written before, as sentences, are shown as written."""

import hashlib
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
from seri.evidence.models import (
    CapturePart,
    CustodyEntry,
    CustodyEvent,
    WebCapture,
    custody_note,
    custody_note_text,
)
from seri.evidence.services import EvidenceInput, evidence_receive
from seri.orgs.models import Role
from tests.conftest import login
from tests.evidence.conftest import jpeg_with_gps
from tests.evidence.test_evidence import receive, verify
from tests.factories import UserFactory

READERS = ["km", "zh-hans"]
DERIVED = "Location and device metadata removed; SHA-256 of the copy %(hash)s"
BUNDLE = "Bundle: %(title)s"
CASE_TITLE = "Case %(case)s"
COMPOUND_TITLE = "Compound %(name)s"
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
    # The machine-readable log holds the notes as stored: codes, not sentences.
    log = json.loads(archive.read("custody-log.json"))
    notes = {e["event"]: e["note"] for e in log}
    about = {"compound": str(compound.public_id), "name": compound.name}
    assert json.loads(notes["export"]) == {"code": "bundle", **about}
    assert manifest["about"] == about
    assert json.loads(notes["derive"])["code"] == "metadata_removed"
    # The listing for reading is in the exporter's language, and says so.
    listing = archive.read("custody-log.txt").decode("utf-8")
    assert "ខ្មែរ (km)" in listing.splitlines()[1]
    assert _in("km", BUNDLE, title=_in("km", COMPOUND_TITLE, name=compound.name)) in listing
    assert _in("km", DERIVED, hash=evidence.shareable_sha256) in listing
    with translation.override("km"):
        assert str(CustodyEvent.EXPORT.label) in listing
    assert "metadata_removed" not in listing
    # The same export read on the evidence page in Chinese.
    page = readers["zh-hans"].get(reverse("evidence-detail", args=[evidence.public_id]))
    title = _in("zh-hans", COMPOUND_TITLE, name=compound.name)
    assert escape(_in("zh-hans", BUNDLE, title=title)) in page.text
    assert _chain_intact()


def _bundle_of_case(client, case) -> zipfile.ZipFile:
    response = client.post(reverse("evidence-bundle-case", args=[case.reference]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _as_exported(archive: zipfile.ZipFile) -> dict:
    """What a bundle says, in the parts that do not depend on when it was made."""
    manifest_bytes = archive.read("manifest.json")
    assert archive.read("manifest.json.sha256").decode() == (
        f"{hashlib.sha256(manifest_bytes).hexdigest()}  manifest.json\n"
    )
    manifest = json.loads(manifest_bytes)
    for row in manifest["files"]:
        assert hashlib.sha256(archive.read(row["path"])).hexdigest() == row["sha256"]
    log = json.loads(archive.read("custody-log.json"))
    return {
        "manifest": {k: v for k, v in manifest.items() if k != "exported_at"},
        "export_notes": [json.loads(e["note"]) for e in log if e["event"] == "export"],
        "readme": archive.read("README.txt").decode("utf-8").splitlines(),
        "listing": archive.read("custody-log.txt").decode("utf-8"),
    }


@pytest.mark.parametrize("language", READERS)
def test_a_bundles_readme_and_title_are_the_exporters_its_manifest_the_same(
    language, ngo, bob, bobs_case
):
    """The same case exported by the same caseworker working in English, then in Khmer or
    Chinese: README.txt and the bundle's title change language, the manifest (what the bundle
    is about, every file's hash) and the custody notes as stored do not."""
    with translation.override("en"):
        evidence_receive(
            actor=bob,
            data=EvidenceInput(organisation=ngo, file=jpeg_with_gps(), case=bobs_case),
        )
    client = login(bob)
    exported = {}
    for exporter in ["en", language]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = exporter
        exported[exporter] = _as_exported(_bundle_of_case(client, bobs_case))
    english, theirs = exported["en"], exported[language]

    title = _in(language, CASE_TITLE, case=bobs_case.reference)
    assert title != _in("en", CASE_TITLE, case=bobs_case.reference)
    assert theirs["readme"][:2] == [_in(language, "Evidence bundle"), title]
    assert f"{dict(settings.LANGUAGES)[language]} ({language})" in "\n".join(theirs["readme"])
    # Line for line the same README, each sentence in the exporter's language; the names of
    # the files and the commands to check them stay as they are.
    assert len(theirs["readme"]) == len(english["readme"])
    for line, english_line in zip(theirs["readme"], english["readme"], strict=True):
        if english_line.strip().startswith(("manifest.", "custody-log.", "files/", "sha256sum")):
            assert line == english_line
        elif english_line:
            assert line != english_line, english_line
    assert _in(language, BUNDLE, title=title) in theirs["listing"]

    # The manifest says the same in every language: only who asked in which language differs.
    assert english["manifest"].pop("listing_language") == "en"
    assert theirs["manifest"].pop("listing_language") == language
    assert theirs["manifest"] == english["manifest"]
    assert theirs["manifest"]["about"] == {"case": bobs_case.reference}
    assert title not in json.dumps(theirs["manifest"], ensure_ascii=False)
    # Each export's custody note is the same code, whoever exported it in which language (the
    # second bundle's log holds both exports).
    note = {"code": "bundle", "case": bobs_case.reference}
    assert english["export_notes"] == [note]
    assert theirs["export_notes"] == [note, note]
    assert _chain_intact()


def test_export_notes_that_hold_a_title_are_read_as_before():
    """Older export entries stored the bundle's title (in English) rather than its subject."""
    older = custody_note("bundle", title="Case KH-2026-0001")
    with translation.override("km"):
        assert custody_note_text(CustodyEvent.EXPORT, older) == _in(
            "km", BUNDLE, title="Case KH-2026-0001"
        )


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
