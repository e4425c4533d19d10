"""Names in any script, turned into comparable forms. Pure functions: no database, no keys.

`name_forms(text)` gives every romanised reading of a name (a `NameForms`):

- Chinese characters: Hanyu pinyin without tones, every reading of a heteronym (单 = dan / shan /
  chan), plus Wade-Giles (张伟 → chang wei) and, where pycantonese or the small surname table
  below knows the character, Cantonese/Hokkien surnames (陈 → chan / tan).
- Vietnamese and other Latin-script names: case, diacritics (đ → d) and punctuation folded.
- Thai: pythainlp's Royal Institute romanisation (สมชาย ใจดี → somchai chaidi).
- Khmer: khmer-latin-name-transformer, the way people write Khmer names (សុខ → sok).
- Burmese and every other script: anyascii, letter by letter.
- Emoji and symbols are dropped; an empty or unreadable name gives empty forms, never an error.

Each reading is a set of words, so name order never matters, and every word also has a
phonetic key (`phonetic`) that merges the usual romanisation differences (zh/ch/j, x/sh/s,
ee/i, ph/p…), then jellyfish's metaphone for the rest.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product

import anyascii
import jellyfish

MAX_READINGS = 12  # heteronyms multiply; keep the first few combinations

# Surnames whose Cantonese / Hokkien / Teochew spellings differ from pinyin (overseas Chinese).
SOUTHERN_SURNAMES = {
    "陈": ("chan", "tan"),
    "陳": ("chan", "tan"),
    "黄": ("wong", "ng", "ong"),
    "黃": ("wong", "ng", "ong"),
    "张": ("cheung", "teo", "chong"),
    "張": ("cheung", "teo", "chong"),
    "李": ("lee", "li"),
    "林": ("lam", "lim"),
    "王": ("wong", "ong"),
    "吴": ("ng", "goh"),
    "吳": ("ng", "goh"),
    "刘": ("lau", "lau"),
    "劉": ("lau",),
    "郑": ("cheng", "tay", "teh"),
    "鄭": ("cheng", "tay", "teh"),
    "杨": ("yeung", "yeo"),
    "楊": ("yeung", "yeo"),
    "周": ("chow", "chew"),
    "许": ("hui", "koh"),
    "許": ("hui", "koh"),
    "蔡": ("choi", "chua"),
    "梁": ("leung", "neo"),
    "谢": ("tse", "chia"),
    "謝": ("tse", "chia"),
}


def _script_of(char: str) -> str:
    code = ord(char)
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F:
        return "han"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x1780 <= code <= 0x17FF or 0x19E0 <= code <= 0x19FF:
        return "khmer"
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"


def _clean(text: str) -> str:
    """Letters, marks, digits and spaces only: emoji, symbols and punctuation become spaces."""
    out = []
    for char in unicodedata.normalize("NFC", text or ""):
        category = unicodedata.category(char)
        out.append(char if category[0] in "LMN" else " ")
    return " ".join("".join(out).split())


def fold_latin(text: str) -> str:
    """Latin folding: case, diacritics, đ, apostrophes and hyphens (O'Brien = obrien)."""
    text = text.casefold().replace("đ", "d").replace("ø", "o").replace("ł", "l")
    text = text.replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    text = re.sub("['\u2019`\u02bc]", "", text)
    text = anyascii.anyascii(text).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _runs(text: str) -> list[tuple[str, str]]:
    """Split a cleaned name into runs of one script (spaces kept with the run)."""
    runs: list[tuple[str, str]] = []
    for char in text:
        script = runs[-1][0] if char == " " and runs else _script_of(char)
        if char != " " and unicodedata.category(char)[0] == "M" and runs:
            script = runs[-1][0]  # combining marks belong to the letter before
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + char)
        else:
            runs.append((script, char))
    return [(s, t.strip()) for s, t in runs if t.strip()]


