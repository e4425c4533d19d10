"""What staff type about evidence, and what a capture reads from the web, is encrypted at
rest (issue #17, item 3 for evidence): descriptions, custody notes, capture URLs, titles,
errors and manifests. The custody chain still verifies: its hashes cover the plain text."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from seri.core import crypto
from seri.evidence.models import CustodyEntry, EvidenceFile, WebCapture
from seri.evidence.services import EvidenceInput, evidence_receive, evidence_transfer

SECRET = "Testcompound Gamma floor 7, room of Demo Person Delta"


@pytest.fixture
def keys(settings):
    settings.SERI_ENCRYPTION_KEYS = f"k1:{crypto.new_key()}"
    settings.SERI_INDEX_KEY = crypto.new_key()
    crypto.keyring.cache_clear()
    yield settings
    crypto.keyring.cache_clear()


def raw(table: str, *columns: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
        return [value for row in cursor.fetchall() for value in row]


def test_evidence_free_text_is_encrypted_and_the_chain_verifies(keys, ngo, bob, compound):
    capture = WebCapture.objects.create(
        organisation=ngo,
        url=f"https://example.org/{SECRET}",
        final_url=f"https://example.org/final/{SECRET}",
        page_title=SECRET,
        error="",
        captured_by=bob,
        compound=compound,
        manifest={"title": SECRET, "parts": []},
    )
    evidence = evidence_receive(
        actor=bob,
        data=EvidenceInput(
            organisation=ngo,
            file=b"synthetic demo bytes",
            original_name="demo.txt",
            description=SECRET,
            compound=compound,
            note=SECRET,
        ),
    )
    evidence_transfer(actor=bob, evidence=evidence, to="Demo police unit", note=SECRET)
    stored = raw("evidence_webcapture", "url", "final_url", "page_title", "manifest")
    stored += raw("evidence_evidencefile", "description")
    stored += [v for v in raw("evidence_custodyentry", "note") if v]
    assert stored and all(value.startswith("enc1:k1:") for value in stored)
    assert not any(SECRET in value for value in stored)
    capture.refresh_from_db()
    assert capture.page_title == SECRET and capture.manifest == {"title": SECRET, "parts": []}
    assert EvidenceFile.objects.get().description == SECRET
    assert SECRET in CustodyEntry.objects.order_by("-sequence").first().note
    out = StringIO()
    call_command("verify", "--no-anchor", stdout=out)
    assert "evidence custody log: 2 rows, chain intact" in out.getvalue()


def test_rows_written_in_plain_text_before_are_still_read(keys, ngo, bob, compound):
    capture = WebCapture.objects.create(
        organisation=ngo, url="https://example.org/", captured_by=bob, compound=compound
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evidence_webcapture SET page_title = %s, manifest = %s WHERE id = %s",
            ["Demo title", '{"parts": [1, 2]}', capture.pk],
        )
    capture.refresh_from_db()
    assert capture.page_title == "Demo title" and capture.manifest == {"parts": [1, 2]}
