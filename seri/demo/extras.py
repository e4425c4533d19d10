"""What the demo adds so that every page has something to show: evidence files (an image and
a text note) with custody entries, a web capture of a recruitment advert, and a triage queue of
reports in several languages. Everything is synthetic and says so."""

import datetime as dt
import html
import io
import logging
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from seri.cases.models import Case
from seri.compounds.models import Compound
from seri.evidence.capture import web_capture_run, web_capture_start
from seri.evidence.models import WebCapture
from seri.evidence.services import EvidenceInput, evidence_receive, evidence_transfer
from seri.intake.models import Channel, ReporterRelation
from seri.intake.services import ReportInput, report_create
from seri.orgs.models import Organisation, User

logger = logging.getLogger(__name__)

# Untriaged reports, one per language the hotline hears (all invented).
TRIAGE_REPORTS: tuple[tuple[str, str, str], ...] = (
    (
        "en",
        Channel.WEB_FORM,
        "My brother (demo) took a job offer in Sihanoukville and now "
        "writes that he cannot leave the building. Synthetic demo report.",
    ),
    (
        "zh",
        Channel.TELEGRAM,
        "我的朋友（演示）在西港的园区里，护照被收走了，他们打他。这是演示用的虚构报告。",  # noqa: RUF001
    ),
    (
        "km",
        Channel.HOTLINE,
        "បងប្អូនរបស់ខ្ញុំ (សាកល្បង) ត្រូវបានឃុំនៅក្នុងអគារមួយ នៅខេត្តព្រះសីហនុ។ របាយការណ៍សាកល្បង។",
    ),
    (
        "vi",
        Channel.WHATSAPP,
        "Em gái tôi (demo) bị giữ ở Bavet, họ đòi tiền chuộc. Đây là báo cáo giả lập.",
    ),
    ("th", Channel.HOTLINE, "ลูกชายของฉัน (ทดลอง) ถูกขังอยู่ที่ปอยเปต ช่วยด้วย รายงานสมมติ"),
)


def demo_image(label: str) -> bytes:
    """A small PNG that looks like what it is: a synthetic demo picture."""
    image = Image.new("RGB", (320, 200), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 12, 307, 187), outline=(71, 85, 105), width=3)
    draw.rectangle((30, 60, 130, 170), fill=(148, 163, 184))  # a building
    draw.rectangle((150, 90, 290, 170), fill=(100, 116, 139))
    draw.text((30, 24), "SYNTHETIC DEMO IMAGE", fill=(15, 23, 42))
    draw.text((150, 60), label[:24], fill=(15, 23, 42))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def add_evidence(*, cases: list[Case], worker: User, organisation: Organisation) -> int:
    """An image and a note on each of the first cases, received and then handed to the demo
    police unit (two custody entries each). Returns the files stored."""
    stored = 0
    for n, case in enumerate(cases):
        image = evidence_receive(
            actor=worker,
            data=EvidenceInput(
                organisation=organisation,
                file=demo_image(case.reference),
                original_name=f"demo-photo-{n + 1}.png",
                claimed_media_type="image/png",
                description="Photo of the building sent by the reporter (synthetic demo image)",
                case=case,
                note="Received from the reporter by chat (demo)",
            ),
        )
        note = evidence_receive(
            actor=worker,
            data=EvidenceInput(
                organisation=organisation,
                file=f"Demo chat log for case {case.reference} (synthetic).\n".encode(),
                original_name=f"demo-chat-{n + 1}.txt",
                claimed_media_type="text/plain",
                description="Chat log exported by the caseworker (synthetic)",
                case=case,
            ),
        )
        evidence_transfer(
            actor=worker,
            evidence=image,
            to="Demo police unit (synthetic)",
            note="Copy on an encrypted drive",
            organisation=organisation,
        )
        stored += len([image, note])
    return stored


def add_triage_queue(*, rng: random.Random, worker: User, organisation: Organisation) -> int:
    """Reports waiting for triage, in English, Chinese, Khmer, Vietnamese and Thai."""
    now = timezone.now()
    for language, channel, text in TRIAGE_REPORTS:
        report_create(
            actor=worker,
            organisation=organisation,
            data=ReportInput(
                channel=channel,
                reporter_relation=rng.choice([ReporterRelation.FAMILY, ReporterRelation.SELF]),
                original_text=text,
                language=language,
                received_at=now - dt.timedelta(hours=rng.randint(1, 40)),
            ),
        )
    return len(TRIAGE_REPORTS)


# A recruitment advert like those the hotline hears about, invented, in Chinese and English.
ADVERT_TITLE = "High salary customer service job (synthetic demo advert)"
ADVERT = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto">
<p style="background: #fde68a; padding: .5rem">SYNTHETIC DEMO PAGE, made by Seri's demo.
Nothing here is real.</p>
<h1>高薪客服 · 包吃包住 · 西港</h1>
<p>Customer service staff wanted in Sihanoukville. Salary USD 1,500 a month, free flight,
food and lodging. No experience needed. Contact the recruiter on Telegram @demo_recruiter.</p>
<img src="/building.png" alt="The office building" width="320" height="200">
</body></html>
"""


class _AdvertHandler(BaseHTTPRequestHandler):
    pages: dict[str, tuple[bytes, str]] = {}

    def do_GET(self) -> None:
        body, content_type = self.pages.get(self.path, (b"not found", "text/plain"))
        self.send_response(200 if self.path in self.pages else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def add_web_capture(
    *, worker: User, organisation: Organisation, compound: Compound
) -> WebCapture | None:
    """A completed web capture of the synthetic advert, on the compound's page: the advert is
    served on this machine's loopback address for the time of the capture (no internet), and
    captured by the same service and browser as any page, with loopback allowed only then.
    None, and the demo goes on, where Chromium is missing or the capture fails."""
    page = ADVERT.format(title=html.escape(ADVERT_TITLE)).encode("utf-8")
    handler = type(
        "AdvertHandler",
        (_AdvertHandler,),
        {
            "pages": {
                "/": (page, "text/html; charset=utf-8"),
                "/building.png": (demo_image("Office building"), "image/png"),
            }
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with override_settings(SERI_CAPTURE_ALLOW_NETWORKS=["127.0.0.1/32"]):
            capture = web_capture_start(
                actor=worker, url=url, organisation=organisation, compound=compound
            )
            capture = web_capture_run(actor=None, capture=capture)
    except ValidationError as exc:  # no Chromium on this machine
        logger.warning("demo: no web capture (%s)", " ".join(exc.messages))
        return None
    except Exception:  # a browser that crashed must not cost the rest of the demo
        logger.exception("demo: the web capture failed")
        return None
    finally:
        server.shutdown()
        server.server_close()
    if capture.status != WebCapture.Status.DONE:
        logger.warning("demo: the web capture failed (%s)", capture.error)
        return None
    return capture
