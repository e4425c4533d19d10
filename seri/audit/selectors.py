"""Reading the audit trail: for one user, through the scoping function like every other read."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.audit.models import AuditEvent, AuditSubject, DetailCase
from seri.cases.models import Case, CaseStatus, Person, TimelineEntry
from seri.cases.people import FIELD_LABELS
from seri.cases.scoping import CaseAccess, case_access, cases_visible_to
from seri.cases.selectors import person_get_for_user
from seri.orgs.models import Organisation
from seri.orgs.permissions import org_ids_administered, org_ids_seeing_own_cases
from seri.referrals.models import ReferralStatus, SharedSection


@dataclass(frozen=True)
class PersonAccessHistory:
    person: Person
    organisation: Organisation  # the administered organisation the admin sees the person for
    cases: list[Case]  # the person's cases that the admin may see; their rows are included
    events: QuerySet[AuditEvent]  # newest first


def person_access_history_for_user(user, public_id) -> PersonAccessHistory:
    """Who viewed or changed this person's record or their cases, and when.

    404 when the user cannot see the person, as if they did not exist; 403 unless the user is
    an admin of an organisation through which they see the person (an admin elsewhere who is
    only a caseworker here is not enough).
    """
    person = person_get_for_user(user, public_id)
    administered = org_ids_administered(user)
    if not administered:
        raise PermissionDenied
    cases = list(
        cases_visible_to(user)
        .filter(person=person)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    seeing: dict[int, Organisation] = {}
    if person.organisation_id in org_ids_seeing_own_cases(user):
        seeing[person.organisation_id] = person.organisation
    accesses = [(case, case_access(user, case)) for case in cases]
    for _case, access in accesses:
        acting = access.acting_organisation
        if acting is not None:
            seeing.setdefault(acting.pk, acting)
    acting_for = [org for pk, org in seeing.items() if pk in administered]
    if not acting_for:
        raise PermissionDenied
    return PersonAccessHistory(
        person=person,
        organisation=acting_for[0],
        cases=cases,
        events=events_about(person, cases, hidden=_not_shared(accesses)),
    )


def events_about(
    person: Person, cases: Iterable[Case], *, hidden: Q | None = None
) -> QuerySet[AuditEvent]:
    """Rows about the person, about these cases, and about what was added to these cases
    (notes, tasks, consent, referrals, reports name their case in `detail`); without the
    `hidden` ones."""
    case_ids = [str(case.public_id) for case in cases]
    person_id = str(person.public_id)
    # Rows about this person alone, and rows about many people that list them (decision 0039):
    # each branch has an index, (object_type, object_id, at) and the subjects' object index.
    about = Q(object_type="person", object_id=person_id) | Q(
        object_type="person",
        pk__in=AuditSubject.objects.filter(object_id=person_id).values("event_id"),
    )
    if case_ids:
        # Each branch has an index: (object_type, object_id, at) and the detail-case index.
        about |= Q(object_type="case", object_id__in=case_ids) | Q(detail_case__in=case_ids)
    events = AuditEvent.objects.alias(detail_case=DetailCase()).filter(about)
    if hidden is not None:
        events = events.exclude(hidden)
    return events.select_related("actor", "organisation").order_by("-at", "-id")


# The section of a case (seri.referrals.models.SharedSection) a row is about, by its object.
_SECTION_OF_OBJECT = {
    "report": SharedSection.REPORTS,
    "caller": SharedSection.REPORTS,
    "task": SharedSection.TASKS,
    "evidence": SharedSection.EVIDENCE,
    "evidence_bundle": SharedSection.EVIDENCE,
}


def _not_shared(accesses: Iterable[tuple[Case, CaseAccess]]) -> Q | None:
    """The rows a partner may not see, as on the case page (seri.referrals.sharing): about a
    section of a case referred to it that the referral does not share, and about notes
    unless the referral shares notes and the note is marked shareable. Rows its own
    organisation wrote stay (it sees what it added itself). None for the owner's cases."""
    hidden: Q | None = None
    for case, access in accesses:
        if access.shared_sections is None:
            continue
        sections = {t for t, section in _SECTION_OF_OBJECT.items() if not access.shares(section)}
        rows = Q(object_type__in=sorted(sections)) if sections else Q(pk__in=[])
        shown_notes: list[str] = []
        if access.shares(SharedSection.NOTES):
            shown_notes = [
                str(pk)
                for pk in TimelineEntry.objects.filter(
                    case=case, kind=TimelineEntry.Kind.NOTE, shareable=True
                ).values_list("public_id", flat=True)
            ]
        rows |= Q(object_type="note") & ~Q(object_id__in=shown_notes)
        on_case = Q(detail_case=str(case.public_id))
        if access.acting_organisation is not None:
            on_case &= ~Q(organisation=access.acting_organisation)
        hidden = on_case & rows if hidden is None else hidden | (on_case & rows)
    return hidden


