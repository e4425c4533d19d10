"""Every write of seri.linkage: name keys, candidate pairs, review decisions and identities,
batch runs and their model versions, tracing notifications.

The contract of the house (docs/architecture.md): keyword-only, `actor` the user or None for
the system, permission checked here (rules in `seri.linkage.permissions`), validation errors
with field names, one `transaction.atomic()` with the audit row(s) written inside it.
`linkage_person_recorded` is the exception that proves it: it runs inside
`seri.cases.services.person_create`'s transaction, whose permission check and audit row cover it;
it audits the candidate pairs it finds.
"""

import uuid
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import AuditEntry, audit_record, audit_record_many
from seri.cases.models import Person, PersonName
from seri.linkage import permissions
from seri.linkage.models import (
    Decision,
    Identity,
    KeyKind,
    LinkageRun,
    MatchCandidate,
    MatchDecision,
    ModelVersion,
    NameFrequencies,
    NameWordFrequency,
    Notification,
    PersonIdentity,
    PersonNameForms,
    PersonNameKey,
    Source,
)
from seri.linkage.names import ParsedName, parse_name
from seri.linkage.records import (
    active_parameters,
    find_candidates,
    forms_rows,
    forms_version,
    keys_of,
    records_and_names_of,
    records_of,
)
from seri.linkage.scoring import Record

# --- name keys --------------------------------------------------------------------------------


def _index_people(
    person_ids: Iterable[int],
    *,
    records: dict[int, Record] | None = None,
    names: dict[int, list[tuple[str, ParsedName]]] | None = None,
) -> int:
    """(Re)compute the stored keys and name forms of these people (`records` and `names` as
    `records_and_names_of` gives them; read afresh when not given). Returns the number of key
    rows written. Runs in the caller's transaction."""
    ids = list(person_ids)
    if records is None or names is None:
        records, names = records_and_names_of(ids, fresh=True)
    PersonNameKey.objects.filter(person_id__in=ids).delete()
    PersonNameForms.objects.filter(person_id__in=ids).delete()
    rows = [
        PersonNameKey(person_id=pid, kind=kind, key=key)
        for pid, rec in records.items()
        for kind, key in keys_of(rec)
    ]
    PersonNameKey.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    PersonNameForms.objects.bulk_create(forms_rows(names), batch_size=2000)
    return len(rows)


def linkage_reindex(
    *, actor, batch_size: int = 5000, progress: Callable[[int], None] | None = None
) -> int:
    """Keys for every person, batch by batch, each batch its own transaction and audit row."""
    if not permissions.may_run_linkage(actor):
        raise PermissionError("only the system or a coordinator re-indexes names")
    done = 0
    last = 0
    while True:
        ids = list(
            Person.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            linkage_frequencies_refresh(actor=actor)
            return done
        with transaction.atomic():
            keys = _index_people(ids)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type="person_name_keys",
                detail={"people": len(ids), "keys": keys},
            )
        done += len(ids)
        last = ids[-1]
        if progress:
            progress(done)


def linkage_forms_store(
    *, actor, batch_size: int = 5000, progress: Callable[[int], None] | None = None
) -> int:
    """Store the name forms (`PersonNameForms`) of every person who has none of the current
    `forms_version`, batch by batch, each batch its own transaction and audit row; the keys
    are left as they are. After the upgrade that added the forms (a backfill that only adds
    rows), or when only the stored forms are out of date. Returns the number of people."""
    if not permissions.may_run_linkage(actor):
        raise PermissionError("only the system or a coordinator re-indexes names")
    version = forms_version()
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
        last = ids[-1]
        current = set(
            PersonNameForms.objects.filter(person_id__in=ids, reader_hash=version).values_list(
                "person_id", flat=True
            )
        )
        todo = [pid for pid in ids if pid not in current]
        if todo:
            names: dict[int, list[tuple[str, ParsedName]]] = {pid: [] for pid in todo}
            for pid, value in (
                PersonName.objects.filter(person_id__in=todo)
                .order_by("person_id", "id")
                .values_list("person_id", "value")
            ):
                if value:
                    names[pid].append((value, parse_name(value)))
            with transaction.atomic():
                PersonNameForms.objects.filter(person_id__in=todo).delete()
                PersonNameForms.objects.bulk_create(forms_rows(names), batch_size=2000)
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    object_type="person_name_forms",
                    detail={"people": len(todo)},
                )
            done += len(todo)
        if progress:
            progress(done)


