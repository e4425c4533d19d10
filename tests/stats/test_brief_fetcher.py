"""The PDF brief's renderer reads the shipped fonts and nothing else: no server file, no
address inside the network, whatever text reaches its HTML."""

import http.server
import threading

import pytest

from seri.core.fonts import font_faces, shipped_fonts_fetcher


@pytest.fixture
def local_server():
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def test_only_shipped_font_pieces_are_read(tmp_path):
    fetcher = shipped_fonts_fetcher()
    faces = font_faces()
    if faces:
        response = fetcher.fetch(faces[0].path.as_uri())
        assert response.read(4) == b"wOF2"
    secret = tmp_path / "secret.woff2"
    secret.write_bytes(b"wOF2 not shipped")
    for url in (
        "file:///etc/passwd",
        secret.as_uri(),
        (faces[0].path.parent / ".." / ".." / ".." / "settings.py").as_uri() if faces else "",
        "ftp://127.0.0.1/x",
    ):
        if url:
            with pytest.raises(ValueError):
                fetcher.fetch(url)


def test_a_page_naming_a_local_address_or_file_fetches_nothing(local_server):
    from weasyprint import HTML

    base, seen = local_server
    html = (
        f'<p>Synthetic brief</p><img src="{base}/inside.png">'
        f'<link rel="stylesheet" href="{base}/style.css">'
        '<img src="file:///etc/passwd">'
        f"<style>@import url('{base}/imported.css'); p {{ background: url('{base}/bg.png') }}"
        "</style>"
    )
    pdf = HTML(string=html, url_fetcher=shipped_fonts_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert seen == []
