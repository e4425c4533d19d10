"""Web capture as the Berkeley Protocol asks: the page's HTML source, a full-page screenshot
stamped with the URL and the date and time (UTC), the media it embeds, a SHA-256 of every
part, and who captured it. Headless Chromium through Playwright, in a background task.

`web_capture_start` (the service a page calls) checks who asks and the address, records a
waiting capture and queues `seri.evidence.tasks.capture_page`; the task runs
`web_capture_run`, which opens the page with every connection going through the egress proxy
of seri.evidence.egress (one URL parser, one address rule, each host resolved once, every
request checked). If any request the page makes is refused, or anything else fails, the
capture is marked failed with the reason and nothing of it is stored — no row and no file.

Each part becomes an `EvidenceFile` of the capture (custody event "captured"); the capture
keeps a manifest of the parts and a SHA-256 of that manifest.
"""

import datetime as dt
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.evidence import permissions
from seri.evidence.egress import (
    EgressProxy,
    Refused,
    Resolver,
    Target,
    address_allowed,
    parse_target,
)
from seri.evidence.models import CapturePart, EvidenceFile, WebCapture
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

# What a waiting capture is doing, kept in its manifest under "progress" until it is done.
PROGRESS = {
    "queued": gettext_lazy("Waiting for the capture worker"),
    "opening": gettext_lazy("Opening the page"),
    "storing": gettext_lazy("Storing the parts"),
}


