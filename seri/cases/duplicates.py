"""Possible matches for the details a caseworker is typing at intake, before anything is saved
(issue #14's item 2). A read: the details come by POST and are never stored or logged; what is
shown is scoped to the user, and a match the user may not see is only said to exist."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from seri.cases.models import Case, Person
from seri.cases.scoping import case_access, cases_visible_to
from seri.cases.services import PersonInput, parse_phone
from seri.core import crypto
from seri.core.types import Actor
from seri.linkage.permissions import visible_person_ids
from seri.linkage.records import find_candidates
from seri.linkage.scoring import record
from seri.orgs.models import Organisation

MAX_SHOWN = 5


@dataclass
class PossibleMatch:
    person: Person
    cases: list[Case]
    probability: float
    exact: list[str]  # identifiers both share: "phone", "handle", "document"
    editable: set[int] = field(default_factory=set)  # ids of the cases a report may go on


@dataclass
class IntakeMatches:
    matches: list[PossibleMatch] = field(default_factory=list)
    elsewhere: bool = False  # a match exists that the user may not see

    def __bool__(self) -> bool:
        return bool(self.matches) or self.elsewhere


def _identifiers(data: PersonInput, region: str | None) -> list[str]:
    identifiers = []
    for text in data.phones:
        try:
            e164 = parse_phone(text.strip(), default_region=region)
        except ValidationError:
            continue  # half-typed: nothing to look for yet
        identifiers.append("p:" + crypto.index_of("phone", e164))
    identifiers += [
        "h:" + crypto.index_of("handle", h.handle.strip()) for h in data.handles if h.handle.strip()
    ]
    identifiers += [
        "d:" + crypto.index_of("document", d.number.strip())
        for d in data.documents
        if d.number.strip()
    ]
    return identifiers


def intake_matches(
    user: Actor, organisation: Organisation, data: PersonInput, *, dismissed: set[str]
) -> IntakeMatches:
    """People who may be the one being recorded, best first: those the user sees with their
    cases (at most MAX_SHOWN), and whether any other exists. `dismissed`: public ids the
    caseworker said are someone else."""
    names = [n.value.strip() for n in data.names if len(n.value.strip()) >= 2]
    region = (data.nationalities[0] if data.nationalities else "") or organisation.country or None
    identifiers = _identifiers(data, region)
    if not names and not identifiers:
        return IntakeMatches()
    rec = record(
        *names,
        age=data.age_estimate,
        date_of_birth=data.date_of_birth,
        sex={"Masculine": "M", "Feminine": "F"}.get(data.gender, ""),
        nationalities=data.nationalities,
        identifiers=identifiers,
    )
    found = find_candidates(rec)
    if not found:
        return IntakeMatches()
    visible = visible_person_ids(user, [pid for pid, *_rest in found])
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=visible).prefetch_related("names", "nationalities")
    }
    cases: dict[int, list[Case]] = {}
    for case in (
        cases_visible_to(user)
        .filter(person_id__in=visible)
        .select_related("organisation", "compound")
        .order_by("-created_at", "-id")
    ):
        cases.setdefault(case.person_id, []).append(case)
    result = IntakeMatches()
    for pid, probability, _explanation, exact in found:
        if pid not in visible:
            result.elsewhere = True
        elif str(people[pid].public_id) not in dismissed and len(result.matches) < MAX_SHOWN:
            shown = cases.get(pid, [])
            editable = {c.pk for c in shown if case_access(user, c).can_edit}
            result.matches.append(PossibleMatch(people[pid], shown, probability, exact, editable))
    return result
