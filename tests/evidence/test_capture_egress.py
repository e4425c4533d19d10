"""Web capture cannot be turned against the server's own network (issue #17, item 1).

Real HTTP servers on loopback and real Chromium. The "public" site is served on 127.0.0.2,
which the test allows with `SERI_CAPTURE_ALLOW_NETWORKS` (the setting an intranet deployment
uses for one server) while `SERI_CAPTURE_ALLOW_PRIVATE` stays off: every other loopback
address — the "internal" service on 127.0.0.1 — falls under the real address rule. The
internal server records every request it receives, so a test can assert it saw none.
"""

import http.server
import io
import ipaddress
import threading

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from seri.evidence.capture import web_capture_start
from seri.evidence.egress import address_allowed, address_is_public, parse_target
from seri.evidence.models import EvidenceFile, WebCapture
from tests.conftest import CHROMIUM

PNG = io.BytesIO()
Image.new("RGB", (20, 20), "teal").save(PNG, "PNG")


def serve(host: str, pages: dict, seen: list | None = None):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if seen is not None:
                seen.append(self.path)
            page = pages.get(self.path)
            if page is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, headers, body = page
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def internal():
    """A service on the server's loopback that a capture must never reach."""
    seen: list[str] = []
    pages = {
        "/secret": (200, {"Content-Type": "text/html"}, b"<h1>internal admin secret</h1>"),
        "/secret.png": (200, {"Content-Type": "image/png"}, PNG.getvalue()),
    }
    server = serve("127.0.0.1", pages, seen)
    server.seen = seen
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def public_site(internal, settings):
    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    settings.SERI_CAPTURE_ALLOW_NETWORKS = ["127.0.0.2/32"]
    html = "text/html; charset=utf-8"
    pages = {
        "/": (200, {"Content-Type": html}, b"<title>Demo ad</title><img src='/logo.png'>"),
        "/logo.png": (200, {"Content-Type": "image/png"}, PNG.getvalue()),
        "/moved": (302, {"Location": f"{internal.base}/secret"}, b""),
        "/socket": (
            200,
            {"Content-Type": html},
            (
                "<title>Demo chat</title><script>"
                f"new WebSocket('ws://127.0.0.1:{internal.server_address[1]}/live');"
                f"fetch('{internal.base}/api', {{mode: 'no-cors'}});"
                "navigator.serviceWorker && navigator.serviceWorker.register('/sw.js');"
                "</script>"
            ).encode(),
        ),
        "/picture": (
            200,
            {"Content-Type": html},
            f"<title>Demo job</title><img src='{internal.base}/secret.png'>".encode(),
        ),
    }
    server = serve("127.0.0.2", pages)
    yield f"http://127.0.0.2:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _capture(url, *, actor, organisation, compound, capture_callbacks):
    with capture_callbacks(execute=True):
        capture = web_capture_start(
            actor=actor, url=url, organisation=organisation, compound=compound
        )
    capture.refresh_from_db()
    return capture


def _nothing_stored(settings):
    assert not EvidenceFile.objects.exists()
    files = settings.MEDIA_ROOT / "evidence"
    assert not files.exists() or not [p for p in files.rglob("*") if p.is_file()]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI requires it)")
def test_the_allowed_public_site_is_captured(
    ngo, bob, compound, public_site, django_capture_on_commit_callbacks
):
    capture = _capture(
        f"{public_site}/",
        actor=bob,
        organisation=ngo,
        compound=compound,
        capture_callbacks=django_capture_on_commit_callbacks,
    )
    assert capture.status == WebCapture.Status.DONE, capture.error
    assert capture.parts.filter(capture_part="media").count() == 1


def test_backslash_userinfo_trick_is_refused(ngo, bob, compound, internal, settings):
    """The reported reproduction: Python read host 100.64.0.1, Chromium loaded 127.0.0.1."""
    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    url = f"{internal.base}\\@100.64.0.1/x"
    with pytest.raises(ValidationError) as error:
        web_capture_start(actor=bob, url=url, organisation=ngo, compound=compound)
    assert "url" in error.value.message_dict
    assert not WebCapture.objects.exists()
    _nothing_stored(settings)
    assert internal.seen == []


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI requires it)")
def test_a_public_page_redirecting_to_loopback_is_refused(
    ngo, bob, compound, public_site, internal, settings, django_capture_on_commit_callbacks
):
    capture = _capture(
        f"{public_site}/moved",
        actor=bob,
        organisation=ngo,
        compound=compound,
        capture_callbacks=django_capture_on_commit_callbacks,
    )
    assert capture.status == WebCapture.Status.FAILED
    assert "own network" in capture.error and "127.0.0.1" in capture.error
    assert internal.seen == []
    _nothing_stored(settings)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI requires it)")
