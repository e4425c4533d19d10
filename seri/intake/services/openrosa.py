"""OpenRosa's writes: device credentials (made and revoked by an organisation's admin) and
submissions from ODK Collect and KoboCollect. Reading the XML is in seri/intake/openrosa.py,
the HTTP endpoints in seri/intake/views/openrosa.py.

- The same submission again (same `instanceID`) creates nothing; files it brings that the
  report does not hold yet are added (ODK sends large submissions' files in later requests).
- An edited submission (`deprecatedID` = an earlier `instanceID`) adds a new version of the
  structured data to the same report and keeps the earlier one; the report's text is not
  changed (reports are immutable).

A submission's actor is the system (`None`): a device is no user; its credential is the
permission, and the audit row names the device.
"""

import hmac
import json
import secrets

from django.contrib.auth.hashers import check_password
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.crypto import keyring
from seri.core.types import Actor
from seri.intake import throttle
from seri.intake.importers.common import Problem, hashed_key
from seri.intake.models import Channel, DeviceCredential, Report, SourceItem, Submission
from seri.intake.openrosa import ParsedSubmission, SubmissionRefused
from seri.intake.permissions import may_manage_devices, signed_in
from seri.intake.services.attachments import attachment_store
from seri.intake.services.reports import MAX_ATTACHMENT_BYTES
from seri.orgs.models import Organisation

# Typed on a phone's keyboard: lower case letters and digits without look-alikes (no l/1,
# o/0), in groups; 24 characters of 31 are some 118 bits.
KEYBOARD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
KEYED_HASH_PREFIX = "hmac-sha256$"


def device_credential_create(
    *, actor: Actor, organisation: Organisation, label: str = ""
) -> tuple[DeviceCredential, str]:
    """A new user name and password for one device. The password is shown once."""
    admin = signed_in(actor)
    if admin is None or not may_manage_devices(admin, organisation.pk):
        raise PermissionError("only an organisation's admin makes device credentials")
    letters = "".join(secrets.choice(KEYBOARD_ALPHABET) for _ in range(24))
    password = "-".join(letters[i : i + 4] for i in range(0, 24, 4))
    username = f"{organisation.short_name.lower()}-{secrets.token_hex(4)}"
    with transaction.atomic():
        credential = DeviceCredential.objects.create(
            organisation=organisation,
            username=username,
            password_hash=_secret_digest(password),
            label=label,
            created_by=admin,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=credential,
            organisation=organisation,
            detail={"device": label},
        )
    return credential, password


def device_credential_revoke(*, actor: Actor, credential: DeviceCredential) -> DeviceCredential:
    """The device can no longer list forms or submit. Kept (not deleted) for the audit trail."""
    if not may_manage_devices(actor, credential.organisation_id):
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


def _secret_digest(password: str) -> str:
    """A keyed hash of a device secret (HMAC-SHA256 under the index key): the secret has some
    118 bits, so no slow password hash is needed, and each request costs microseconds."""
    mac = hmac.new(keyring().index_key, f"openrosa-device\x00{password}".encode(), "sha256")
    return KEYED_HASH_PREFIX + mac.hexdigest()


def _secret_matches(credential: DeviceCredential, password: str) -> bool:
    stored = credential.password_hash
    if stored.startswith(KEYED_HASH_PREFIX):
        return hmac.compare_digest(stored, _secret_digest(password))
    # Made before secrets were keyed hashes: checked once the slow way, then stored anew.
    if not check_password(password, stored):
        return False
    credential.password_hash = _secret_digest(password)
    credential.save(update_fields=["password_hash", "updated_at"])
    return True


