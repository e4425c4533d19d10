"""Nothing identifying leaves through logs, URLs or error pages.

Distinctive synthetic values go through every form and API call that takes identifying data,
valid and invalid, and through requests that end in 400, 403, 404 and 500. All log output is
captured at DEBUG level through the handler the settings configure. None of the values may
appear in it, in a redirect's Location, in any URL a page links or posts to, or on an error
page. (A form page that quotes back what its user typed is that user's own page: allowed.)
"""

import io
import json
import logging
import re
import threading
import urllib.error
import urllib.request
from urllib.parse import unquote_plus, urlencode

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import IntegrityError
from django.urls import reverse
from rest_framework.test import APIClient

from seri.cases.models import Case, ConsentKind
from tests.conftest import login

NAME = "Zyxwq Testname"
PHONE = "+84 91 765 4321"
HANDLE = "@qxzv_handle"
DOCUMENT = "ZQ7788123"
NARRATIVE = "Held on the ninth floor of building Vwkqx, guarded by Jorrunk"
BAD_PHONE = "+84 12 97531"

# What must never show up, also as the service normalises it (e.g. a phone in E.164).
IDENTIFYING = [
    "Zyxwq",
    "Testname",
    "+84917654321",
    "917654321",
    "765 4321",
    "qxzv_handle",
    DOCUMENT,
    "Vwkqx",
    "Jorrunk",
    "1297531",
    "12 97531",
]

PERSON = {
    "person-full_name": NAME,
    "person-other_names": f"{NAME} Jorrunk",
    "person-gender": "Feminine",
    "person-nationality": "VN",
    "person-phones": PHONE,
    "person-handle_platform": "Telegram",
    "person-handle": HANDLE,
    "person-document_kind": "passport",
    "person-document_number": DOCUMENT,
}
REPORT = {
    "report-channel": "hotline",
    "report-reporter_relation": "family",
    "report-original_text": f"{NAME} ({PHONE}, {HANDLE}, passport {DOCUMENT}). {NARRATIVE}.",
}
CASE = {"case-urgency": "immediate", "case-location_text": NARRATIVE}

ERROR_PAGES = {"400.html", "403.html", "404.html", "500.html"}
URL_ATTRIBUTE = re.compile(r'(?:href|src|action|formaction|hx-post|hx-get)="([^"]*)"')
NEXT_URL = re.compile(r'name="next"[^>]*value="([^"]*)"')
# Tap-to-call and tap-to-message links hand a number to the phone's own dialer or messaging app
# when tapped (rel="noreferrer"): never requested from Seri, so never in its logs or history.
DEVICE_LINK = re.compile(r"^(tel:|sms:|viber:|https://(t\.me|wa\.me|line\.me|m\.me|zalo\.me)/)")


def found_in(text: str) -> list[str]:
    text = unquote_plus(text).lower()
    return [value for value in IDENTIFYING if value.lower() in text]


@pytest.fixture
def logs():
    """All log records from the root and Django's loggers at DEBUG, formatted and filtered
    like the console handler of the settings; the text they would print."""
    buffer = io.StringIO()
    capture = logging.StreamHandler(buffer)
    capture.setLevel(logging.DEBUG)
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    capture.setFormatter(console.formatter)
    for log_filter in console.filters:
        capture.addFilter(log_filter)

    names = ["", "django", "django.request", "django.server", "django.security"]
    names += ["django.template", "django.db.backends", "seri", "rest_framework"]
    loggers = {logging.getLogger(name) for name in names}
    loggers |= {
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    }
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(capture)
    yield buffer
    for logger, level in levels.items():
        logger.setLevel(level)
        logger.removeHandler(capture)


class Traffic:
    """Sends requests and remembers every URL the answers carry."""

    def __init__(self):
        self.urls: list[str] = []
        self.error_pages: list[tuple[str, str]] = []

    def saw(self, path: str, response):
        if "Location" in response:
            self.urls.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            self.urls += [
                url
                for url in URL_ATTRIBUTE.findall(body) + NEXT_URL.findall(body)
                if not DEVICE_LINK.match(url)
            ]
            if ERROR_PAGES & {t.name for t in getattr(response, "templates", [])}:
                self.error_pages.append((path, body))
        return response

    def post(self, client, path, data, status, **extra):
        response = self.saw(path, client.post(path, data, **extra))
        assert response.status_code == status, (path, response.status_code)
        return response

    def get(self, client, path, status):
        response = self.saw(path, client.get(path))
        assert response.status_code == status, (path, response.status_code)
        return response


