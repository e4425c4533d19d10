"""OpenRosa endpoints for ODK Collect and KoboCollect: the form list, the form, submissions.

A device is configured with the server URL `https://HOST/intake/openrosa` and one
organisation's device credentials (HTTP Basic over HTTPS; made by an org admin with
`device_credential_create`). A submission lands in that organisation's triage queue.

- The same submission again (same `instanceID`) is answered with success and creates nothing.
- An edited submission (`deprecatedID` = an earlier `instanceID`) adds a new version of the
  structured data to the same report and keeps the earlier one; the report's text is not
  changed (reports are immutable).
- A submission that does not match the form is refused with 400 and a message naming the
  element; nothing is written.
"""

import base64
import binascii
import hashlib
import json
import secrets
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.intake.importers.common import Problem, hashed_key
from seri.intake.models import (
    Channel,
    DeviceCredential,
    Report,
    ReportAttachment,
    SourceItem,
    Submission,
)
from seri.intake.services import MAX_ATTACHMENT_BYTES
from seri.intake.xlsform import (
    FIELD_NAMES,
    FORM_ID,
    FORM_TITLE,
    FORM_VERSION,
    INTEGER_FIELDS,
    REQUIRED,
    SELECTS,
    xform_xml,
)

OPENROSA_HEADERS = {"X-OpenRosa-Version": "1.0"}


class SubmissionRefused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


# --- device credentials ------------------------------------------------------------------------


def device_credential_create(
    *, actor, organisation, label: str = ""
) -> tuple[DeviceCredential, str]:
    """A new user name and password for one device. The password is shown once."""
    from seri.orgs.permissions import org_ids_administered

    if organisation.pk not in org_ids_administered(actor):
        raise PermissionError("only an organisation's admin makes device credentials")
    # Typed on a phone's keyboard: lower case letters and digits without look-alikes (no
    # l/1, o/0), in groups; 24 characters of 31 are some 118 bits.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    letters = "".join(secrets.choice(alphabet) for _ in range(24))
    password = "-".join(letters[i : i + 4] for i in range(0, 24, 4))
    username = f"{organisation.short_name.lower()}-{secrets.token_hex(4)}"
    with transaction.atomic():
        credential = DeviceCredential.objects.create(
            organisation=organisation,
            username=username,
            password_hash=make_password(password),
            label=label,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=credential,
            organisation=organisation,
            detail={"device": label},
        )
    return credential, password


