"""Anchors: `seri anchor` writes the chains' heads outside the database, and `seri verify`
checks against the latest one by default, so the newest audit rows deleted with the head
moved back, or a chain rewritten as a whole, are caught (issue #17, item 5)."""

import http.server
import json
import socket
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seri.audit.chain import row_hash
from seri.audit.models import AuditEvent
from tests.audit.test_chain import activity, run_sql  # noqa: F401 — the fixture

pytestmark = pytest.mark.usefixtures("activity")


@pytest.fixture
def anchor_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.SERI_ANCHOR_DIR = str(tmp_path / "anchors")
    settings.SERI_ANCHOR_URL = ""
    settings.SERI_ANCHOR_SYSLOG = ""
    return tmp_path / "anchors"


def anchor() -> str:
    out = StringIO()
    call_command("anchor", stdout=out)
    return out.getvalue()


def verify(*args) -> str:
    out = StringIO()
    call_command("verify", "--skip-files", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    with pytest.raises(CommandError) as failure:
        verify(*args)
    return str(failure.value)


def test_an_anchor_file_holds_every_chain_head(anchor_dir):
    output = anchor()
    files = sorted(anchor_dir.glob("anchor-*.json"))
    assert len(files) == 1 and f"Anchor written to {files[0]}" in output
    data = json.loads(files[0].read_text())
    last = AuditEvent.objects.order_by("-sequence").first()
    assert data["format"] == "seri-anchor/1"
    assert data["chains"]["audit.auditevent"] == {
        "sequence": last.sequence,
        "hash": last.row_hash,
        "label": "audit trail",
    }
    assert "evidence.custodyentry" in data["chains"]
    result = verify()
    assert f"Checked against the anchor written at {data['written_at']}" in result
    assert "audit trail: 8 rows, chain intact" in result


def test_newest_rows_deleted_with_the_head_moved_back_are_caught(anchor_dir, activity):  # noqa: F811
    anchor()
    # Someone with the database deletes the last two rows and moves the head back to fit.
    kept = activity[-3]
    run_sql("DELETE FROM audit_auditevent WHERE sequence > %s", [kept.sequence])
    run_sql(
        "UPDATE audit_chainhead SET sequence = %s, row_hash = %s WHERE name = 'audit.auditevent'",
        [kept.sequence, kept.row_hash],
    )
    # Without an anchor the chain looks whole…
    assert "audit trail: 6 rows, chain intact" in verify("--no-anchor")
    # …against the latest anchor it does not.
    message = verify_fails()
    assert f"no row has the sequence of anchor {activity[-1].sequence}" in message
    assert "cut short" in message
    # And no new anchor is written over it.
    with pytest.raises(CommandError, match="No anchor written"):
        anchor()
    assert len(list(anchor_dir.glob("anchor-*.json"))) == 1


def test_a_chain_rewritten_as_a_whole_is_caught(anchor_dir, activity):  # noqa: F811
    anchor()
    run_sql("UPDATE audit_auditevent SET object_id = 'forged' WHERE id = %s", [activity[1].pk])
    prev_hash = activity[0].row_hash
    for event in AuditEvent.objects.order_by("sequence")[1:]:
        new_hash = row_hash(AuditEvent, event.__dict__, event.sequence, prev_hash)
        run_sql(
            "UPDATE audit_auditevent SET prev_hash = %s, row_hash = %s WHERE id = %s",
            [prev_hash, new_hash, event.pk],
        )
        prev_hash = new_hash
    run_sql("UPDATE audit_chainhead SET row_hash = %s WHERE name = 'audit.auditevent'", [prev_hash])
    assert "chain intact" in verify("--no-anchor")
    assert "does not match the anchor given" in verify_fails()


def test_later_activity_still_verifies_against_an_older_anchor(anchor_dir, bob):
    from seri.audit.models import AuditAction
    from seri.audit.services import audit_record

    anchor()
    audit_record(actor=bob, action=AuditAction.LOGIN, object_type="user", object_id=str(bob.pk))
    assert "audit trail: 9 rows, chain intact" in verify()
    anchor()
    assert len(list(anchor_dir.glob("anchor-*.json"))) == 2


def test_an_anchor_kept_elsewhere_is_checked_with_anchor_file(anchor_dir, tmp_path, activity):  # noqa: F811
    anchor()
    copy = tmp_path / "elsewhere.json"
    copy.write_text(next(anchor_dir.glob("anchor-*.json")).read_text())
    run_sql("DELETE FROM audit_auditevent WHERE sequence = %s", [activity[-1].sequence])
    run_sql(
        "UPDATE audit_chainhead SET sequence = %s, row_hash = %s WHERE name = 'audit.auditevent'",
        [activity[-2].sequence, activity[-2].row_hash],
    )
    for stale in anchor_dir.glob("anchor-*.json"):
        stale.unlink()  # the local anchors were removed too
    assert "chain intact" in verify()
    assert "cut short" in verify_fails("--anchor-file", str(copy))


def test_a_damaged_anchor_file_is_refused(anchor_dir):
    anchor_dir.mkdir()
    (anchor_dir / "anchor-20990101T000000Z.json").write_text('{"format": "something else"}')
    assert "not a Seri anchor" in verify_fails()


def test_anchors_inside_the_data_folder_are_refused(anchor_dir, settings):
    settings.SERI_ANCHOR_DIR = str(settings.DATA_DIR / "anchors")
    with pytest.raises(CommandError, match="inside the data folder"):
        anchor()


def test_anchor_needs_somewhere_to_go(settings):
    settings.SERI_ANCHOR_DIR = settings.SERI_ANCHOR_URL = settings.SERI_ANCHOR_SYSLOG = ""
    with pytest.raises(CommandError, match="Say where anchors go"):
        anchor()


def test_anchor_is_posted_to_the_operators_url_and_sent_to_syslog(settings):
    """A real HTTP endpoint and a real syslog (UDP) receiver on loopback."""
    received: list[bytes] = []

    class Endpoint(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    syslog = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    syslog.bind(("127.0.0.1", 0))
    syslog.settimeout(5)
    try:
        settings.SERI_ANCHOR_DIR = ""
        settings.SERI_ANCHOR_URL = f"http://127.0.0.1:{server.server_address[1]}/anchors"
        settings.SERI_ANCHOR_SYSLOG = f"127.0.0.1:{syslog.getsockname()[1]}"
        output = anchor()
        line = syslog.recv(4096).decode()
    finally:
        server.shutdown()
        server.server_close()
        syslog.close()
    last = AuditEvent.objects.order_by("-sequence").first()
    payload = json.loads(received[0])
    assert payload["chains"]["audit.auditevent"]["hash"] == last.row_hash
    assert f"audit.auditevent={last.sequence}:{last.row_hash}" in line
    assert "Anchor sent to http://127.0.0.1" in output


def test_a_failing_endpoint_fails_the_anchor(settings):
    settings.SERI_ANCHOR_DIR = ""
    settings.SERI_ANCHOR_URL = "http://127.0.0.1:9/anchors"  # discard port: nothing listens
    with pytest.raises(CommandError, match="could not be written"):
        anchor()