def test_an_image_on_loopback_is_never_requested(
    ngo, bob, compound, public_site, internal, settings, django_capture_on_commit_callbacks
):
    capture = _capture(
        f"{public_site}/picture",
        actor=bob,
        organisation=ngo,
        compound=compound,
        capture_callbacks=django_capture_on_commit_callbacks,
    )
    assert internal.seen == []
    assert capture.status == WebCapture.Status.FAILED
    assert "127.0.0.1" in capture.error
    _nothing_stored(settings)


def test_a_capture_is_refused_to_a_user_without_a_writing_role(ngo, vera, compound, settings):
    settings.SERI_CAPTURE_ALLOW_PRIVATE = True
    with pytest.raises(PermissionError):
        web_capture_start(
            actor=vera, url="http://example.org/", organisation=ngo, compound=compound
        )
    assert not WebCapture.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.0.8",
        "198.18.0.1",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::1",
        "2001:db8::1",
        "fec0::1",
    ],
)
def test_the_address_rule_refuses_inside_ranges(address, settings):
    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    settings.SERI_CAPTURE_ALLOW_NETWORKS = []
    ip = ipaddress.ip_address(address)
    assert not address_is_public(ip)
    assert not address_allowed(ip)


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_the_address_rule_allows_public_addresses(address, settings):
    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    assert address_allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000\\@100.64.0.1/x",
        "http://user:pass@example.org/",
        "http://@example.org/",
        "http://example.org@127.0.0.1/",
        "http://0x7f.1/",  # Python reads host "0x7f.1", browsers 127.0.0.1
        "http://2130706433/",
        "http://exa mple.org/",
        "http://example.org\t/",
        "ftp://example.org/",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http:///x",
        "http:127.0.0.1/",  # browsers read host 127.0.0.1, Python none
        "http://%31%32%37.0.0.1/",  # browsers decode the host, Python does not
    ],
)
def test_urls_read_two_ways_or_with_userinfo_are_refused(url):
    with pytest.raises(ValidationError) as error:
        parse_target(url)
    assert "url" in error.value.message_dict


def test_the_browser_gets_the_checked_serialisation():
    target = parse_target("HTTP://Example.ORG:80/a/../b?q=1")
    assert target.href == "http://example.org/b?q=1"
    assert (target.host, target.port, target.address) == ("example.org", 80, None)
    v6 = parse_target("https://[2606:4700:4700::1111]/")
    assert v6.address == ipaddress.ip_address("2606:4700:4700::1111") and v6.port == 443


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI requires it)")
def test_scripts_websockets_and_service_workers_do_not_reach_inside(
    ngo, bob, compound, public_site, internal, settings, django_capture_on_commit_callbacks
):
    capture = _capture(
        f"{public_site}/socket",
        actor=bob,
        organisation=ngo,
        compound=compound,
        capture_callbacks=django_capture_on_commit_callbacks,
    )
    assert internal.seen == []
    assert capture.status == WebCapture.Status.FAILED  # the fetch asked for loopback
    _nothing_stored(settings)


def test_the_waiting_capture_and_its_audit_row_are_one_transaction(ngo, bob, compound, settings):
    from django.db import transaction

    from seri.audit.models import AuditEvent

    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        web_capture_start(
            actor=bob, url="https://example.org/", organisation=ngo, compound=compound
        )
        assert WebCapture.objects.count() == 1
        assert AuditEvent.objects.filter(object_type="webcapture").count() == 1
        raise RuntimeError("roll back")
    assert not WebCapture.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_mistyped_allowed_network_is_a_clear_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    settings.SERI_CAPTURE_ALLOW_NETWORKS = ["10.20.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="SERI_CAPTURE_ALLOW_NETWORKS"):
        address_allowed(ipaddress.ip_address("10.20.0.1"))


@pytest.mark.parametrize(
    "url", ["http://[::ffff:127.0.0.1]/", "http://[::1]:8000/", "https://169.254.169.254/latest/"]
)
def test_addresses_given_as_numbers_are_refused_at_once(url, settings):
    from seri.evidence.capture import check_url

    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    settings.SERI_CAPTURE_ALLOW_NETWORKS = []
    with pytest.raises(ValidationError) as error:
        check_url(url)
    assert "own network" in str(error.value)


def test_a_name_that_resolves_to_loopback_is_refused_before_the_browser_starts(
    ngo, bob, compound, internal, settings, django_capture_on_commit_callbacks
):
    """Names are resolved once, by the capture: "localhost" is 127.0.0.1 (or ::1)."""
    settings.SERI_CAPTURE_ALLOW_PRIVATE = False
    settings.SERI_CAPTURE_ALLOW_NETWORKS = []
    port = internal.server_address[1]
    capture = _capture(
        f"http://localhost:{port}/secret",
        actor=bob,
        organisation=ngo,
        compound=compound,
        capture_callbacks=django_capture_on_commit_callbacks,
    )
    assert capture.status == WebCapture.Status.FAILED and "own network" in capture.error
    assert internal.seen == []
    _nothing_stored(settings)
