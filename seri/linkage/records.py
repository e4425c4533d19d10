"""What the match model reads: people as `Record`s, their blocking keys, the active model's
parameters, and the candidate search run at every intake. Reads only, for the system (the
model needs every person's record; what a user is shown is scoped in `selectors`).
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice, product

from django.db import DatabaseError
from django.db.models import Case as SqlCase
from django.db.models import Sum, Value, When

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
from seri.linkage import scripts
from seri.linkage.models import (
    KeyKind,
    ModelVersion,
    NameFrequencies,
    NameWordFrequency,
    PersonNameKey,
)
from seri.linkage.names import ParsedName
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
FULL_WEIGHT = 3  # a shared whole-name key (FULL: words or loose form) ranks as three word sounds


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
    """The blind indexes stored for blocking: each reading's sorted words, each word's sound,
    and each name's loose forms (`loose_fulls`), stored as FULL keys under their own key."""
    keys: set[tuple[str, str]] = {
        (KeyKind.FULL, crypto.blind_index("linkage-full", f)) for f in rec.name.fulls
    }
    keys |= {(KeyKind.PHONETIC, sound_key(s)) for s in rec.sounds}
    keys |= {(KeyKind.FULL, loose_key(f)) for f in loose_of(rec)}
    return keys


def loose_key(form: str) -> str:
    return crypto.blind_index("linkage-loose", form)


# --- loose forms: every reading of a name in a few keys ----------------------------------------
#
# A name written in Korean, Japanese, Cyrillic, Ethiopic or an Indic script is read unit by
# unit, each unit with several spellings (`scripts.parsings`): 이 is Lee, Yi, I or Rhee, the
# Tamil ப is p or b, an Ethiopic sixth form has a vowel or none. The usual spelling alone (the
# FULL and sound keys) misses the others (Yi Sŏyŏn, Subramanian, Alexey Fyodorov); every
# combination of spellings would be thousands of keys. A loose form keeps what the spellings
# agree on: the consonants, voiced and voiceless merged (b p, d t, g k, v f), the vowels left
# out but for a mark that the word starts with one (h counts as a consonant there). 이서연 is
# "a sn", "l sn" or "r sn", and Yi Sŏyŏn is "a sn"; சுப்பிரமணியன் is "sprmn" or "cprmn", and
# Subramanian is "sprmn". A name's loose forms are its words' forms sorted, one per reading:
# a few per name (at most MAX_LOOSE), as each word's spellings collapse to the few consonant
# strings they spell (at most MAX_LOOSE_WORD).

MAX_LOOSE = 8  # loose forms per name
MAX_LOOSE_WORD = 6  # loose forms per word
# one spelling of each sound, applied within a unit's spelling (never across two units, so
# not the sound keys' tr = ts = ch: t + r written apart is Petrov, not Pechov)
_LOOSE = (
    ("x", "ks"), ("tch", "c"), ("ch", "c"), ("sh", "s"), ("zh", "s"), ("j", "c"), ("q", "k"),
    ("z", "s"), ("ph", "f"), ("th", "t"), ("kh", "k"), ("gh", "k"), ("dh", "t"), ("bh", "p"),
    ("w", "u"), ("y", "i"),
)  # fmt: skip
_VOICED = str.maketrans({"b": "p", "d": "t", "g": "k", "v": "f"})
_VOWEL = re.compile("[aeiou]+")


@lru_cache(maxsize=50_000)
def _loose_part(spelling: str) -> tuple[bool | None, str]:
    """(starts with a vowel, or None if it spells nothing; its consonants) of one spelling."""
    text = re.sub("[^a-z]", "", spelling.lower())
    for old, new in _LOOSE:
        text = text.replace(old, new)
    text = text.translate(_VOICED)
    if not text:
        return None, ""
    # h is silent but for starting the word with a consonant: Hussain and حسین (hsin) "sn"
    return text[0] in "aeiou", _VOWEL.sub("", text.replace("h", ""))


def _join(first: bool | None, consonants: str) -> str:
    """A word's loose form: "a" for a first vowel, then its consonants; "a" alone for a word
    of vowels (and h: Hoa)."""
    return ("a" if first or not consonants else "") + re.sub(r"(.)\1+", r"\1", consonants)


def loose_word(word: str) -> str:
    """The loose form of one romanised word (Subramanian: sprmn, Iuliia: al)."""
    first, consonants = _loose_part(word)
    return _join(first, consonants)


def _loose_units(units: scripts.Word) -> list[str]:
    """The loose forms a word read unit by unit can spell, the usual spellings' first."""
    states: dict[tuple[bool | None, str], None] = {(None, ""): None}
    for unit in units:
        following: dict[tuple[bool | None, str], None] = {}
        for first, consonants in states:
            for spelling in unit:
                vowel, more = _loose_part(spelling) if spelling else (None, "")
                state = (first if first is not None else vowel, consonants + more)
                state = (state[0], re.sub(r"(.)\1+", r"\1", state[1]))
                following.setdefault(state, None)
        states = dict.fromkeys(islice(following, MAX_LOOSE_WORD * 4))
    forms = dict.fromkeys(_join(first, c) for first, c in states if first is not None or c)
    return list(forms)[:MAX_LOOSE_WORD]


def _fulls(per_word: list[list[str]]) -> list[str]:
    per_word = [w for w in per_word if w]
    return [" ".join(sorted(combo)) for combo in islice(product(*per_word), MAX_LOOSE)]


@lru_cache(maxsize=50_000)
def loose_fulls(parsed: ParsedName) -> frozenset[str]:
    """A name's loose forms: from each way of reading it unit by unit (Korean, Japanese,
    Cyrillic, Ethiopic, the Indic scripts and Sinhala), a Korean given name also syllable by
    syllable, then from its readings (Latin spellings and their conventions, Chinese readings,
    the Arabic-script skeletons). At most MAX_LOOSE."""
    out: list[str] = []
    for read in parsed.parsings:
        out += _fulls([_loose_units(word) for word in read])
        if parsed.script == "korean" and len(read) == 2 and len(read[1]) > 1:
            syllables = [(unit,) for unit in read[1]]
            out += _fulls([_loose_units(read[0]), *(_loose_units(s) for s in syllables)])
    for reading in parsed.forms.readings:
        out += _fulls([[loose_word(w)] for w in reading])
    return frozenset(list(dict.fromkeys(f for f in out if f.strip()))[:MAX_LOOSE])


def loose_of(rec: Record) -> frozenset[str]:
    """The loose forms of all of a record's names."""
    return frozenset().union(*(loose_fulls(n) for n in rec.names)) if rec.names else frozenset()


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
    """People sharing stored keys with this record, most shared keys first (a whole name's
    key counting FULL_WEIGHT). Keys held by more than STOP_KEY_PEOPLE people are skipped."""
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
    # a whole name's key (its words, or a loose form) counts as FULL_WEIGHT word sounds: 이서연
    # shares one loose key with Yi Sŏyŏn, and must not rank below everyone sharing "yi" alone
    rows = (
        PersonNameKey.objects.filter(key__in=usable)
        .exclude(person_id=exclude if exclude is not None else 0)
        .values("person_id")
        .annotate(
            shared=Sum(SqlCase(When(kind=KeyKind.FULL, then=Value(FULL_WEIGHT)), default=Value(1)))
        )
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
