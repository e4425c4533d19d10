"""What the match model reads: people as `Record`s, their blocking keys, the active model's
parameters, and the candidate search run at every intake. Reads only, for the system (the
model needs every person's record; what a user is shown is scoped in `selectors`).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import DatabaseError
from django.db.models import Count

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
    KeyKind,
    ModelVersion,
    NameFrequencies,
    NameWordFrequency,
    PersonNameKey,
)
from seri.linkage.scoring import (
    CANDIDATE,
    Parameters,
    Record,
    WordFrequencies,
    birth_year_of,
    record,
    score,
)

STOP_KEY_PEOPLE = 2000  # a key shared by more people than this is too common to block on
CANDIDATE_LIMIT = 100


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
    keys: set[tuple[str, str]] = {
        (KeyKind.FULL, crypto.blind_index("linkage-full", f)) for f in rec.name.fulls
    }
    keys |= {(KeyKind.PHONETIC, sound_key(s)) for s in rec.sounds}
    return keys


def sound_key(sound: str) -> str:
    """The keyed hash of a word's sound key: the PHONETIC `PersonNameKey` and the key of
    `NameWordFrequency`."""
    return crypto.blind_index("linkage-sound", sound)


def word_frequencies(rec: Record) -> WordFrequencies | None:
    """The counts of this record's name words, for the intake scorer: one indexed lookup of
    the record's keyed sound keys in `NameWordFrequency`. None before the first refresh."""
    summary = NameFrequencies.objects.only("people", "expected").first()
    if summary is None or not summary.people:
        return None
    by_key = {sound_key(s): s for s in rec.sounds}
    counts = dict.fromkeys(rec.sounds, 0)
    for key, people in NameWordFrequency.objects.filter(key__in=list(by_key)).values_list(
        "key", "people"
    ):
        counts[by_key[key]] = people
    floor = 1 / summary.people
    return WordFrequencies(
        share={s: max(c / summary.people, floor) for s, c in counts.items()},
        expected=summary.expected,
        people=summary.people,
    )


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
        .exclude(person_id=exclude if exclude is not None else 0)
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
    frequencies = word_frequencies(rec) if others else None
    out = []
    for pid, other in others.items():
        result = score(rec, other, params, frequencies)
        if result.probability >= CANDIDATE or pid in exact:
            out.append((pid, result.probability, result.as_dict(), exact.get(pid, [])))
    out.sort(key=lambda row: (-len(row[3]), -row[1], row[0]))
    return out
