"""A channel's files are fetched from addresses that payloads name (Messenger's attachment URL,
Viber's media URL, RapidPro's attachments, WhatsApp's media URL from the Graph API): the
server must not be made to read its own loopback or private network, and the provider's
access token must not be handed to another host, directly or through a redirect.

Real local HTTP servers; the addresses are loopback ones, which the rule refuses unless a
test allows them (`SERI_CAPTURE_ALLOW_NETWORKS`, the same rule as web capture)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from seri.channels.providers import ProviderError, registry
from seri.channels.services.channels import ChannelInput, channel_create
from tests.channels.conftest import PHOTO

pytestmark = pytest.mark.django_db

TOKEN = "page-access-token-not-real"


class Collector:
    """A local server that records each request's path and Authorization header; `/hop`
    redirects to `redirect_to`."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.redirect_to = ""
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                collector.seen.append((self.path, self.headers.get("Authorization", "")))
                if self.path == "/hop":
                    self.send_response(302)
                    self.send_header("Location", collector.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(PHOTO)))
                self.end_headers()
                self.wfile.write(PHOTO)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def collector():
    server = Collector()
    yield server
    server.close()


@pytest.fixture
def other_host():
    server = Collector()
    yield server
    server.close()


def _channel(ngo, alice, kind, **secrets):
    return channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(kind=kind, name=f"Test {kind}", secrets=secrets),
    )


@pytest.mark.parametrize(
    ("kind", "secrets"),
    [
        ("rapidpro", {}),
        ("viber", {"token": "viber-token-not-real"}),
        ("messenger", {"app_secret": "secret-not-real", "access_token": TOKEN}),
    ],
)
def test_a_payload_url_to_a_loopback_address_is_not_fetched(ngo, alice, collector, kind, secrets):
    channel = _channel(ngo, alice, kind, **secrets)
    with pytest.raises(ProviderError):
        registry()[kind].fetch_media(channel, f"http://127.0.0.1:{collector.port}/latest/meta")
    assert collector.seen == []


def test_a_redirect_to_a_loopback_address_is_not_followed(ngo, alice, collector, other_host):
    # The first host is the channel's configured API host (allowed); it redirects inside.
    channel = _channel(ngo, alice, "rapidpro")
    channel.api_base = f"http://127.0.0.1:{collector.port}"
    collector.redirect_to = f"http://127.0.0.1:{other_host.port}/latest/meta"
    with pytest.raises(ProviderError):
        registry()["rapidpro"].fetch_media(channel, f"http://127.0.0.1:{collector.port}/hop")
    assert [path for path, _auth in collector.seen] == ["/hop"]
    assert other_host.seen == []


def test_the_access_token_goes_to_no_other_host(settings, ngo, alice, other_host):
    settings.SERI_CAPTURE_ALLOW_NETWORKS = ["127.0.0.0/8", "::1/128"]
    channel = _channel(ngo, alice, "messenger", app_secret="secret-not-real", access_token=TOKEN)
    download = registry()["messenger"].fetch_media(
        channel, f"http://localhost:{other_host.port}/attachment.png"
    )
    assert download.content == PHOTO
    assert other_host.seen == [("/attachment.png", "")]


def test_a_redirect_to_another_host_loses_the_access_token(
    settings, ngo, alice, collector, other_host
):
    settings.SERI_CAPTURE_ALLOW_NETWORKS = ["127.0.0.0/8", "::1/128"]
    channel = _channel(
        ngo,
        alice,
        "whatsapp",
        app_secret="secret-not-real",
        access_token=TOKEN,
        phone_number_id="1098765432",
    )
    channel.api_base = f"http://127.0.0.1:{collector.port}"
    collector.redirect_to = f"http://localhost:{other_host.port}/cdn/file"
    download = registry()["messenger"].fetch_media(
        channel, f"http://127.0.0.1:{collector.port}/hop"
    )
    assert download.content == PHOTO
    assert collector.seen == [("/hop", f"Bearer {TOKEN}")]  # its own API host: the token
    assert other_host.seen == [("/cdn/file", "")]
