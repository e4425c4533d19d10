import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from seri.audit.models import AuditEvent
from seri.intake.importers.common import ImportRefused
from seri.intake.importers.telegram import import_telegram
from seri.intake.models import Report, ReportAttachment, SourceItem
from tests.intake.exports import PHOTO, VOICE, telegram_export

pytestmark = pytest.mark.django_db


def test_a_telegram_export_becomes_reports_with_its_files(tmp_path, ngo, bob, capsys):
    folder = telegram_export(tmp_path / "ChatExport_2026-03-03")
    call_command("import", "telegram", str(folder), "--org", ngo.short_name, "--user", "bob")
    out = capsys.readouterr().out
    assert "Created: 7 (in 3 reports)" in out
    assert "Entries: 8 = 7 messages + 1 skipped" in out
    assert "Skipped: 1\n  result.json, message id 1: service entry: phone_call" in out
    assert "video.mp4 is not in the export" in out
    # One report per burst from one sender: the family's six, the hotline's answer, the video.
    reports = list(Report.objects.order_by("received_at"))
    assert [r.organisation for r in reports] == [ngo] * 3
    first = reports[0]
    assert first.channel == "telegram" and first.case is None and first.recorded_by == bob
    assert first.language == "en"
    assert "Please help, my brother Testperson Minh (24 years old)" in first.original_text
    assert "📍 10.6104, 103.5225" in first.original_text
    assert "[2026-03-02 10:01 +0700] Testfamily Nguyen:" in first.original_text
    assert first.received_at.isoformat() == "2026-03-02T03:01:00+00:00"
    hashes = {a.sha256: a for a in ReportAttachment.objects.filter(report=first)}
    assert set(hashes) == {hashlib.sha256(PHOTO).hexdigest(), hashlib.sha256(VOICE).hexdigest()}
    assert hashes[hashlib.sha256(PHOTO).hexdigest()].file.read() == PHOTO
    assert "https://example.org/safety" in reports[1].original_text
    assert "not in the export" in reports[2].original_text
    assert AuditEvent.objects.filter(object_type="report", action="create").count() == 3


def test_importing_again_creates_nothing(tmp_path, ngo, other_ngo, capsys):
    folder = telegram_export(tmp_path / "export")
    import_telegram(actor=None, organisation=ngo, path=folder)
    before = (Report.objects.count(), ReportAttachment.objects.count(), SourceItem.objects.count())
    summary = import_telegram(actor=None, organisation=ngo, path=folder / "result.json")
    assert (summary.created, summary.already_present) == (0, 7)
    after = (Report.objects.count(), ReportAttachment.objects.count(), SourceItem.objects.count())
    assert after == before
    # A later export of the same chat, with more messages: only those are added.
    telegram_export(tmp_path / "export", extra_messages=4)
    summary = import_telegram(actor=None, organisation=ngo, path=folder)
    assert (summary.created, summary.already_present) == (4, 7)
    # Another organisation receiving the same export keeps its own copy.
    assert import_telegram(actor=None, organisation=other_ngo, path=folder).created == 11


def test_the_source_keys_reveal_nothing(tmp_path, ngo):
    import_telegram(actor=None, organisation=ngo, path=telegram_export(tmp_path / "e"))
    keys = set(SourceItem.objects.values_list("key", flat=True))
    assert hashlib.sha256(b"telegram:4815162342:2").hexdigest() in keys
    assert all(len(k) == 64 for k in keys)


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"name": "x", "id": 1, "messages": [\n{"id": 1,,}]}', "result.json, line 2, column 10"),
        ('{"name": "x", "id": 1}', "result.json"),
        (
            '{"id": 1, "messages": [{"id": 7, "type": "message", "date": "yesterday"}]}',
            "result.json, message id 7, “date”",
        ),
        (
            '{"id": 1, "messages": [{"id": 7, "date_unixtime": "1767322800", "text": "x",'
            ' "photo": "../../secret.jpg"}]}',
            "result.json, message id 7",
        ),
    ],
)
def test_bad_exports_are_refused_naming_where(tmp_path, ngo, content, where):
    (tmp_path / "result.json").write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_telegram(actor=None, organisation=ngo, path=tmp_path)
    assert refused.value.problems[0].where == where
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "telegram", str(tmp_path), "--org", ngo.short_name)
    assert not Report.objects.exists() and not SourceItem.objects.exists()


