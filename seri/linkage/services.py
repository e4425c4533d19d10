"""Writes for linkage: name keys, candidates found at intake, decisions and identities.

Called from `seri.cases.services.person_create` inside its transaction
(`linkage_person_recorded`), from the review pages, the `seri linkage` command and the batch task.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import (
    Case,
    IdentityDocument,
    MessagingHandle,
    Nationality,
    Person,
    PersonName,
    PhoneNumber,
)
from seri.core import crypto
from seri.linkage.models import (
    Decision,
    Identity,
    KeyKind,
    MatchCandidate,
    MatchDecision,
    ModelVersion,
    PersonIdentity,
    PersonNameKey,
    Source,
)
from seri.linkage.scoring import CANDIDATE, Parameters, Record, birth_year_of, record, score

STOP_KEY_PEOPLE = 2000  # a key shared by more people than this is too common to block on
CANDIDATE_LIMIT = 100


# --- records and keys -------------------------------------------------------------------------


def records_of(person_ids: Iterable[int]) -> dict[int, Record]:
    """Records of these people, in a fixed number of queries (names decrypted in memory)."""
    ids = list(person_ids)
    names, nats, idents, compounds = (defaultdict(list) for _ in range(4))
    people = {}
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        for p in Person.objects.filter(pk__in=chunk).only(
            "id",
            "gender",
            "date_of_birth",
            "age_estimate",
            "age_estimated_on",
            "created_at",
            "organisation_id",
        ):
            people[p.pk] = p
        for pid, value in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "value"
        ):
            names[pid].append(value)
        for pid, country in Nationality.objects.filter(person_id__in=chunk).values_list(
            "person_id", "country"
        ):
            nats[pid].append(country)
        for model, column, prefix in (
            (PhoneNumber, "e164_index", "p:"),
            (MessagingHandle, "handle_index", "h:"),
            (IdentityDocument, "number_index", "d:"),
        ):
            for pid, value in model.objects.filter(person_id__in=chunk).values_list(
                "person_id", column
            ):
                if value:
                    idents[pid].append(prefix + value)
        for pid, compound in Case.objects.filter(
            person_id__in=chunk, compound__isnull=False
        ).values_list("person_id", "compound_id"):
            compounds[pid].append(compound)
    return {
        pid: record(
            *names[pid],
            birth_year=birth_year_of(p.date_of_birth, p.age_estimate, p.age_estimated_on),
            date_of_birth=p.date_of_birth,
            sex={"Masculine": "M", "Feminine": "F"}.get(p.gender, ""),
            nationalities=nats[pid],
            compounds=compounds[pid],
            identifiers=idents[pid],
            reported=p.created_at.date() if p.created_at else None,
            organisation=p.organisation_id,
        )
        for pid, p in people.items()
    }


def keys_of(rec: Record) -> set[tuple[str, str]]:
    """The blind indexes stored for blocking: each reading's sorted words, each word's sound."""
    keys = {(KeyKind.FULL, crypto.blind_index("linkage-full", f)) for f in rec.name.fulls}
    keys |= {(KeyKind.PHONETIC, crypto.blind_index("linkage-sound", s)) for s in rec.sounds}
    return keys


def index_people(person_ids: Iterable[int], *, records: dict[int, Record] | None = None) -> int:
    """(Re)compute the stored keys of these people. Returns the number of key rows written."""
    ids = list(person_ids)
    records = records if records is not None else records_of(ids)
    PersonNameKey.objects.filter(person_id__in=ids).delete()
    rows = [
        PersonNameKey(person_id=pid, kind=kind, key=key)
        for pid, rec in records.items()
        for kind, key in keys_of(rec)
    ]
    PersonNameKey.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def reindex_all(*, batch_size: int = 5000, progress=None) -> int:
    """Keys for every person, batch by batch, each batch its own transaction."""
    done = 0
    last = 0
    while True:
        ids = list(
            Person.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        with transaction.atomic():
            index_people(ids)
        done += len(ids)
        last = ids[-1]
        if progress:
            progress(done)


# --- parameters -------------------------------------------------------------------------------


def active_parameters() -> Parameters:
    try:
        model = ModelVersion.objects.filter(is_active=True).first()
    except DatabaseError:  # no database yet (`seri linkage score` on a fresh checkout)
        return Parameters.default()
    if model is None or not model.splink_settings:
        return Parameters.default()
    return Parameters.from_splink(model.splink_settings, version=model.pk)


# --- candidate search -------------------------------------------------------------------------


def exact_matches(rec: Record, *, exclude: int | None = None) -> dict[int, list[str]]:
    """People sharing a phone number, messaging handle or document number: {person: kinds}."""
    found: dict[int, list[str]] = defaultdict(list)
    by_prefix = defaultdict(list)
    for ident in rec.identifiers:
        by_prefix[ident[:2]].append(ident[2:])
    for prefix, model, column, kind in (
        ("p:", PhoneNumber, "e164_index", "phone"),
        ("h:", MessagingHandle, "handle_index", "handle"),
        ("d:", IdentityDocument, "number_index", "document"),
    ):
        if by_prefix[prefix]:
            for pid in model.objects.filter(**{f"{column}__in": by_prefix[prefix]}).values_list(
                "person_id", flat=True
            ):
                if pid != exclude and kind not in found[pid]:
                    found[pid].append(kind)
    return dict(found)


def candidate_ids(rec: Record, *, exclude: int | None = None, limit: int = CANDIDATE_LIMIT):
    """People sharing stored keys with this record, most shared keys first. Keys held by more
    than STOP_KEY_PEOPLE people are skipped (unless nothing else is left)."""
    keys = [key for _kind, key in keys_of(rec)]
    if not keys:
        return []
    usable = []
    for key in keys:
        common = PersonNameKey.objects.filter(key=key).values_list("pk", flat=True)[
            STOP_KEY_PEOPLE : STOP_KEY_PEOPLE + 1
        ]
        if not list(common):
            usable.append(key)
    if not usable:
        return []
    rows = (
        PersonNameKey.objects.filter(key__in=usable)
        .exclude(person_id=exclude)
        .values("person_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-person_id")[:limit]
    )
    return [row["person_id"] for row in rows]


def find_candidates(
    rec: Record, *, exclude: int | None = None, params: Parameters | None = None
) -> list[tuple[int, float, dict, list[str]]]:
    """[(person id, probability, explanation, exact identifier kinds)], best first."""
    params = params or active_parameters()
    exact = exact_matches(rec, exclude=exclude)
    ids = set(candidate_ids(rec, exclude=exclude)) | set(exact)
    others = records_of(ids)
    out = []
    for pid, other in others.items():
        result = score(rec, other, params)
        if result.probability >= CANDIDATE or pid in exact:
            out.append((pid, result.probability, result.as_dict(), exact.get(pid, [])))
    out.sort(key=lambda row: (-len(row[3]), -row[1], row[0]))
    return out


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def candidate_upsert(
    a: int, b: int, *, probability: float, explanation, exact, source: str, model=None
) -> MatchCandidate:
    person_a, person_b = _pair(a, b)
    candidate, created = MatchCandidate.objects.get_or_create(
        person_a_id=person_a,
        person_b_id=person_b,
        defaults={
            "probability": probability,
            "explanation": explanation,
            "exact": exact,
            "source": source,
            "model": model,
        },
    )
    if not created and candidate.status == Decision.OPEN:
        candidate.probability = probability
        candidate.explanation = explanation
        candidate.exact = exact
        candidate.updated_at = timezone.now()
        candidate.save(update_fields=["probability", "explanation", "exact", "updated_at"])
    return candidate


def linkage_person_recorded(person: Person) -> list[MatchCandidate]:
    """Called inside the transaction that records or changes a person: stores the person's
    keys, finds exact and fuzzy candidates, and keeps them as candidate pairs."""
    rec = records_of([person.pk]).get(person.pk)
    if rec is None:
        return []
    index_people([person.pk], records={person.pk: rec})
    params = active_parameters()
    model = ModelVersion.objects.filter(pk=params.version).first() if params.version else None
    candidates = []
    for pid, probability, explanation, exact in find_candidates(
        rec, exclude=person.pk, params=params
    ):
        candidates.append(
            candidate_upsert(
                person.pk,
                pid,
                probability=probability,
                explanation=explanation["fields"],
                exact=exact,
                source=Source.INTAKE,
                model=model,
            )
        )
    if candidates:
        # after the commit: by then intake has written the person's case and report
        ids = [c.pk for c in candidates]
        transaction.on_commit(lambda: _tracing_after_commit(ids))
    return candidates


def _tracing_after_commit(candidate_ids: list[int]) -> None:
    from seri.linkage.tracing import tracing_check

    tracing_check(MatchCandidate.objects.filter(pk__in=candidate_ids))


# --- identities -------------------------------------------------------------------------------


def identity_of(person_id: int) -> int | None:
    return (
        PersonIdentity.objects.filter(person_id=person_id).values_list("identity_id", flat=True)
    ).first()


def _members(identity_id: int | None, person_id: int) -> list[int]:
    if identity_id is None:
        return [person_id]
    return list(
        PersonIdentity.objects.filter(identity_id=identity_id).values_list("person_id", flat=True)
    )


def identities_link(a: int, b: int) -> dict[str, int | None]:
    """Put a and b (and everyone already linked to either) under one identity. Returns the
    assignments before, for undo."""
    ia, ib = identity_of(a), identity_of(b)
    members = set(_members(ia, a)) | set(_members(ib, b))
    before = {
        str(pid): iid
        for pid, iid in PersonIdentity.objects.filter(person_id__in=members).values_list(
            "person_id", "identity_id"
        )
    }
    before.update({str(pid): None for pid in members if str(pid) not in before})
    target = ia or ib
    if target is None:
        target = Identity.objects.create().pk
    PersonIdentity.objects.filter(person_id__in=members).exclude(identity_id=target).update(
        identity_id=target, linked_at=timezone.now()
    )
    have = set(
        PersonIdentity.objects.filter(person_id__in=members).values_list("person_id", flat=True)
    )
    PersonIdentity.objects.bulk_create(
        PersonIdentity(person_id=pid, identity_id=target) for pid in members - have
    )
    return before


def identities_restore(before: dict[str, int | None]) -> None:
    for key, identity_id in before.items():
        pid = int(key)
        if identity_id is None:
            PersonIdentity.objects.filter(person_id=pid).delete()
        else:
            PersonIdentity.objects.update_or_create(
                person_id=pid, defaults={"identity_id": identity_id}
            )
    # identities nobody belongs to any more are removed
    Identity.objects.filter(members__isnull=True, pk__in=[i for i in before.values() if i]).delete()
    Identity.objects.annotate(n=Count("members")).filter(n=0).delete()


# --- decisions --------------------------------------------------------------------------------


def decision_record(*, actor, candidate: MatchCandidate, decision: str, reason: str = ""):
    from seri.linkage.selectors import can_decide

    if decision not in (Decision.SAME, Decision.DIFFERENT, Decision.UNSURE):
        raise ValueError("unknown decision")
    if not can_decide(actor, candidate):
        raise PermissionError("this user cannot decide on this pair")
    with transaction.atomic():
        candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        before = {}
        if decision == Decision.SAME:
            before = identities_link(candidate.person_a_id, candidate.person_b_id)
        row = MatchDecision.objects.create(
            candidate=candidate,
            decision=decision,
            reason=reason.strip(),
            decided_by=actor,
            identities_before=before,
        )
        candidate.status = decision
        candidate.updated_at = timezone.now()
        candidate.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            object_type="match_decision",
            detail={
                "decision": decision,
                "people": [
                    str(candidate.person_a.public_id),
                    str(candidate.person_b.public_id),
                ],
                "probability": round(candidate.probability, 4),
            },
        )
    return row


def decision_undo(*, actor, decision: MatchDecision) -> MatchCandidate:
    from seri.linkage.selectors import can_decide

    candidate = decision.candidate
    if not can_decide(actor, candidate):
        raise PermissionError("this user cannot decide on this pair")
    if decision.undone_at:
        return candidate
    with transaction.atomic():
        if decision.decision == Decision.SAME:
            identities_restore(decision.identities_before)
        decision.undone_at = timezone.now()
        decision.undone_by = actor
        decision.save(update_fields=["undone_at", "undone_by"])
        candidate.status = Decision.OPEN
        candidate.updated_at = timezone.now()
        candidate.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=decision,
            object_type="match_decision",
            detail={"undone": decision.decision},
        )
    return candidate


def review_request(*, actor, candidate: MatchCandidate) -> MatchCandidate:
    """Ask the coordinator to check a pair the user cannot see both sides of."""
    from seri.linkage.selectors import can_see_candidate_exists

    if not can_see_candidate_exists(actor, candidate):
        raise PermissionError("this user cannot ask about this pair")
    with transaction.atomic():
        candidate.requested_by = actor
        candidate.updated_at = timezone.now()
        candidate.save(update_fields=["requested_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=candidate,
            object_type="match_candidate",
            detail={"asked_coordinator": True},
        )
    return candidate


def confirmed_pairs() -> Q:
    """Decisions that count as labels for training."""
    return Q(status__in=[Decision.SAME, Decision.DIFFERENT])
