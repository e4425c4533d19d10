"""Real servers for the channel tests: Seri itself (pytest-django's live_server, a real HTTP
server in a thread) and small local servers that speak the providers' documented APIs
(Telegram Bot API: getMe, getFile, file download, sendMessage; Graph API: media URL lookup
with a bearer token, media download, messages)."""

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from seri.channels.services.channels import ChannelInput, channel_create

BOT_TOKEN = "123456:TEST-token-not-real"
PHOTO = b"\x89PNG\r\n\x1a\n" + b"synthetic photo bytes " * 50
VOICE = b"OggS" + b"synthetic voice bytes " * 30


class FakeProvider:
    """One local server for both providers' APIs. `files` maps a file id to its bytes;
    `sent` collects the replies; `fail` makes file downloads answer 500."""

    def __init__(self) -> None:
        self.files = {
            "photo-big": PHOTO,
            "voice-1": VOICE,
            "wa-media-1": PHOTO,
            "468789577898262530": PHOTO,
        }
        self.sent: list[dict] = []
        self.fail = False
        self.requests: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                provider.requests.append(self.path)
                url = urlsplit(self.path)
                if url.path.startswith(f"/bot{BOT_TOKEN}/"):
                    return self._telegram(url.path.rsplit("/", 1)[-1], parse_qs(url.query))
                if url.path.startswith(f"/file/bot{BOT_TOKEN}/"):
                    file_id = url.path.rsplit("/", 1)[-1].removesuffix(".bin")
                    if provider.fail or file_id not in provider.files:
                        return self._answer(500, {"ok": False})
                    return self._answer(200, provider.files[file_id], "application/octet-stream")
                if url.path.startswith("/v21.0/"):
                    return self._graph(url.path.removeprefix("/v21.0/"))
                if url.path.startswith("/v2/bot/message/") and url.path.endswith("/content"):
                    if self.headers.get("Authorization") != "Bearer wa-access-token":
                        return self._answer(401, {"message": "Authentication failed"})
                    message_id = url.path.split("/")[4]
                    if message_id not in provider.files:
                        return self._answer(404, {"message": "Not found"})
                    return self._answer(200, provider.files[message_id], "image/jpeg")
                if url.path.startswith("/public/"):  # a media URL that needs no token
                    return self._answer(200, provider.files["wa-media-1"], "image/jpeg")
                if url.path.startswith("/download/"):
                    if self.headers.get("Authorization") != "Bearer wa-access-token":
                        return self._answer(401, {"error": "no token"})
                    return self._answer(200, provider.files["wa-media-1"], "image/jpeg")
                return self._answer(404, {"ok": False})

            def do_POST(self):
                provider.requests.append(self.path)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                provider.sent.append({"path": self.path, **body})
                if self.path == "/pa/get_account_info":
                    return self._answer(200, {"status": 0, "name": "Test Viber Hotline"})
                return self._answer(200, {"ok": True, "status": 0, "result": {"message_id": 1}})

            def _telegram(self, method, query):
                if method == "getMe":
                    return self._answer(
                        200,
                        {
                            "ok": True,
                            "result": {"id": 1, "is_bot": True, "username": "TestHotlineBot"},
                        },
                    )
                if method == "getFile":
                    file_id = query["file_id"][0]
                    result = {
                        "file_id": file_id,
                        "file_unique_id": "u" + file_id,
                        "file_path": f"photos/{file_id}.bin",
                    }
                    return self._answer(200, {"ok": True, "result": result})
                return self._answer(404, {"ok": False, "description": "Not Found"})

            def _graph(self, path):
                if self.headers.get("Authorization") != "Bearer wa-access-token":
                    return self._answer(401, {"error": {"message": "Invalid OAuth access token"}})
                if path == "wa-media-1":
                    base = f"http://127.0.0.1:{provider.port}"
                    return self._answer(
                        200,
                        {
                            "messaging_product": "whatsapp",
                            "url": f"{base}/download/wa-media-1",
                            "mime_type": "image/jpeg",
                            "sha256": hashlib.sha256(PHOTO).hexdigest(),
                            "file_size": len(PHOTO),
                            "id": "wa-media-1",
                        },
                    )
                if path == "1098765432":
                    return self._answer(200, {"display_phone_number": "+1 555 0100", "id": path})
                return self._answer(404, {"error": {"message": "Unknown"}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _channel_settings(settings):
    settings.SERI_CHANNEL_RETRY_SECONDS = 0


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """A real HTTP POST (urllib), as the provider makes it."""
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    for key, value in headers.items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def meta_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def telegram_channel(ngo, alice, provider):
    return channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(
            kind="telegram",
            name="Test hotline bot",
            secrets={"token": BOT_TOKEN},
            language="en",
            api_base=provider.url,
        ),
    )
