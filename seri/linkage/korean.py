"""Korean names in Hangul, spelled the ways people actually write them in Latin letters.

A Hangul syllable is its initial, vowel and final jamo (Unicode composes every syllable from them
arithmetically: `_jamo`). Each syllable becomes the set of its spellings: Revised Romanization
(2000; 김민준 = Gim Minjun), McCune-Reischauer with or without breves and apostrophes (Kim Minjun,
Chŏng = Chong) and the usual passport spellings of both (oo for u: Joon, Soo; u and o for eo:
Jung, Sung, Suh; ee for i: Jee; y and yu for yeo: Hyun, Kyung). Names are romanised syllable by
syllable, without the sound changes between syllables that the systems apply inside words, as
Korean passports and most people do (석민 = Seok-min, not Seongmin).

Family names come first from `data/korean_surnames.tsv`: the common family names and their usual
spellings (이 Lee/Yi/Rhee/Ri, 박 Park/Pak/Bak, 최 Choi/Choe, 정 Jung/Jeong/Chung …), built from the
spellings of the National Institute of Korean Language's surname romanisation survey and public
lists of Korean surnames; family names of two syllables (남궁 Namgoong, 선우 Sunwoo) are split off
first. A name written without a space is family name + given name; given syllables may be
written joined, hyphenated or spaced (Minjun, Min-jun, Min Jun), the family name first or last.
"""

from functools import cache, lru_cache
from itertools import product
from pathlib import Path

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

READING = _("Korean reading (Revised Romanization, McCune-Reischauer)")
_DATA = Path(__file__).with_name("data") / "korean_surnames.tsv"

# ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIALS = (
    ("g", "k", "gh"), ("kk", "gg", "k"), ("n",), ("d", "t"), ("tt", "dd", "t"), ("r", "l", "n", ""),
    ("m",), ("b", "p"), ("pp", "bb", "p"), ("s", "sh"), ("ss", "s"), ("",), ("j", "ch", "z"),
    ("jj", "tch", "j"), ("ch", "chh", "c"), ("k", "kh"), ("t", "th"), ("p", "ph"), ("h",),
)  # fmt: skip
# ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ (RR first, then MR without
# breves, then the usual passport spellings)
_VOWELS = (
    ("a", "ah"), ("ae", "ai", "e", "ay"), ("ya",), ("yae", "ye"), ("eo", "o", "u", "uh", "eu"),
    ("e", "ei"), ("yeo", "yo", "yu", "you", "ye", "yeu"), ("ye", "yae"), ("o", "oh"),
    ("wa", "oa"), ("wae", "oae", "wai"), ("oe", "oi", "we", "oy"), ("yo", "yoh"),
    ("u", "oo", "ou"), ("wo", "weo", "wu", "woo"), ("we", "wae"), ("wi", "wee", "ui"),
    ("yu", "yoo", "you"), ("eu", "u", "ue", "e"), ("ui", "eui", "ee", "i", "ei", "hui"),
    ("i", "ee", "y", "ie"),
)  # fmt: skip
# none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_FINALS = (
    ("",), ("k", "g", "ck"), ("k",), ("k",), ("n",), ("n",), ("n",), ("t", "d"), ("l", "r", "ll"),
    ("k", "l"), ("m",), ("l",), ("l",), ("l",), ("p",), ("l",), ("m",), ("p", "b"), ("p",),
    ("t", "s"), ("t",), ("ng",), ("t",), ("t",), ("k",), ("t",), ("p",), ("t",),
)  # fmt: skip
# A syllable without an initial consonant starting with u or o is often written with a w
# (우 Woo, 운 Woon) and one with i with a y or an e (이 Yi, 은 Eun).
_BARE = {13: ("w", "wh"), 20: ("y",)}


