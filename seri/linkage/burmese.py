"""Burmese names: Zawgyi detected and converted, syllables, the spellings people use, titles.

Much Burmese text typed on phones is Zawgyi, a font encoding that reuses the Unicode block with
other meanings; `to_unicode` detects it (myanmartools' model) and converts it (python-myanmar),
before anything else. The name as received is kept by the caller; only the comparison uses the
conversion.

Burmese names have no family name and are written without spaces between syllables. Each
syllable is romanised to the spellings people actually write (အောင် Aung, ကျော် Kyaw, ဇော် Zaw,
မင်း Min, ထက် Htet, သန့် Thant, လှိုင် Hlaing, ငြိမ်း Nyein …): first from `data/burmese.tsv`,
a table of name syllables and their usual spellings built from public lists of Burmese names
and the conventions of Myanmar passports, then by rules (initial, medials, rhyme) for the rest.
Honorifics at the start (U, Daw, Ko, Ma, Maung/Mg, Naw, Saw) are titles: kept and shown, not
compared as name words. A consonant stacked under another (Pali and Sanskrit loans) starts a
syllable, the upper one closing the syllable before (စန္ဒာ San-dar). Two romanised names of
Myanmar nationals are compared in the order written only (`nationals`), as Burmese names have
no family name to write first or last.
"""

import re
from functools import cache, lru_cache
from pathlib import Path

BURMESE = "Burmese reading"
_DATA = Path(__file__).with_name("data") / "burmese.tsv"

# Honorifics: Burmese spelling -> the romanised forms that mean the same title.
TITLES = {
    "ဦး": ("u",),
    "ဒေါ်": ("daw",),
    "ကို": ("ko",),
    "မ": ("ma",),
    "မောင်": ("maung", "mg"),
    "နော်": ("naw",),
    "စော": ("saw",),
}
LATIN_TITLES = frozenset(t for spellings in TITLES.values() for t in spellings)


NATIONALITY = "MM"


def nationals(*nationalities: frozenset[str]) -> bool:
    """Whether a record is of Myanmar and every other of Myanmar or of unknown nationality:
    their romanised names are Burmese names, whose words are in the order written (no family
    name to move: Zaw Min is not Min Zaw)."""
    known = [n for n in nationalities if n]
    return bool(known) and all(NATIONALITY in n for n in known)


def is_burmese(char: str) -> bool:
    return 0x1000 <= ord(char) <= 0x109F or 0xAA60 <= ord(char) <= 0xAA7F


def to_unicode(text: str) -> str:
    """Zawgyi-encoded text converted to Unicode; Unicode text unchanged."""
    try:
        from myanmar.converter import convert
        from myanmartools import ZawgyiDetector
    except ImportError:  # pragma: no cover - both are dependencies
        return text
    if _detector(ZawgyiDetector).get_zawgyi_probability(text) >= 0.95:
        return convert(text, "zawgyi", "unicode")
    return text


@cache
def _detector(kind):
    return kind()


# A syllable starts at a consonant or independent vowel that is not killed by an asat (U+103A)
# or a virama (U+1039) after it. A consonant stacked under another (the virama between them, in
# the spellings of Pali and Sanskrit loans) starts a syllable, and the upper one closes the
# syllable before as its final: စန္ဒာ is စန္ + ဒာ, San-dar; မင်္ဂလာ (kinzi) Min-ga-lar.
_START = re.compile(r"([\u1000-\u102A\u103F\u104C-\u104F])(?!\u1037?[\u103A\u1039])")


def syllables(text: str) -> list[str]:
    out = []
    for word in text.split():
        parts = _START.sub(lambda m: "\n" + m.group(1), word).split("\n")
        out += [p for p in parts if p]
    return out


@cache
def _table() -> dict[str, tuple[str, ...]]:
    table = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            syllable, spellings = line.split("\t")[:2]
            table[syllable] = tuple(spellings.split())
    return table


