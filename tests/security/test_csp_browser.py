"""Every page obeys the Content Security Policy: headless Chromium reports no violation.

The policy refuses inline scripts and styles, so a template with a `style="…"` attribute, an
inline <script>, or a library that injects a <style> shows up here as a console message.
The test logs in by handing the browser a session made by the test client, so that it does not
depend on the login form's steps.
"""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import BROWSER_MARKS, login

pytestmark = BROWSER_MARKS

# Playwright's init scripts are not subject to the page's policy: this one also records
# violations that a page might keep off the console.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


class Visit:
    """A browser context that collects CSP violations from every page it opens."""

    def __init__(self, browser, live_server, user=None):
        self.live_server = live_server
        self.context = browser.new_context()
        self.context.add_init_script(RECORD_VIOLATIONS)
        if user is not None:
            session = login(user).cookies[settings.SESSION_COOKIE_NAME].value
            self.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        self.page = self.context.new_page()
        self.violations: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.violations.append(f"{self.page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def _collect_recorded(self):
        if self.page.url.startswith(self.live_server.url):
            recorded = self.page.evaluate("window.__cspViolations || []")
            self.violations += [f"{self.page.url}: {text}" for text in recorded]

    def open(self, path: str, status: int = 200):
        self._collect_recorded()  # the next page starts a new list
        response = self.page.goto(f"{self.live_server.url}{path}")
        assert response is not None and response.status == status, (path, response)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (path, policy)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def screenshot(self, name: str):
        if os.environ.get("SERI_SCREENSHOTS"):
            path = os.path.join(os.environ["SERI_SCREENSHOTS"], f"{name}.png")
            self.page.screenshot(path=path, full_page=True)

    def check(self):
        self._collect_recorded()
        self.context.close()
        assert not self.violations, "\n".join(self.violations)


@pytest.fixture
def cast(transactional_db, ngo, alice, bob, embassy, emma, bobs_case):
    return {"alice": alice, "case": bobs_case}


def test_the_pages_keep_to_the_policy(browser, live_server, cast):
    visit = Visit(browser, live_server, cast["alice"])
    for path in ("/", "/intake/", "/referrals/", "/users/", "/password/"):
        visit.open(path)

    page = visit.open("/cases/")
    # an htmx search: htmx swaps in the results, and must not add a <style> of its own
    with page.expect_response(lambda r: r.url.endswith("/cases/") and r.request.method == "POST"):
        page.get_by_label("Name, phone or reference").press_sequentially("Testperson")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#case-results").get_by_text(cast["case"].reference)).to_be_visible()

    page = visit.open(f"/cases/{cast['case'].reference}/")
    visit.screenshot("csp-case")
    for summary in page.locator("details > summary").all():
        if summary.is_visible():
            summary.click()
    visit.open(f"/cases/{cast['case'].reference}/edit/")
    visit.open(f"/intake/cases/{cast['case'].reference}/report/")
    visit.open("/cases/NOPE-0000/", status=404)
    visit.screenshot("csp-not-found")
    visit.check()


def test_the_login_page_keeps_to_the_policy(browser, live_server, cast):
    visit = Visit(browser, live_server)
    visit.open("/login/")
    visit.screenshot("csp-login")
    visit.check()


def test_the_api_docs_keep_to_the_policy(browser, live_server, cast):
    visit = Visit(browser, live_server, cast["alice"])
    page = visit.open("/api/docs/")
    page.locator(".opblock").first.wait_for()
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()
    visit.screenshot("csp-api-docs")
    visit.check()
