"""Writes of seri.pprl, following the service contract (decision 0029): permission checked
inside (seri.pprl.permissions), validation with field names, one transaction with its audit
rows."""

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from seri.audit.services import AuditEntry, audit_record, audit_record_many
from seri.cases.models import (
    SAFE_STATUSES,
    Case,
    ConsentRecord,
    Nationality,
    Person,
    PersonName,
    PhoneNumber,
)
from seri.core.types import Actor
from seri.core.vocabularies import Gender
from seri.intake.models import Report, ReporterRelation
from seri.linkage.names import name_forms
from seri.linkage.scoring import birth_year_of
from seri.notifications.kinds import NoticeKind
from seri.notifications.services import email_enabled, notify
from seri.orgs.models import Organisation, User
from seri.pprl import clk, permissions
from seri.pprl.linking import FORMAT
from seri.pprl.models import PprlContact, PprlMatch, PprlProject, PprlRecord

logger = logging.getLogger(__name__)


SEX: dict[str, str] = {
    Gender.FEMININE: "f",
    Gender.TRANSGENDER_FEMININE: "f",
    Gender.MASCULINE: "m",
    Gender.TRANSGENDER_MASCULINE: "m",
}


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def project_create(
    *,
    actor: Actor,
    name: str,
    installation: str,
    organisations: Iterable[Organisation],
    required_consent: str = "",
    legal_basis: str = "",
    tells_safe: bool = False,
) -> PprlProject:
    orgs = list(organisations)
    if not permissions.may_configure(actor, [o.pk for o in orgs]):
        raise PermissionError("only an admin of every organisation taking part sets up a project")
    errors = {}
    if not orgs:
        errors["organisations"] = _("choose at least one organisation")
    if not required_consent and not legal_basis.strip():
        errors["legal_basis"] = _("without a required consent, record the legal basis")
    if PprlProject.objects.filter(name=name).exists():
        errors["name"] = _("a project of this name exists")
    if errors:
        raise ValidationError(errors)
    project = PprlProject(
        name=name,
        installation=installation,
        required_consent=required_consent,
        legal_basis=legal_basis.strip(),
        tells_safe=tells_safe,
        created_by=_user(actor),
    )
    project.full_clean(exclude=["created_by"])
    with transaction.atomic():
        project.save()
        project.organisations.set(orgs)
        audit_record(
            actor=actor,
            action="pprl.project_created",
            obj=project,
            detail={
                "organisations": [o.pk for o in orgs],
                "required_consent": required_consent,
                "legal_basis": bool(project.legal_basis),
                "tells_safe": tells_safe,
            },
        )
    return project


def project_rotate_key(*, actor: Actor, project: PprlProject) -> PprlProject:
    """A new key version: the next encodings use a new derived key and new random ids."""
    if not permissions.may_run(actor, project):
        raise PermissionError("only an admin of every organisation of the project rotates its key")
    with transaction.atomic():
        project.key_version += 1
        project.save(update_fields=["key_version"])
        audit_record(
            actor=actor,
            action="pprl.key_rotated",
            obj=project,
            detail={"key_version": project.key_version},
        )
    return project


@dataclass
class Scope:
    people: list[int] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason → count


def _consented_case_ids(case_ids: list[int], kind: str) -> set[int]:
    latest: dict[int, bool] = {}
    for case_id, given in (
        ConsentRecord.objects.filter(case_id__in=case_ids, kind=kind)
        .order_by("recorded_at", "id")
        .values_list("case_id", "given")
    ):
        latest[case_id] = given
    return {c for c, given in latest.items() if given}


def people_in_scope(project: PprlProject) -> Scope:
    """People with a case of the project's organisations, under its consent rule."""
    cases = list(
        Case.objects.filter(organisation__in=project.organisations.all()).values_list(
            "pk", "person_id"
        )
    )
    scope = Scope()
    allowed = (
        _consented_case_ids([c for c, _ in cases], project.required_consent)
        if project.required_consent
        else {c for c, _ in cases}
    )
    people = sorted({p for c, p in cases if c in allowed})
    refused = {p for c, p in cases if c not in allowed} - set(people)
    if refused:
        scope.skipped["no consent recorded"] = len(refused)
    scope.people = people
    return scope