_INITIAL = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "hs", "ဇ": "z", "ဈ": "z",
    "ည": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n", "တ": "t", "ထ": "ht", "ဒ": "d",
    "ဓ": "d", "န": "n", "ပ": "p", "ဖ": "ph", "ဗ": "b", "ဘ": "b", "မ": "m", "ယ": "y", "ရ": "y",
    "လ": "l", "\u101d": "w", "သ": "th", "ဟ": "h", "ဠ": "l", "အ": "", "ဥ": "u", "ဦ": "u", "ဧ": "ay",
    "ဣ": "i", "ဤ": "i", "ဩ": "aw", "ဪ": "aw",
}  # fmt: skip
# a consonant closing a syllable over a stacked one: the final of its row the rhymes hold (the
# velars as က, palatals as စ, retroflexes and dentals as တ or န, labials as ပ)
_STACKED_FINAL = {
    "ခ": "က", "ဂ": "က", "ဃ": "က", "ဆ": "စ", "ဇ": "စ", "ဈ": "စ", "ဋ": "တ", "ဌ": "တ", "ဍ": "တ",
    "ဎ": "တ", "ဏ": "န", "ထ": "တ", "ဒ": "တ", "ဓ": "တ", "ဖ": "ပ", "ဗ": "ပ", "ဘ": "ပ", "လ": "န",
}  # fmt: skip
# rhymes (vowel signs and final consonant with asat; tone marks removed), first the usual spelling
_RHYME = [
    ("ောင်", ("aung",)), ("ေါင်", ("aung",)), ("ိုင်", ("aing",)), ("ောက်", ("auk",)),
    ("ိုက်", ("aik",)), ("ော်", ("aw",)), ("ေါ်", ("aw",)), ("ော", ("aw",)), ("ေါ", ("aw",)),
    ("ို", ("o", "oe")), ("ိန်", ("ein",)), ("ိမ်", ("ein",)), ("ိတ်", ("eik",)),
    ("ိပ်", ("eik",)), ("ုန်", ("one", "on", "un")), ("ုမ်", ("one", "on")),
    ("ုတ်", ("oke", "ok")), ("ုပ်", ("oke", "ok")), ("ုံ", ("one", "on")), ("ွန်", ("un", "on", "one")),
    ("ွတ်", ("ut",)), ("ွင်", ("win",)), ("ွယ်", ("we",)), ("ွဲ", ("we",)), ("ွေ", ("we", "way")),
    ("ွ", ("wa",)), ("င်", ("in",)), ("က်", ("et",)), ("စ်", ("it",)), ("ည်", ("i", "ee", "ay")),
    ("တ်", ("at",)), ("န်", ("an",)), ("ပ်", ("at",)), ("မ်", ("an",)), ("ယ်", ("e", "ay")),
    ("ံ", ("an",)), ("ေ", ("ay", "e")), ("ဲ", ("e", "ai")), ("ာ", ("ar", "a")), ("ါ", ("ar", "a")),
    ("ိ", ("i",)), ("ီ", ("i", "ee")), ("ု", ("u",)), ("ူ", ("u", "oo")),
]  # fmt: skip
_MEDIAL_Y = {"k": "ky", "kh": "ch", "g": "gy", "p": "py", "ph": "phy", "b": "by", "m": "my"}
_HA_TO = {"l": "hl", "m": "hm", "n": "hn", "ny": "hny", "y": "sh", "w": "hw", "ng": "hng"}


@lru_cache(maxsize=20_000)
def spellings(syllable: str) -> tuple[str, ...]:
    """The spellings of one syllable, the usual first."""
    clean = re.sub("[\u1037\u1038\u200b\u200c]", "", syllable)  # tone marks, zero widths
    table = _table()
    if syllable in table:
        return table[syllable]
    if clean in table:
        return table[clean]
    return _by_rules(clean, creaky="\u1037" in syllable)


# Voicing inside a name: an unaspirated initial after the first syllable is voiced (သီတာ
# Thida, သန္တာ Sandar, ကျော်ကြီး Kyaw Gyi), and written so as often as not.
_VOICED = (("ky", "gy"), ("k", "g"), ("s", "z"), ("t", "d"), ("p", "b"))


def name_spellings(parts) -> tuple[tuple[str, ...], ...]:
    """The spellings of a name's syllables (`spellings`), with the variants names are written
    in: a syllable after the first also with its initial voiced (Thida, Sandar); a final i
    also ee (ရီ Yi, Yee)."""
    out = []
    for index, part in enumerate(parts):
        spelled = list(spellings(part))
        if index:
            for word in list(spelled):
                voiceless = next((v for v in _VOICED if word.startswith(v[0])), None)
                if voiceless and not word.startswith(("kh", "sh", "th", "ph", "ht")):
                    spelled.append(voiceless[1] + word[len(voiceless[0]) :])
        spelled += [w[:-1] + "ee" for w in spelled if w.endswith("i") and w[-2:-1] not in "aeo"]
        out.append(tuple(dict.fromkeys(spelled)))
    return tuple(out)


def _by_rules(clean: str, *, creaky: bool) -> tuple[str, ...]:
    if not clean or clean[0] not in _INITIAL:
        return ()
    initial, rest = _INITIAL[clean[0]], clean[1:]
    # a final over a stacked consonant (its virama) is a final as with an asat, read as the
    # final of its row that the rhymes hold (ဏ as န, ဒ as တ: ဝဏ္ wun, ဗုဒ္ boke); kinzi (င်္)
    # as င်
    rest = rest.replace("\u103a\u1039", "\u103a")
    if rest.endswith("\u1039") and len(rest) >= 2:
        rest = rest[:-2] + _STACKED_FINAL.get(rest[-2], rest[-2]) + "\u103a"
    if rest.startswith(("ျ", "ြ")):
        initial, rest = _MEDIAL_Y.get(initial, initial + "y"), rest[1:]
    if rest.startswith("ှ"):
        initial, rest = _HA_TO.get(initial, "h" + initial), rest[1:]
    rhymes: tuple[str, ...] = ("a",)
    for pattern, spelled in _RHYME:
        if rest.startswith(pattern):
            rhymes = spelled
            break
        if rest.startswith("ွ" + pattern) and not pattern.startswith("ွ"):
            rhymes = tuple("w" + r for r in spelled)
            break
    out = [initial + r for r in rhymes]
    if creaky:  # a nasal final with the creaky tone is written with a t: Thant, Myint
        out = [w + "t" if w.endswith("n") else w for w in out] + out
    if initial == "ht":
        out += ["t" + w[2:] for w in out]
    return tuple(dict.fromkeys(out))


def split_title(parts: list[str]) -> tuple[str, list[str]]:
    """(title, the name's syllables): one leading honorific when a name follows it."""
    if len(parts) > 1 and parts[0] in TITLES:
        return parts[0], parts[1:]
    return "", parts


def latin_title(words: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    if len(words) > 1 and words[0] in LATIN_TITLES:
        return words[0], words[1:]
    return "", words
