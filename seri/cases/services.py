"""Writes to people and cases. Views, the API, importers and commands all come through here."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases import timeline
from seri.cases.models import (
    STATUS_TRANSITIONS,
    Case,
    CaseStatus,
    ConsentKind,
    ConsentRecord,
    IdentityDocument,
    MessagingHandle,
    NameKind,
    Nationality,
    Person,
    PersonName,
    PersonNameToken,
    PhoneNumber,
    Script,
    StatusChange,
    Task,
    TimelineEntry,
    Urgency,
)
from seri.cases.scoping import case_access
from seri.compounds.models import Compound
from seri.core import crypto
from seri.core.types import Actor
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Gender,
    MessagingPlatform,
    Platform,
    RecruitmentMethod,
    country_codes,
    language_codes,
)
from seri.linkage.services import linkage_person_recorded
from seri.orgs.models import Organisation, User
from seri.orgs.permissions import org_ids_working_referrals, org_ids_writing_cases


def acting_user(actor: Actor) -> User:
    """The user recorded as author of a write to a case. Only a signed-in member of an
    organisation gets past the permission checks, so anything else here is a bug."""
    if not isinstance(actor, User):
        raise PermissionError("only a signed-in user writes to cases")
    return actor


# --- inputs -----------------------------------------------------------------------------------


@dataclass
class NameInput:
    value: str
    kind: str = NameKind.FULL
    script: str = ""  # detected from the text when empty


@dataclass
class HandleInput:
    platform: str
    handle: str


@dataclass
class DocumentInput:
    kind: str
    number: str
    issuing_country: str = ""


@dataclass
class PersonInput:
    names: list[NameInput] = field(default_factory=list)
    gender: str = Gender.UNKNOWN
    date_of_birth: dt.date | None = None
    age_estimate: int | None = None
    age_estimated_on: dt.date | None = None
    nationalities: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    handles: list[HandleInput] = field(default_factory=list)
    documents: list[DocumentInput] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class CaseInput:
    urgency: str = Urgency.NORMAL
    assigned_to: User | None = None  # a caseworker of the owning organisation, or None
    location_text: str = ""
    location_latitude: Decimal | float | None = None
    location_longitude: Decimal | float | None = None
    compound: Compound | None = None
    exploitation_types: list[str] = field(default_factory=list)
    control_methods: list[str] = field(default_factory=list)
    recruitment_methods: list[str] = field(default_factory=list)
    recruitment_platforms: list[str] = field(default_factory=list)
    date_trafficked: dt.date | None = None


# --- validation -------------------------------------------------------------------------------


def detect_script(text: str) -> str:
    """The ISO 15924 code of the first letter's script: enough to label a name."""
    ranges = [
        (0x1780, 0x17FF, Script.KHMER),
        (0x0E00, 0x0E7F, Script.THAI),
        (0x0E80, 0x0EFF, Script.LAO),
        (0x1000, 0x109F, Script.MYANMAR),
        (0x0600, 0x06FF, Script.ARABIC),
        (0x0980, 0x09FF, Script.BENGALI),
        (0x0900, 0x097F, Script.DEVANAGARI),
        (0x1200, 0x139F, Script.ETHIOPIC),
        (0xAC00, 0xD7AF, Script.HANGUL),
        (0x3040, 0x30FF, Script.JAPANESE),
        (0x3400, 0x9FFF, Script.HAN),
        (0x0400, 0x04FF, Script.CYRILLIC),
    ]
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        for low, high, script in ranges:
            if low <= code <= high:
                return script
        if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            return Script.LATIN
        return Script.OTHER
    return Script.OTHER


def parse_phone(text: str, *, default_region: str | None) -> str:
    """E.164 form of a phone number as people write it, or a ValidationError saying why not."""
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number. Give it with its country code, e.g. +84 …"),
            params={"value": text},
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number for its country."), params={"value": text}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _check_choices(
    errors: dict, field_name: str, values: Iterable[str], allowed: Iterable[object]
) -> None:
    allowed_values = {str(v) for v in allowed}
    bad = [v for v in values if v not in allowed_values]
    if bad:
        errors.setdefault(field_name, []).append(
            _("Unknown value(s): %(values)s") % {"values": ", ".join(map(str, bad))}
        )