ENCODE_CHUNK = 5000  # people read from the database at once (one IN list per query)


def _person_data(person_ids: list[int]) -> dict[int, clk.Person]:
    """What is encoded of each person, ENCODE_CHUNK people per query."""
    out: dict[int, clk.Person] = {}
    for start in range(0, len(person_ids), ENCODE_CHUNK):
        out.update(_person_data_of(person_ids[start : start + ENCODE_CHUNK]))
    return out


def _person_data_of(person_ids: list[int]) -> dict[int, clk.Person]:
    names: dict[int, list[str]] = {}
    nats: dict[int, list[str]] = {}
    for pid, value in PersonName.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "value"
    ):
        names.setdefault(pid, []).append(value)
    for pid, country in Nationality.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "country"
    ):
        nats.setdefault(pid, []).append(country)
    phones: dict[int, list[str]] = {}
    for phone in PhoneNumber.objects.filter(person_id__in=person_ids):
        if phone.e164:
            phones.setdefault(phone.person_id, []).append(phone.e164)
    compounds: dict[int, list[str]] = {}
    for pid, name, province in Case.objects.filter(
        person_id__in=person_ids, compound__isnull=False
    ).values_list("person_id", "compound__name", "compound__province"):
        compounds.setdefault(pid, []).append(clk.compound_key(name, province))
    out = {}
    for p in Person.objects.filter(pk__in=person_ids):
        readings: list[frozenset[str]] = []
        for value in names.get(p.pk, []):
            for reading in name_forms(value).readings:
                if reading not in readings:
                    readings.append(reading)
        out[p.pk] = clk.Person(
            readings=tuple(readings),
            birth_year=birth_year_of(p.date_of_birth, p.age_estimate, p.age_estimated_on),
            sex=SEX.get(p.gender, ""),
            nationalities=tuple(sorted(nats.get(p.pk, []))),
            birth_day=(p.date_of_birth.month, p.date_of_birth.day) if p.date_of_birth else None,
            phones=tuple(sorted(set(phones.get(p.pk, [])))),
            compounds=tuple(sorted(set(compounds.get(p.pk, [])))),
        )
    return out


def _tokens_for(project: PprlProject, person_ids: list[int]) -> dict[int, str]:
    existing = dict(
        PprlRecord.objects.filter(
            project=project, key_version=project.key_version, person_id__in=person_ids
        ).values_list("person_id", "token")
    )
    new = [
        PprlRecord(
            project=project,
            person_id=pid,
            key_version=project.key_version,
            token=clk.new_record_id(),
        )
        for pid in person_ids
        if pid not in existing
    ]
    PprlRecord.objects.bulk_create(new, batch_size=2000)
    existing.update({r.person_id: r.token for r in new})
    return existing


def _safe_people(project: PprlProject, person_ids: list[int]) -> set[int]:
    """People with a case of the project's organisations at a safe status (for `tells_safe`)."""
    if not project.tells_safe:
        return set()
    return set(
        Case.objects.filter(
            organisation__in=project.organisations.all(),
            person_id__in=person_ids,
            status__in=SAFE_STATUSES,
        ).values_list("person_id", flat=True)
    )


def encodings_build(*, actor: Actor, project: PprlProject, key: bytes) -> dict[str, Any]:
    """The encodings file of the people in scope (random ids, mapped back only here). With
    `tells_safe`, a record of a person in safety carries `"safe": true` and nothing more."""
    header, records = _encodings(actor, project, key)
    return {**header, "records": list(records)}


