"""`seri verify` re-hashes every stored file, not only evidence: a flipped byte in a report
attachment (here from a real Telegram export import) is named (issue #17, item 5)."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seri.intake.models import ReportAttachment
from tests.intake.exports import telegram_export


def verify() -> str:
    out = StringIO()
    call_command("verify", "--no-anchor", stdout=out)
    return out.getvalue()


@pytest.fixture
def attachments(tmp_path, ngo, bob):
    folder = telegram_export(tmp_path / "ChatExport_2026-03-03")
    call_command(
        "import",
        "telegram",
        str(folder),
        "--org",
        ngo.short_name,
        "--user",
        "bob",
        stdout=StringIO(),
    )
    stored = list(ReportAttachment.objects.order_by("pk"))
    assert len(stored) == 2
    return stored


def test_unchanged_attachments_pass(attachments):
    assert "report attachments: 2 files re-hashed, all unchanged" in verify()


def test_a_flipped_byte_in_a_report_attachment_is_named(attachments):
    bad = attachments[1]
    path = bad.file.path
    with open(path, "r+b") as handle:
        first = handle.read(1)
        handle.seek(0)
        handle.write(bytes([first[0] ^ 0x01]))
    with pytest.raises(CommandError) as failure:
        verify()
    message = str(failure.value)
    assert f"report attachment {bad.public_id} (report {bad.report.public_id})" in message
    assert f"the stored file {bad.file.name} changed" in message
    assert f"received as {bad.sha256}" in message
    assert str(attachments[0].public_id) not in message


def test_a_missing_report_attachment_is_named(attachments):
    bad = attachments[0]
    bad.file.storage.delete(bad.file.name)
    with pytest.raises(CommandError) as failure:
        verify()
    assert f"report attachment {bad.public_id}" in str(failure.value)
    assert "is missing" in str(failure.value)


def test_a_waiting_import_whose_upload_is_gone_is_named(ngo, bob, settings, tmp_path):
    from seri.intake.models import ImportRun
    from seri.intake.services.imports import imports_folder

    settings.DATA_DIR = tmp_path
    folder = imports_folder() / "run-demo1"
    folder.mkdir()
    (folder / "upload.zip").write_bytes(b"PK synthetic demo upload")
    kept = ImportRun.objects.create(
        organisation=ngo,
        kind="telegram",
        started_by=bob,
        upload_path="run-demo1/upload.zip",
        upload_sha256=hashlib.sha256(b"PK synthetic demo upload").hexdigest(),
    )
    assert "import uploads: 1 file re-hashed, all unchanged" in verify()
    (folder / "upload.zip").write_bytes(b"PK synthetic demo uploaD")
    with pytest.raises(CommandError) as failure:
        verify()
    assert f"import upload of run {kept.public_id}: the stored file" in str(failure.value)
    assert "changed: SHA-256" in str(failure.value)
    (folder / "upload.zip").unlink()
    with pytest.raises(CommandError) as failure:
        verify()
    assert f"import upload of run {kept.public_id}: the stored file" in str(failure.value)
    assert "run-demo1/upload.zip is missing" in str(failure.value)