@pytest.fixture
def traffic():
    return Traffic()


def assert_nothing_identifying(logs, traffic):
    output = logs.getvalue()
    assert "Not Found" in output  # the capture did capture
    assert not found_in(output), f"in the logs: {found_in(output)}\n{output}"
    for url in traffic.urls:
        assert not found_in(url), f"in a URL: {url}"
    for path, body in traffic.error_pages:
        assert not found_in(body), f"on the error page of {path}: {found_in(body)}"


def test_the_pages_keep_identifying_data_out_of_logs_and_urls(
    traffic, bob, alice, vera, embassy, emma, charlie, bobs_case, logs
):
    client = login(bob)
    intake = reverse("intake-new")

    # the intake form: invalid (a bad phone, an unknown nationality), then valid
    traffic.post(client, intake, {**REPORT, **PERSON, **CASE, "person-phones": BAD_PHONE}, 400)
    traffic.post(client, intake, {**REPORT, **PERSON, **CASE, "person-nationality": "XX"}, 400)
    response = traffic.post(client, intake, {**REPORT, **PERSON, **CASE}, 302)
    case = Case.objects.exclude(pk=bobs_case.pk).get()
    traffic.get(client, response["Location"], 200)
    reference = case.reference

    # a report added to the case
    report_add = reverse("report-add", args=[reference])
    traffic.post(client, report_add, {**REPORT, "report-channel": "pigeon"}, 400)
    traffic.post(client, report_add, REPORT, 302)

    # the case's details
    edit = reverse("case-edit", args=[reference])
    traffic.post(client, edit, {"urgency": "whenever", "location_text": NARRATIVE}, 400)
    traffic.post(client, edit, {"urgency": "normal", "location_text": NARRATIVE}, 302)

    # a note, a task, consent
    note = reverse("case-note", args=[reference])
    traffic.post(client, note, {"text": f"Called {NAME} on {PHONE}. {NARRATIVE}"}, 302)
    task = reverse("case-task", args=[reference])
    traffic.post(client, task, {"title": f"Call {NAME}", "due_on": "2031-02-30"}, 400)
    traffic.post(client, task, {"title": f"Call {NAME} on {PHONE}"}, 302)
    consent = reverse("case-consent", args=[reference])
    given = {"kind": ConsentKind.SHARE_WITH_PARTNERS, "given": "yes", "given_by": NAME}
    traffic.post(client, consent, {**given, "kind": "everything", "note": NARRATIVE}, 400)
    traffic.post(client, consent, {**given, "note": NARRATIVE}, 302)

    # a referral and its message; the partner declines it with a note
    send = reverse("referral-send", args=[reference])
    message = {"kind": "referral", "message": f"Please call {NAME} on {PHONE}. {NARRATIVE}"}
    traffic.post(client, send, {**message, "to_organisation": "NOWHERE"}, 400)
    traffic.post(client, send, {**message, "to_organisation": embassy.short_name}, 302)
    referral = case.referrals.get()
    respond = reverse("referral-respond", args=[referral.public_id, "decline"])
    traffic.post(login(emma), respond, {"note": f"We cannot reach {NAME}. {NARRATIVE}"}, 302)
    traffic.get(client, reverse("referral-inbox"), 200)

    # searches by name and phone, as a page and as htmx
    cases = reverse("case-list")
    for query in (NAME, PHONE, HANDLE, DOCUMENT):
        traffic.post(client, cases, {"q": query}, 200)
        traffic.post(client, cases, {"q": query, "page": "2"}, 200, HTTP_HX_REQUEST="true")
    traffic.get(client, cases, 200)
    traffic.get(client, reverse("case-detail", args=[reference]), 200)

    # 403: a viewer may not add notes; 404: another organisation's case, a case that is not
    traffic.post(login(vera), note, {"text": NARRATIVE}, 403)
    traffic.post(login(charlie), note, {"text": NARRATIVE}, 404)
    traffic.post(client, reverse("case-note", args=["NOPE-0000"]), {"text": NARRATIVE}, 404)
    traffic.get(client, f"{reverse('case-detail', args=['NOPE-0000'])}?q={NAME}", 404)
    traffic.post(
        login(alice), reverse("referral-send", args=["NOPE-0000"]), {"message": NARRATIVE}, 404
    )

    # 400 from Django itself: too many fields, with the values in them
    too_many = {f"field{i}": NAME for i in range(1100)}
    traffic.post(client, note, too_many, 400)
    traffic.get(client, f"{cases}?{urlencode(too_many)}", 400)

    # and the language switch sends the user back without the values
    traffic.post(client, reverse("set_language"), {"language": "km", "next": cases}, 302)

    assert_nothing_identifying(logs, traffic)