def encodings_write(
    *, actor: Actor, project: PprlProject, key: bytes, out: TextIO
) -> tuple[int, dict[str, int]]:
    """encodings_build written to `out` as JSON one record at a time, never the whole file in
    memory (an installation of 300,000 people is 1.5 GB of JSON and as much again as Python
    objects). Returns the number of records and the people skipped by reason."""
    header, records = _encodings(actor, project, key)
    count = -2  # the opening and the closing of the file are not records
    for chunk in _json_chunks(header, records):
        out.write(chunk)
        count += 1
    return count, header["skipped"]


def encodings_stream(*, actor: Actor, project: PprlProject, key: bytes) -> Iterator[str]:
    """The encodings file as pieces of JSON, one record at a time (the web download). The
    permission, the scope and the audit row are done when this is called, before the first
    piece; the pieces only encode."""
    header, records = _encodings(actor, project, key)
    return _json_chunks(header, records)


def _json_chunks(header: dict[str, Any], records: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield json.dumps(header)[:-1] + ', "records": ['
    for n, record in enumerate(records):
        yield (", " if n else "") + json.dumps(record)
    yield "]}"


def _encodings(
    actor: Actor, project: PprlProject, key: bytes
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The file's header (everything but the records), checked, scoped and audited now, and
    its records as they are encoded."""
    if not permissions.may_run(actor, project):
        raise PermissionError("only an admin of every organisation of the project encodes")
    scope = people_in_scope(project)
    data = _person_data(scope.people)
    without_name = [pid for pid in scope.people if not data[pid].readings]
    if without_name:
        scope.skipped["no name"] = len(without_name)
    encoded = [pid for pid in scope.people if data[pid].readings]
    safe = _safe_people(project, encoded)
    with transaction.atomic():
        tokens = _tokens_for(project, encoded)
        audit_record(
            actor=actor,
            action="pprl.encoded",
            obj=project,
            detail={
                "key_version": project.key_version,
                "records": len(encoded),
                "skipped": scope.skipped,
                "marked_safe": len(safe),
            },
        )
    header = {
        "format": FORMAT,
        "project": project.name,
        "installation": project.installation,
        "key_fingerprint": clk.key_digest(key),
        "bits": clk.BITS,
        "variants": clk.VARIANTS,
        "skipped": scope.skipped,
    }

    def records() -> Iterator[dict[str, Any]]:
        encoder = clk.Encoder(key, project.name)
        for pid in encoded:
            record = clk.record_of(encoder, tokens[pid], data[pid])
            if project.tells_safe:
                record["safe"] = pid in safe
            yield record

    return header, records()


@dataclass
class ImportSummary:
    stored: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)
    notified: int = 0


@dataclass
class _Rows:
    new: list[PprlMatch] = field(default_factory=list)
    now_safe: list[int] = field(default_factory=list)  # known matches the other side now marks safe


def _import_rows(project: PprlProject, doc: dict, summary: ImportSummary) -> _Rows:
    by_token = {r.token: r for r in PprlRecord.objects.filter(project=project)}
    seen: dict[tuple[str, str, str], tuple[int | None, bool]] = {
        (token, inst, remote): (pk, safe)
        for pk, token, inst, remote, safe in PprlMatch.objects.filter(
            record__project=project
        ).values_list("pk", "record__token", "installation", "remote_record", "remote_safe")
    }
    rows = _Rows()
    for n, group in enumerate(doc.get("groups", []), start=1):
        record = by_token.get(str(group.get("record", "")))
        if record is None:
            summary.skipped.append(f"group {n}: record is not one of this project's")
            continue
        for other in group.get("others", []):
            key = (record.token, str(other.get("installation")), str(other.get("record")))
            safe = other.get("safe") is True
            if key in seen:
                summary.duplicates += 1
                pk, was_safe = seen[key]
                if safe and not was_safe and pk is not None:
                    rows.now_safe.append(pk)
                continue
            try:
                sim = float(other["similarity"])
            except (KeyError, TypeError, ValueError):
                summary.skipped.append(f"group {n}: similarity is missing")
                continue
            seen[key] = (None, safe)
            rows.new.append(
                PprlMatch(
                    record=record,
                    installation=key[1],
                    remote_record=key[2],
                    similarity=sim,
                    remote_safe=safe,
                )
            )
    return rows


def tracing_cases(project: PprlProject, person_ids: Iterable[int]) -> list[Case]:
    """The cases of these people that are a family's tracing report: a report by a family
    member, and the person not (yet) known to be safe here."""
    traced = set(
        Report.objects.filter(
            case__person_id__in=list(person_ids),
            case__organisation__in=project.organisations.all(),
            reporter_relation=ReporterRelation.FAMILY,
        ).values_list("case_id", flat=True)
    )
    return list(
        Case.objects.filter(pk__in=traced)
        .exclude(status__in=SAFE_STATUSES)
        .select_related("assigned_to")
    )


def _notify_tracing(actor: Actor, project: PprlProject, matches: list[PprlMatch]) -> int:
    """The caseworker of each family's tracing case hears that a possible match marked safe
    exists at installation X: the notice names only their own case and the installation."""
    safe = [m for m in matches if m.remote_safe]
    if not safe:
        return 0
    cases: dict[int, list[Case]] = {}
    for case in tracing_cases(project, {m.record.person_id for m in safe}):
        cases.setdefault(case.person_id, []).append(case)
    made = 0
    for match in safe:
        for case in cases.get(match.record.person_id, []):
            made += len(
                notify(
                    actor=actor,
                    recipients=[case.assigned_to],
                    kind=NoticeKind.TRACING_MATCH,
                    case=case,
                    key=f"pprl:{match.public_id}:{case.pk}",
                    params={"installation": match.installation},
                )
            )
    return made


def results_import(*, actor: Actor, project: PprlProject, doc: dict) -> ImportSummary:
    """Store a linkage result ("a possible match exists at installation X") for our records;
    the caseworkers of families' tracing reports hear of a match the other side marks safe."""
    if not permissions.may_run(actor, project):
        raise PermissionError("only an admin of every organisation of the project imports")
    if doc.get("project") != project.name or doc.get("installation") != project.installation:
        raise ValidationError({"project": _("the result is for another project or installation")})
    summary = ImportSummary()
    with transaction.atomic():
        rows = _import_rows(project, doc, summary)
        PprlMatch.objects.bulk_create(rows.new, batch_size=2000)
        PprlMatch.objects.filter(pk__in=rows.now_safe).update(remote_safe=True)
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry(
                    action="pprl.imported",
                    obj=project,
                    detail={
                        "stored": len(rows.new),
                        "duplicates": summary.duplicates,
                        "skipped": len(summary.skipped),
                        "now_safe": len(rows.now_safe),
                    },
                )
            ],
        )
        # New matches carry their public id from creation; known ones now marked safe are read.
        touched = [m for m in rows.new if m.remote_safe] + list(
            PprlMatch.objects.filter(pk__in=rows.now_safe).select_related("record")
        )
        summary.notified = _notify_tracing(actor, project, touched)
    summary.stored = len(rows.new)
    return summary


