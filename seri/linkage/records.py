"""What the match model reads: people as `Record`s, their blocking keys, their stored name
forms, the active model's parameters, and the candidate search run at every intake. Reads
only, for the system (the model needs every person's record; what a user is shown is scoped in
`selectors`).
"""

import dataclasses
import hashlib
import heapq
import importlib.metadata
import re
import sys
import types
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import islice, product
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection
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
from seri.linkage import burmese, conventions, scripts, thai, transcribed
from seri.linkage import names as name_reading
from seri.linkage.models import (
    KeyKind,
    ModelVersion,
    NameFrequencies,
    NameWordFrequency,
    PersonNameForms,
    PersonNameKey,
)
from seri.linkage.names import NameForms, ParsedName, parse_name
from seri.linkage.scoring import (
    CANDIDATE,
    Parameters,
    Record,
    WordFrequencies,
    birth_year_of,
    record,
    score,
    skeleton,
)

STOP_KEY_PEOPLE = 2000  # a key shared by more people than this is too common to block on
CANDIDATE_LIMIT = 100
FULL_WEIGHT = 3  # a shared whole-name key (FULL: words or loose form) ranks as three word sounds


# --- stored name forms -----------------------------------------------------------------------
#
# Reading a name (`names.parse_name`: scripts, Chinese readings, Korean, Japanese, Khmer...)
# takes about 12 ms on average and a Khmer word a quarter of a second, and the intake scorer
# needs the readings of up to CANDIDATE_LIMIT candidates. So each person's parsed names are
# stored when their keys are (`PersonNameForms`, encrypted: they are the names), with a hash of
# the code that read them (`forms_version`): the scorer reads them back, and reads a name
# afresh where its stored forms are missing, were made from another text or by other code.
# `seri linkage reindex` stores them anew.

FORMS_CODEC = 1  # the layout of `encode_parsed`; part of `forms_version`


def _reading_modules() -> list[types.ModuleType]:
    """`names` and every module of seri.linkage it reads names with, found from the names
    each module uses (so a module added to the reading is counted without a list here)."""
    found: dict[str, types.ModuleType] = {}
    todo = [name_reading]
    while todo:
        module = todo.pop()
        if module.__name__ in found:
            continue
        found[module.__name__] = module
        for value in vars(module).values():
            owner = value if isinstance(value, types.ModuleType) else None
            if owner is None:
                owner = sys.modules.get(getattr(value, "__module__", None) or "")
            if owner is not None and owner.__name__.startswith("seri.linkage."):
                todo.append(owner)
    return [found[name] for name in sorted(found)]


_DISTRIBUTIONS = (
    "anyascii", "jellyfish", "pypinyin", "pythainlp", "khmer-latin-name-transformer",
    "myanmartools", "python-myanmar", "pynini",
)  # fmt: skip


@cache
def forms_version() -> str:
    """A hash of what reads names: the source of `names` and the modules it uses, the files of
    seri/linkage/data and the versions of the libraries they call. Stored forms of another
    version are read afresh (a change in any of these may change a reading)."""
    return reading_hash(FORMS_CODEC)


def reading_hash(codec: int) -> str:
    """`forms_version` for this layout of the stored forms, from the files as they are now."""
    digest = hashlib.sha256(f"codec {codec}\n".encode())
    for module in _reading_modules():
        digest.update(module.__name__.encode() + b"\0" + Path(module.__file__ or "").read_bytes())
    data = Path(name_reading.__file__ or "").parent / "data"
    for path in sorted(data.rglob("*")) if data.is_dir() else ():
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for dist in _DISTRIBUTIONS:
        try:
            digest.update(f"{dist} {importlib.metadata.version(dist)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{dist} -\n".encode())
    return digest.hexdigest()[:16]


_FORM_CLASSES: dict[str, type] = {"ParsedName": ParsedName, "NameForms": NameForms}


