"""What a partner sees of a case referred to it: the sections the referral shares.

The owning organisation sees everything (`CaseAccess.shared_sections` is None). Through a
referral, the status, the referrals and the consents are always shown; the person's details,
reports, tasks and evidence only when shared; notes only when the referral shares notes AND
the writer marked the note shareable. A partner always sees its own notes and tasks."""

from django.db.models import Q, QuerySet

from seri.cases.models import TimelineEntry
from seri.cases.scoping import CaseAccess
from seri.referrals.models import SharedSection

# Timeline entries about a section, hidden with it.
_SECTION_OF_KIND = {
    TimelineEntry.Kind.REPORT: SharedSection.REPORTS,
    TimelineEntry.Kind.TASK: SharedSection.TASKS,
}
# Entries a partner never sees unless they are its own: internal work of the owner.
_INTERNAL_KINDS = {TimelineEntry.Kind.ASSIGNMENT}


def timeline_for(access: CaseAccess, entries: QuerySet[TimelineEntry]) -> QuerySet[TimelineEntry]:
    if access.shared_sections is None:
        return entries
    own = Q(organisation=access.acting_organisation)
    hidden_kinds = set(_INTERNAL_KINDS) | {
        kind for kind, section in _SECTION_OF_KIND.items() if not access.shares(section)
    }
    notes = Q(kind=TimelineEntry.Kind.NOTE)
    shown = ~notes & ~Q(kind__in=hidden_kinds)
    if access.shares(SharedSection.NOTES):
        shown |= notes & Q(shareable=True)
    return entries.filter(own | shown)


def shows(access: CaseAccess, section: str, held_by_id: int | None = None) -> bool:
    """Whether a record of `section` on the case is shown through this access: when the
    section is shared, or when the record is held by the organisation the user acts for (a
    partner always sees the files, notes and tasks it added itself)."""
    if not access.can_view:
        return False
    acting = access.acting_organisation
    return access.shares(section) or (acting is not None and held_by_id == acting.pk)


def evidence_for(access: CaseAccess, files: QuerySet) -> QuerySet:
    if access.shares(SharedSection.EVIDENCE):
        return files
    return files.filter(organisation=access.acting_organisation)


def tasks_for(access: CaseAccess, tasks: QuerySet) -> QuerySet:
    if access.shares(SharedSection.TASKS):
        return tasks
    return tasks.filter(organisation=access.acting_organisation)


def case_page_for(access: CaseAccess, context: dict) -> dict:
    """Narrow the case page's context to what the access shares (in place; returned)."""
    if access.shared_sections is None:
        return context
    case = context["case"]
    context["timeline"] = timeline_for(
        access, case.timeline.select_related("author", "organisation")
    )[:200]
    context["tasks"] = tasks_for(access, context["tasks"])
    if not access.shares(SharedSection.PERSON):
        context["person_hidden"] = True
        for key in ("names", "phones", "handles", "documents"):
            context[key] = []
    if not access.shares(SharedSection.REPORTS):
        context["reports"] = context["reports"].none()
    if not access.shares(SharedSection.EVIDENCE):
        context["evidence"] = evidence_for(access, context["evidence"])
    context["shared_sections"] = [s for s in SharedSection if access.shares(s)]
    return context