def test_a_truncated_zip_is_refused(tmp_path, ngo):
    import shutil

    folder = telegram_export(tmp_path / "export")
    archive = Path(shutil.make_archive(str(tmp_path / "export"), "zip", folder))
    data = archive.read_bytes()
    whole = tmp_path / "whole.zip"
    whole.write_bytes(data)
    assert import_telegram(actor=None, organisation=ngo, path=whole).created == 7
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportRefused, match=r"truncated\.zip: not a complete zip file"):
        import_telegram(actor=None, organisation=ngo, path=truncated)


def _seri(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "seri", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


COUNT = """
import json
from seri.intake.models import Report, SourceItem, ReportAttachment
rows = []
for r in Report.objects.all():
    lines = [l for l in r.original_text.splitlines() if l.startswith("[2026-")]
    rows.append([len(lines), r.source_items.count(), r.attachments.count(),
                 r.original_text.count("[photo:")])
print(json.dumps(rows))
"""


def test_a_killed_import_leaves_whole_reports_and_a_rerun_completes(tmp_path):
    """A real `seri import` process, killed in the middle of its batches."""
    env = {**os.environ, "SERI_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SERI_DATABASE_URL", None)  # the processes use their own SQLite file, never CI's
    migrated = _seri(env, "migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    made = _seri(
        env,
        "shell",
        "-c",
        "from seri.orgs.models import Organisation; "
        "Organisation.objects.create(name='Kill Test NGO', short_name='KILL', "
        "type='ngo', country='KH')",
    )
    assert made.returncode == 0, made.stderr
    folder = telegram_export(tmp_path / "export", extra_messages=3000)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seri",
            "import",
            "telegram",
            str(folder),
            "--org",
            "KILL",
            "--batch-size",
            "5",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for a few batches to be committed
        line = process.stderr.readline()
        if line.startswith("["):
            seen += 1
            if seen == 20:
                break
    process.kill()
    process.wait()
    assert seen == 20, "the import ended before it could be killed"
    rows = json.loads(_seri(env, "shell", "-c", COUNT).stdout.splitlines()[-1])
    assert 0 < sum(r[1] for r in rows) < 3007  # killed in the middle
    for lines, items, attachments, photos in rows:  # every report whole
        assert lines == items
        assert attachments >= photos
    rerun = _seri(env, "import", "telegram", str(folder), "--org", "KILL")
    assert rerun.returncode == 0, rerun.stderr
    assert "Already present: " in rerun.stdout
    rows = json.loads(_seri(env, "shell", "-c", COUNT).stdout.splitlines()[-1])
    assert sum(r[1] for r in rows) == 3007
    assert sum(r[2] for r in rows) == 2  # the photo and the voice note, once


# --- HTML exports (Telegram Desktop's default format) --------------------------------------------

HTML_CORPUS = Path(__file__).parent / "exports" / "telegram" / "html-personal-chat"


def _page(history: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div class="page_wrap">'
        '<div class="page_header"><div class="content"><div class="text bold">Testperson Alpha'
        '</div></div></div><div class="page_body chat_page"><div class="history">'
        f"{history}</div></div></div></body></html>"
    )


def _message(n: int, body: str, title: str = "05.03.2026 08:00:00 UTC+07:00") -> str:
    return (
        f'<div class="message default clearfix" id="message{n}"><div class="body">'
        f'<div class="pull_right date details" title="{title}">08:00</div>'
        f'<div class="from_name">Testperson Alpha</div>{body}</div></div>'
    )


def test_one_html_page_on_its_own_is_read(tmp_path, ngo):
    """The import page keeps an uploaded page as upload.html: it is read alone."""
    page = tmp_path / "upload.html"
    page.write_text(_page(_message(7, '<div class="text">alone</div>')), encoding="utf-8")
    summary = import_telegram(actor=None, organisation=ngo, path=page)
    assert (summary.entries, summary.created, summary.skipped) == (1, 1, 0)
    assert "Testperson Alpha: alone" in Report.objects.get().original_text


def test_messages_html_brings_its_other_pages(tmp_path, ngo):
    folder = tmp_path / "export"
    shutil.copytree(HTML_CORPUS, folder)
    summary = import_telegram(actor=None, organisation=ngo, path=folder / "messages.html")
    assert (summary.entries, summary.read, summary.skipped) == (15, 10, 5)
    again = import_telegram(actor=None, organisation=ngo, path=folder)  # the same keys
    assert (again.created, again.already_present) == (0, 10)


@pytest.mark.parametrize(
    ("history", "where"),
    [
        (_message(3, '<div class="text">x</div>', title=""), "upload.html, message id 3"),
        (
            _message(4, '<div class="text">x</div>', title="31.02.2026 08:00:00"),
            "upload.html, message id 4",
        ),
    ],
)
def test_an_html_message_without_a_date_is_refused_naming_it(tmp_path, ngo, history, where):
    page = tmp_path / "upload.html"
    page.write_text(_page(history), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_telegram(actor=None, organisation=ngo, path=page)
    assert refused.value.problems[0].where == where
    assert not Report.objects.exists()


def test_an_html_file_that_is_no_telegram_page_is_refused(tmp_path, ngo):
    page = tmp_path / "upload.html"
    page.write_text("<html><body><p>Testperson Alpha's notes</p></body></html>", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"upload\.html: not a page of a Telegram HTML export"):
        import_telegram(actor=None, organisation=ngo, path=page)


def test_a_folder_with_neither_json_nor_html_is_refused(tmp_path, ngo):
    (tmp_path / "export").mkdir()
    with pytest.raises(ImportRefused, match=r"neither a result\.json nor a messages\.html"):
        import_telegram(actor=None, organisation=ngo, path=tmp_path / "export")


def test_an_html_link_out_of_the_export_is_no_attachment(tmp_path, ngo):
    (tmp_path / "secret.txt").write_text("not for the import", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    link = (
        '<div class="media_wrap clearfix"><a class="media clearfix pull_left block_link '
        'media_file" href="../secret.txt"><div class="body"><div class="title bold">secret.txt'
        "</div></div></a></div>"
    )
    (folder / "messages.html").write_text(_page(_message(1, link)), encoding="utf-8")
    summary = import_telegram(actor=None, organisation=ngo, path=folder)
    assert summary.created == 1 and summary.attachments == 0
    assert not ReportAttachment.objects.exists()
    assert "not for the import" not in Report.objects.get().original_text


def test_an_html_export_is_accepted_on_the_import_page(settings, bob, tmp_path):
    """A zip of the exported HTML folder, uploaded as people export by default."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from seri.intake.models import ImportRun
    from tests.conftest import login

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    archive = Path(shutil.make_archive(str(tmp_path / "ChatExport"), "zip", HTML_CORPUS))
    upload = SimpleUploadedFile("ChatExport.zip", archive.read_bytes(), "application/zip")
    client = login(bob)
    client.post(
        reverse("intake-import"),
        {"kind": "telegram", "file": upload, "reporter_relation": "family"},
    )
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.DONE, run.problems_shown
    assert (run.accounting["entries"], run.accounting["read"]) == (15, 10)


def test_an_account_export_without_chats_says_so(tmp_path, ngo):
    """Exporting "account information" alone gives a result.json with no chat in it."""
    folder = tmp_path / "DataExport"
    folder.mkdir()
    account = {
        "personal_information": {"first_name": "Testperson", "last_name": "Alpha"},
        "contacts": {"about": "", "list": []},
    }
    (folder / "result.json").write_text(json.dumps(account), encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"result\.json: this account export holds no chats"):
        import_telegram(actor=None, organisation=ngo, path=folder)