def device_authenticate(*, username: str, password: str, client: str) -> DeviceCredential | None:
    """The active credential these match, or None; notes when it was last used (a sign-in
    stamp, not audited: the submissions it sends are). Failures slow down the next attempts
    for that user name and from that client (raises `throttle.Wait`)."""
    buckets = (f"openrosa-device:{username}", f"openrosa-client:{client}")
    throttle.check(*buckets)
    credential = (
        DeviceCredential.objects.filter(
            username=username, is_active=True, organisation__is_active=True
        )
        .select_related("organisation")
        .first()
    )
    if credential is None or not _secret_matches(credential, password):
        throttle.failed(*buckets)
        return None
    throttle.succeeded(buckets[0])
    DeviceCredential.objects.filter(pk=credential.pk).update(last_used_at=timezone.now())
    return credential


# --- submissions ---------------------------------------------------------------------------------


def _text_of(fields: dict[str, str]) -> str:
    lines = [fields.get("account", "")]
    for name in ("person_name", "age", "nationality", "phone", "location", "compound_name"):
        if fields.get(name):
            lines.append(f"{name}: {fields[name]}")
    return "\n".join(lines)


def _add_files(report: Report, files: list[UploadedFile]) -> None:
    for upload in files:
        attachment_store(report=report, source=upload, once_per_report=True)


def _version(
    parsed: ParsedSubmission, xml: bytes, report: Report, replaces: Submission | None = None
) -> Submission:
    return Submission.objects.create(
        report=report,
        instance_id=parsed.instance_id,
        form_id=parsed.form_id,
        form_version=parsed.version,
        data=json.dumps(parsed.fields, ensure_ascii=False),
        xml=xml.decode("utf-8", "replace"),
        replaces=replaces,
    )


def _latest_version(organisation: Organisation, instance_id: str) -> Submission | None:
    earlier = (
        Submission.objects.filter(report__organisation=organisation, instance_id=instance_id)
        .select_related("report")
        .first()
    )
    while earlier is not None and hasattr(earlier, "replaced_by"):  # an edit of an edit
        earlier = earlier.replaced_by
    return earlier


def _new_report(device: DeviceCredential, parsed: ParsedSubmission, xml: bytes) -> Submission:
    organisation = device.organisation
    fields = parsed.fields
    report = Report.objects.create(
        organisation=organisation,
        channel=Channel.ODK,
        reporter_relation=fields.get("reporter_relation") or "unknown",
        language=fields.get("language", ""),
        original_text=_text_of(fields),
        received_at=timezone.now(),
        recorded_by=None,
    )
    submission = _version(parsed, xml, report)
    SourceItem.objects.create(
        organisation=organisation,
        source=SourceItem.Source.OPENROSA,
        key=hashed_key(f"openrosa:{parsed.instance_id}"),
        report=report,
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=report,
        organisation=organisation,
        detail={"openrosa": parsed.form_id, "device": device.username},
    )
    return submission


def submission_receive(
    *, device: DeviceCredential, parsed: ParsedSubmission, xml: bytes, files: list[UploadedFile]
) -> tuple[Submission, bool]:
    """Store a submission; returns it and whether anything new was stored. Raises
    SubmissionRefused (nothing written) for a file above the size limit."""
    if not device.is_active:
        raise PermissionError("this device's credentials were revoked")
    for upload in files:
        if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
            raise SubmissionRefused(Problem(upload.name or "", _("larger than 20 MB")))
    organisation = device.organisation
    with transaction.atomic():
        existing = Submission.objects.filter(
            report__organisation=organisation, instance_id=parsed.instance_id
        ).first()
        if existing is not None:
            _add_files(existing.report, files)
            return existing, False
        earlier = (
            _latest_version(organisation, parsed.deprecated_id) if parsed.deprecated_id else None
        )
        if earlier is None:
            submission = _new_report(device, parsed, xml)
            _add_files(submission.report, files)
            return submission, True
        submission = _version(parsed, xml, earlier.report, replaces=earlier)
        _add_files(earlier.report, files)
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=earlier.report,
            organisation=organisation,
            detail={"openrosa": "edited submission", "device": device.username},
        )
    return submission, True