def _encode(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, frozenset):
        return {"set": [_encode(v) for v in value]}
    if type(value).__name__ in _FORM_CLASSES and dataclasses.is_dataclass(value):
        fields = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            default = f.default_factory() if callable(f.default_factory) else f.default
            if f.name == "plain" and item is not None and item == getattr(value, "forms", None):
                fields[f.name] = "forms"  # most names: the same forms as without conventions
            elif item != default:
                fields[f.name] = _encode(item)
        return {type(value).__name__: fields}
    raise TypeError(f"a name form of type {type(value).__name__} cannot be stored")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        ((kind, inner),) = value.items()
        if kind == "set":
            return frozenset(_decode(v) for v in inner)
        fields = {k: _decode(v) for k, v in inner.items() if k != "plain" or v != "forms"}
        if kind == "ParsedName" and inner.get("plain") == "forms":
            fields["plain"] = fields.get("forms", NameForms())
        return _FORM_CLASSES[kind](**fields)
    return value


def encode_parsed(parsed: ParsedName) -> Any:
    """A parsed name as JSON (tuples as lists, sets tagged, default fields left out)."""
    return _encode(parsed)


def decode_parsed(stored: Any) -> ParsedName:
    parsed = _decode(stored)
    if not isinstance(parsed, ParsedName):
        raise TypeError("not a stored parsed name")
    return parsed


