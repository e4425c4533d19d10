"""Web capture as the Berkeley Protocol asks: the page's HTML source, a full-page screenshot
stamped with the URL and the date and time (UTC), the media it embeds, a SHA-256 of every
part, and who captured it. Headless Chromium through Playwright.

Each part becomes an `EvidenceFile` of the capture (custody event "captured"); the capture
keeps a manifest of the parts and a SHA-256 of that manifest.

Only http and https, and by default no address on this machine or a private network (the
server must not be turned against its own neighbours): `SERI_CAPTURE_ALLOW_PRIVATE` lifts that
for tests and for deployments that capture from an intranet.
"""

import hashlib
import io
import ipaddress
import json
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.evidence.models import CapturePart, WebCapture
from seri.evidence.services import EvidenceInput, evidence_receive

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MEDIA_TYPES = ("image", "media")
MAX_MEDIA = 40
TIMEOUT_MS = 30_000


def _chromium_path() -> str | None:
    import shutil

    return (
        getattr(settings, "SERI_CHROMIUM", None)
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def check_url(url: str) -> str:
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Give a web address starting with http:// or https://.")})
    if not getattr(settings, "SERI_CAPTURE_ALLOW_PRIVATE", False):
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
        except OSError:
            raise ValidationError({"url": _("This address cannot be found.")}) from None
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
                raise ValidationError(
                    {"url": _("Addresses on this server's own network are not captured.")}
                )
    return url.strip()


def _stamp(png: bytes, lines: list[str]) -> bytes:
    """The screenshot with a strip below it saying what, when and by whom."""
    from PIL import Image, ImageDraw, ImageFont

    with Image.open(io.BytesIO(png)) as shot:
        shot.load()
        font = ImageFont.load_default()
        strip = 14 * len(lines) + 12
        out = Image.new("RGB", (shot.width, shot.height + strip), "white")
        out.paste(shot.convert("RGB"), (0, 0))
        draw = ImageDraw.Draw(out)
        draw.rectangle([0, shot.height, shot.width, shot.height + strip], fill=(255, 248, 220))
        for n, line in enumerate(lines):
            draw.text((8, shot.height + 6 + 14 * n), line, fill="black", font=font)
    buffer = io.BytesIO()
    out.save(buffer, format="PNG")
    return buffer.getvalue()


def web_capture(
    *, url: str, user, organisation, case=None, compound=None, source=None
) -> WebCapture:
    url = check_url(url)
    chromium = _chromium_path()
    if chromium is None:
        raise ValidationError(_("Chromium is not installed on this server: no web capture."))
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    media: list[tuple[str, bytes, str]] = []

    def keep(response):
        if len(media) >= MAX_MEDIA or response.request.resource_type not in MEDIA_TYPES:
            return
        try:
            body = response.body()
        except PlaywrightError:
            return
        if body:
            media.append((response.url, body, response.headers.get("content-type", "")))

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.on("response", keep)
                response = page.goto(url, wait_until="networkidle", timeout=TIMEOUT_MS)
                captured_at = timezone.now()
                html = page.content().encode("utf-8")
                raw_html = response.body() if response is not None else b""
                screenshot = page.screenshot(full_page=True, type="png")
                final_url, title = page.url, page.title()
                status = response.status if response is not None else None
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ValidationError(
            {"url": _("The page could not be captured: %(error)s") % {"error": str(exc)[:200]}}
        ) from None

    stamp = [
        f"Captured {captured_at.strftime('%Y-%m-%d %H:%M:%S')} UTC by {user} with Seri",
        f"URL: {url}"[:200],
        f"Final URL: {final_url}"[:200] if final_url != url else f"HTTP status: {status}",
    ]
    screenshot = _stamp(screenshot, stamp)
    with transaction.atomic():
        capture = WebCapture.objects.create(
            organisation=organisation,
            url=url,
            final_url=final_url[:2000],
            page_title=(title or "")[:500],
            captured_by=user,
            captured_at=captured_at,
            case=case,
            compound=compound,
            source=source,
        )
        parts = [
            ("page.html", raw_html or html, CapturePart.HTML, "text/html", url),
            ("page-rendered.html", html, CapturePart.HTML, "text/html", final_url),
            ("screenshot.png", screenshot, CapturePart.SCREENSHOT, "image/png", final_url),
        ]
        for n, (media_url, body, content_type) in enumerate(media, start=1):
            parts.append((f"media-{n:03d}", body, CapturePart.MEDIA, content_type, media_url))
        manifest = []
        for name, body, part, claimed_type, origin in parts:
            evidence = evidence_receive(
                data=EvidenceInput(
                    organisation=organisation,
                    file=body,
                    original_name=name,
                    claimed_media_type=claimed_type,
                    claimed_metadata=json.dumps({"url": origin}, ensure_ascii=False),
                    description=_("Web capture of %(url)s: %(part)s")
                    % {"url": url[:300], "part": name},
                    case=case,
                    compound=compound,
                    source=source,
                    capture=capture,
                    capture_part=part,
                    note=origin[:400],
                ),
                user=user,
            )
            manifest.append(
                {
                    "name": name,
                    "part": part,
                    "url": origin,
                    "sha256": evidence.sha256,
                    "size": evidence.size,
                    "media_type": evidence.media_type,
                    "evidence": str(evidence.public_id),
                }
            )
        capture.manifest = {
            "url": url,
            "final_url": final_url,
            "http_status": status,
            "title": title,
            "captured_at": captured_at.isoformat(),
            "captured_by": str(user),
            "parts": manifest,
        }
        encoded = json.dumps(capture.manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
        capture.manifest_sha256 = hashlib.sha256(encoded).hexdigest()
        capture.status = WebCapture.Status.DONE
        capture.save(update_fields=["manifest", "manifest_sha256", "status", "updated_at"])
    return capture
