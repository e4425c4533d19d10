"""Web capture of a page served on localhost: HTML, a stamped full-page screenshot, embedded
media, a hash of every part, who captured it."""

import asyncio
import hashlib
import http.server
import io
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from seri.evidence.capture import _browse, check_url, web_capture_start
from seri.evidence.models import CapturePart, CustodyEntry, CustodyEvent
from tests.conftest import CHROMIUM, login

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI requires it)"),
]

PNG = io.BytesIO()
Image.new("RGB", (40, 30), "orange").save(PNG, "PNG")
PAGES = {
    "/": (
        "text/html; charset=utf-8",
        b"<!doctype html><html><head><title>Demo recruitment ad</title></head><body>"
        b"<h1>High salary job in Sihanoukville (demo)</h1><p>Contact us on Telegram.</p>"
        b'<img src="/logo.png" alt="logo"></body></html>',
    ),
    "/logo.png": ("image/png", PNG.getvalue()),
    "/big": ("text/html", b"<title>Big picture (demo)</title><img src='/big.png'>"),
    "/big.png": ("image/png", PNG.getvalue() + os.urandom(1_200_000)),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        content_type, body = PAGES.get(self.path, ("text/plain", b"not found"))
        self.send_response(200 if self.path in PAGES else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_capture_of_a_local_page(
    ngo, bob, local_site, settings, compound, django_capture_on_commit_callbacks
):
    settings.SERI_CAPTURE_ALLOW_PRIVATE = True
    with django_capture_on_commit_callbacks(execute=True):
        capture = web_capture_start(actor=bob, url=local_site, organisation=ngo, compound=compound)
    capture.refresh_from_db()
    assert capture.status == capture.Status.DONE, capture.error
    parts = {p.capture_part: p for p in capture.parts.exclude(capture_part=CapturePart.MEDIA)}
    media = list(capture.parts.filter(capture_part=CapturePart.MEDIA))
    html = capture.parts.filter(capture_part=CapturePart.HTML).first()
    with html.file.open("rb") as handle:
        assert b"High salary job in Sihanoukville (demo)" in handle.read()
    screenshot = parts[CapturePart.SCREENSHOT]
    assert screenshot.media_type == "image/png"
    with screenshot.file.open("rb") as handle, Image.open(handle) as image:
        assert image.width == 1280 and image.height > 100
    assert [m.sha256 for m in media] == [hashlib.sha256(PNG.getvalue()).hexdigest()]
    # A hash of every part, in a manifest that is hashed too; who and when.
    manifest = capture.manifest
    for row in manifest["parts"]:
        part = capture.parts.get(public_id=row["evidence"])
        with part.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == row["sha256"]
    encoded = json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
    assert capture.manifest_sha256 == hashlib.sha256(encoded).hexdigest()
    assert manifest["captured_by"] == str(bob) and capture.captured_at is not None
    assert manifest["title"] == "Demo recruitment ad"
    assert set(
        CustodyEntry.objects.filter(evidence__capture=capture).values_list("event", flat=True)
    ) >= {CustodyEvent.CAPTURE}


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "javascript:alert(1)", "http://127.0.0.1:9/", "file:///etc"]
)
def test_capture_refuses_bad_or_local_addresses(url, settings):
    """Names are resolved by the capture itself; numbers are refused at once."""
    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as error:
        check_url(url)
    assert "url" in error.value.message_dict


def test_the_capture_page_queues_and_shows_progress(
    ngo, bob, local_site, settings, compound, django_capture_on_commit_callbacks
):
    """The request only queues the capture; the page then lists it with its state."""
    settings.SERI_CAPTURE_ALLOW_PRIVATE = True
    client = login(bob)
    url = f"/evidence/capture/?compound={compound.public_id}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"url": local_site, "compound": str(compound.public_id)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Captured" in page.content.decode()


def test_the_browser_starts_where_an_asyncio_loop_runs(local_site, settings):
    """Playwright's sync API refuses a thread that runs an asyncio loop (an async server's
    worker running the task inline; a test session's own open browser did, in CI): the
    capture drives its browser from a thread of its own."""
    settings.SERI_CAPTURE_ALLOW_PRIVATE = True

    async def inside_a_loop():
        return _browse(check_url(local_site))

    # in a thread of its own: the suite's thread may already run the session browser's loop,
    # where asyncio.run itself refuses to start
    with ThreadPoolExecutor(max_workers=1) as pool:
        page = pool.submit(asyncio.run, inside_a_loop()).result()
    assert b"High salary job in Sihanoukville (demo)" in page.html and page.screenshot


def test_a_failed_capture_leaves_no_row_and_no_file(
    ngo, bob, local_site, settings, compound, django_capture_on_commit_callbacks
):
    """The embedded picture is over the upload limit: refused after the HTML and the
    screenshot were written, which are removed again."""
    settings.SERI_CAPTURE_ALLOW_PRIVATE = True
    settings.SERI_EVIDENCE_MAX_UPLOAD_MB = 1
    with django_capture_on_commit_callbacks(execute=True):
        capture = web_capture_start(
            actor=bob, url=f"{local_site}big", organisation=ngo, compound=compound
        )
    capture.refresh_from_db()
    assert capture.status == capture.Status.FAILED and "too large" in capture.error
    assert not capture.parts.exists()
    stored = settings.MEDIA_ROOT / "evidence"
    assert not [p for p in stored.rglob("*") if p.is_file()]