def linkage_frequencies_refresh(*, actor) -> NameFrequencies:
    """Count the people behind each keyed word sound (`PersonNameKey` of kind PHONETIC) into
    `NameWordFrequency`, replacing the previous counts: what the intake scorer reads so that
    common name words count for less. Keys and counts only, never a word. Run after a
    re-index and by each batch run."""
    if not permissions.may_run_linkage(actor):
        raise PermissionError("only the system or a coordinator counts name words")
    phonetic = PersonNameKey.objects.filter(kind=KeyKind.PHONETIC)
    with transaction.atomic():
        counts = list(
            phonetic.values("key").annotate(people=Count("person_id")).values_list("key", "people")
        )
        people = phonetic.values("person_id").distinct().count()
        total = sum(c for _k, c in counts)
        expected = sum(c * c for _k, c in counts) / total / people if total else 0.0
        NameWordFrequency.objects.all().delete()
        NameFrequencies.objects.all().delete()
        NameWordFrequency.objects.bulk_create(
            (NameWordFrequency(key=k, people=c) for k, c in counts), batch_size=5000
        )
        summary = NameFrequencies.objects.create(people=people, expected=expected)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=summary,
            object_type="name_word_frequencies",
            detail={"people": people, "words": len(counts)},
        )
    return summary


# --- candidates -------------------------------------------------------------------------------


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _candidate_upsert(
    a: int, b: int, *, probability: float, explanation, exact, source: str, model=None
) -> tuple[MatchCandidate, bool]:
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
    return candidate, created


def _candidates_upsert(
    person_id: int, found: list[tuple[int, float, list, list]], *, source: str, model=None
) -> tuple[list[MatchCandidate], list[MatchCandidate]]:
    """One person's pairs with those `found` (other person, probability, explanation, exact),
    as `_candidate_upsert` would keep them one by one, in three queries instead of about four
    per pair: the existing pairs read at once, open ones updated, the new ones in one insert
    (each sent `post_save` as `create` would: the notices listen to it). A pair another intake
    made meanwhile fails the insert; then pair by pair. Returns (all in order, the new)."""
    if not found:
        return [], []
    others = [pid for pid, *_rest in found]
    existing = {
        (c.person_a_id, c.person_b_id): c
        for c in MatchCandidate.objects.filter(
            Q(person_a_id=person_id, person_b_id__in=others)
            | Q(person_b_id=person_id, person_a_id__in=others)
        )
    }
    new: list[MatchCandidate] = []
    for pid, probability, explanation, exact in found:
        if _pair(person_id, pid) in existing:
            continue
        a, b = _pair(person_id, pid)
        new.append(
            MatchCandidate(
                person_a_id=a,
                person_b_id=b,
                probability=probability,
                explanation=explanation,
                exact=exact,
                source=source,
                model=model,
            )
        )
    try:
        with transaction.atomic():
            made = MatchCandidate.objects.bulk_create(new)
    except IntegrityError:
        made = []
    if any(c.pk is None for c in made) or len(made) != len(new):
        pairs = [
            _candidate_upsert(
                person_id, pid, probability=p, explanation=e, exact=x, source=source, model=model
            )
            for pid, p, e, x in found
        ]
        return [c for c, _created in pairs], [c for c, created in pairs if created]
    for candidate in made:
        post_save.send(
            sender=MatchCandidate,
            instance=candidate,
            created=True,
            update_fields=None,
            raw=False,
            using=candidate._state.db,
        )
    by_pair = {**existing, **{(c.person_a_id, c.person_b_id): c for c in made}}
    now = timezone.now()
    for pid, probability, explanation, exact in found:
        kept = existing.get(_pair(person_id, pid))
        if kept is not None and kept.status == Decision.OPEN:
            kept.probability = probability
            kept.explanation = explanation
            kept.exact = exact
            kept.updated_at = now
            kept.save(update_fields=["probability", "explanation", "exact", "updated_at"])
    return [by_pair[_pair(person_id, pid)] for pid, *_rest in found], made


