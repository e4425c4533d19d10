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
