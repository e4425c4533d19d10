"""Reads for the linkage pages, always through the scoping of seri.cases.scoping.

Each function fetches what a page shows in a fixed number of queries, whatever the number of
pairs: the templates only display what these return (no queries while rendering).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from seri.cases.models import Case, Nationality, Person
from seri.cases.scoping import cases_visible_to, people_visible_to
from seri.core.prepared import prepared
from seri.linkage.models import (
    Decision,
    MatchCandidate,
    MatchDecision,
    ModelVersion,
    Notification,
    Source,
)
from seri.linkage.permissions import is_coordinator, may_review, visible_person_ids
from seri.orgs.models import Organisation

PAGE_SIZE = 20
# score bands of the queue's filter: key -> (lowest probability, below)
BANDS = {
    "likely": (0.95, 2.0),
    "probable": (0.8, 0.95),
    "possible": (0.5, 0.8),
    "unlikely": (0.0, 0.5),
}
SOURCES = (Source.INTAKE, Source.BATCH, Source.TRACING, Source.REQUEST)


@dataclass(frozen=True)
class QueueFilters:
    band: str = ""
    nationality: str = ""
    organisation: int | None = None
    source: str = ""

    @classmethod
    def from_query(cls, query) -> "QueueFilters":
        """From the query string; values that are not choices are ignored."""
        band = query.get("band", "")
        source = query.get("source", "")
        nationality = query.get("nationality", "").strip().upper()
        organisation = query.get("organisation", "")
        return cls(
            band=band if band in BANDS else "",
            nationality=nationality if len(nationality) == 2 and nationality.isalpha() else "",
            organisation=int(organisation) if organisation.isdigit() else None,
            source=source if source in SOURCES else "",
        )

    def as_query(self) -> str:
        from urllib.parse import urlencode

        values = {
            "band": self.band,
            "nationality": self.nationality,
            "organisation": self.organisation or "",
            "source": self.source,
        }
        return urlencode({k: v for k, v in values.items() if v})


def _filtered(queryset: QuerySet[MatchCandidate], filters: QueueFilters):
    if filters.band:
        low, high = BANDS[filters.band]
        queryset = queryset.filter(probability__gte=low, probability__lt=high)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.organisation:
        queryset = queryset.filter(
            Q(person_a__organisation_id=filters.organisation)
            | Q(person_b__organisation_id=filters.organisation)
        )
    if filters.nationality:
        held = Nationality.objects.filter(country=filters.nationality)
        queryset = queryset.filter(
            Exists(held.filter(person=OuterRef("person_a")))
            | Exists(held.filter(person=OuterRef("person_b")))
        )
    return queryset


def review_queue(
    user, *, status: str = Decision.OPEN, filters: QueueFilters | None = None
) -> QuerySet[MatchCandidate]:
    """Pairs the user may decide on: every pair for a coordinator (those a caseworker asked
    about first), else pairs whose two people the user sees."""
    queryset = _filtered(MatchCandidate.objects.filter(status=status), filters or QueueFilters())
    if is_coordinator(user):
        return queryset.order_by(F("requested_by").desc(nulls_last=True), "-probability", "id")
    if not may_review(user):
        return queryset.none()
    visible = people_visible_to(user).values("pk")
    return queryset.filter(person_a__in=visible, person_b__in=visible).order_by(
        "-probability", "id"
    )


# --- the review card --------------------------------------------------------------------------

_PERSON_PREFETCH = ("names", "phones", "handles", "documents", "nationalities")


@dataclass
class Side:
    """One record of a pair as the user may see it: everything, or only that it exists."""

    person: Person
    visible: bool
    cases: list[Case] = field(default_factory=list)  # cases of this person the user may open

    @property
    def compounds(self) -> list:
        return list(dict.fromkeys(c.compound for c in self.cases if c.compound_id))


@dataclass
class Card:
    candidate: MatchCandidate
    sides: tuple[Side, Side]


def _people_prefetched(prefix: str) -> list:
    return [f"{prefix}{name}" for name in _PERSON_PREFETCH]


def _cases_by_person(user, person_ids: Iterable[int]) -> dict[int, list[Case]]:
    """The cases of these people the user may open, newest first: one query."""
    out: dict[int, list[Case]] = defaultdict(list)
    for case in (
        cases_visible_to(user)
        .filter(person_id__in=list(person_ids))
        .select_related("compound")
        .order_by("-created_at", "-id")
    ):
        out[case.person_id].append(case)
    return out


def cards_of(user, candidates: Sequence[MatchCandidate]) -> list[Card]:
    """Both records of each pair, side by side, with what the user may see of each."""
    if not candidates:  # most case pages: no scoping queries for nothing
        return []
    ids = {c.person_a_id for c in candidates} | {c.person_b_id for c in candidates}
    visible = visible_person_ids(user, ids)
    cases = _cases_by_person(user, visible)
    return [
        Card(
            candidate=c,
            sides=(
                Side(c.person_a, c.person_a_id in visible, cases.get(c.person_a_id, [])),
                Side(c.person_b, c.person_b_id in visible, cases.get(c.person_b_id, [])),
            ),
        )
        for c in candidates
    ]


def shown_people(cards: Iterable[Card]) -> list[Person]:
    """The people whose identifying details the cards show (to audit)."""
    return [s.person for card in cards for s in card.sides if s.visible]


def queue_page(user, *, filters: QueueFilters, page: str | int = 1) -> tuple[Page, list[Card]]:
    queryset = review_queue(user, filters=filters).select_related(
        "person_a__organisation", "person_b__organisation", "requested_by"
    )
    queryset = queryset.prefetch_related(
        *_people_prefetched("person_a__"), *_people_prefetched("person_b__")
    )
    current = Paginator(queryset, PAGE_SIZE).get_page(page)
    return current, cards_of(user, list(current.object_list))


def recent_decisions(user, *, limit: int = 10) -> list[tuple[MatchDecision, Card]]:
    """The latest decisions on pairs the user may decide on, each with its pair."""
    queryset = MatchDecision.objects.filter(undone_at__isnull=True)
    if not is_coordinator(user):
        visible = people_visible_to(user).values("pk")
        queryset = queryset.filter(candidate__person_a__in=visible, candidate__person_b__in=visible)
    decisions = list(
        queryset.select_related(
            "decided_by",
            "candidate__person_a__organisation",
            "candidate__person_b__organisation",
        )
        .prefetch_related(
            Prefetch("candidate__person_a__names"), Prefetch("candidate__person_b__names")
        )
        .order_by("-decided_at", "-id")[:limit]
    )
    cards = cards_of(user, [d.candidate for d in decisions])
    return list(zip(decisions, cards, strict=True))


def tracing_notices(user, *, limit: int = 20) -> list[tuple[Notification, Case | None]]:
    """Unread tracing notices, each with the user's own case of the pair (never the other's)."""
    notices = list(
        Notification.objects.filter(user=user, read_at__isnull=True)
        .select_related("candidate")
        .order_by("-created_at")[:limit]
    )
    ids = {pid for n in notices for pid in (n.candidate.person_a_id, n.candidate.person_b_id)}
    cases = _cases_by_person(user, visible_person_ids(user, ids))
    out = []
    for notice in notices:
        pair = (notice.candidate.person_a_id, notice.candidate.person_b_id)
        mine = [cases[pid][0] for pid in pair if cases.get(pid)]
        out.append((notice, mine[0] if mine else None))
    return out


def active_model() -> ModelVersion | None:
    return ModelVersion.objects.filter(is_active=True).first()


def filter_choices() -> dict:
    """What the queue's filters offer."""
    return {
        "bands": list(BANDS),
        "sources": [(s.value, s.label) for s in SOURCES],
        "organisations": list(
            Organisation.objects.filter(is_active=True)
            .order_by("short_name")
            .values_list("pk", "short_name")
        ),
    }


