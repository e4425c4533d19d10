"""Reading cases and people: always through the scoping function, always for one user."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from seri.cases.models import (
    OPEN_STATUSES,
    SAFE_STATUSES,
    Case,
    CaseCaller,
    ConsentKind,
    ConsentRecord,
    IdentityDocument,
    MessagingHandle,
    Nationality,
    Person,
    PersonName,
    PersonNameToken,
    PhoneNumber,
    Task,
    TimelineEntry,
    Urgency,
)
from seri.cases.scoping import (
    CaseAccess,
    case_access,
    cases_visible_to,
    people_visible_to,
    referred_case_ids_hiding,
    referred_case_ids_sharing,
)
from seri.core import crypto
from seri.core.prepared import PreparedQuery, prepared
from seri.core.types import Actor
from seri.evidence.models import EvidenceFile
from seri.intake.models import Report
from seri.orgs.models import User
from seri.orgs.permissions import all_org_ids, org_ids_seeing_own_cases
from seri.referrals.models import Referral, ReferralStatus
from seri.referrals.selectors import referral_inbox

_CASE_REFERENCE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
# A search's matching cases up to this many are passed on as keys (SQLite's parameter limit
# leaves room); past it, as the subquery.
SEARCH_KEYS_UP_TO = 2000


def _me(user: Actor) -> User | None:
    """The user to match `assigned_to` against (None for the system or an anonymous visitor,
    who see no cases and no tasks anyway)."""
    return user if isinstance(user, User) else None


@prepared
def _case_by_reference(reference: str) -> QuerySet:
    return Case.objects.select_related(
        "organisation", "person", "person__organisation", "assigned_to", "compound"
    ).filter(reference=reference)


def case_get_for_user(
    user: Actor, reference: str, *, write: bool = False, contribute: bool = False
) -> tuple[Case, CaseAccess]:
    """The case with this reference if the user may see it (else 404, as if it did not exist),
    and what they may do with it: 403 when `write` is asked and they may only read, or when
    `contribute` (notes, tasks: partners may) is asked and they may not even do that."""
    reference = (reference or "").upper()
    if not _CASE_REFERENCE.match(reference):
        raise Http404
    # `case_access` decides, from the user's memberships and the case's referrals, exactly as
    # `cases_visible_to` scopes lists (tests/cases/test_scoping_lists.py checks both against
    # each other for every role): the case is read by its reference alone, a prepared query.
    found = _case_by_reference.list(reference)
    if not found:
        raise Http404
    case = found[0]
    access = case_access(user, case)
    if not access.can_view:
        raise Http404
    if (write and not access.can_edit) or (contribute and not access.can_contribute):
        raise PermissionDenied
    return case, access


def person_get_for_user(user: Actor, public_id: UUID | str) -> Person:
    try:
        return people_visible_to(user).get(public_id=public_id)
    except (Person.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass
class CaseFilters:
    status: str = ""
    urgency: str = ""
    nationality: str = ""
    compound: str = ""  # compound public id
    assigned_to_me: bool = False
    open_only: bool = False
    query: str = ""  # a name, a phone number or (part of) a case reference
    regions: tuple[str, ...] = ()  # where a number without its country code is read as local


def _phone_query(text: str) -> str | None:
    digits = re.sub(r"[^\d+]", "", text)
    if len(re.sub(r"\D", "", digits)) < 6:
        return None
    try:
        number = phonenumbers.parse(digits if digits.startswith("+") else "+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _local_phone_queries(text: str, regions: tuple[str, ...]) -> list[str]:
    """A number written the local way (0912 345 678) read in each of these countries."""
    digits = re.sub(r"[^\d+]", "", text)
    if digits.startswith("+") or len(digits) < 6 or _has_letter(text):
        return []
    found = []
    for region in regions:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            found.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return found


_PARTIAL_REFERENCE = re.compile(r"^[A-Z0-9]{3,4}(-[A-Z0-9]{0,4})?$|^[A-Z0-9]{5,8}$")


def _reference_prefix(query: str) -> str | None:
    """The start of a case reference typed in part ("HDTL", "hdtl-4n", "HDTL4N"), or None."""
    text = query.strip().upper()
    if not _PARTIAL_REFERENCE.match(text):
        return None
    if "-" not in text and len(text) > 4:
        text = f"{text[:4]}-{text[4:]}"
    return text


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _reference_starts(prefix: str) -> Q:
    """`reference LIKE 'prefix%'` that both databases answer from the reference index: on SQLite
    LIKE ignores case and so cannot use a (binary) index, but references are upper-case ASCII,
    so the prefix is the range [prefix, prefix with its last character raised)."""
    if connection.vendor == "sqlite":
        return Q(reference__gte=prefix, reference__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return Q(reference__startswith=prefix)


def _cases_of_people(
    within: QuerySet[Case], people: QuerySet[Any, Any], hidden: set[int]
) -> QuerySet[Case, Any]:
    cases = within.filter(person_id__in=people)
    if hidden:
        cases = cases.exclude(pk__in=sorted(hidden))
    return cases.order_by().values("pk")


def _person_matches(
    query: str,
    regions: tuple[str, ...] = (),
    hidden: set[int] | None = None,
    within: QuerySet[Case] | None = None,
) -> Q:
    """Names are encrypted: a name matches when it has every word of the query (case and
    diacritics folded, any order); a phone number matches its E.164 form exactly.

    Written as `id IN (cases of the people with every token UNION ALL cases of the people with
    the number UNION ALL cases whose reference starts so)`: the database reads the token, phone
    and reference indexes, then the few cases found, and sorts those. An `OR` of the three (or
    a correlated EXISTS) made both databases walk the newest-first index and test every visible
    case until a page was full: seconds for a one-word name that also reads as a reference
    prefix at 1,000,000 people (docs/benchmarks.md).

    `hidden`: cases whose person the user may not see (their referral does not share the
    person): a name or a phone number never finds them; their reference still does.
    `within`: the cases searched (the user's, filtered): each part reads only those, so that a
    common name's people are matched to the user's cases in the index (person, organisation)
    instead of fetching every namesake's case."""
    hidden = hidden or set()
    within = (Case.objects.all() if within is None else within).order_by()
    found: list[QuerySet[Case, Any]] = []
    e164 = _phone_query(query)
    # A query without a letter is a phone number, not a name: its digit groups are not searched
    # as name words.
    tokens = sorted(crypto.name_tokens(query)) if not e164 or _has_letter(query) else []
    if tokens:
        # People with every word, one semi-join per word: the planner starts from the rarest
        # (a GROUP BY over every word's entries cost 25-35 ms for three common words).
        people: QuerySet[Any, Any] = PersonNameToken.objects.filter(token=tokens[0])
        for token in tokens[1:]:
            people = people.filter(
                person_id__in=PersonNameToken.objects.filter(token=token).values("person_id")
            )
        people = people.values("person_id")
        found.append(_cases_of_people(within, people, hidden))
    numbers = list(
        dict.fromkeys([*([e164] if e164 else []), *_local_phone_queries(query, regions)])
    )
    if numbers:
        indexes = [crypto.index_of("phone", number) for number in numbers]
        phones = PhoneNumber.objects.filter(e164_index__in=indexes).values("person_id")
        found.append(_cases_of_people(within, phones, hidden))
    if prefix := _reference_prefix(query):
        found.append(within.filter(_reference_starts(prefix)).values("pk"))
    if not found:
        return Q(pk__in=[])
    first, *others = found
    return Q(pk__in=first.union(*others, all=True) if others else first)


# What a list of cases shows (cases/partials/case_rows.html and case_item.html, the audit of
# the people shown): the other columns are neither read nor, for the names, decrypted.
_LIST_COLUMNS = (
    *("reference", "status", "urgency", "created_at"),
    *("person", "organisation", "assigned_to", "compound"),
    *("organisation__short_name", "person__public_id", "person__organisation"),
    *("assigned_to__username", "assigned_to__display_name"),
    *("compound__name", "compound__province"),
)


def _with_list_relations(qs: QuerySet[Case]) -> QuerySet[Case]:
    return (
        qs.select_related("organisation", "person", "assigned_to", "compound")
        .only(*_LIST_COLUMNS)
        .prefetch_related(
            Prefetch(
                "person__names",
                queryset=PersonName.objects.order_by("id").only("person", "kind", "value"),
            ),
            Prefetch(
                "person__nationalities",
                queryset=Nationality.objects.order_by("id").only("person", "country"),
            ),
        )
    )


def case_list_for_user(user: Actor, filters: CaseFilters) -> QuerySet[Case]:
    qs = cases_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.nationality:
        qs = qs.filter(
            Exists(
                Nationality.objects.filter(person=OuterRef("person"), country=filters.nationality)
            )
        )
    if filters.compound:
        qs = qs.filter(compound__public_id=filters.compound)
    if filters.assigned_to_me:
        qs = qs.filter(assigned_to=_me(user))
    query = filters.query.strip()
    if query:
        if _CASE_REFERENCE.match(query.upper()):
            qs = qs.filter(reference=query.upper())
        else:
            hidden = referred_case_ids_hiding(user, "person")
            matches = _person_matches(query, filters.regions, hidden, within=qs)
            # The matching cases' keys read first (the capped count's query): PostgreSQL
            # misjudges the union's size and, with the list's joins, hashed every case of the
            # organisation (0.7 s at a million); a list of keys it answers by primary key.
            keys = list(
                qs.filter(matches).order_by().values_list("pk", flat=True)[: SEARCH_KEYS_UP_TO + 1]
            )
            qs = qs.filter(pk__in=keys) if len(keys) <= SEARCH_KEYS_UP_TO else qs.filter(matches)
    return _with_list_relations(qs).order_by("-created_at", "-id")


@dataclass
class Dashboard:
    my_open_cases: list[Case]
    urgent_cases: list[Case]
    referrals_waiting: list[Referral]
    overdue_tasks: list[Task]


def dashboard_for_user(user: Actor, *, limit: int = 10) -> Dashboard:
    visible = cases_visible_to(user)
    open_cases = visible.filter(status__in=OPEN_STATUSES)
    today = timezone.localdate()
    return Dashboard(
        my_open_cases=list(_with_list_relations(open_cases.filter(assigned_to=_me(user)))[:limit]),
        urgent_cases=list(
            _with_list_relations(
                open_cases.filter(urgency__in=[Urgency.IMMEDIATE_DANGER, Urgency.MEDICAL]).exclude(
                    status__in=SAFE_STATUSES
                )
            ).order_by("urgency", "-created_at")[:limit]
        ),
        referrals_waiting=list(
            referral_inbox(user).filter(status=ReferralStatus.SENT).order_by("created_at")[:limit]
        ),
        overdue_tasks=list(
            Task.objects.filter(
                done_at__isnull=True,
                due_on__lt=today,
                case__in=visible,
                organisation_id__in=all_org_ids(user),
            )
            .filter(Q(assigned_to=_me(user)) | Q(assigned_to__isnull=True))
            .select_related("case")
            .order_by("due_on")[:limit]
        ),
    )


def people_list_for_user(user: Actor) -> QuerySet[Person]:
    return (
        people_visible_to(user)
        .prefetch_related(
            Prefetch("names", queryset=PersonName.objects.order_by("id")),
            Prefetch("nationalities", queryset=Nationality.objects.order_by("id")),
        )
        .order_by("-created_at", "-id")
    )


def tasks_visible_to(user: Actor) -> QuerySet[Task]:
    """Tasks on the cases the user may see: all of them on their organisations' own cases;
    on a case referred to them, their own organisations' tasks, and the others only when the
    referral shares tasks."""
    member_of = all_org_ids(user)
    shown = (
        Q(case__organisation_id__in=org_ids_seeing_own_cases(user))
        | Q(organisation_id__in=member_of)
        | Q(case_id__in=referred_case_ids_sharing(user, "tasks"))
    )
    return (
        Task.objects.filter(case__in=cases_visible_to(user))
        .filter(shown)
        .select_related("case", "case__organisation", "organisation", "assigned_to", "created_by")
    )


def task_list_for_user(
    user: Actor, *, case_reference: str = "", open_only: bool = False, mine: bool = False
) -> QuerySet[Task]:
    tasks = tasks_visible_to(user)
    if case_reference:
        tasks = tasks.filter(case__reference=case_reference.upper())
    if open_only:
        tasks = tasks.filter(done_at__isnull=True)
    if mine:
        tasks = tasks.filter(assigned_to=_me(user))
    return tasks


def task_get_for_user(user: Actor, public_id: UUID | str) -> Task:
    try:
        return tasks_visible_to(user).get(public_id=public_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def cases_hiding_the_person(user: Actor, cases: Iterable[Case]) -> set[int]:
    """Of these cases (already visible to `user`), those whose person the user may not see: a
    case referred to the user's organisation by a referral that does not share the person.
    One query; lists show such a case's reference and status, never the person."""
    own = org_ids_seeing_own_cases(user)
    # A case of the user's own organisations always shows its person: only the others (seen
    # through a referral) are asked about, and a page of own cases asks nothing.
    cases = [case for case in cases if case.organisation_id not in own]
    if not cases:
        return set()
    person_ids = {case.person_id for case in cases}
    seen = set(people_visible_to(user).filter(pk__in=person_ids).values_list("pk", flat=True))
    return {case.pk for case in cases if case.person_id not in seen}


@prepared
def _latest_sharing_consent(case_id: int) -> QuerySet:
    return (
        ConsentRecord.objects.filter(case_id=case_id, kind=ConsentKind.SHARE_WITH_PARTNERS)
        .order_by("-recorded_at", "-id")
        .values_list("given", flat=True)[:1]
    )


def consent_to_share(case: Case) -> bool:
    """Whether the latest consent record about sharing with partners says yes."""
    return any(_latest_sharing_consent.list(case.pk))


# The case page's lists, each a prepared query (seri.core.prepared): the page asks the same
# dozen small questions about every case, and building their SQL cost more than answering.
CASE_PAGE_LISTS: dict[str, PreparedQuery] = {
    "names": prepared(lambda person_id: PersonName.objects.filter(person_id=person_id)),
    "phones": prepared(lambda person_id: PhoneNumber.objects.filter(person_id=person_id)),
    "handles": prepared(lambda person_id: MessagingHandle.objects.filter(person_id=person_id)),
    "documents": prepared(lambda person_id: IdentityDocument.objects.filter(person_id=person_id)),
    "nationalities": prepared(lambda person_id: Nationality.objects.filter(person_id=person_id)),
    "timeline": prepared(
        lambda case_id: TimelineEntry.objects.filter(case_id=case_id).select_related(
            "author", "organisation"
        )[:200]
    ),
    "tasks": prepared(
        lambda case_id: Task.objects.filter(case_id=case_id).select_related(
            "assigned_to", "organisation"
        )
    ),
    "consents": prepared(
        lambda case_id: ConsentRecord.objects.filter(case_id=case_id).select_related("recorded_by")
    ),
    "referrals": prepared(
        lambda case_id: Referral.objects.filter(case_id=case_id).select_related(
            "from_organisation", "to_organisation"
        )
    ),
    "reports": prepared(
        lambda case_id: Report.objects.filter(case_id=case_id).prefetch_related("attachments")
    ),
    "evidence": prepared(
        lambda case_id: EvidenceFile.objects.filter(case_id=case_id, capture_part="").order_by(
            "received_at", "id"
        )
    ),
    "callers": prepared(lambda case_id: CaseCaller.objects.filter(case_id=case_id)),
}
PERSON_LISTS = ("names", "phones", "handles", "documents", "nationalities")


def case_page_lists(case: Case, names: Iterable[str], *, querysets: bool = False) -> dict:
    """The named lists of the case page (keys of `CASE_PAGE_LISTS`), read at once; or, with
    `querysets`, as querysets to narrow further (a partner's page: seri.referrals.sharing)."""
    lists = {}
    for name in names:
        key = case.person_id if name in PERSON_LISTS else case.pk
        query = CASE_PAGE_LISTS[name]
        lists[name] = query.queryset(key) if querysets else query.list(key)
    return lists