def person_validate(data: PersonInput) -> tuple[dict, list[tuple[str, str]]]:
    """Check everything; return (errors by field, parsed phones as (e164, original))."""
    errors: dict[str, list] = {}
    names = [n for n in data.names if n.value.strip()]
    _validate_names(errors, names)
    if data.gender not in Gender.values:
        errors["gender"] = [_("Unknown sex / gender: %s") % data.gender]
    _check_choices(errors, "nationalities", data.nationalities, country_codes())
    _check_choices(errors, "languages", data.languages, language_codes())
    _validate_dates(errors, data)
    region = data.nationalities[0] if data.nationalities else None
    phones = _validate_phones(errors, data.phones, region)
    _validate_handles(errors, data.handles)
    _validate_documents(errors, data.documents)
    _check_lengths(errors, "names", [n.value.strip() for n in names], 300)
    _check_lengths(errors, "phones", [text.strip() for text in data.phones], 60)
    _check_lengths(errors, "handles", [h.handle.strip() for h in data.handles], 200)
    _check_lengths(errors, "documents", [d.number.strip() for d in data.documents], 60)
    return errors, phones


def _validate_names(errors: dict, names: list[NameInput]) -> None:
    if not names:
        errors["names"] = [_("Give at least one name, nickname or description.")]
    for name in names:
        if name.kind not in NameKind.values:
            errors.setdefault("names", []).append(_("Unknown name kind: %s") % name.kind)
        if name.script and name.script not in Script.values:
            errors.setdefault("names", []).append(_("Unknown script: %s") % name.script)


def _validate_dates(errors: dict, data: PersonInput) -> None:
    today = timezone.localdate()
    if data.date_of_birth and not (dt.date(1900, 1, 1) <= data.date_of_birth <= today):
        errors["date_of_birth"] = [_("The date of birth must be between 1900 and today.")]
    if data.age_estimate is not None and not (0 <= data.age_estimate <= 120):
        errors["age_estimate"] = [_("An age must be between 0 and 120.")]
    if data.age_estimated_on and data.age_estimated_on > today:
        errors["age_estimated_on"] = [_("This date is in the future.")]


def _validate_phones(errors: dict, texts: list[str], region: str | None) -> list[tuple[str, str]]:
    phones = []
    for text in texts:
        if not text.strip():
            continue
        try:
            phones.append((parse_phone(text.strip(), default_region=region), text.strip()))
        except ValidationError as exc:
            errors.setdefault("phones", []).extend(exc.messages)
    return phones


def _validate_handles(errors: dict, handles: list[HandleInput]) -> None:
    for handle in handles:
        if handle.platform not in MessagingPlatform.values:
            errors.setdefault("handles", []).append(_("Unknown platform: %s") % handle.platform)
        if not handle.handle.strip():
            errors.setdefault("handles", []).append(_("A handle cannot be empty."))


def _validate_documents(errors: dict, documents: list[DocumentInput]) -> None:
    for doc in documents:
        if doc.kind not in IdentityDocument.Kind.values:
            errors.setdefault("documents", []).append(_("Unknown document kind: %s") % doc.kind)
        if not doc.number.strip():
            errors.setdefault("documents", []).append(_("A document number cannot be empty."))
        if doc.issuing_country and doc.issuing_country not in country_codes():
            errors.setdefault("documents", []).append(
                _("Unknown country code: %s") % doc.issuing_country
            )


def _check_lengths(errors: dict, field_name: str, values: Iterable[str], limit: int) -> None:
    if any(len(value) > limit for value in values):
        errors.setdefault(field_name, []).append(
            _("Keep each entry under %(limit)d characters.") % {"limit": limit}
        )