# --- the case page ----------------------------------------------------------------------------


@dataclass
class CandidatePanel:
    """ "Possibly the same person" on a case page: pairs whose other side the user sees, and
    those at organisations the user may not see (counted, never described)."""

    person: Person
    cards: list[Card]
    hidden: list[MatchCandidate]

    def others(self) -> list[Side]:
        return [
            side for card in self.cards for side in card.sides if side.person.pk != self.person.pk
        ]


@prepared
def _pairs_of(person_id: int) -> QuerySet:
    """Open, unsure or confirmed pairs of the person (at most 50), best first: asked on every
    case page, prepared (seri.core.prepared)."""
    return (
        MatchCandidate.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
        .filter(status__in=[Decision.OPEN, Decision.UNSURE, Decision.SAME])
        .select_related("person_a__organisation", "person_b__organisation")
        .prefetch_related(Prefetch("person_a__names"), Prefetch("person_b__names"))
        .order_by("-probability", "id")[:50]
    )


def candidate_panel(user, person: Person) -> CandidatePanel:
    """Open, unsure or confirmed pairs of this person (at most 50), best first."""
    cards = cards_of(user, _pairs_of.list(person.pk))
    shown = [card for card in cards if all(side.visible for side in card.sides)]
    hidden = [card.candidate for card in cards if not all(side.visible for side in card.sides)]
    return CandidatePanel(person=person, cards=shown, hidden=hidden)


def candidate_get(public_id) -> MatchCandidate:
    """The pair with this public id, or 404. Who may decide on it or ask about it is the
    services' check (seri.linkage.permissions): a reviewer elsewhere is refused, not misled."""
    try:
        return MatchCandidate.objects.get(public_id=public_id)
    except (MatchCandidate.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
