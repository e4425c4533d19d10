"""Writes of seri.pprl, following the service contract (decision 0029): permission checked
inside (seri.pprl.permissions), validation with field names, one transaction with its audit
rows."""

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.services import AuditEntry, audit_record, audit_record_many
from seri.cases.models import Case, ConsentRecord, Nationality, Person, PersonName
from seri.core.types import Actor
from seri.core.vocabularies import Gender
from seri.linkage.names import name_forms
from seri.linkage.scoring import birth_year_of
from seri.orgs.models import Organisation, User
from seri.pprl import clk, permissions
from seri.pprl.linking import FORMAT
from seri.pprl.models import PprlMatch, PprlProject, PprlRecord

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


def _person_data(person_ids: list[int]) -> dict[int, clk.Person]:
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


def encodings_build(*, actor: Actor, project: PprlProject, key: bytes) -> dict[str, Any]:
    """The encodings file of the people in scope (random ids, mapped back only here)."""
    if not permissions.may_run(actor, project):
        raise PermissionError("only an admin of every organisation of the project encodes")
    scope = people_in_scope(project)
    data = _person_data(scope.people)
    without_name = [pid for pid in scope.people if not data[pid].readings]
    if without_name:
        scope.skipped["no name"] = len(without_name)
    encoded = [pid for pid in scope.people if data[pid].readings]
    encoder = clk.Encoder(key, project.name)
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
            },
        )
    records = [
        {
            "id": tokens[pid],
            "clks": [base64.b64encode(c).decode() for c in encoder.encode(data[pid])],
        }
        for pid in encoded
    ]
    return {
        "format": FORMAT,
        "project": project.name,
        "installation": project.installation,
        "key_fingerprint": clk.key_digest(key),
        "bits": clk.BITS,
        "variants": clk.VARIANTS,
        "records": records,
        "skipped": scope.skipped,
    }


@dataclass
class ImportSummary:
    stored: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)


def _import_rows(project: PprlProject, doc: dict, summary: ImportSummary) -> list[PprlMatch]:
    by_token = {r.token: r for r in PprlRecord.objects.filter(project=project)}
    seen = set(
        PprlMatch.objects.filter(record__project=project).values_list(
            "record__token", "installation", "remote_record"
        )
    )
    new = []
    for n, group in enumerate(doc.get("groups", []), start=1):
        record = by_token.get(str(group.get("record", "")))
        if record is None:
            summary.skipped.append(f"group {n}: record is not one of this project's")
            continue
        for other in group.get("others", []):
            key = (record.token, str(other.get("installation")), str(other.get("record")))
            if key in seen:
                summary.duplicates += 1
                continue
            try:
                sim = float(other["similarity"])
            except (KeyError, TypeError, ValueError):
                summary.skipped.append(f"group {n}: similarity is missing")
                continue
            seen.add(key)
            new.append(
                PprlMatch(record=record, installation=key[1], remote_record=key[2], similarity=sim)
            )
    return new


def results_import(*, actor: Actor, project: PprlProject, doc: dict) -> ImportSummary:
    """Store a linkage result ("a possible match exists at installation X") for our records."""
    if not permissions.may_run(actor, project):
        raise PermissionError("only an admin of every organisation of the project imports")
    if doc.get("project") != project.name or doc.get("installation") != project.installation:
        raise ValidationError({"project": _("the result is for another project or installation")})
    summary = ImportSummary()
    with transaction.atomic():
        new = _import_rows(project, doc, summary)
        PprlMatch.objects.bulk_create(new, batch_size=2000)
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry(
                    action="pprl.imported",
                    obj=project,
                    detail={
                        "stored": len(new),
                        "duplicates": summary.duplicates,
                        "skipped": len(summary.skipped),
                    },
                )
            ],
        )
    summary.stored = len(new)
    return summary


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


def match_ask_referral(*, actor: Actor, match: PprlMatch) -> PprlMatch:
    """Note that a referral was asked of installation X (through the channel the two
    organisations agreed on) for this possible match."""
    return _decide(actor, match, PprlMatch.Status.REFERRAL_ASKED, "pprl.referral_asked")


def match_decide(*, actor: Actor, match: PprlMatch, same: bool) -> PprlMatch:
    status = PprlMatch.Status.CONFIRMED if same else PprlMatch.Status.NOT_SAME
    return _decide(actor, match, status, "pprl.match_decided")
