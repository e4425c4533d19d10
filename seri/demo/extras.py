"""What the demo adds so that every page has something to show: evidence files (an image and
a text note) with custody entries, and a triage queue of reports in several languages.
Everything is synthetic and says so."""

import datetime as dt
import io
import random

from django.utils import timezone
from PIL import Image, ImageDraw

from seri.cases.models import Case
from seri.evidence.services import EvidenceInput, evidence_receive, evidence_transfer
from seri.intake.models import Channel, ReporterRelation
from seri.intake.services import ReportInput, report_create
from seri.orgs.models import Organisation, User

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
