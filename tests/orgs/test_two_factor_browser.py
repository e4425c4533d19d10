"""The second-factor pages on a phone-sized screen, in headless Chromium."""

import os

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import BROWSER_MARKS
from tests.factories import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    yield context.new_page()
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def screenshot(page, name):
    if os.environ.get("SERI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SERI_SCREENSHOTS"], name), full_page=True)


def test_setting_up_a_second_factor_on_a_phone(phone, live_server, transactional_db, bob):
    phone.goto(f"{live_server.url}/login/")
    phone.get_by_label("Username").fill("bob")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/two-factor/setup/**")
    expect(phone.locator("svg.segno")).to_be_visible()
    assert fits(phone)
    screenshot(phone, "two-factor-setup-phone.png")

    secret = phone.locator("#totp-secret").inner_text().replace(" ", "")
    phone.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    phone.get_by_role("button", name="Confirm").click()
    phone.locator("#recovery-codes").wait_for()
    assert fits(phone)
    screenshot(phone, "two-factor-recovery-codes-phone.png")