def stored_forms(person_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{person: {name text: its stored (encoded) parsed form}} of the current version."""
    version = forms_version()
    out: dict[int, dict[str, Any]] = {}
    for pid, forms in PersonNameForms.objects.filter(
        person_id__in=list(person_ids), reader_hash=version
    ).values_list("person_id", "forms"):
        out[pid] = dict(forms or [])
    return out


def forms_rows(parsed: dict[int, list[tuple[str, ParsedName]]]) -> list[PersonNameForms]:
    """The `PersonNameForms` rows of these people's parsed names (what `_index_people` stores)."""
    version = forms_version()
    return [
        PersonNameForms(
            person_id=pid,
            reader_hash=version,
            forms=[[text, encode_parsed(p)] for text, p in pairs],
        )
        for pid, pairs in parsed.items()
    ]


# The names this process has read lately, by their text (as parse_name keeps its own): the
# candidates of one intake are often the next one's, and a name's forms decoded take about as
# long as reading a Latin name. Cleared when full.
READ_NAMES_KEPT = 20_000
_READ: dict[str, ParsedName] = {}


def _remember(text: str, parsed: ParsedName) -> None:
    if len(_READ) >= READ_NAMES_KEPT:
        _READ.clear()
    _READ[text] = parsed


def read_names_forget() -> None:
    """Forget the names read in this process (a test that changes stored forms)."""
    _READ.clear()


def record_of_parsed(parsed: Iterable[ParsedName], **fields: Any) -> Record:
    """`scoring.record` of names already parsed (the same Record as from their texts)."""
    parsed = tuple(parsed)
    forms = [p.forms for p in parsed]
    merged = NameForms(
        readings=tuple(r for f in forms for r in f.readings),
        words=frozenset().union(*(f.words for f in forms)) if forms else frozenset(),
        keys=frozenset().union(*(f.keys for f in forms)) if forms else frozenset(),
    )
    return dataclasses.replace(
        record(**fields), name=merged, names=tuple(p for p in parsed if p.forms)
    )


def records_of(person_ids: Iterable[int], *, fresh: bool = False) -> dict[int, Record]:
    """Records of these people, in a fixed number of queries (names decrypted in memory, their
    stored forms read back; `fresh`: every name read anew)."""
    return records_and_names_of(person_ids, fresh=fresh)[0]


def records_and_names_of(
    person_ids: Iterable[int], *, fresh: bool = False
) -> tuple[dict[int, Record], dict[int, list[tuple[str, ParsedName]]]]:
    """(records, {person: [(name as written, parsed)]}) of these people."""
    ids = list(person_ids)
    names, nats, idents, compounds = (defaultdict(list) for _ in range(4))
    stored: dict[int, dict[str, Any]] = {}
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
        for pid, value in (
            PersonName.objects.filter(person_id__in=chunk)
            .order_by("person_id", "id")
            .values_list("person_id", "value")
        ):
            names[pid].append(value)
        if not fresh:  # the stored forms of names this process has not read yet
            unknown = [pid for pid in chunk if any(t not in _READ for t in names.get(pid, ()))]
            stored.update(stored_forms(unknown) if unknown else {})
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
    # one object per name text in a call: a batch holds a million people's names in memory
    decoded: dict[str, ParsedName] = {}

    def parsed_of(pid: int, text: str) -> ParsedName:
        found = decoded.get(text)
        if found is None:
            found = None if fresh else _READ.get(text)
            if found is None:
                form = stored.get(pid, {}).get(text)
                found = decode_parsed(form) if form is not None else parse_name(text)
                if not fresh:
                    _remember(text, found)
            decoded[text] = found
        return found

    parsed = {pid: [(t, parsed_of(pid, t)) for t in names[pid] if t] for pid in people}
    records = {
        pid: record_of_parsed(
            (p for _text, p in parsed[pid]),
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
    return records, parsed


def keys_of(rec: Record, *, asking: bool = False) -> set[tuple[str, str]]:
    """The blind indexes stored for blocking: each reading's sorted words, each word's sound,
    and each name's loose forms (`loose_fulls`) and forms as a transcribed foreign name
    (`transcribed_fulls`), stored as FULL keys under their own key. `asking`: the keys a search
    for this record looks up — the same, but a transcription's forms for the other side's."""
    keys: set[tuple[str, str]] = {
        (KeyKind.FULL, crypto.blind_index("linkage-full", f)) for f in rec.name.fulls
    }
    keys |= {(KeyKind.PHONETIC, sound_key(s)) for s in rec.sounds | _mongolian_sounds(rec)}
    transcriptions = transcribed_of(rec)
    if asking:
        transcriptions = frozenset(_other_side(f) for f in transcriptions)
    loose = loose_of(rec) | transcriptions | thai_of(rec) | _mongolian_given_names(rec)
    keys |= {(KeyKind.FULL, loose_key(f)) for f in loose}
    return keys


THAI_KEYED = "thai:"  # the prefix of the forms `thai_of` keys


def thai_of(rec: Record) -> frozenset[str]:
    """Two spellings of one Thai name, the Royal Institute's and a passport's, may share no
    other key (Porntip Jankaew / Phonthip Chankaeo; บุญเรือง แก้วมณี / Boonruang Kaewmanee):
    each name's words as `thai.romanised` keys them, sorted (the family name first or last) —
    of a name in Thai script (its first two readings) and of a romanised name of a record of
    Thai or unknown nationality, as the scorer reads two romanised names so only for those
    (`scoring._thai_romanised`)."""
    thai_national = not rec.nationalities or thai.NATIONALITY in rec.nationalities
    forms: set[str] = set()
    for parsed in rec.names:
        if parsed.script == "thai":
            readings = [tuple(r) for r in parsed.forms.readings[:2]]
        elif thai_national and parsed.ordered:
            readings = [parsed.ordered[0][0]]
        else:
            continue
        forms |= {THAI_KEYED + " ".join(sorted(map(thai.romanised, r))) for r in readings if r}
    return frozenset(forms)


# a Latin h that is not part of ch, sh, zh or kh (Mongolian writes no th: Bathuyag is
# Bat-khuyag), and x: the Mongolian kha (`_kh`)
_MONGOLIAN_H = re.compile("(?<![cszk])h|x")


def _mongolian_sounds(rec: Record) -> frozenset[str]:
    """A Mongolian national's romanised words also with each kha written kh, h and x, its
    Latin spellings (`conventions.mongolian`: Enkhtuya, Enhtuya, Enxtuya): their sound keys,
    which the scorer reads as one for Mongolian nationals or unknown, so that the search
    proposes the pair from either side, the other of any nationality."""
    if not rec.nationalities & conventions.MONGOLIA:
        return frozenset()
    words = {w for n in rec.names if n.ordered for w in n.words}
    kh = {_kh(w) for w in words}
    spelled = {conventions.mongolian(w) for w in words} | kh | {w.replace("kh", "x") for w in kh}
    return frozenset(f"s:{skeleton(w)}" for w in spelled - words if w) - rec.sounds


def _kh(word: str) -> str:
    return _MONGOLIAN_H.sub("kh", word)


def _mongolian_given_names(rec: Record) -> frozenset[str]:
    """A Mongolian national's romanised names without the patronymic (the one word in the
    genitive: `conventions.mongolian_stems`; or an initial), the other words as one loose
    word: the given name, joined or split alike (Ochiryn Munkh-Erdene, O. Munkherdene)."""
    if not rec.nationalities & conventions.MONGOLIA:
        return frozenset()
    out = set()
    for name in rec.names:
        fathers = [w for w in name.words if conventions.mongolian_stems(w)]
        left = [w for w in name.words if not scripts.is_initial(w, scripts.DIGRAPH_INITIALS)]
        if len(fathers) == 1 and len(name.words) > 1:
            left.remove(fathers[0])
        if name.ordered and left and len(left) < len(name.words):
            out.add(_joined(tuple(loose_word(w) for w in left)))
    return frozenset(out)


def loose_key(form: str) -> str:
    return crypto.blind_index("linkage-loose", form)


# --- loose forms: every reading of a name in a few keys ----------------------------------------
#
# A name written in Korean, Japanese, Cyrillic, Ethiopic or an Indic script is read unit by
# unit, each unit with several spellings (`scripts.parsings`): 이 is Lee, Yi, I or Rhee, the
# Tamil ப is p or b, an Ethiopic sixth form has a vowel or none. The usual spelling alone (the
# FULL and sound keys) misses the others (Yi Sŏyŏn, Subramanian, Alexey Fyodorov); every
# combination of spellings would be thousands of keys. A loose form keeps what the spellings
# agree on: the consonants, voiced and voiceless merged (b p, d t, g k), the labials one (p b f
# v: Thai and Indic ph is p, Latin ph f: Janpen, Chanphen), the vowels left out but for a mark
# that the word starts with one (h counts as a consonant there). 이서연 is "a sn", "l sn" or
# "r sn", and Yi Sŏyŏn is "a sn"; சுப்பிரமணியன் is "sprmn" or "cprmn", and Subramanian is
# "sprmn". A name's loose forms are its words' forms sorted, one per reading: a few per name
# (at most MAX_LOOSE), as each word's spellings collapse to the few consonant strings they
# spell (at most MAX_LOOSE_WORD), the likeliest first (`_loose_units`, `_fulls`).

MAX_LOOSE = 8  # loose forms per name
MAX_LOOSE_WORD = 6  # loose forms per word
# one spelling of each sound, applied within a unit's spelling (never across two units, so
# not the sound keys' tr = ts = ch: t + r written apart is Petrov, not Pechov)
_LOOSE = (
    ("x", "ks"), ("tch", "c"), ("ch", "c"), ("sh", "s"), ("zh", "s"), ("j", "c"), ("q", "k"),
    ("z", "s"), ("ph", "f"), ("th", "t"), ("kh", "k"), ("gh", "k"), ("dh", "t"), ("bh", "p"),
    ("w", "u"), ("y", "i"),
)  # fmt: skip
_VOICED = str.maketrans({"b": "p", "d": "t", "g": "k", "v": "p", "f": "p"})
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
    """The loose forms a word read unit by unit can spell, the likeliest first: ranked by the
    sum of the ranks of the loose parts they take (each unit's usual spelling's rank 0, th t tt
    one part), so that a word of many units each with two or three parts keeps forms that
    differ in any unit, not only in the last ones (สมศักดิ์ with its karan letters unsaid:
    Somsak)."""
    states: dict[tuple[bool | None, str], int] = {(None, ""): 0}
    for unit in units:
        # a unit's spellings as loose parts: th, t and tt are one (t), unsaid is another
        parts = dict.fromkeys(
            _loose_part(spelling) if spelling else (None, "") for spelling in unit
        )
        following: dict[tuple[bool | None, str], int] = {}
        for (first, consonants), cost in states.items():
            for rank, (vowel, more) in enumerate(parts):
                rank = 0 if vowel is None else rank  # a letter that may be unsaid, as often is
                state = (first if first is not None else vowel, consonants + more)
                state = (state[0], re.sub(r"(.)\1+", r"\1", state[1]))
                if state not in following or cost + rank < following[state]:
                    following[state] = cost + rank
        best = sorted(following.items(), key=lambda item: item[1])[: MAX_LOOSE_WORD * 4]
        states = dict(best)
    ranked = sorted(states.items(), key=lambda item: item[1])
    forms = dict.fromkeys(_join(first, c) for (first, c), _cost in ranked if first is not None or c)
    return list(forms)[:MAX_LOOSE_WORD]


def _fulls(per_word: list[list[str]], most: int = MAX_LOOSE) -> list[str]:
    """A name's loose forms from its words' (each the likeliest first), the likeliest
    combinations first: by the sum of the words' ranks (ties in the order of the words), so
    that the second form of one word with the first of the others comes before the sixth of
    the last word. Enumerated best first over the vectors of ranks (a heap from all zeros,
    each vector followed by those one rank further in one word): a slice of the product in
    its own order would hold only the first word's first form once a name has four words."""
    per_word = [w for w in per_word if w]
    if not per_word:
        return []
    start = (0,) * len(per_word)
    heap: list[tuple[int, tuple[int, ...]]] = [(0, start)]
    seen = {start}
    out: list[str] = []
    while heap and len(out) < most:
        cost, ranks = heapq.heappop(heap)
        out.append(" ".join(sorted(forms[r] for forms, r in zip(per_word, ranks, strict=True))))
        for i, forms in enumerate(per_word):
            if ranks[i] + 1 < len(forms):
                following = (*ranks[:i], ranks[i] + 1, *ranks[i + 1 :])
                if following not in seen:
                    seen.add(following)
                    heapq.heappush(heap, (cost + 1, following))
    return out


def _keyed_parsings(parsed: ParsedName) -> tuple:
    """The readings unit by unit that key a name: a Khmer name's letters are compared only, it
    is keyed by the transducer's readings (its forms), as before they were read."""
    return () if parsed.script == "khmer" else parsed.parsings


@lru_cache(maxsize=50_000)
def loose_fulls(parsed: ParsedName) -> frozenset[str]:
    """A name's loose forms: from each way of reading it unit by unit (Korean, Japanese,
    Cyrillic, Ethiopic, the Indic scripts and Sinhala), a Korean given name also syllable by
    syllable, then from its readings (Latin spellings and their conventions, Chinese readings,
    the Arabic-script skeletons), at most MAX_LOOSE; and at most MAX_JOINED of the whole name
    written as one word (`_joined_forms`)."""
    out: list[str] = []
    for read in _keyed_parsings(parsed):
        out += _fulls([_loose_units(word) for word in read])
        if parsed.script == "korean" and len(read) == 2 and len(read[1]) > 1:
            syllables = [(unit,) for unit in read[1]]
            out += _fulls([_loose_units(read[0]), *(_loose_units(s) for s in syllables)])
    if parsed.skeletons:  # Arabic script, Hebrew: the letters' usual spellings
        out += _fulls([_loose_units(_skeleton_units(s)) for s in parsed.skeletons])
    for reading in parsed.forms.readings:
        out += _fulls([[loose_word(w)] for w in reading])
    forms = list(dict.fromkeys(f for f in out if f.strip()))[:MAX_LOOSE]
    return frozenset(
        forms + _joined_forms(parsed) + _without_patronymic(parsed) + _without_article(parsed)
    )


_ARTICLE = re.compile(r"^(?:al|el)(?=[a-z]{3})")


def _without_article(parsed: ParsedName) -> list[str]:
    """A romanised Arabic name whose article is written joined to a later word (Elamin,
    Elsayed, Alhassan) also keyed without it: an Arabic-script name's skeletons leave the
    article out (الأمين amn), so that intake proposes the two (عمر عثمان الأمين / Omer Osman
    Elamin). Besides MAX_LOOSE; the scorer reads the article itself."""
    if not parsed.ordered:
        return []
    words = parsed.ordered[0][0]
    bare = tuple(
        part
        for i, word in enumerate(words)
        for part in _abd(word) or ((_ARTICLE.sub("", word) if i else word),)
    )
    return _fulls([[loose_word(w)] for w in bare], 1) if bare != words else []


_ABD = re.compile(r"abd(?:ou|u|e|a|o)?l?")


def _abd(word: str) -> tuple[str, ...] | None:
    """Abd and the name after it, as the skeletons of عبد ال… read them (the article left
    out): Abdulrahman, Abdel Rahman, Abdurrahman as abd rahman."""
    match = _ABD.match(word)
    if not match:
        return None
    rest = word[match.end() :]
    if len(rest) > 1 and rest[0] == rest[1]:  # the article said as the next letter: Abdur-rahman
        rest = rest[1:]
    return ("abd", rest) if len(rest) >= 3 else ("abd",) if not rest else None


def _without_patronymic(parsed: ParsedName) -> list[str]:
    """A Mongolian name in Cyrillic, the way it is usually written: its patronymic (a father's
    name in the genitive: `scripts.patronymic`) left out or as its initial (Батсүхийн Мөнхбат:
    Munkhbat, B. Munkhbat), the likeliest loose form of each, besides MAX_LOOSE."""
    read = parsed.parsings[0] if parsed.script == "cyrillic" and parsed.parsings else ()
    fathers = [word for word in read if scripts.patronymic(word)]
    if len(fathers) != 1 or len(read) < 2:
        return []
    rest = [_loose_units(word) for word in read if not scripts.patronymic(word)]
    return _fulls(rest, 1) + _fulls([_loose_units(fathers[0][:1]), *rest], 1)


MAX_JOINED = 3  # whole-name loose forms (the words as one) per name, besides MAX_LOOSE


def _joined_forms(parsed: ParsedName) -> list[str]:
    """Loose forms of the whole name as one word, its words in written order, for names whose
    words are cut in other places in Latin than in their script: ခင်သီတာ (three syllables) is
    Khin Thida, محمدرضا Mohammad Reza, عبد الله Abdallah, Ana Marie Anamarie. Each word's
    usual spelling first; a Latin name also without a leading Burmese title (Daw Khin Thida)."""
    names: list[list[list[str]]] = []  # per way of writing the name: per word, its loose forms
    if _keyed_parsings(parsed):
        names.append([_loose_units(word) for word in parsed.parsings[0]])
    if parsed.skeletons:
        names.append([_usual_first(s, parsed.script) for s in parsed.skeletons])
    if parsed.spellings:
        names.append([_loose_units((spelled,)) for spelled in parsed.spellings])
    for words, _rules in parsed.ordered:
        names.append([[loose_word(w)] for w in words])
        title, rest = burmese.latin_title(tuple(words))
        if title:
            names.append([[loose_word(w)] for w in rest])
    out = []
    for per_word in names:
        per_word = [forms for forms in per_word if forms]
        if len(per_word) > 1:
            out += [_joined(combo) for combo in islice(product(*per_word), MAX_JOINED)]
    return list(dict.fromkeys(f for f in out if f))[:MAX_JOINED]


def _joined(forms: tuple[str, ...]) -> str:
    """Words' loose forms as one word's: a later word's mark of a first vowel dropped."""
    text = forms[0] + "".join(f[1:] if f.startswith("a") else f for f in forms[1:])
    return re.sub(r"(.)\1+", r"\1", text)


def _usual_first(skeleton: str, script: str) -> list[str]:
    """An Arabic-script or Hebrew word's loose forms, the one of its usual spelling first."""
    forms = _loose_units(_skeleton_units(skeleton))
    usual = loose_word(name_reading._readable(skeleton, script))
    return sorted(forms, key=lambda f: f != usual)


@lru_cache(maxsize=50_000)
def _skeleton_units(skeleton: str) -> scripts.Word:
    """An Arabic-script or Hebrew word's skeleton (`scripts.romanise`) as units of Latin
    spellings, from the table the scorer matches it by (`scripts.pattern`): محمد علی gives
    "al mt" as Muhammad Ali does (ع starts the word with a vowel), דוד כהן "cn tft" as David
    Cohen (vav also v, kaf also c). Read here rather than in `scripts`, whose source is part of
    the stored forms' version (`forms_version`)."""
    units: list[tuple[str, ...]] = []
    for token in scripts._TOKEN.findall(skeleton):
        if token in ("'", "A", "~"):  # ع, א, alif: a vowel
            units.append(("a",))
            continue
        table = scripts._VOWELS if token in scripts._VOWELS else scripts._CONSONANTS
        spellings = [p for p in table.get(token, token).split("|") if re.fullmatch("[a-z]*", p)]
        units.append(tuple(dict.fromkeys(spellings)) or ("",))
    return tuple(units)


# --- transcribed forms: ไมเคิล สมิธ and Michael Smith -------------------------------------------
#
# A Thai or katakana transcription of an English name (ไมเคิล สมิธ, マイケル・スミス) is scored
# by its consonants (`transcribed`, "transcribed foreign name"), which are not the loose forms'
# (Michael's ch is k there, c in a loose form: "mkl smt" against "mcl smt"). So a record also
# has the transcription's forms (`transcribed.loose_fulls`), kept apart from the loose forms by
# a prefix: every form of a name in Thai script or katakana (at most transcribed.MAX_FORMS),
# and MAX_TRANSCRIBED_LATIN of a romanised name, whose ambiguous letters the other side reads
# several ways: a letter English may leave unsaid (Robert's r, Walker's l, Dupont's t, José's
# j) first unsaid, as katakana leaves it (ロバート) and Thai may (โรเบิร์ต, the ร์ either way);
# then each letter's first sound (ch k, th t), the second form taking the next likeliest. A
# romanised name whose words all read as Hepburn (Sato Yuki) gets none: the transcription's
# level does not read it against katakana. Stored keys only: intake's search proposes these
# pairs, the batch does not block on them. Measured in docs/linkage.md ("Transcribed names as
# keys").

# The prefixes of the two sides' forms among a record's loose forms. A record stores its own
# side's and asks for the other side's (`keys_of(…, asking=True)`): a transcription meets the
# romanised names it may spell, never another transcription, and two romanised names never
# meet through these coarse forms (at a million people they would crowd intake's 100
# candidates with namesakes of every nationality).
TRANSCRIPTION = "t:"  # a name in Thai script or katakana
ROMANISED = "r:"  # a romanised name, as the other side of a transcription
MAX_TRANSCRIBED_LATIN = 2


@lru_cache(maxsize=50_000)
def _transcribed_latin(word: str) -> list[str]:
    """A folded Latin word's transcription keys, the likeliest first (unsaid letters unsaid)."""
    word = re.sub("[^a-z]", "", word)
    units = [tuple(sorted(u, key=lambda k: k != "")) for u in transcribed._latin_units(word)]
    out: list[str] = []
    for combo in islice(product(*units), 64):
        key = re.sub(r"(.)\1+", r"\1", "".join(combo))
        if key and key not in out:
            out.append(key)
    return out


@lru_cache(maxsize=50_000)
def transcribed_fulls(parsed: ParsedName) -> frozenset[str]:
    """A name's forms as a transcribed foreign name (prefixed TRANSCRIBED): a name in Thai
    script or katakana by its consonant keys, a romanised one by its words'."""
    if parsed.foreign:
        side, forms = TRANSCRIPTION, transcribed.loose_fulls(parsed.foreign, ())
    elif parsed.ordered and not all(transcribed.hepburn_shaped(w) for w in parsed.words):
        side = ROMANISED
        forms = frozenset(
            _fulls([_transcribed_latin(w) for w in parsed.words], MAX_TRANSCRIBED_LATIN)
        )
    else:
        return frozenset()
    return frozenset(side + f for f in forms)


def _other_side(form: str) -> str:
    side, rest = form[: len(TRANSCRIPTION)], form[len(TRANSCRIPTION) :]
    return (ROMANISED if side == TRANSCRIPTION else TRANSCRIPTION) + rest


def transcribed_of(rec: Record) -> frozenset[str]:
    """The forms of all of a record's names as transcribed foreign names: stored keys only.
    The batch does not block on them: in its `name_loose` they would add 9.7 % of the pairs
    sharing a form among 50,000 generated people (docs/linkage.md)."""
    return (
        frozenset().union(*(transcribed_fulls(n) for n in rec.names)) if rec.names else frozenset()
    )


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


def _common_keys(keys: list[str]) -> set[str]:
    """The keys held by more than STOP_KEY_PEOPLE rows, in one query: each probe stops at the
    first row past the limit, and reads person_id, which the unique index (key, kind, person)
    holds, so PostgreSQL answers from the index (reading the row's id took 50 ms per common
    key at 100,000 people)."""
    table = connection.ops.quote_name(PersonNameKey._meta.db_table)
    probe = (
        f"SELECT {{n}} WHERE EXISTS (SELECT person_id FROM {table} WHERE key = %s"  # noqa: S608 (the model's table; the keys are parameters)
        f" LIMIT 1 OFFSET {int(STOP_KEY_PEOPLE)})"
    )
    sql = " UNION ALL ".join(probe.format(n=n) for n in range(len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        return {keys[n] for (n,) in cursor.fetchall()}


def candidate_ids(rec: Record, *, exclude: int | None = None, limit: int = CANDIDATE_LIMIT):
    """People sharing stored keys with this record, most shared keys first (a whole name's
    key counting FULL_WEIGHT). Keys held by more than STOP_KEY_PEOPLE people are skipped."""
    keys = [key for _kind, key in keys_of(rec, asking=True)]
    if not keys:
        return []
    common = _common_keys(keys)
    usable = [key for key in keys if key not in common]
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