def _candidate_entries(made: list[MatchCandidate], source: str) -> list[AuditEntry]:
    return [
        AuditEntry(
            action=AuditAction.CREATE,
            obj=c,
            object_type="match_candidate",
            detail={"source": source, "probability": round(c.probability, 4)},
        )
        for c in made
    ]


def linkage_person_recorded(*, actor, person: Person) -> list[MatchCandidate]:
    """Inside the transaction that records or changes a person (`person_create`): stores the
    person's keys, finds exact and fuzzy candidates, keeps them as candidate pairs (audited)
    and, after the commit, checks tracing."""
    records, names = records_and_names_of([person.pk])
    rec = records.get(person.pk)
    if rec is None:
        return []
    _index_people([person.pk], records=records, names=names)
    params = active_parameters()
    model = ModelVersion.objects.filter(pk=params.version).first() if params.version else None
    found = [
        (pid, probability, explanation["fields"], exact)
        for pid, probability, explanation, exact in find_candidates(
            rec, exclude=person.pk, params=params
        )
    ]
    candidates, made = _candidates_upsert(person.pk, found, source=Source.INTAKE, model=model)
    if made:
        audit_record_many(actor=actor, entries=_candidate_entries(made, Source.INTAKE))
    if candidates:
        # after the commit: by then intake has written the person's case and report
        ids = [c.pk for c in candidates]
        transaction.on_commit(
            lambda: tracing_notify(actor=None, candidates=MatchCandidate.objects.filter(pk__in=ids))
        )
    return candidates


# --- identities -------------------------------------------------------------------------------


def _identity_of(person_id: int) -> int | None:
    return (
        PersonIdentity.objects.filter(person_id=person_id).values_list("identity_id", flat=True)
    ).first()


def _members(identity_id: int | None, person_id: int) -> list[int]:
    if identity_id is None:
        return [person_id]
    return list(
        PersonIdentity.objects.filter(identity_id=identity_id).values_list("person_id", flat=True)
    )


def _identities_link(a: int, b: int) -> dict[str, int | None]:
    """Put a and b (and everyone already linked to either) under one identity. Returns the
    assignments before, for undo."""
    ia, ib = _identity_of(a), _identity_of(b)
    members = set(_members(ia, a)) | set(_members(ib, b))
    before: dict[str, int | None] = {
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


def _identities_restore(before: dict[str, int | None]) -> None:
    for key, identity_id in before.items():
        pid = int(key)
        if identity_id is None:
            PersonIdentity.objects.filter(person_id=pid).delete()
        else:
            PersonIdentity.objects.update_or_create(
                person_id=pid, defaults={"identity_id": identity_id}
            )
    # identities nobody belongs to any more are removed
    Identity.objects.annotate(n=Count("members")).filter(n=0).delete()


# --- decisions --------------------------------------------------------------------------------

DECISIONS = (Decision.SAME, Decision.DIFFERENT, Decision.UNSURE)


def decision_record(
    *, actor, candidate: MatchCandidate, decision: str, reason: str = "", via: str = "queue"
) -> MatchDecision:
    """One reviewer's decision on a pair; `via` says where it was taken (the review queue, or
    "intake" for "It's someone else" on the intake form), for the audit row."""
    if not permissions.may_decide(actor, candidate):
        raise PermissionError("this user cannot decide on this pair")
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose same person, different people or not sure.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most 2,000 characters.")})
    with transaction.atomic():
        candidate = (
            MatchCandidate.objects.select_for_update()
            .select_related("person_a", "person_b")
            .get(pk=candidate.pk)
        )
        before = {}
        if decision == Decision.SAME:
            before = _identities_link(candidate.person_a_id, candidate.person_b_id)
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
                "via": via,
            },
        )
    return row