# --- showing rows -------------------------------------------------------------------------------

# The contexts that services and views write, in the reader's language; others show as written.
CONTEXTS = {
    "dashboard": gettext_lazy("dashboard"),
    "case list": gettext_lazy("case list"),
    "case page": gettext_lazy("case page"),
    "access history": gettext_lazy("access history"),
    "case search": gettext_lazy("case search"),
    "compound page": gettext_lazy("compound page"),
    "edit person": gettext_lazy("edit person"),
    "intake check": gettext_lazy("check for the person at intake"),
    "linkage review queue": gettext_lazy("possible duplicates queue"),
    "possible duplicates": gettext_lazy("possible duplicates"),
    "api:case-timeline": gettext_lazy("case timeline (API)"),
    "api:case-consent": gettext_lazy("consent records (API)"),
    "api:person-list": gettext_lazy("people (API)"),
    "api:referral-list": gettext_lazy("referrals (API)"),
    "api:report-list": gettext_lazy("reports (API)"),
}
OBJECTS = {
    "person": gettext_lazy("person record"),
    "note": gettext_lazy("note"),
    "task": gettext_lazy("task"),
    "consent": gettext_lazy("consent"),
    "referral": gettext_lazy("referral"),
    "report": gettext_lazy("report"),
    "caller": gettext_lazy("caller"),
    "evidence": gettext_lazy("evidence"),
    "evidence_bundle": gettext_lazy("evidence bundle"),
    "match_candidate": gettext_lazy("possible duplicate"),
    "match_decision": gettext_lazy("duplicate decision"),
    "tracing_notification": gettext_lazy("tracing notice"),
    "notification": gettext_lazy("notice"),
}


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    actor: str
    organisation: str
    action: str
    context: str


def _context(event: AuditEvent, references: dict[str, str]) -> str:
    detail = event.detail if isinstance(event.detail, dict) else {}
    if event.object_type == "case":
        parts = [_("case %(reference)s") % {"reference": references.get(event.object_id, "?")}]
    elif detail.get("case"):
        parts = [
            _("%(object)s on case %(reference)s")
            % {
                "object": OBJECTS.get(event.object_type, event.object_type),
                "reference": references.get(detail["case"], "?"),
            }
        ]
    else:
        parts = [str(OBJECTS.get(event.object_type, event.object_type))]
    context = detail.get("context")
    if context:
        parts.append(str(CONTEXTS.get(context, context)))
    if detail.get("fields"):
        names = ", ".join(_field_label(event.object_type, str(f)) for f in detail["fields"])
        parts.append(_("fields: %(fields)s") % {"fields": names})
    if detail.get("to") and event.object_type == "case":
        parts.append(
            f"{_label(CaseStatus, detail.get('from', ''))} → {_label(CaseStatus, detail['to'])}"
        )
    if detail.get("event") and event.object_type == "referral":
        parts.append(_label(ReferralStatus, detail["event"]))
    return " · ".join(parts)


def _field_label(object_type: str, name: str) -> str:
    """A field named in a row's detail, as its form labels it in the reader's language."""
    if object_type == "person" and name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    model = {"case": Case, "person": Person}.get(object_type)
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        field = None
    return str(getattr(field, "verbose_name", name))


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def access_entries(events: Iterable[AuditEvent], history: PersonAccessHistory) -> list[AccessEntry]:
    """One page of rows, ready to show: actors and organisations by name, cases by reference.
    Nothing identifying: `detail` holds identifiers and field names only."""
    references = {str(case.public_id): case.reference for case in history.cases}
    return [
        AccessEntry(
            at=event.at,
            actor=str(event.actor) if event.actor else _("(not logged in)"),
            organisation=event.organisation.short_name if event.organisation else "—",
            action=event.get_action_display(),
            context=_context(event, references),
        )
        for event in events
    ]