@lru_cache(maxsize=50_000)
def _han_char(char: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(pinyin readings, Wade-Giles, southern surname spellings) of one character."""
    from pypinyin import Style, pinyin

    readings = tuple(
        dict.fromkeys(fold_latin(r) for r in pinyin(char, heteronym=True, style=Style.NORMAL)[0])
    )
    wade = fold_latin(pinyin(char, style=Style.WADEGILES)[0][0])
    southern = tuple(SOUTHERN_SURNAMES.get(char, ())) + tuple(_cantonese(char))
    return tuple(r for r in readings if r), wade, tuple(dict.fromkeys(southern))


def _cantonese(char: str) -> list[str]:
    try:
        import pycantonese
    except ImportError:  # optional
        return []
    try:
        jyutping = pycantonese.characters_to_jyutping(char)[0][1]
    except Exception:
        return []
    return [re.sub(r"\d", "", jyutping)] if jyutping else []


def _han_readings(run: str) -> list[list[str]]:
    """Each Han character is a syllable, the first the family name. Readings: pinyin, Wade-Giles,
    southern spellings of the family name, and each other reading of a heteronym; names of three
    characters also as family name + joined given name (张家辉 → zhang jiahui)."""
    chars = [c for c in run if not c.isspace()]
    if not chars:
        return []
    info = [_han_char(c) for c in chars]
    base = [r[0][0] if r[0] else r[1] for r in info]
    variants = [base, [r[1] or b for r, b in zip(info, base, strict=True)]]
    variants += [[alt, *base[1:]] for alt in info[0][2]]
    for i, (readings, _wade, _south) in enumerate(info):
        variants += [[*base[:i], other, *base[i + 1 :]] for other in readings[1:]]
    out = []
    for syllables in variants[: MAX_READINGS * 2]:
        syllables = [s for s in syllables if s]
        if len(syllables) >= 3:
            out.append([syllables[0], "".join(syllables[1:])])
        out.append(syllables)
    return out


@lru_cache(maxsize=50_000)
def _thai(run: str) -> tuple[str, ...]:
    try:
        from pythainlp.transliterate import romanize

        return (fold_latin(romanize(run, engine="royin")),)
    except Exception:
        return (fold_latin(anyascii.anyascii(run)),)


@lru_cache(maxsize=50_000)
def _khmer_word(word: str) -> tuple[str, ...]:
    readings = []
    try:
        from khmer_latin_name_transformer import to_latin

        readings.append(fold_latin(to_latin(word)))
    except Exception:  # noqa: S110 - a word the transducer cannot read falls back to anyascii
        pass
    readings.append(fold_latin(anyascii.anyascii(word)))
    return tuple(dict.fromkeys(r for r in readings if r))


@dataclass(frozen=True)
class NameForms:
    readings: tuple[frozenset[str], ...] = ()  # each reading: the set of its words
    words: frozenset[str] = field(default_factory=frozenset)
    keys: frozenset[str] = field(default_factory=frozenset)  # phonetic keys of all words

    @property
    def fulls(self) -> frozenset[str]:
        """Each reading's words sorted and joined: equal when two names have the same words."""
        return frozenset(" ".join(sorted(r)) for r in self.readings if r)

    @property
    def primary(self) -> str:
        return " ".join(sorted(self.readings[0])) if self.readings else ""

    def __bool__(self) -> bool:
        return bool(self.words)


@lru_cache(maxsize=200_000)
def name_forms(text: str) -> NameForms:
    text = _clean(text)
    if not text:
        return NameForms()
    alternatives: list[list[list[str]]] = []  # per run: its readings (each a list of words)
    for script, run in _runs(text):
        if script == "han":
            alternatives.append(_han_readings(run))
        elif script == "thai":
            alternatives.append([r.split() for r in _thai(run)])
        elif script == "khmer":
            words = [_khmer_word(w) for w in run.split()]
            alternatives.append([list(c) for c in islice(product(*words), MAX_READINGS)])
        elif script == "latin":
            alternatives.append([fold_latin(run).split()])
        else:
            alternatives.append([fold_latin(anyascii.anyascii(run)).split()])
    readings = []
    for combo in islice(product(*alternatives), MAX_READINGS):
        words = frozenset(w for part in combo for w in part if w)
        if words and words not in readings:
            readings.append(words)
    all_words = frozenset().union(*readings) if readings else frozenset()
    return NameForms(
        readings=tuple(readings),
        words=all_words,
        keys=frozenset(k for w in all_words for k in phonetic(w)),
    )


_SOUNDS = [
    ("tch", "c"),
    ("zh", "c"),
    ("ch", "c"),
    ("tr", "c"),
    ("ts", "c"),
    ("tz", "c"),
    ("j", "c"),
    ("q", "c"),
    ("sh", "s"),
    ("x", "s"),
    ("z", "s"),
    ("ph", "p"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("bh", "b"),
    ("ee", "i"),
    ("ea", "i"),
    ("ie", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("w", "u"),
    ("y", "i"),
    ("h", ""),
]


@lru_cache(maxsize=200_000)
def phonetic(word: str) -> tuple[str, ...]:
    """Phonetic keys of one romanised word: a skeleton that merges romanisation variants
    (zhang = chang = jang; jaidee = chaidi; nguyen = nguyen), and metaphone."""
    if not word:
        return ()
    skeleton = word
    for old, new in _SOUNDS:
        skeleton = skeleton.replace(old, new)
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton) or word
    keys = ["s:" + skeleton]
    if word.isascii() and word.isalpha():
        meta = jellyfish.metaphone(word)
        if meta:
            keys.append("m:" + meta)
    return tuple(keys)


def name_similarity(a: NameForms, b: NameForms) -> float:
    """Jaro-Winkler similarity of the closest pair of readings (word order ignored)."""
    if not a or not b:
        return 0.0
    best = 0.0
    for ra in a.fulls:
        for rb in b.fulls:
            best = max(best, jellyfish.jaro_winkler_similarity(ra, rb))
    return best
