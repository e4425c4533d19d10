import hashlib

import pytest
from django.core.management import CommandError, call_command

from seri.intake.importers.common import ImportRefused
from seri.intake.importers.whatsapp import import_whatsapp
from seri.intake.models import Report, ReportAttachment, SourceItem
from tests.intake.exports import ANDROID_EN_GB, IOS_EN_US, PHOTO, whatsapp_zip

pytestmark = pytest.mark.django_db


def test_an_android_export_with_day_first_dates(tmp_path, ngo, capsys):
    folder = tmp_path / "WhatsApp Chat with Testmother Sokha"
    folder.mkdir()
    chat = folder / "WhatsApp Chat with Testmother Sokha.txt"
    chat.write_text(ANDROID_EN_GB, encoding="utf-8")
    (folder / "IMG-20260302-WA0001.jpg").write_bytes(PHOTO)
    call_command("import", "whatsapp", str(chat), "--org", ngo.short_name)
    assert "Created: 5 (in 3 reports)" in capsys.readouterr().out
    first, second, third = Report.objects.order_by("received_at")
    assert first.channel == "whatsapp" and first.language == "km"
    # A message over two lines stays one message; the time is Phnom Penh's.
    assert (
        "[2026-03-02 10:01 +0700] Testmother Sokha: សូមជួយ កូនប្រុសខ្ញុំ ត្រូវគេវាយ\nនៅក្នុងអគារ B"
        in first.original_text
    )
    assert "end-to-end encrypted" not in first.original_text
    assert first.attachments.get().sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert second.received_at.isoformat() == "2026-03-13T14:15:00+00:00"  # 13/03: day first
    assert "[file: media — not in the export]" in third.original_text
    # Again: nothing new.
    summary = import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert (summary.created, summary.already_present) == (0, 5)


def test_an_iphone_zip_with_month_first_dates_and_a_12_hour_clock(tmp_path, ngo):
    archive = whatsapp_zip(
        tmp_path / "WhatsApp Chat - Testsister Lan.zip",
        IOS_EN_US,
        {"00000003-PHOTO-2026-03-02-10-02-00.jpg": PHOTO},
    )
    summary = import_whatsapp(actor=None, organisation=ngo, path=archive)
    assert (summary.created, summary.skipped) == (3, 2)
    reports = list(Report.objects.order_by("received_at"))
    assert [r.received_at.isoformat() for r in reports] == [
        "2026-03-02T03:01:30+00:00",  # 10:01:30 AM in Phnom Penh
        "2026-03-02T15:30:00+00:00",  # 10:30 PM
    ]
    assert reports[0].language == "vi"
    assert "Số của em: 091 234 5671" in reports[0].original_text
    assert reports[1].language == "zh"
    assert ReportAttachment.objects.get().original_name == "00000003-PHOTO-2026-03-02-10-02-00.jpg"
    assert import_whatsapp(actor=None, organisation=ngo, path=archive).created == 0


def test_other_separators_and_years_first(tmp_path, ngo):
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "31.12.25, 21:41 - Testfriend Budi: Tolong, adik saya disekap\ndia umur 22 tahun\n",
        encoding="utf-8",
    )
    assert import_whatsapp(actor=None, organisation=ngo, path=chat).created == 1
    report = Report.objects.get()
    assert report.language == "id"
    assert report.received_at.isoformat() == "2025-12-31T14:41:00+00:00"
    chat.write_text("2026-01-02, 09:00 - Testfriend Budi: Halo\n", encoding="utf-8")
    import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert Report.objects.filter(received_at="2026-01-02T02:00:00+00:00").exists()


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("Hello there\n02/03/2026, 10:01 - A: hi\n", "chat.txt, line 1"),
        ("\n\nMonday 2 March: A said hi\n", "chat.txt, line 3"),
        ("31/02/2026, 10:01 - A: hi\n", "chat.txt, line 1"),  # no 31 February
    ],
)
def test_an_unknown_format_is_refused_naming_the_line(tmp_path, ngo, content, where):
    chat = tmp_path / "chat.txt"
    chat.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert refused.value.problems[0].where == where
    with pytest.raises(CommandError, match=where):
        call_command("import", "whatsapp", str(chat), "--org", ngo.short_name)
    assert not Report.objects.exists() and not SourceItem.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        # A phone set to the Persian (Solar Hijri) calendar, in Persian digits
        "\u06f1\u06f4\u06f0\u06f4/\u06f1\u06f2/\u06f1\u06f1\u060c\u200f "
        "\u06f2\u06f3:\u06f5\u06f9 - Testperson Alpha: salam\n",
        # and to the Hijri calendar, in Latin digits
        "11/06/1447, 21:41 - Testperson Alpha: marhaba\n",
    ],
)
def test_a_date_of_another_calendar_is_refused_not_misread(tmp_path, ngo, content):
    """Year 1404 read as a Gregorian year would file the message six centuries early."""
    chat = tmp_path / "chat.txt"
    chat.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused, match="not a year of the Gregorian calendar") as refused:
        import_whatsapp(actor=None, organisation=ngo, path=chat)
    assert refused.value.problems[0].where == "chat.txt, line 1"
    assert not Report.objects.exists()


def test_a_truncated_zip_is_refused(tmp_path, ngo):
    archive = whatsapp_zip(tmp_path / "chat.zip", IOS_EN_US, {"x.jpg": PHOTO * 100})
    data = archive.read_bytes()
    archive.write_bytes(data[:-40])
    with pytest.raises(ImportRefused, match=r"chat\.zip: not a complete zip file"):
        import_whatsapp(actor=None, organisation=ngo, path=archive)
    assert not Report.objects.exists()