def test_a_server_error_keeps_the_values_out_of_the_log(traffic, bob, bobs_case, monkeypatch, logs):
    """A database error can quote the row it refused (PostgreSQL: `Key (…)=(…) already
    exists`); the log keeps the traceback without the exception's message."""

    def refuse(*, actor, case, text, **options):
        raise IntegrityError(
            'duplicate key value violates unique constraint "cases_note"\n'
            f"DETAIL:  Key (text)=({text}) already exists."
        )

    monkeypatch.setattr("seri.cases.services.case_add_note", refuse)
    client = login(bob)
    client.raise_request_exception = False
    note = reverse("case-note", args=[bobs_case.reference])
    response = traffic.post(client, note, {"text": f"{NAME}: {NARRATIVE}"}, 500)
    assert "Something went wrong" in response.text
    output = logs.getvalue()
    assert "Internal Server Error" in output and "IntegrityError" in output
    assert "refuse" in output  # the traceback's frames are kept
    traffic.get(client, "/nowhere/", 404)
    assert_nothing_identifying(logs, traffic)


def test_the_api_keeps_identifying_data_out_of_logs(traffic, bob, bobs_case, logs):
    api = APIClient()
    api.force_authenticate(user=bob)
    body = {
        "channel": "hotline",
        "reporter_relation": "family",
        "original_text": f"{NAME} ({PHONE}). {NARRATIVE}",
        "names": [{"value": NAME}],
        "phones": [PHONE],
        "handles": [{"platform": "Telegram", "handle": HANDLE}],
        "documents": [{"kind": "passport", "number": DOCUMENT, "issuing_country": "VN"}],
        "nationalities": ["VN"],
        "urgency": "immediate",
        "location_text": NARRATIVE,
    }
    post = traffic.post
    post(api, "/api/cases/", {**body, "phones": [BAD_PHONE]}, 400, format="json")
    post(api, "/api/cases/", {**body, "nationalities": ["XX"]}, 400, format="json")
    created = post(api, "/api/cases/", body, 201, format="json").json()
    notes = f"/api/cases/{created['reference']}/notes/"
    post(api, notes, {"text": NARRATIVE}, 201, format="json")
    post(api, notes, {"text": [NARRATIVE]}, 400, format="json")
    broken = json.dumps(body)[:-5]  # a body cut short: a parse error
    post(api, "/api/cases/", broken, 400, content_type="application/json")
    post(api, "/api/cases/NOPE-0000/notes/", {"text": NARRATIVE}, 404, format="json")
    post(api, "/api/people/", body, 405, format="json")
    assert_nothing_identifying(logs, traffic)


def test_the_development_server_logs_requests_without_query_strings(traffic, logs):
    """`seri runserver` logs every request line; the query string stays out of it."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    query = urlencode({"q": NAME, "phone": PHONE})
    try:
        with urllib.request.urlopen(f"{base}/login/?{query}", timeout=10) as response:  # noqa: S310
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as not_found:
            urllib.request.urlopen(f"{base}/nowhere/?{query}", timeout=10)  # noqa: S310
        assert not_found.value.code == 404
        assert not found_in(not_found.value.read().decode())
    finally:
        server.shutdown()
        server.server_close()
    output = logs.getvalue()
    assert '"GET /login/ HTTP/1.1" 200' in output
    assert_nothing_identifying(logs, traffic)