def linkage_intake_not_same(
    *, actor, person: Person, not_same: Iterable[str]
) -> list[MatchDecision]:
    """The caseworker said at intake, before saving, that people the duplicate check showed
    are someone else (`not_same`: their public ids). Once the new `person` is recorded, each
    such pair is decided "different people" as in the review queue (a decision, audited,
    undoable there), so it is not proposed again. Ids of people the actor does not see are
    ignored: the check never showed them."""
    if not permissions.may_review(actor):
        raise PermissionError("this user cannot decide on pairs")
    ids = {str(public_id) for public_id in not_same if public_id}
    if not ids:
        return []
    others = Person.objects.filter(public_id__in=_valid_uuids(ids)).exclude(pk=person.pk)
    shown = permissions.visible_person_ids(actor, others.values_list("pk", flat=True))
    decisions = []
    with transaction.atomic():
        for other in sorted(shown):
            candidate, created = _candidate_upsert(
                person.pk, other, probability=0.0, explanation=[], exact=[], source=Source.INTAKE
            )
            if created:
                audit_record_many(actor=actor, entries=_candidate_entries([candidate], "intake"))
            if candidate.status == Decision.DIFFERENT:
                continue
            decisions.append(
                decision_record(
                    actor=actor, candidate=candidate, decision=Decision.DIFFERENT, via="intake"
                )
            )
    return decisions


def _valid_uuids(values: Iterable[str]) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


def decision_undo(*, actor, candidate: MatchCandidate) -> MatchCandidate:
    """Undo the last decision on this pair (restoring the identities as they were before a
    "same person"); the pair is open again. Nothing to undo: the pair as it is."""
    if not permissions.may_decide(actor, candidate):
        raise PermissionError("this user cannot decide on this pair")
    with transaction.atomic():
        decision = (
            candidate.decisions.select_for_update()
            .filter(undone_at__isnull=True)
            .order_by("-decided_at", "-id")
            .first()
        )
        if decision is None:
            return candidate
        if decision.decision == Decision.SAME:
            _identities_restore(decision.identities_before)
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
    if not permissions.may_ask(actor, candidate):
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


# --- batch runs -------------------------------------------------------------------------------


def linkage_run_start(*, actor, task_id: str = "") -> LinkageRun:
    """A queued batch run, recorded before the work starts (the task fills it in)."""
    if not permissions.may_run_linkage(actor):
        raise PermissionError("only the system or a coordinator runs batch linkage")
    with transaction.atomic():
        run = LinkageRun.objects.create(task_id=task_id)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=run, object_type="linkage_run")
    return run


def linkage_run_update(*, actor, run: LinkageRun, status: str, error: str = "") -> LinkageRun:
    """Running, or failed with its error (the successful end is `linkage_run_store`)."""
    if not permissions.may_run_linkage(actor):
        raise PermissionError("only the system or a coordinator runs batch linkage")
    if status not in (LinkageRun.Status.RUNNING, LinkageRun.Status.FAILED):
        raise ValidationError({"status": "running or failed"})
    with transaction.atomic():
        run.status = status
        run.error = error[:2000]
        fields = ["status", "error"]
        if status == LinkageRun.Status.FAILED:
            run.finished_at = timezone.now()
            fields.append("finished_at")
        run.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            obj=run,
            object_type="linkage_run",
            detail={"status": status},
        )
    return run


