"""The public report form in headless Chromium: a family member reports in Thai, keeps the
reference and passphrase, and later asks for the status; the quick exit leaves no Back entry."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from seri.intake.models import Report
from tests.conftest import BROWSER_MARKS

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form_org(settings, ngo):
    settings.SERI_PUBLIC_FORM_ORGANISATION = ngo.short_name
    cache.clear()
    return ngo


def test_reporting_in_thai_and_asking_for_the_status(form_org, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/intake/report/")
    page.get_by_role("link", name="ไทย").click()
    page.wait_for_url("**lang=th")
    assert page.locator("html").get_attribute("lang") == "th"
    page.get_by_label("สมาชิกในครอบครัว").check()
    page.get_by_label("เขาอยู่ที่ไหน").fill("สีหนุวิลล์ ตึก B")
    page.get_by_label("เกิดอะไรขึ้น").fill("น้องชายถูกขังและถูกทำร้าย ช่วยด้วย")
    page.wait_for_timeout(3100)  # a person takes longer than the time trap's 3 seconds
    page.get_by_role("button", name="ส่งรายงาน").click()

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "ขอบคุณ เราได้รับรายงานของคุณแล้ว"
    codes = page.locator(".public-code").all_inner_texts()
    reference, passphrase = codes
    assert re.fullmatch(r"SR-\w{4}-\w{4}", reference) and re.fullmatch(
        r"\d{4}-\d{4}-\d{4}", passphrase
    )
    report = Report.objects.get(organisation=form_org)
    assert report.language == "th" and "สีหนุวิลล์" in report.original_text

    page.get_by_role("link", name="เพิ่มข้อมูลหรือดูสถานะ").click()
    page.get_by_label("รหัสอ้างอิง").fill(reference)
    page.get_by_label("รหัสลับ").fill(passphrase)
    page.get_by_role("button", name="ส่ง", exact=True).click()
    assert page.locator(".public-status strong").inner_text() == "ได้รับแล้ว"
    assert not page.context.cookies()  # nothing kept in the browser


def test_the_quick_exit_replaces_the_page(form_org, live_server, page, settings):
    settings.SERI_PUBLIC_FORM_EXIT_URL = f"{live_server.url}/static/seri/seri.css"
    page.goto(f"{live_server.url}/intake/report/?lang=my")
    page.get_by_label("ဘာဖြစ်ခဲ့သလဲ။").fill("typed, then interrupted")
    page.get_by_role("link", name="ဤစာမျက်နှာမှ အမြန်ထွက်ရန်").click()
    page.wait_for_url("**/seri.css")
    page.go_back()
    assert "/intake/report/" not in page.url  # Back does not return to the form


@pytest.mark.parametrize(("language", "width"), [("km", 390), ("zh-hans", 1280), ("en", 390)])
def test_a_report_sent_without_an_account_says_so_at_the_top_and_focuses_the_field(
    form_org, live_server, page, language, width
):
    # Tried in a real browser for #19: the form came back at the top with no banner, the one
    # error below the fold on a phone.
    from django.utils import translation

    with translation.override(language):
        banner_text = translation.pgettext(
            "public report form", "Please check your report and send it again."
        )
        send = translation.pgettext("public report form", "Send the report")
        what = translation.pgettext("public report form", "What happened?")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/intake/report/?lang={language}")
    page.get_by_role("button", name=send).click()
    page.wait_for_load_state()
    banner = page.get_by_role("alert")
    expect(banner).to_be_visible()
    expect(banner).to_have_text(banner_text)
    field = page.get_by_label(what)
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    assert Report.objects.count() == 0