def _coordinate(value: Decimal | float | str | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def case_validate(
    data: CaseInput, organisation: Organisation, *, check_assignee: bool = True
) -> dict:
    """Check a CaseInput; coordinates are normalised in place to the stored precision."""
    errors: dict[str, list] = {}
    if data.urgency not in Urgency.values:
        errors["urgency"] = [_("Unknown urgency: %s") % data.urgency]
    _check_choices(errors, "exploitation_types", data.exploitation_types, ExploitationType)
    _check_choices(errors, "control_methods", data.control_methods, ControlMethod)
    _check_choices(errors, "recruitment_methods", data.recruitment_methods, RecruitmentMethod)
    _check_choices(errors, "recruitment_platforms", data.recruitment_platforms, Platform)
    if data.date_trafficked and data.date_trafficked > timezone.localdate():
        errors["date_trafficked"] = [_("This date is in the future.")]
    try:
        lat = data.location_latitude = _coordinate(data.location_latitude)
        lon = data.location_longitude = _coordinate(data.location_longitude)
    except (InvalidOperation, ValueError):
        errors["location_latitude"] = [_("Coordinates are decimal degrees, e.g. 10.6093.")]
        lat = lon = None
    if (lat is None) != (lon is None):
        errors["location_latitude"] = [_("Give both latitude and longitude, or neither.")]
    elif (
        lat is not None
        and lon is not None
        and not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180)
    ):
        errors["location_latitude"] = [_("These coordinates are not on Earth.")]
    if (
        check_assignee
        and data.assigned_to is not None
        and organisation.pk not in org_ids_writing_cases(data.assigned_to)
    ):
        errors["assigned_to"] = [
            _("Cases can only be assigned to caseworkers of the organisation.")
        ]
    return errors


# --- people -----------------------------------------------------------------------------------


def person_create(*, actor: Actor, organisation: Organisation, data: PersonInput) -> Person:
    if organisation.pk not in org_ids_writing_cases(actor):
        raise PermissionError("this user cannot record people for this organisation")
    errors, phones = person_validate(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = Person(
            organisation=organisation,
            gender=data.gender,
            date_of_birth=data.date_of_birth,
            age_estimate=data.age_estimate,
            age_estimated_on=data.age_estimated_on
            or (timezone.localdate() if data.age_estimate is not None else None),
            languages=sorted(set(data.languages)),
        )
        person.full_clean()
        person.save()
        person_details_add(person=person, data=data, phones=phones)
        # duplicate detection: name keys and candidates, in this transaction (seri.linkage)
        linkage_person_recorded(actor=actor, person=person)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=person, organisation=organisation)
    return person


# A person's details kept in rows of their own, by the name of the relation to the person.
PERSON_DETAILS = ("names", "nationalities", "phones", "handles", "documents")


def person_details_add(
    *,
    person: Person,
    data: PersonInput,
    phones: list[tuple[str, str]],
    parts: Iterable[str] = PERSON_DETAILS,
) -> None:
    """Add the rows of `data`'s details named in `parts` (all by default) to `person`, names
    with their search tokens, in the caller's transaction; `phones` as `person_validate`
    parsed them. Recording a person adds them all; editing replaces the changed ones
    (seri.cases.people)."""
    parts = set(parts)
    if "names" in parts:
        names = [n for n in data.names if n.value.strip()]
        PersonName.objects.bulk_create(
            PersonName(
                person=person,
                kind=n.kind,
                script=n.script or detect_script(n.value),
                value=n.value.strip(),
            )
            for n in names
        )
        person_index_names(person=person, names=[n.value for n in names])
    if "nationalities" in parts:
        Nationality.objects.bulk_create(
            Nationality(person=person, country=code) for code in dict.fromkeys(data.nationalities)
        )
    if "phones" in parts:
        PhoneNumber.objects.bulk_create(
            PhoneNumber(person=person, e164=e164, original=original) for e164, original in phones
        )
    if "handles" in parts:
        MessagingHandle.objects.bulk_create(
            MessagingHandle(person=person, platform=h.platform, handle=h.handle.strip())
            for h in data.handles
        )
    if "documents" in parts:
        IdentityDocument.objects.bulk_create(
            IdentityDocument(
                person=person,
                kind=d.kind,
                number=d.number.strip(),
                issuing_country=d.issuing_country,
            )
            for d in data.documents
        )


def person_index_names(*, person: Person, names: Iterable[str]) -> None:
    """Add the search tokens of these names (existing tokens stay)."""
    tokens = set().union(*(crypto.name_tokens(name) for name in names)) if names else set()
    PersonNameToken.objects.bulk_create(
        (PersonNameToken(person=person, token=token) for token in tokens), ignore_conflicts=True
    )