def _chromium_path() -> str | None:
    return (
        getattr(settings, "SERI_CHROMIUM", None)
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def check_url(url: str) -> Target:
    """The address parsed as the browser will read it; an address given as a number must pass
    the address rule now (names are resolved once, by the capture itself)."""
    target = parse_target(url)
    if target.address is not None and not address_allowed(target.address):
        raise ValidationError(
            {"url": _("Addresses on this server's own network are not captured.")}
        )
    return target


# --- the service ------------------------------------------------------------------------------


def web_capture_start(
    *, actor, url: str, organisation, case=None, compound=None, source=None
) -> WebCapture:
    """Record a capture of `url` for `organisation` and queue it; returns the waiting capture."""
    from seri.evidence.tasks import capture_page

    permissions.require_evidence_receiver(
        actor, organisation=organisation, case=case, compound=compound, source=source
    )
    target = check_url(url)
    if _chromium_path() is None:
        raise ValidationError(_("Chromium is not installed on this server: no web capture."))
    with transaction.atomic():
        capture = WebCapture.objects.create(
            organisation=organisation,
            url=target.href,
            captured_by=actor,
            case=case,
            compound=compound,
            source=source,
            manifest={"progress": "queued"},
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=capture, organisation=organisation)
        transaction.on_commit(lambda: capture_page.enqueue(capture.pk))
    return capture


def web_capture_progress(capture: WebCapture) -> str:
    """What a capture is doing now, for its page."""
    if capture.status != WebCapture.Status.PENDING:
        return capture.get_status_display()
    return str(PROGRESS.get((capture.manifest or {}).get("progress", ""), PROGRESS["queued"]))


def web_captures_of(
    user, *, organisation, case=None, compound=None, source=None, limit: int = 10
) -> list[tuple[WebCapture, str]]:
    """The latest captures this user asked for on this record, with what each is doing."""
    captures = WebCapture.objects.filter(
        captured_by=user, organisation=organisation, case=case, compound=compound, source=source
    ).order_by("-created_at")[:limit]
    return [(capture, web_capture_progress(capture)) for capture in captures]


def _set_progress(capture: WebCapture, step: str) -> None:
    capture.manifest = {"progress": step}
    WebCapture.objects.filter(pk=capture.pk).update(manifest=capture.manifest)


def _fail(capture: WebCapture, message: str) -> WebCapture:
    with transaction.atomic():
        capture.status = WebCapture.Status.FAILED
        capture.error = message[:500]
        capture.manifest = {}
        capture.save(update_fields=["status", "error", "manifest", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.STATUS_CHANGE,
            obj=capture,
            organisation=capture.organisation,
            detail={"status": WebCapture.Status.FAILED},
        )
    return capture


def web_capture_run(*, actor=None, capture: WebCapture) -> WebCapture:
    """Capture a waiting page (the background task; `actor` None: the system). The parts are
    stored for the person who asked for the capture, in their custody log."""
    if actor is not None:
        raise PermissionError("captures are run by the system")
    if capture.status != WebCapture.Status.PENDING:
        raise ValidationError(_("This capture has already run."))
    try:
        _set_progress(capture, "opening")
        page = _browse(check_url(capture.url))
        _set_progress(capture, "storing")
        return _store(capture, page)
    except ValidationError as exc:
        return _fail(capture, " ".join(exc.messages))
    except PermissionError:
        return _fail(capture, _("You may no longer add evidence there."))
    except Exception:
        _fail(capture, _("The capture failed on the server; nothing was stored."))
        raise


# --- the browser ------------------------------------------------------------------------------


@dataclass
class _Page:
    url: str
    final_url: str = ""
    title: str = ""
    status: int | None = None
    html: bytes = b""
    raw_html: bytes = b""
    screenshot: bytes = b""
    captured_at: dt.datetime | None = None
    media: list[tuple[str, bytes, str]] = field(default_factory=list)


def _refused_message(resolver: Resolver) -> str:
    return _(
        "The page asked for an address on this server's own network (%(where)s): "
        "nothing was stored."
    ) % {"where": ", ".join(dict.fromkeys(resolver.refused))[:300]}


def _guard(resolver: Resolver):
    """The route handler: every request the page makes is checked before it leaves."""

    def check(route) -> None:
        url = route.request.url
        try:
            target = parse_target(url)
            resolver.admit(target.host, target.port)
        except Refused:
            route.abort("blockedbyclient")
            return
        except ValidationError:
            resolver.refused.append(url.split(":", 1)[0] + ":")
            route.abort("blockedbyclient")
            return
        route.continue_()

    return check


def _browse(target: Target) -> _Page:
    chromium = _chromium_path()
    if chromium is None:
        raise ValidationError(_("Chromium is not installed on this server: no web capture."))
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    resolver = Resolver()
    try:
        resolver.admit(target.host, target.port)  # the one look-up, before the browser starts
    except Refused as exc:
        raise ValidationError({"url": str(exc)}) from None
    page_data = _Page(url=target.href)

    def drive() -> None:
        try:
            with EgressProxy(resolver) as proxy, sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS + proxy.chromium_args()
                )
                try:
                    _load(browser, target, resolver, page_data)
                finally:
                    browser.close()
        except PlaywrightError as exc:
            if resolver.refused:
                raise ValidationError({"url": _refused_message(resolver)}) from None
            raise ValidationError(
                {"url": _("The page could not be captured: %(error)s") % {"error": str(exc)[:200]}}
            ) from None

    _off_the_loop(drive)
    if resolver.refused:
        raise ValidationError({"url": _refused_message(resolver)})
    return page_data


def _off_the_loop(work: Callable[[], None]) -> None:
    """Run `work` in a thread of its own, in the caller's language. Playwright's sync API
    refuses to start in a thread that runs an asyncio loop — a worker of an async server
    running the task inline, or a test session whose own browser is open — so the capture's
    browser never shares the caller's thread."""
    language = translation.get_language()

    def run() -> None:
        with translation.override(language):
            work()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="web-capture") as pool:
        pool.submit(run).result()  # re-raises what the capture raised


def _load(browser, target: Target, resolver: Resolver, out: _Page) -> None:
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        service_workers="block",
        accept_downloads=False,
    )
    context.route("**/*", _guard(resolver))
    # WebSockets go through the proxy as CONNECT; refused here too so that none is opened.
    context.route_web_socket("**/*", lambda ws: ws.close())

    def keep(response) -> None:
        if len(out.media) >= MAX_MEDIA or response.request.resource_type not in MEDIA_TYPES:
            return
        try:
            body = response.body()
        except PlaywrightError:
            return
        if body:
            out.media.append((response.url, body, response.headers.get("content-type", "")))

    page = context.new_page()
    page.on("response", keep)
    response = page.goto(target.href, wait_until="networkidle", timeout=TIMEOUT_MS)
    out.captured_at = timezone.now()
    out.html = page.content().encode("utf-8")
    out.raw_html = response.body() if response is not None else b""
    out.screenshot = page.screenshot(full_page=True, type="png")
    out.final_url, out.title = page.url, page.title()
    out.status = response.status if response is not None else None
    context.close()


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


