"""What the browser tests share: a signed-in page at a width and in a language, the page's
words in that language, and the checks every walked page passes (it fits the screen, the
console stays clean).

A test walks its journey at a desk and on a phone, and in English and another language: the
labels it looks for are Seri's own msgids translated the way the server translates them, so a
test reads the same in every language and fails when a page shows something else."""

import pytest
from django.utils import translation

from tests.conftest import login

PHONE = 641  # below this, seri.css and seri.js lay the page out for a phone

# Each journey at both widths and in three languages: English at both, Chinese on a phone,
# Khmer at a desk.
SCREENS = [
    pytest.param("en", 1280, id="en-desk"),
    pytest.param("en", 390, id="en-phone"),
    pytest.param("zh-hans", 390, id="zh-phone"),
    pytest.param("km", 1280, id="km-desk"),
]


def t(language: str, msgid: str, **params) -> str:
    """`msgid` as the server shows it in `language`."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def tp(language: str, context: str, msgid: str) -> str:
    with translation.override(language):
        return translation.pgettext(context, msgid)


class Screen:
    """A page signed in as a user (both factors), at a width and in a language, that records
    console errors and failed scripts."""

    def __init__(self, page, live_server, language: str, width: int):
        self.page = page
        self.url = live_server.url
        self.language = language
        self.width = width
        self.errors: list[str] = []
        page.set_viewport_size({"width": width, "height": 900})
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", self._response)

    def _console(self, message) -> None:
        # A failed load is reported by `_response`, which knows what failed: a form that comes
        # back with errors is a page answered with 400, on purpose.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} {response.url}")

    @property
    def phone(self) -> bool:
        return self.width < PHONE

    def sign_in(self, user) -> "Screen":
        """The browser gets the session of a user who logged in with both factors (the login
        pages themselves are walked in tests/referrals/test_journey_browser.py)."""
        client = login(user)
        self.page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": self.url}]
        )
        return self

    def sign_out(self) -> None:
        self.page.context.clear_cookies()
        self.page.context.add_cookies(
            [{"name": "django_language", "value": self.language, "url": self.url}]
        )

    def t(self, msgid: str, **params) -> str:
        return t(self.language, msgid, **params)

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.url}{path}")
        self.check()

    def check(self) -> None:
        """The page is in the reader's language, fits the screen, and its console is clean."""
        page = self.page
        assert page.evaluate("document.documentElement.lang") == self.language
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
        assert not self.errors, f"{page.url}: {self.errors}"

    def unfold(self, section: str) -> None:
        """On a phone, long pages fold their cards to their headings: open `section`."""
        card = self.page.locator(f"section#{section}")
        if "folded" in (card.get_attribute("class") or ""):
            card.locator(".card-toggle").click()

    def nav(self, msgid: str):
        """The main navigation's link to `msgid`; on a phone, after opening the menu."""
        page = self.page
        if self.phone and page.locator(".menu-toggle").get_attribute("aria-expanded") != "true":
            page.get_by_role("button", name=self.t("Menu")).click()
        return page.locator("#main-nav").get_by_role("link", name=self.t(msgid))
