"""Editing a person after intake (issue #14's item 1): every field recorded at intake, with a
history row holding the previous values (encrypted), audited, and the duplicate-detection keys
re-derived and candidates re-scored in the same transaction."""

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from seri.audit.models import AuditAction
from seri.audit.services import AuditEntry, audit_record, audit_record_many
from seri.cases.models import (
    Case,
    Person,
    PersonChange,
    PersonNameToken,
)
from seri.cases.scoping import case_access
from seri.cases.services import (
    PERSON_DETAILS,
    DocumentInput,
    HandleInput,
    NameInput,
    PersonInput,
    acting_user,
    detect_script,
    person_details_add,
    person_validate,
)
from seri.core.prepared import prepared
from seri.core.types import Actor
from seri.core.vocabularies import Gender, country_name, language_name
from seri.linkage.models import Decision, MatchCandidate
from seri.linkage.services import linkage_person_recorded


def person_input_of(person: Person) -> PersonInput:
    """What the person's record holds now, in the shape intake writes it."""
    return PersonInput(
        names=[NameInput(value=n.value, kind=n.kind, script=n.script) for n in person.names.all()],
        gender=person.gender,
        date_of_birth=person.date_of_birth,
        age_estimate=person.age_estimate,
        age_estimated_on=person.age_estimated_on,
        nationalities=list(person.nationalities.order_by("id").values_list("country", flat=True)),
        phones=[p.original or p.e164 for p in person.phones.all()],
        handles=[HandleInput(platform=h.platform, handle=h.handle) for h in person.handles.all()],
        documents=[
            DocumentInput(kind=d.kind, number=d.number, issuing_country=d.issuing_country)
            for d in person.documents.all()
        ],
        languages=list(person.languages),
    )


def _comparable(data: PersonInput) -> dict:
    """The input as plain JSON values, names with their detected script, blanks dropped."""
    values = asdict(data)
    values["names"] = [
        {"value": n.value.strip(), "kind": n.kind, "script": n.script or detect_script(n.value)}
        for n in data.names
        if n.value.strip()
    ]
    values["phones"] = [p.strip() for p in data.phones if p.strip()]
    values["languages"] = sorted(set(data.languages))
    values["nationalities"] = list(dict.fromkeys(data.nationalities))
    for key in ("date_of_birth", "age_estimated_on"):
        values[key] = values[key].isoformat() if values[key] else None
    return values


def person_can_edit(actor: Actor, person: Person) -> bool:
    """Whoever may edit a case of this person may edit the person."""
    cases = Case.objects.filter(person=person).select_related("organisation")
    return any(case_access(actor, case).can_edit for case in cases)


def person_update(*, actor: Actor, person: Person, data: PersonInput, reason: str) -> Person:
    """Replace the person's details with `data`. Returns the person; writes nothing when
    nothing changed."""
    if not person_can_edit(actor, person):
        raise PermissionError("this user cannot change this person")
    errors, phones = person_validate(data)
    if not reason.strip():
        errors["reason"] = [_("Say why the details change.")]
    if errors:
        raise ValidationError(errors)
    before, after = _comparable(person_input_of(person)), _comparable(data)
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return person
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        _write_fields(person, data, changed, phones)
        PersonChange.objects.create(
            person=person,
            changed_by=acting_user(actor),
            reason=reason.strip(),
            fields=changed,
            previous={key: before[key] for key in changed},
        )
        _rescore(actor, person)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            organisation=person.organisation,
            detail={"fields": changed},
        )
    return person


def _write_fields(
    person: Person, data: PersonInput, changed: list[str], phones: list[tuple[str, str]]
) -> None:
    person.gender = data.gender
    person.date_of_birth = data.date_of_birth
    if "age_estimate" in changed and data.age_estimate is not None:
        person.age_estimated_on = data.age_estimated_on or timezone.localdate()
    elif data.age_estimate is None:
        person.age_estimated_on = None
    person.age_estimate = data.age_estimate
    person.languages = sorted(set(data.languages))
    person.full_clean()
    person.save()
    replaced = [part for part in PERSON_DETAILS if part in changed]
    for part in replaced:
        getattr(person, part).all().delete()
    if "names" in replaced:
        # the tokens of the old names go: a search for a corrected spelling must not find it
        PersonNameToken.objects.filter(person=person).delete()
    person_details_add(person=person, data=data, phones=phones, parts=replaced)


def _rescore(actor: Actor, person: Person) -> None:
    """Linkage keys re-derived and candidates found again; open candidates the new details no
    longer support are withdrawn (decided ones stay: a reviewer's decision is history)."""
    found = {c.pk for c in linkage_person_recorded(actor=actor, person=person)}
    stale = list(
        MatchCandidate.objects.filter(
            Q(person_a=person) | Q(person_b=person),
            status=Decision.OPEN,
            decisions__isnull=True,
        ).exclude(pk__in=found)
    )
    if not stale:
        return
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                action=AuditAction.UPDATE,
                obj=c,
                object_type="match_candidate",
                detail={"withdrawn": "the person's details changed"},
            )
            for c in stale
        ],
    )
    MatchCandidate.objects.filter(pk__in=[c.pk for c in stale]).delete()


def _shown(key: str, value: object) -> str:
    if not value:
        return ""
    if key == "names":
        return "; ".join(n["value"] for n in value)  # type: ignore[attr-defined]
    if key == "handles":
        return "; ".join(f"{h['platform']}: {h['handle']}" for h in value)  # type: ignore[attr-defined]
    if key == "documents":
        return "; ".join(d["number"] for d in value)  # type: ignore[attr-defined]
    if key == "nationalities":
        return ", ".join(country_name(code) for code in value)  # type: ignore[attr-defined]
    if key == "languages":
        return ", ".join(language_name(code) for code in value)  # type: ignore[attr-defined]
    if key == "gender":
        return str(Gender(value).label) if value in Gender.values else str(value)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


FIELD_LABELS = {
    "names": _lazy("Names"),
    "gender": _lazy("Sex / gender"),
    "date_of_birth": _lazy("Date of birth"),
    "age_estimate": _lazy("Age (estimate)"),
    "age_estimated_on": _lazy("Age estimated on"),
    "nationalities": _lazy("Nationalities"),
    "phones": _lazy("Phone numbers"),
    "handles": _lazy("Messaging"),
    "documents": _lazy("Documents"),
    "languages": _lazy("Languages"),
}


@prepared
def _changes_of(person_id: int) -> QuerySet:
    return PersonChange.objects.filter(person_id=person_id).select_related("changed_by")


def person_changes_for(person: Person) -> list[PersonChange]:
    """The person's edit history, newest first, each with `previous_shown`: (label, text)
    pairs of what the changed fields held before. Only for those who may edit the person."""
    changes = _changes_of.list(person.pk)
    for change in changes:
        change.previous_shown = [
            (FIELD_LABELS.get(key, key), _shown(key, change.previous.get(key)))
            for key in change.fields
        ]
    return changes