def project_contact_set(
    *, actor: Actor, project: PprlProject, installation: str, referral_email: str
) -> PprlContact | None:
    """The channel agreed with another installation for referral requests: its coordinator's
    e-mail address. An empty address removes the channel."""
    if not permissions.may_run(actor, project):
        raise PermissionError("only an admin of every organisation of the project sets channels")
    installation = slugify(installation)
    errors = {}
    if not installation or installation == project.installation:
        errors["installation"] = _("name another installation of the project")
    email = referral_email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["referral_email"] = _("enter a valid e-mail address")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not email:
            PprlContact.objects.filter(project=project, installation=installation).delete()
            contact = None
        else:
            contact, _created = PprlContact.objects.update_or_create(
                project=project, installation=installation, defaults={"referral_email": email}
            )
        audit_record(
            actor=actor,
            action="pprl.contact_set",
            obj=project,
            detail={"installation": installation, "removed": contact is None},
        )
    return contact


def _decide(actor: Actor, match: PprlMatch, status: str, action: str) -> PprlMatch:
    if not permissions.may_decide(actor, match):
        raise PermissionError("only the person's organisation decides on a possible match")
    with transaction.atomic():
        match.status = status
        match.decided_by = _user(actor)
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=action,
            obj=match,
            organisation=match.record.person.organisation,
            detail={"installation": match.installation, "status": status},
        )
    return match