def is_hangul(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def _jamo(syllable: str) -> tuple[int, int, int]:
    index = ord(syllable) - 0xAC00
    return index // 588, (index % 588) // 28, index % 28


@lru_cache(maxsize=20_000)
def spellings(syllable: str) -> tuple[str, ...]:
    """Every usual spelling of one Hangul syllable, Revised Romanization first."""
    if not is_hangul(syllable):
        return ()
    initial, vowel, final = _jamo(syllable)
    initials: tuple[str, ...] = _INITIALS[initial]
    if initial == 11:  # ㅇ: no sound
        initials = ("", *_BARE.get(vowel, ()))
    out = [i + v + f for i in initials for v in _VOWELS[vowel] for f in _FINALS[final]]
    if _VOWELS[vowel][0] == "a" and final in (1, 8):  # 박 Park, 할 Harl: English-style spellings
        out += [i + "ar" + f for i in initials for f in _FINALS[final]]
    return tuple(dict.fromkeys(out))


@cache
def surnames() -> dict[str, tuple[str, ...]]:
    table = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            hangul, spelled = line.split("\t")[:2]
            table[hangul] = tuple(spelled.split())
    return table


def family_spellings(family: str) -> tuple[str, ...]:
    """The spellings of a family name: the table's first, then syllable by syllable."""
    listed = surnames().get(family, ())
    by_rule = [""]
    for syllable in family:
        by_rule = [a + b for a in by_rule for b in spellings(syllable)][:400]
    return tuple(dict.fromkeys((*listed, *by_rule)))


def split(name: str) -> list[str]:
    """A name in Hangul as words: family name then given name when written as one word
    (김민준 = 김 민준; 남궁민수 = 남궁 민수), else as written."""
    words = name.split()
    if len(words) == 1 and len(words[0]) >= 2:
        word = words[0]
        head = 2 if len(word) >= 3 and word[:2] in surnames() else 1
        return [word[:head], word[head:]]
    return words


def parsing(name: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The name as words of units (a unit: one syllable's spellings); the first word is the
    family name, one unit with the table's spellings."""
    words = split(name)
    if not words or not all(is_hangul(c) for w in words for c in w):
        return ()
    out: list[tuple[tuple[str, ...], ...]] = [(family_spellings(words[0]),)]
    out += [tuple(spellings(c) for c in w) for w in words[1:]]
    return tuple(out)


# --- Korean names written in hanja (金民俊 = 김민준) -------------------------------------------
#
# A reading system of its own ("Korean reading of hanja"), never pooled with the Chinese
# readings: each character read in Korean by `data/korean_hanja.tsv` (generated once by
# `data/make_korean_hanja.py` from the table of the hanja package, WTFPL), then spelled as the
# Hangul name is. The table gives a character's original reading; at the start of the family
# name and of the given name the initial-sound rule of South Korea applies as an alternative
# (李 리 → 이, 林 림 → 임, 柳 류 → 유, 盧 로 → 노, 龍 룡 → 용), and a few family names are read
# otherwise than the character (金 is 김 as a name, 금 as gold; 沈 is 심).

READING_HANJA = _("Korean reading of hanja (Revised Romanization, McCune-Reischauer)")
_HANJA = Path(__file__).with_name("data") / "korean_hanja.tsv"
_HANJA_FAMILY: dict[str, tuple[str, ...]] = {
    "金": ("김",),
    "沈": ("심",),
    "车": ("차",),
    "車": ("차",),
}
_TWO_SYLLABLE = frozenset(
    ["南宮", "南宫", "諸葛", "诸葛", "皇甫", "鮮于", "鲜于", "獨孤", "独孤", "司空", "西門", "西门"]
)
_Y_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
MAX_HANJA_READINGS = 8


@cache
def _hanja_table() -> dict[str, tuple[str, ...]]:
    table = {}
    for line in _HANJA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, readings = line.split("\t")[:2]
            table[char] = tuple(readings.split())
    return table


def initial_sound(syllable: str) -> tuple[str, ...]:
    """A syllable at the start of a name: as read, and by the initial-sound rule (ㄹ before
    i or y is silent, else ㄴ; ㄴ before i or y is silent)."""
    initial, vowel, final = _jamo(syllable)
    if initial == 5:  # ㄹ
        changed = 11 if vowel in _Y_VOWELS else 2
    elif initial == 2 and vowel in _Y_VOWELS - {2, 3}:  # ㄴ
        changed = 11
    else:
        return (syllable,)
    return (chr(0xAC00 + changed * 588 + vowel * 28 + final), syllable)


def _syllables(chars: str, family: bool) -> list[tuple[str, ...]] | None:
    table = _hanja_table()
    out: list[tuple[str, ...]] = []
    for i, char in enumerate(chars):
        readings: tuple[str, ...] = ()
        if family and len(chars) == 1:
            readings = _HANJA_FAMILY.get(char, ())
        readings = readings or table.get(char, ())
        if not readings:
            return None
        if i == 0:
            readings = tuple(dict.fromkeys(r for read in readings for r in initial_sound(read)))
        out.append(readings)
    return out


@lru_cache(maxsize=20_000)
def hanja_hangul(name: str) -> tuple[str, ...]:
    """The ways of reading a name in hanja as a Hangul name, family name first ("김 민준"); ()
    when a character has no Korean reading in the table or the name is not two to five
    characters."""
    words = name.split()
    if len(words) == 1:
        word = words[0]
        head = 2 if len(word) >= 3 and word[:2] in _TWO_SYLLABLE else 1
        words = [word[:head], word[head:]]
    if len(words) != 2 or not 2 <= len(words[0]) + len(words[1]) <= 5 or not words[1]:
        return ()
    family, given = _syllables(words[0], True), _syllables(words[1], False)
    if family is None or given is None:
        return ()
    out: list[str] = []
    for combo in product(*family, *given):
        out.append("".join(combo[: len(family)]) + " " + "".join(combo[len(family) :]))
        if len(out) >= MAX_HANJA_READINGS:
            break
    return tuple(out)


# --- Two romanised Korean names compared in Hangul (Gang Seongmin = Kang Sung-min) ------------
#
# Each romanised name is read back to the Hangul it may spell: the family name as one of the
# table's family names (by its listed spellings or syllable by syllable), the given name as
# Hangul syllables, each spelled by `spellings`; the two names agree when some Hangul name is
# spelled by both (Revised Romanization Gang Seongmin, passport Kang Sung-min: 강성민). The
# first syllable of the family name and of the given name is compared after the initial-sound
# rule of South Korea (`initial_sound`), which North Korea does not apply: Ri Yong Chol = Lee
# Young-chul (리영철, 이영철), Ro = Noh. Syllables are compared in order (Seo-jun is not Jun-seo).
# The spellings are loose (eo written u or o, i written ee), so two spellings may meet in a
# Hangul name neither meant: the scorer reads this only when both people are Korean nationals
# or of unknown nationality (`NATIONALITIES`), and as "allowing typos", not as the same words.

READING_ROMANISED = _(
    "Korean reading of both romanisations (Revised Romanization, McCune-Reischauer, passport)"
)
NATIONALITIES = frozenset({"KR", "KP"})


def nationals(*nationalities: frozenset[str]) -> bool:
    """Whether every record whose nationality is known is Korean (South or North)."""
    return all(not known or known & NATIONALITIES for known in nationalities)


def _first(syllable: str) -> str:
    """A syllable at the start of a name after the initial-sound rule (리 → 이, 로 → 노)."""
    return initial_sound(syllable)[0]


# ㄳ ㄵ ㄶ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅄ: a syllable closed by two consonants (닭, 값) is in no name; read
# back, their loose spellings would join names that differ (늘 and 욱 both spell 륽)
_CLUSTERS = frozenset({3, 5, 6, 9, 10, 11, 12, 13, 14, 15, 18})


@cache
def _syllables_by_spelling() -> tuple[dict[str, frozenset[str]], int]:
    """Every spelling of every Hangul syllable -> the syllables it spells; the longest spelling."""
    index: dict[str, set[str]] = {}
    for code in range(0xAC00, 0xD7A4):
        if _jamo(chr(code))[2] in _CLUSTERS:
            continue
        for spelled in spellings(chr(code)):
            index.setdefault(spelled, set()).add(chr(code))
    return {k: frozenset(v) for k, v in index.items()}, max(map(len, index))


@cache
def _families_by_spelling() -> dict[str, frozenset[str]]:
    """Every spelling of a family name of the table (`family_spellings`) -> the family names
    it spells, after the initial-sound rule (Ri, Lee, Yi -> 이)."""
    index: dict[str, set[str]] = {}
    for family in surnames():
        for spelled in family_spellings(family):
            index.setdefault(spelled, set()).add(_first(family[0]) + family[1:])
    return {k: frozenset(v) for k, v in index.items()}


def _read(text: str, pos: int):
    """(end, syllables) of each syllable spelled at `pos` of a romanised given name (a space
    between syllables skipped)."""
    index, longest = _syllables_by_spelling()
    if pos < len(text) and text[pos] == " ":
        pos += 1
    for end in range(pos + 1, min(len(text), pos + longest) + 1):
        found = index.get(text[pos:end])
        if found:
            yield end, found


@lru_cache(maxsize=50_000)
def _same_given(a: str, b: str) -> bool:
    """Do two romanised given names (words joined by spaces) spell one Hangul given name?"""
    states = {(0, 0)}
    seen = set(states)
    while states:
        following = set()
        for i, j in states:
            for end_a, read_a in _read(a, i):
                for end_b, read_b in _read(b, j):
                    if i == 0 and j == 0:
                        read_a = frozenset(map(_first, read_a))
                        read_b = frozenset(map(_first, read_b))
                    if read_a & read_b:
                        if end_a == len(a) and end_b == len(b):
                            return True
                        following.add((end_a, end_b))
        states = following - seen
        seen |= states
    return False


def _orders(words: tuple[str, ...]) -> list[tuple[str, str]]:
    """(family name, given name) with the family name first, or last (Minjun Kim)."""
    if len(words) < 2:
        return []
    out = [(words[0], " ".join(words[1:]))]
    if len(words) > 2 or words[0] != words[-1]:
        out.append((words[-1], " ".join(words[:-1])))
    return out


@lru_cache(maxsize=50_000)
def romanised_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do two romanised names (folded words, in written order) spell one Korean name in
    Hangul? Not when they are the same words (the scorer's other levels say that)."""
    families = _families_by_spelling()
    for family_a, given_a in _orders(a):
        for family_b, given_b in _orders(b):
            same_family = families.get(family_a, frozenset()) & families.get(family_b, frozenset())
            if same_family and _same_given(given_a, given_b):
                return True
    return False
