"""The path a new user takes, in headless Chromium against a live server:
a caseworker records a report, refers the case to the embassy; the embassy's liaison
accepts it and adds a note. And the pages fit a phone-sized screen."""

import os
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import BROWSER_MARKS
from tests.factories import PASSWORD

pytestmark = BROWSER_MARKS


# The authenticator secrets the users set up in this run, and the last code each one used.
AUTHENTICATORS: dict[str, pyotp.TOTP] = {}
LAST_CODES: dict[str, str] = {}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The second factor: a first login sets up an authenticator (with the key typed, not
    # scanned), later ones type its current code.
    page.wait_for_url("**/two-factor/**")
    if "/two-factor/setup/" in page.url:
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        AUTHENTICATORS[username] = pyotp.TOTP(secret)
        page.get_by_label("Code from the app").fill(_fresh_code(username))
        page.get_by_role("button", name="Confirm").click()
        page.locator("#recovery-codes").wait_for()
        assert page.locator("#recovery-codes li").count() == 10
        page.get_by_role("link", name="I have saved them: continue").click()
    else:
        page.get_by_label("Code", exact=True).fill(_fresh_code(username))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")


def _fresh_code(username):
    """The authenticator's current code; a code is accepted once, so wait for a new one."""
    code = AUTHENTICATORS[username].now()
    while code == LAST_CODES.get(username):
        time.sleep(1)
        code = AUTHENTICATORS[username].now()
    LAST_CODES[username] = code
    return code


def log_out(page):
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Log out").click()


@pytest.fixture
def cast(transactional_db, ngo, bob, embassy, emma):
    return {"bob": bob, "emma": emma}


def test_report_refer_accept_note(page, live_server, cast):
    log_in(page, live_server, "bob")
    page.get_by_role("link", name="New report").click()
    page.get_by_label("Received through").select_option("hotline")
    page.get_by_label("Reported by").select_option("family")
    page.get_by_label("The account, as received").fill(
        "Synthetic test: my brother Testperson Delta is locked in a compound in Sihanoukville."
    )
    page.get_by_label("Name", exact=True).fill("Testperson Delta")
    page.get_by_label("Nationality", exact=True).select_option("VN")
    page.get_by_label("Phone numbers").fill("+84 91 234 5670")
    page.get_by_label("Urgency").select_option("immediate")
    page.get_by_role("button", name="Save report and open case").click()

    page.wait_for_url("**/cases/*/")
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    expect(page.get_by_text("Testperson Delta").first).to_be_visible()
    expect(page.get_by_text("Immediate danger").first).to_be_visible()

    page.get_by_text("Record consent").click()
    page.locator("#consent").get_by_label("Consent to").select_option("share")
    page.locator("#consent").get_by_label("Answer").select_option("yes")
    page.locator("#consent").get_by_role("button", name="Record").click()
    page.get_by_text("Refer to a partner").click()
    page.get_by_label("Refer to").select_option("EMB-TL")
    page.get_by_label("Message to the partner").fill("Please contact the family.")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referred to EMB-TL").first).to_be_visible()
    log_out(page)

    log_in(page, live_server, "emma")
    page.get_by_role("link", name="Referrals").first.click()
    expect(page.get_by_text(reference).first).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url(f"**/cases/{reference}/")
    expect(page.get_by_text("Testperson Delta").first).to_be_visible()
    page.get_by_label("Note", exact=True).fill("Embassy called the family.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#timeline").get_by_text("Embassy called the family.")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/cases/", "/intake/", "/referrals/"])
def test_pages_fit_a_phone(browser, live_server, cast, bobs_case, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen"
    context.close()


def test_the_case_page_fits_a_phone(browser, live_server, cast, bobs_case):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/cases/{bobs_case.reference}/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if os.environ.get("SERI_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["SERI_SCREENSHOTS"], "case-phone.png"), full_page=True
        )
    context.close()