def device_credential_revoke(*, actor, credential: DeviceCredential) -> DeviceCredential:
    """The device can no longer list forms or submit. Kept (not deleted) for the audit trail."""
    from seri.orgs.permissions import org_ids_administered

    if credential.organisation_id not in org_ids_administered(actor):
        raise PermissionError("only an organisation's admin revokes device credentials")
    if credential.is_active:
        with transaction.atomic():
            credential.is_active = False
            credential.save(update_fields=["is_active", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=credential,
                organisation=credential.organisation,
                detail={"device": credential.label, "revoked": True},
            )
    return credential


def device_credentials_for_admin(user):
    """The device credentials of the organisations the user administers."""
    from seri.orgs.permissions import org_ids_administered

    return DeviceCredential.objects.filter(
        organisation_id__in=org_ids_administered(user)
    ).select_related("organisation", "created_by")


def device_from_request(request) -> DeviceCredential | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, _sep, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    credential = (
        DeviceCredential.objects.filter(
            username=username, is_active=True, organisation__is_active=True
        )
        .select_related("organisation")
        .first()
    )
    if credential is None:
        make_password(password)  # the same time whether or not the user name exists
        return None
    if not check_password(password, credential.password_hash):
        return None
    DeviceCredential.objects.filter(pk=credential.pk).update(last_used_at=timezone.now())
    return credential


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


def _message(text: str, status: int) -> HttpResponse:
    body = (
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f'<message nature="">{_escape(text)}</message></OpenRosaResponse>'
    )
    return _xml_response(body, status)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- reading a submission ----------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_submission(xml: bytes) -> dict:
    """The fields, form id, version, instanceID and deprecatedID of a submission, checked
    against the form. Raises SubmissionRefused naming the element that does not fit."""
    try:
        root = SafeET.fromstring(xml)
    except (ET.ParseError, ValueError) as exc:
        raise SubmissionRefused(
            Problem("xml_submission_file", _("not valid XML: %s") % exc)
        ) from exc
    except Exception as exc:  # defusedxml refuses entities and DTDs
        raise SubmissionRefused(Problem("xml_submission_file", _("refused XML: %s") % exc)) from exc
    form_id = root.get("id") or _local(root.tag)
    if form_id != FORM_ID:
        raise SubmissionRefused(
            Problem(
                f'<{_local(root.tag)} id="{form_id}">',
                _("not a submission of the form %s") % FORM_ID,
            )
        )
    fields: dict[str, str] = {}
    meta: dict[str, str] = {}
    for child in root:
        name = _local(child.tag)
        if name == "meta":
            meta = {_local(m.tag): (m.text or "").strip() for m in child}
            continue
        if name not in FIELD_NAMES:
            raise SubmissionRefused(Problem(f"<{name}>", _("no such field in the form")))
        if len(child):
            raise SubmissionRefused(Problem(f"<{name}>", _("a group where the form has a field")))
        fields[name] = (child.text or "").strip()
    for name in REQUIRED:
        if not fields.get(name):
            raise SubmissionRefused(Problem(f"<{name}>", _("required, and empty or missing")))
    for name in INTEGER_FIELDS:
        value = fields.get(name, "")
        if value and not (value.lstrip("-").isdigit() and 0 <= int(value) <= 120):
            raise SubmissionRefused(
                Problem(f"<{name}>", _("“%s” is not a whole number from 0 to 120") % value)
            )
    for name, allowed in SELECTS.items():
        value = fields.get(name, "")
        if value and value not in allowed:
            raise SubmissionRefused(
                Problem(f"<{name}>", _("“%s” is not one of the form's choices") % value)
            )
    location = fields.get("location", "")
    if location:
        parts = location.split()
        try:
            lat, lon = float(parts[0]), float(parts[1])
            assert -90 <= lat <= 90 and -180 <= lon <= 180
        except (IndexError, ValueError, AssertionError) as exc:
            raise SubmissionRefused(Problem("<location>", _("not a geopoint"))) from exc
    instance_id = meta.get("instanceID", "")
    if not instance_id:
        raise SubmissionRefused(Problem("<meta><instanceID>", _("missing")))
    return {
        "form_id": form_id,
        "version": root.get("version", ""),
        "fields": fields,
        "instance_id": instance_id,
        "deprecated_id": meta.get("deprecatedID", ""),
    }


def _text_of(fields: dict) -> str:
    lines = [fields.get("account", "")]
    for name in ("person_name", "age", "nationality", "phone", "location", "compound_name"):
        if fields.get(name):
            lines.append(f"{name}: {fields[name]}")
    return "\n".join(lines)


def submission_receive(
    *, device: DeviceCredential, xml: bytes, files: list[UploadedFile]
) -> tuple[Submission, bool]:
    """Store a submission; returns it and whether anything new was stored."""
    parsed = parse_submission(xml)
    organisation = device.organisation
    fields = parsed["fields"]
    named = {f.name: f for f in files}
    photo = fields.get("photo", "")
    if photo and photo not in named:
        # ODK sends attachments in later requests when a submission is large; the report
        # is stored with the first and the file is added when it comes (same instanceID).
        pass
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise SubmissionRefused(Problem(upload.name, _("larger than 20 MB")))
    with transaction.atomic():
        existing = Submission.objects.filter(
            report__organisation=organisation, instance_id=parsed["instance_id"]
        ).first()
        if existing is not None:
            _add_missing_files(existing.report, files)
            return existing, False
        if parsed["deprecated_id"]:
            earlier = (
                Submission.objects.filter(
                    report__organisation=organisation, instance_id=parsed["deprecated_id"]
                )
                .select_related("report")
                .first()
            )
            if earlier is not None:
                while hasattr(earlier, "replaced_by"):  # edit of an edit: the newest version
                    earlier = earlier.replaced_by
                submission = Submission.objects.create(
                    report=earlier.report,
                    instance_id=parsed["instance_id"],
                    form_id=parsed["form_id"],
                    form_version=parsed["version"],
                    data=json.dumps(fields, ensure_ascii=False),
                    xml=xml.decode("utf-8", "replace"),
                    replaces=earlier,
                )
                _add_missing_files(earlier.report, files)
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    obj=earlier.report,
                    organisation=organisation,
                    detail={"openrosa": "edited submission", "device": device.username},
                )
                return submission, True
        report = Report.objects.create(
            organisation=organisation,
            channel=Channel.ODK,
            reporter_relation=fields.get("reporter_relation") or "unknown",
            language=fields.get("language", ""),
            original_text=_text_of(fields),
            received_at=timezone.now(),
            recorded_by=None,
        )
        submission = Submission.objects.create(
            report=report,
            instance_id=parsed["instance_id"],
            form_id=parsed["form_id"],
            form_version=parsed["version"],
            data=json.dumps(fields, ensure_ascii=False),
            xml=xml.decode("utf-8", "replace"),
        )
        SourceItem.objects.create(
            organisation=organisation,
            source=SourceItem.Source.OPENROSA,
            key=hashed_key(f"openrosa:{parsed['instance_id']}"),
            report=report,
        )
        _add_missing_files(report, files)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=report,
            organisation=organisation,
            detail={"openrosa": parsed["form_id"], "device": device.username},
        )
    return submission, True


def _add_missing_files(report: Report, files: list[UploadedFile]) -> None:
    have = set(report.attachments.values_list("sha256", flat=True))
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        if digest.hexdigest() in have:
            continue
        attachment = ReportAttachment(
            report=report,
            original_name=upload.name or "",
            content_type=(upload.content_type or "")[:100],
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        have.add(attachment.sha256)


# --- views -------------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_list(request):
    if device_from_request(request) is None:
        return _unauthorised()
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
def form_download(request, form_id):
    if device_from_request(request) is None:
        return _unauthorised()
    if form_id != FORM_ID:
        return _message(_("No such form."), 404)
    return _xml_response(xform_xml())


@csrf_exempt
@require_http_methods(["HEAD", "POST"])
def submission(request):
    device = device_from_request(request)
    if device is None:
        return _unauthorised()
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
    try:
        _submission, created = submission_receive(device=device, xml=xml_file.read(), files=files)
    except SubmissionRefused as exc:
        return _message(str(exc.problem), 400)
    if created:
        return _message(_("Received. Thank you."), 201)
    return _message(_("Already received."), 202)