# --- cases ------------------------------------------------------------------------------------


def timeline_add(
    *,
    case: Case,
    actor: Actor,
    kind: str,
    text: str,
    organisation: Organisation | None = None,
    shareable: bool = False,
    event: str = "",
    params: dict[str, str] | None = None,
) -> TimelineEntry:
    """A timeline entry. With `event` (seri.cases.timeline_events) the sentence is rendered
    in the reader's language from `params`, and `text` is only the free text that follows."""
    return TimelineEntry.objects.create(
        case=case,
        kind=kind,
        text=text,
        shareable=shareable,
        event=event,
        params=params or {},
        author=acting_user(actor),
        organisation=organisation or case.organisation,
    )


def case_create(
    *, actor: Actor, organisation: Organisation, person: Person, data: CaseInput
) -> Case:
    if organisation.pk not in org_ids_writing_cases(actor):
        raise PermissionError("this user cannot open cases for this organisation")
    errors = case_validate(data, organisation)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case(
            organisation=organisation,
            person=person,
            urgency=data.urgency,
            assigned_to=data.assigned_to,
            location_text=data.location_text.strip(),
            location_latitude=data.location_latitude,
            location_longitude=data.location_longitude,
            compound=data.compound,
            exploitation_types=list(dict.fromkeys(data.exploitation_types)),
            control_methods=list(dict.fromkeys(data.control_methods)),
            recruitment_methods=list(dict.fromkeys(data.recruitment_methods)),
            recruitment_platforms=list(dict.fromkeys(data.recruitment_platforms)),
            date_trafficked=data.date_trafficked,
            status_changed_at=timezone.now(),
        )
        case.full_clean(exclude=["person", "organisation"])
        case.save()
        StatusChange.objects.create(
            case=case,
            from_status="",
            to_status=CaseStatus.REPORTED,
            reason="",  # shown as "Case opened" in the reader's language (display_reason)
            changed_by=acting_user(actor),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=case, organisation=organisation)
    return case


CASE_EDITABLE_FIELDS = (
    "urgency",
    "assigned_to",
    "location_text",
    "location_latitude",
    "location_longitude",
    "compound",
    "exploitation_types",
    "control_methods",
    "recruitment_methods",
    "recruitment_platforms",
    "date_trafficked",
)


def case_update(*, actor: Actor, case: Case, data: CaseInput) -> Case:
    access = case_access(actor, case)
    if not access.can_edit:
        raise PermissionError("this user cannot change this case")
    errors = case_validate(
        data, case.organisation, check_assignee=data.assigned_to != case.assigned_to
    )
    if errors:
        raise ValidationError(errors)
    changed = [name for name in CASE_EDITABLE_FIELDS if getattr(case, name) != getattr(data, name)]
    if not changed:
        return case
    with transaction.atomic():
        for name in changed:
            setattr(case, name, getattr(data, name))
        case.save(update_fields=[*changed, "updated_at"])
        if "assigned_to" in changed:
            timeline_add(
                case=case,
                actor=actor,
                kind=TimelineEntry.Kind.ASSIGNMENT,
                # the assignee's name stays in the encrypted text
                text=str(case.assigned_to) if case.assigned_to else "",
                event=timeline.ASSIGNED if case.assigned_to else timeline.UNASSIGNED,
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            organisation=case.organisation,
            detail={"fields": changed},
        )
    return case


