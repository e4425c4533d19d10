"""Import runs from the page: each upload in a private folder of its own, removed when the run
ends; uploads above SERI_IMPORT_MAX_UPLOAD_MB refused before anything is stored."""

import stat

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from seri.audit.models import AuditEvent
from seri.intake.models import ImportRun, Report, ReportAttachment
from seri.intake.services.imports import import_run_execute, import_run_start, imports_folder
from tests.conftest import login

pytestmark = pytest.mark.django_db

QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
CHAT_TEXT = (
    "31/12/2025, 21:41 - Testfriend Budi: Tolong, adik saya disekap\n"
    # what another upload is, or was, stored as: in one shared folder it was taken as media
    "31/12/2025, 21:42 - Testfriend Budi: <attached: upload>\n"
    "31/12/2025, 21:42 - Testfriend Budi: <attached: upload.jpg>\n"
    "31/12/2025, 21:43 - Testfriend Budi: IMG-20251231-WA0001.jpg (file attached)\n"
)
CHAT = CHAT_TEXT.encode()


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = QUEUED_ONLY  # runs wait until the test runs them


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def _start(user, organisation, name="chat.txt", content=None, kind="whatsapp"):
    return import_run_start(
        actor=user,
        organisation=organisation,
        kind=kind,
        upload=_upload(name, CHAT if content is None else content),
        options={"reporter_relation": "family"},
    )


def _folder(run: ImportRun):
    return (imports_folder() / run.upload_path).parent


def test_each_pending_import_has_a_private_folder_no_other_import_sees(bob, ngo, charlie):
    # Another organisation's upload waits in the queue, holding a "photo" the chat names.
    theirs = _start(
        charlie, charlie.memberships.get().organisation, "IMG-20251231-WA0001.jpg", b"\xff\xd8x"
    )
    ours = _start(bob, ngo)
    assert _folder(ours) != _folder(theirs)
    for run in (ours, theirs):
        folder = _folder(run)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert [p.name for p in folder.iterdir()] == [run.upload_path.split("/")[-1]]
        assert "IMG" not in run.upload_path and "chat" not in run.upload_path  # no names kept

    our_folder = _folder(ours)
    import_run_execute(ours)

    ours.refresh_from_db()
    assert ours.state == ImportRun.State.DONE
    assert not ReportAttachment.objects.exists()  # nothing of the other upload was taken
    warnings = " ".join(p["message"] for p in ours.problems_shown)
    assert "IMG-20251231-WA0001.jpg" in warnings and "upload.jpg" in warnings
    assert not our_folder.exists()
    assert _folder(theirs).is_dir()  # still waiting, untouched


def test_the_folder_is_removed_when_the_run_ends_imported_or_refused(bob, ngo):
    done = _start(bob, ngo)
    refused = _start(bob, ngo, "partner.csv", b"Account,Date\nhelp,someday\n", kind="csv")
    folders = [_folder(done), _folder(refused)]
    import_run_execute(done)
    import_run_execute(refused)
    done.refresh_from_db()
    refused.refresh_from_db()
    assert (done.state, refused.state) == (ImportRun.State.DONE, ImportRun.State.FAILED)
    assert not any(folder.exists() for folder in folders)
    assert done.upload_path == refused.upload_path == ""
    assert list(imports_folder().iterdir()) == []


def test_an_oversized_upload_is_refused_and_nothing_is_stored(bob, ngo, settings):
    settings.SERI_IMPORT_MAX_UPLOAD_MB = 1
    response = login(bob).post(
        reverse("intake-import"),
        {
            "kind": "whatsapp",
            "file": _upload("chat.txt", b"x" * (1024 * 1024 + 1)),
            "reporter_relation": "family",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "This file is larger than 1 MB, the most an import may be."
    ]
    assert not ImportRun.objects.exists()
    assert not imports_folder().exists() or list(imports_folder().iterdir()) == []
    # The service refuses it as well, whoever calls it.
    with pytest.raises(ValidationError) as exc:
        _start(bob, ngo, content=b"x" * (1024 * 1024 + 1))
    assert "file" in exc.value.message_dict
    assert not ImportRun.objects.exists()


def test_an_upload_at_the_limit_is_taken(bob, ngo, settings):
    settings.SERI_IMPORT_MAX_UPLOAD_MB = 1
    run = _start(bob, ngo, content=CHAT.ljust(1024 * 1024, b"\n"))
    assert _folder(run).is_dir()


def test_a_viewer_cannot_start_an_import(vera, ngo):
    with pytest.raises(PermissionError):
        _start(vera, ngo)
    assert not ImportRun.objects.exists()
    assert login(vera).get(reverse("intake-import")).status_code == 403


def test_the_audit_row_is_written_with_the_run(bob, ngo):
    before = AuditEvent.objects.count()
    with transaction.atomic():
        run = _start(bob, ngo)
        assert AuditEvent.objects.filter(object_type="importrun").count() == 1
        transaction.set_rollback(True)
    assert not ImportRun.objects.exists()
    assert AuditEvent.objects.count() == before
    run = _start(bob, ngo)
    event = AuditEvent.objects.get(object_type="importrun")
    assert event.object_id == str(run.public_id) and event.actor == bob
    assert not Report.objects.exists()  # queued, not yet run


def test_the_import_page_still_checks_the_csrf_token(bob):
    client = login(bob)
    assert client.get(reverse("intake-import")).status_code == 200
    client.handler.enforce_csrf_checks = True
    response = client.post(
        reverse("intake-import"),
        {"kind": "whatsapp", "file": _upload("chat.txt", CHAT), "reporter_relation": "family"},
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists()
