"""Reads of seri.pprl: the possible matches a user may see for one person, and the project
pages of the admins who run a project."""

from uuid import UUID

from django.db.models import Count, QuerySet

from seri.cases.models import Case, Person
from seri.cases.scoping import people_visible_to
from seri.core.prepared import prepared
from seri.core.types import Actor
from seri.pprl import permissions
from seri.pprl.models import PprlContact, PprlMatch, PprlProject, PprlRecord


@prepared
def _matches_of(person_id: int) -> QuerySet:
    return PprlMatch.objects.filter(record__person_id=person_id).select_related(
        "record__project", "decided_by", "referral_asked_by"
    )


def matches_for_person(user: Actor, person: Person) -> list[PprlMatch]:
    """The person's possible matches at other installations, if the user may see the person.
    Most people have none: that is asked first (one indexed query on every case page), the
    scoping only when there is something to show."""
    matches = _matches_of.list(person.pk)
    if not matches or not people_visible_to(user).filter(pk=person.pk).exists():
        return []
    return matches


def match_get_for_user(user: Actor, public_id: UUID) -> PprlMatch:
    match = PprlMatch.objects.select_related("record__person").get(public_id=public_id)
    if not people_visible_to(user).filter(pk=match.record.person_id).exists():
        raise PprlMatch.DoesNotExist
    return match


def projects_for_admin(user: Actor) -> list[PprlProject]:
    """The projects the user runs (an admin of every organisation taking part)."""
    return [
        p
        for p in PprlProject.objects.prefetch_related("organisations")
        if permissions.may_run(user, p)
    ]


def project_get_for_admin(user: Actor, name: str) -> PprlProject:
    project = PprlProject.objects.get(name=name)
    if not permissions.may_run(user, project):
        raise PprlProject.DoesNotExist
    return project


def project_summary(project: PprlProject) -> dict[str, object]:
    """Counts for the project's page: records encoded, matches by status, channels."""
    by_status = dict(
        PprlMatch.objects.filter(record__project=project)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "records": PprlRecord.objects.filter(
            project=project, key_version=project.key_version
        ).count(),
        "matches": [(label, by_status.get(value, 0)) for value, label in PprlMatch.Status.choices],
        "contacts": list(PprlContact.objects.filter(project=project)),
    }


def record_case_for(user: Actor, project: PprlProject, token: str) -> Case | None:
    """The case (visible to the user) of the person behind one of the project's random ids:
    how the coordinator answering a referral request finds the record it names."""
    record = PprlRecord.objects.filter(project=project, token=token.strip()).first()
    if record is None or not people_visible_to(user).filter(pk=record.person_id).exists():
        return None
    return (
        Case.objects.filter(
            person_id=record.person_id, organisation__in=project.organisations.all()
        )
        .order_by("-created_at")
        .first()
    )