# --- storing ----------------------------------------------------------------------------------


def _parts(capture: WebCapture, page: _Page) -> list[tuple[str, bytes, str, str, str]]:
    user = capture.captured_by
    stamp = [
        f"Captured {page.captured_at or timezone.now():%Y-%m-%d %H:%M:%S} UTC by {user} with Seri",
        f"URL: {page.url}"[:200],
        f"Final URL: {page.final_url}"[:200]
        if page.final_url != page.url
        else f"HTTP status: {page.status}",
    ]
    parts: list[tuple[str, bytes, str, str, str]] = [
        ("page.html", page.raw_html or page.html, CapturePart.HTML, "text/html", page.url),
        ("page-rendered.html", page.html, CapturePart.HTML, "text/html", page.final_url),
        (
            "screenshot.png",
            _stamp(page.screenshot, stamp),
            CapturePart.SCREENSHOT,
            "image/png",
            page.final_url,
        ),
    ]
    for n, (media_url, body, content_type) in enumerate(page.media, start=1):
        parts.append((f"media-{n:03d}", body, CapturePart.MEDIA, content_type, media_url))
    return parts


def _remove_unreferenced(names: list[str], storage) -> None:
    """Files are not transactional: after a rollback, remove what this capture wrote unless a
    stored evidence row refers to it."""
    for name in names:
        if not (
            EvidenceFile.objects.filter(file=name).exists()
            or EvidenceFile.objects.filter(shareable=name).exists()
        ):
            storage.delete(name)


def _store(capture: WebCapture, page: _Page) -> WebCapture:
    written: list[str] = []
    storage = EvidenceFile._meta.get_field("file").storage
    try:
        with transaction.atomic():
            manifest = [_store_part(capture, part, written) for part in _parts(capture, page)]
            capture.final_url = page.final_url[:2000]
            capture.page_title = (page.title or "")[:500]
            capture.captured_at = page.captured_at or timezone.now()
            capture.manifest = {
                "url": page.url,
                "final_url": page.final_url,
                "http_status": page.status,
                "title": page.title,
                "captured_at": capture.captured_at.isoformat(),
                "captured_by": str(capture.captured_by),
                "parts": manifest,
            }
            encoded = json.dumps(capture.manifest, sort_keys=True, ensure_ascii=False)
            capture.manifest_sha256 = hashlib.sha256(encoded.encode("utf-8")).hexdigest()
            capture.status = WebCapture.Status.DONE
            capture.save()
            audit_record(
                actor=None,
                action=AuditAction.STATUS_CHANGE,
                obj=capture,
                organisation=capture.organisation,
                detail={"status": WebCapture.Status.DONE, "parts": len(manifest)},
            )
    except BaseException:
        _remove_unreferenced(written, storage)
        capture.refresh_from_db()
        raise
    return capture


def _store_part(capture: WebCapture, part: tuple, written: list[str]) -> dict:
    name, body, kind, claimed_type, origin = part
    evidence = evidence_receive(
        actor=capture.captured_by,
        data=EvidenceInput(
            organisation=capture.organisation,
            file=body,
            original_name=name,
            claimed_media_type=claimed_type,
            claimed_metadata=json.dumps({"url": origin}, ensure_ascii=False),
            # no description: "Web capture of <url>: <part>" is shown in the reader's
            # language (EvidenceFile.display_description)
            case=capture.case,
            compound=capture.compound,
            source=capture.source,
            capture=capture,
            capture_part=kind,
            note=origin[:400],
        ),
    )
    written.extend(n for n in (evidence.file.name, evidence.shareable.name) if n)
    return {
        "name": name,
        "part": kind,
        "url": origin,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "media_type": evidence.media_type,
        "evidence": str(evidence.public_id),
    }