def referral_request_text(match: PprlMatch, organisation: Organisation) -> tuple[str, str]:
    """The request as it leaves: the project, the other side's random record id and the
    asking organisation. Nothing else (no name, no case reference, no similarity)."""
    project = match.record.project
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Seri: referral request in linkage project %(project)s") % {
            "project": project.name
        }
        body = "\n\n".join(
            [
                _(
                    "%(org)s (installation %(installation)s) asks for a referral of the "
                    "person of your record %(record)s in the linkage project %(project)s."
                )
                % {
                    "org": organisation.name,
                    "installation": project.installation,
                    "record": match.remote_record,
                    "project": project.name,
                },
                _(
                    'Find the record with "Find a record" on the page of the project '
                    "%(project)s in Seri (Linkage across installations) and, if you agree, send "
                    "a referral through the channel your organisations agreed on."
                )
                % {"project": project.name},
                _("This message says no more on purpose: it carries no name."),
            ]
        )
    return str(subject), str(body)


def _send_referral_request(match_id: int) -> bool:
    match = PprlMatch.objects.select_related("record__project", "record__person__organisation").get(
        pk=match_id
    )
    contact = PprlContact.objects.filter(
        project=match.record.project, installation=match.installation
    ).first()
    if contact is None:
        return False
    subject, body = referral_request_text(match, match.record.person.organisation)
    try:
        send_mail(subject, body, None, [contact.referral_email], fail_silently=False)
    except OSError as exc:
        logger.warning("PPRL referral request %s not sent: %s", match.pk, type(exc).__name__)
        return False
    with transaction.atomic():
        PprlMatch.objects.filter(pk=match.pk).update(referral_sent_at=timezone.now())
        audit_record(
            actor=None,
            action="pprl.referral_sent",
            obj=match,
            organisation=match.record.person.organisation,
            detail={"installation": match.installation, "channel": "email"},
        )
    return True


def match_ask_referral(*, actor: Actor, match: PprlMatch) -> PprlMatch:
    """Ask installation X for a referral of its record, through the channel the two
    organisations agreed on (the coordinator's e-mail set on the project). The request is
    recorded and audited here; the e-mail leaves after the commit."""
    if not permissions.may_decide(actor, match):
        raise PermissionError("only the person's organisation asks for a referral")
    if not PprlContact.objects.filter(
        project=match.record.project, installation=match.installation
    ).exists():
        raise ValidationError(
            {
                "installation": _(
                    "No channel is agreed with installation %(installation)s: an admin sets "
                    "its coordinator's e-mail on the project page."
                )
                % {"installation": match.installation}
            }
        )
    if not email_enabled():
        raise ValidationError(
            {"installation": _("E-mail is not set up on this installation (SERI_EMAIL_HOST).")}
        )
    with transaction.atomic():
        if match.status == PprlMatch.Status.OPEN:
            match.status = PprlMatch.Status.REFERRAL_ASKED
        match.referral_asked_by = _user(actor)
        match.referral_asked_at = timezone.now()
        match.referral_sent_at = None
        match.save(
            update_fields=["status", "referral_asked_by", "referral_asked_at", "referral_sent_at"]
        )
        audit_record(
            actor=actor,
            action="pprl.referral_asked",
            obj=match,
            organisation=match.record.person.organisation,
            detail={"installation": match.installation, "channel": "email"},
        )
        pk = match.pk
        transaction.on_commit(lambda: _send_referral_request(pk))
    return match


def match_decide(*, actor: Actor, match: PprlMatch, same: bool) -> PprlMatch:
    status = PprlMatch.Status.CONFIRMED if same else PprlMatch.Status.NOT_SAME
    return _decide(actor, match, status, "pprl.match_decided")