def linkage_run_store(*, actor, run: LinkageRun, result, records: dict[int, Record]) -> LinkageRun:
    """The results of a batch run (`seri.linkage.batch.BatchResult`): a new active model
    version, candidate pairs for review (pairs already decided are left alone), the run's
    figures. One transaction, audited."""
    from seri.linkage.batch import candidate_rows

    if not permissions.may_run_linkage(actor):
        raise PermissionError("only the system or a coordinator runs batch linkage")
    with transaction.atomic():
        ModelVersion.objects.filter(is_active=True).update(is_active=False)
        model = ModelVersion.objects.create(
            trained_on=result.people,
            threshold=result.threshold,
            splink_settings=result.trained,
            notes=f"batch run {run.pk}",
        )
        decided = set(
            MatchCandidate.objects.exclude(status=Decision.OPEN).values_list(
                "person_a_id", "person_b_id"
            )
        )
        made = 0
        for a, b, probability, fields, exact in candidate_rows(result, records, model.pk):
            if (a, b) in decided:
                continue
            _candidate_upsert(
                a,
                b,
                probability=probability,
                explanation=fields,
                exact=exact,
                source=Source.BATCH,
                model=model,
            )
            made += 1
        run.people, run.pairs, run.clusters = result.people, result.pairs, result.clusters
        run.candidates = made
        run.model = model
        run.status = LinkageRun.Status.DONE
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            obj=run,
            object_type="linkage_run",
            detail={
                "status": run.status,
                "model": model.pk,
                "people": run.people,
                "candidates": made,
            },
        )
    return run


def linkage_batch_run(
    *, actor, threshold: float | None = None, run: LinkageRun | None = None, log=lambda _m: None
) -> LinkageRun:
    """Batch linkage of everyone (the command and the background task): compute with Splink
    (`seri.linkage.batch`), store through the services above, then check tracing."""
    from seri.linkage import batch

    run = run or linkage_run_start(actor=actor)
    linkage_run_update(actor=actor, run=run, status=LinkageRun.Status.RUNNING)
    try:
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        records = records_of(ids)
        result = batch.link_everyone(records, threshold=threshold, log=log)
        run = linkage_run_store(actor=actor, run=run, result=result, records=records)
        linkage_frequencies_refresh(actor=actor)
    except Exception as exc:
        linkage_run_update(
            actor=actor,
            run=run,
            status=LinkageRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}",
        )
        raise
    tracing_notify_all(actor=actor)
    return run


# --- tracing ----------------------------------------------------------------------------------


def tracing_notify(*, actor, candidates: Iterable[MatchCandidate]) -> int:
    """Notify the owning caseworkers of both sides of every likely missing ↔ safe match
    (`seri.linkage.tracing`). Returns the notifications made."""
    from seri.linkage.tracing import tracing_matches

    if not permissions.may_run_linkage(actor):
        raise PermissionError("tracing notifications are sent by the system")
    made = 0
    with transaction.atomic():
        entries = []
        for candidate, users in tracing_matches(candidates):
            users = users - set(
                Notification.objects.filter(
                    candidate=candidate, kind=Source.TRACING, user_id__in=users
                ).values_list("user_id", flat=True)
            )
            if not users:
                continue
            Notification.objects.bulk_create(
                [Notification(user_id=u, candidate=candidate, kind=Source.TRACING) for u in users]
            )
            made += len(users)
            entries.append(
                AuditEntry(
                    action=AuditAction.CREATE,
                    obj=candidate,
                    object_type="tracing_notification",
                    detail={"users": sorted(users)},
                )
            )
        if entries:
            audit_record_many(actor=actor, entries=entries)
    return made


def tracing_notify_all(*, actor) -> int:
    """Check every open or confirmed likely candidate (after a batch run)."""
    from seri.linkage.tracing import likely_candidates

    return tracing_notify(actor=actor, candidates=likely_candidates())