def case_change_status(*, actor: Actor, case: Case, to_status: str, reason: str) -> StatusChange:
    access = case_access(actor, case)
    if not access.can_edit:
        raise PermissionError("this user cannot change this case")
    if to_status not in CaseStatus.values:
        raise ValidationError({"status": [_("Unknown status: %s") % to_status]})
    if to_status not in STATUS_TRANSITIONS[case.status]:
        raise ValidationError(
            {
                "status": [
                    _("A case cannot go from “%(from)s” to “%(to)s”.")
                    % {"from": CaseStatus(case.status).label, "to": CaseStatus(to_status).label}
                ]
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the status changes.")]})
    with transaction.atomic():
        # Lock the row so that two people changing the status at once cannot both pass the check.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != case.status:
            raise ValidationError({"status": [_("The case changed meanwhile; reload it.")]})
        change = StatusChange.objects.create(
            case=case,
            from_status=case.status,
            to_status=to_status,
            reason=reason.strip(),
            changed_by=acting_user(actor),
        )
        case.status = to_status
        case.status_changed_at = change.changed_at
        case.save(update_fields=["status", "status_changed_at", "updated_at"])
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.STATUS,
            text=reason.strip(),
            event=timeline.STATUS_CHANGED,
            params={"from": str(change.from_status), "to": str(to_status)},
        )
        audit_record(
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            obj=case,
            organisation=case.organisation,
            detail={"from": change.from_status, "to": to_status},
        )
    return change


def case_add_note(*, actor: Actor, case: Case, text: str, shareable: bool = False) -> TimelineEntry:
    access = case_access(actor, case)
    if not access.can_contribute:
        raise PermissionError("this user cannot add notes to this case")
    if not text.strip():
        raise ValidationError({"text": [_("A note cannot be empty.")]})
    with transaction.atomic():
        entry = timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.NOTE,
            text=text.strip(),
            organisation=access.acting_organisation,
            shareable=shareable,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=entry,
            object_type="note",
            organisation=access.acting_organisation,
            detail={"case": str(case.public_id)},
        )
    return entry


def consent_record(
    *, actor: Actor, case: Case, kind: str, given: bool, given_by: str = "", note: str = ""
) -> ConsentRecord:
    access = case_access(actor, case)
    if not access.can_edit:
        raise PermissionError("this user cannot record consent on this case")
    errors: dict[str, list] = {}
    if kind not in ConsentKind.values:
        errors["kind"] = [_("Unknown kind of consent: %s") % kind]
    _check_lengths(errors, "given_by", [given_by.strip()], 100)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            case=case,
            kind=kind,
            given=given,
            given_by=given_by.strip(),
            note=note.strip(),
            recorded_by=acting_user(actor),
        )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.CONSENT,
            text="",
            event=timeline.CONSENT_GIVEN if given else timeline.CONSENT_REFUSED,
            params={"kind": str(kind)},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            object_type="consent",
            object_id=str(record.pk),
            organisation=case.organisation,
            detail={"case": str(case.public_id), "kind": kind, "given": given},
        )
    return record


def consent_current(case: Case, kind: str) -> ConsentRecord | None:
    """The latest consent record of this kind: consent can be withdrawn by a later record."""
    return case.consents.filter(kind=kind).order_by("-recorded_at", "-id").first()


def task_create(
    *,
    actor: Actor,
    case: Case,
    title: str,
    due_on: dt.date | None = None,
    assigned_to: User | None = None,
) -> Task:
    access = case_access(actor, case)
    acting = access.acting_organisation
    if not access.can_contribute or acting is None:
        raise PermissionError("this user cannot add tasks to this case")
    errors = {}
    if not title.strip():
        errors["title"] = [_("Say what is to be done.")]
    _check_lengths(errors, "title", [title.strip()], 300)
    if assigned_to is not None and acting.pk not in org_ids_writing_cases(
        assigned_to
    ) | org_ids_working_referrals(assigned_to):
        errors["assigned_to"] = [_("Tasks can only be assigned within your organisation.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = Task.objects.create(
            case=case,
            organisation=acting,
            title=title.strip(),
            due_on=due_on,
            assigned_to=assigned_to,
            created_by=acting_user(actor),
        )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.TASK,
            text=task.title,
            event=timeline.TASK_ADDED,
            organisation=access.acting_organisation,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=task,
            organisation=access.acting_organisation,
            detail={"case": str(case.public_id)},
        )
    return task


def task_complete(*, actor: Actor, task: Task) -> Task:
    access = case_access(actor, task.case)
    acting = access.acting_organisation
    if not access.can_contribute or acting is None or acting.pk != task.organisation_id:
        raise PermissionError("this user cannot complete this task")
    if task.done_at:
        return task
    with transaction.atomic():
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        timeline_add(
            case=task.case,
            actor=actor,
            kind=TimelineEntry.Kind.TASK,
            text=task.title,
            event=timeline.TASK_DONE,
            organisation=access.acting_organisation,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=task,
            detail={"done": True},
            organisation=access.acting_organisation,
        )
    return task
