"""Reads of seri.pprl: the possible matches a user may see for one person."""

from uuid import UUID

from django.db.models import QuerySet

from seri.cases.models import Person
from seri.cases.scoping import people_visible_to
from seri.core.types import Actor
from seri.pprl.models import PprlMatch


def matches_for_person(user: Actor, person: Person) -> QuerySet[PprlMatch]:
    if not people_visible_to(user).filter(pk=person.pk).exists():
        return PprlMatch.objects.none()
    return PprlMatch.objects.filter(record__person=person).select_related("record__project")


def match_get_for_user(user: Actor, public_id: UUID) -> PprlMatch:
    match = PprlMatch.objects.select_related("record__person").get(public_id=public_id)
    if not people_visible_to(user).filter(pk=match.record.person_id).exists():
        raise PprlMatch.DoesNotExist
    return match
