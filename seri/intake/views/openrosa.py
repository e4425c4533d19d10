"""OpenRosa endpoints for ODK Collect and KoboCollect: the form list, the form, submissions.

A device is configured with the server URL `https://HOST/intake/openrosa` and one
organisation's device credentials (HTTP Basic over HTTPS; made by an org admin on the devices
page). A submission lands in that organisation's triage queue; a submission that does not match
the form is refused with 400 and a message naming the element, and nothing is written.
Reading the XML: seri/intake/openrosa.py; storing it: seri/intake/services/openrosa.py.
"""

import base64
import binascii
import functools
import hashlib

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from seri.intake import throttle
from seri.intake.models import DeviceCredential
from seri.intake.openrosa import SubmissionRefused, parse_submission
from seri.intake.public import client_address, client_key
from seri.intake.services.openrosa import device_authenticate, submission_receive
from seri.intake.services.reports import MAX_ATTACHMENT_BYTES
from seri.intake.xlsform import FORM_ID, FORM_TITLE, FORM_VERSION, xform_xml

OPENROSA_HEADERS = {"X-OpenRosa-Version": "1.0"}


def device_from_request(request) -> DeviceCredential | None:
    """The device the request's HTTP Basic credentials name, or None. Raises throttle.Wait
    when that user name or this client must wait after failures."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, _sep, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return device_authenticate(
        username=username,
        password=password,
        client=client_key(client_address(request)),
    )


def _unauthorised() -> HttpResponse:
    response = HttpResponse(_("Device credentials needed."), status=401, content_type="text/plain")
    response["WWW-Authenticate"] = 'Basic realm="Seri OpenRosa", charset="UTF-8"'
    for key, value in OPENROSA_HEADERS.items():
        response[key] = value
    return response


def _xml_response(body: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    for key, value in OPENROSA_HEADERS.items():
        response[key] = value
    return response


def device_required(view):
    """The device's credentials checked before the view (which gets the device): 401 without
    them, 429 with Retry-After while failures from this client or for this user name make it
    wait."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            device = device_from_request(request)
        except throttle.Wait as wait:
            response = _message(_("Too many failed attempts. Try again later."), 429)
            response["Retry-After"] = str(wait.seconds)
            return response
        if device is None:
            return _unauthorised()
        return view(request, device, *args, **kwargs)

    return wrapper


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _message(text: str, status: int) -> HttpResponse:
    body = (
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f'<message nature="">{_escape(text)}</message></OpenRosaResponse>'
    )
    return _xml_response(body, status)


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
@device_required
def form_list(request, device):
    url = request.build_absolute_uri(reverse("openrosa-form", args=[FORM_ID]))
    digest = hashlib.md5(xform_xml().encode(), usedforsecurity=False).hexdigest()
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xforms xmlns="http://openrosa.org/xforms/xformsList"><xform>'
        f"<formID>{FORM_ID}</formID><name>{FORM_TITLE}</name><version>{FORM_VERSION}</version>"
        f"<hash>md5:{digest}</hash><downloadUrl>{url}</downloadUrl>"
        "</xform></xforms>"
    )
    return _xml_response(body)


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
@device_required
def form_download(request, device, form_id):
    if form_id != FORM_ID:
        return _message(_("No such form."), 404)
    return _xml_response(xform_xml())


@csrf_exempt
@require_http_methods(["HEAD", "POST"])
@device_required
def submission(request, device):
    if request.method == "HEAD":
        response = _xml_response("", 204)
        response["X-OpenRosa-Accept-Content-Length"] = str(MAX_ATTACHMENT_BYTES * 5)
        return response
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        return _message(_("xml_submission_file: missing from the request"), 400)
    files = [
        f for name, items in request.FILES.lists() if name != "xml_submission_file" for f in items
    ]
    xml = xml_file.read()
    try:
        parsed = parse_submission(xml)
        _submission, created = submission_receive(
            device=device, parsed=parsed, xml=xml, files=files
        )
    except SubmissionRefused as exc:
        return _message(str(exc.problem), 400)
    if created:
        return _message(_("Received. Thank you."), 201)
    return _message(_("Already received."), 202)
