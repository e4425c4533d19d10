"""Japanese names: kana read mora by mora, kanji names read through a table of name readings.

Kana (hiragana or katakana) become morae, each with its spellings in Hepburn (passports) and
Kunrei-shiki (し shi/si, ち chi/ti, つ tsu/tu, ふ fu/hu, じ ji/zi). A long vowel is one unit whose
spellings are the usual ones: おう/おお/ー after an o = o, ou, oo, oh (Satō = Sato = Satou =
Satoh; ō is folded to o before any comparison), うう = u, uu; a small っ doubles the next
consonant (Hattori, Matcha); ん = n, or m before b, m, p (Homma, Namba).

Names in kanji are read through `data/japanese_names.tsv`: the family names (姓) and given names
(名) of IPAdic 2.7.0 with every reading listed for them (裕子 = Yūko or Hiroko; 健 = Ken, Takeshi
or Takeru), 34,000 entries generated once from Debian's mecab-ipadic package by
`scripts/make_japanese_table.py` (licence in the file's header). A name is split into a family
name and a given name by the table (田中太郎 = 田中 + 太郎) where it is written without a space.
A name written as two words (family name, space, given name) one half of which the table holds
reads the other half kanji by kanji (`composed`): each kanji's readings in names from
`data/japanese_kanji.tsv` (加藤 裕太 = Katō Yūta: 裕 ゆう, 太 た), generated once by
`scripts/make_japanese_kanji_table.py` (from pykakasi's dictionary and the names of the table
above). A name written without a space is cut where the table knows both halves, else after a
family name of two or three kanji the table holds, the rest read kanji by kanji (加藤裕太); a
family name of one kanji is not guessed so, as Chinese names (陈家豪, 林家豪) would also be read
as Japanese ones. Other kanji are not read in Japanese (the Chinese readings still apply).
"""

import re
from functools import cache, lru_cache
from itertools import islice, product
from pathlib import Path

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

from seri.linkage.chinese import character_table

READING = _("Japanese reading (Hepburn, Kunrei)")
_DATA = Path(__file__).with_name("data") / "japanese_names.tsv"
_KANJI_DATA = _DATA.with_name("japanese_kanji.tsv")
_VARIANT_DATA = _DATA.with_name("kanji_variants.tsv")
MAX_PARSINGS = 24
MAX_COMPOSED = 12  # readings of a name read kanji by kanji, the likeliest first

_KANA = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "さ": "sa", "し": "shi si", "す": "su", "せ": "se", "そ": "so",
    "た": "ta", "ち": "chi ti", "つ": "tsu tu", "て": "te", "と": "to",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha wa", "ひ": "hi", "ふ": "fu hu", "へ": "he", "ほ": "ho",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i wi", "ゑ": "e we", "を": "o wo",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "ざ": "za", "じ": "ji zi", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "だ": "da", "ぢ": "ji di zi", "づ": "zu du", "で": "de", "ど": "do",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ゔ": "vu bu", "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o",
}  # fmt: skip
# a mora in i and a small ya, yu, yo: きゃ kya, しゃ sha/sya, ちょ cho/tyo, じゅ ju/zyu
_YOON = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
_YOON_HEADS = {"shi": ("sh", "sy"), "chi": ("ch", "ty", "cy"), "ji": ("j", "zy", "jy")}
# the same vowel again (or ー) after these lengthens it: (vowel, the kana that lengthen it)
_LONG = {"a": "あー", "i": "いー", "u": "うー", "e": "いえー", "o": "うおー"}
_LONG_SPELLINGS = {
    "o": ("o", "ou", "oo", "oh"), "u": ("u", "uu", "uh"), "a": ("a", "aa", "ah"),
    "i": ("i", "ii", "ih"), "e": ("e", "ei", "ee", "eh"),
}  # fmt: skip


def long_o(word: str) -> str:
    """A romanised word with the passports' oh for a long o written ou (Ohno = Ouno, Satoh =
    Satou), before a sound skeleton drops the h: Ohno is 大野 Ōno, not 小野 Ono, whose o is
    short. An h before a vowel or y starts a mora (Ohashi, Kohyama) and stays."""
    return re.sub("oh(?![aeiouy])", "ou", word)


# Two romanised Japanese names: a long o or u written in any of the ways passports and people
# write it (Hepburn's ō and ū, ou, oo, oh; uu) or as a short vowel, as Hepburn without its macron
# does (`long_vowels`)
LONG_VOWELS = _("Japanese long vowels: ō = ou, oo, oh, o; ū = uu, u")
NATIONALITIES = frozenset({"JP"})
# a romanised word that is Japanese morae in Hepburn or Kunrei (a doubled consonant, tch
# written once first): a mora, a syllabic n (m before b, m, p), the passports' oh
_ROMAJI = re.compile(
    r"(?:(?:[kgsztdnhbpmrfjv]y?|sh|ch|ts|w|y)?[aeiou]|n(?![aeiouy])|m(?=[bmp])"
    r"|(?<=o)h(?![aeiouy]))+"
)


def nationals(*nationalities: frozenset[str]) -> bool:
    """Whether some record's nationality is known and every known one is Japanese."""
    return any(nationalities) and all(not known or known & NATIONALITIES for known in nationalities)


@lru_cache(maxsize=20_000)
def romaji(word: str) -> bool:
    """Is a folded romanised word Japanese morae (Takahashi, Shouta, Ohno; not Kim, Zhou)?"""
    return bool(_ROMAJI.fullmatch(re.sub(r"([bcdfgjkmpstz])\1", r"\1", word.replace("tch", "ch"))))


def long_vowels(word: str, *, short: bool = False) -> str:
    """A romanised Japanese word with its long o written one way whichever way it was (ou, oo,
    the passports' oh: `long_o`), and its long u (uu): Shouta = Shohta = Shoota, Yuuki. `short`:
    written as the short vowel, as Hepburn without its macron writes it (ō is folded to o
    before this: Shōta = Shouta = Shota; Yūki = Yuuki = Yuki; Ōno = Ohno = Ono). Only o and u,
    the long vowels written these many ways; not a against o."""
    word = re.sub("o[ou]", "o" if short else "ou", long_o(word))
    return word.replace("uu", "u" if short else "uu")


def is_kana(char: str) -> bool:
    return 0x3041 <= ord(char) <= 0x30FF or 0x31F0 <= ord(char) <= 0x31FF or char == "ー"


def is_katakana(char: str) -> bool:
    return 0x30A0 <= ord(char) <= 0x30FF or 0x31F0 <= ord(char) <= 0x31FF


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in text)


@lru_cache(maxsize=20_000)
def morae(kana: str) -> tuple[tuple[str, ...], ...]:
    """Kana as units, each the spellings of one mora (a long vowel with its mora). Katakana,
    the script of foreign names, also without the vowels Japanese adds after a consonant
    (スミス Smith, キム Kim) and with l for r (マリア Maria, ラウラ Laura)."""
    foreign = any(is_katakana(c) for c in kana)
    text = hiragana(kana)
    units: list[list[str]] = []
    double = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "っ":
            double = True
            i += 1
            continue
        if char == "ん":
            units.append(["n", "m", "nn"])
            i += 1
            continue
        if char == "ー" and units:
            vowel = units[-1][0][-1:]
            units[-1] = _lengthen(units[-1], vowel)
            i += 1
            continue
        if char not in _KANA:
            i += 1
            continue
        spelled = _KANA[char].split()
        if i + 1 < len(text) and text[i + 1] in _YOON and spelled[0].endswith("i"):
            tail = _YOON[text[i + 1]]
            heads = _YOON_HEADS.get(spelled[0], (spelled[0][:-1] + "y",))
            spelled = [h + tail for h in heads]
            i += 1
        elif i + 1 < len(text) and text[i + 1] in _SMALL and spelled[0][-1] in "aeiou":
            # ティ ti, ファ fa, ウィ wi, ジェ je: the small vowel replaces the mora's own
            head = "w" if spelled[0] == "u" else spelled[0][:-1]
            spelled = [(h[:-1] if len(h) > 1 else head) + _SMALL[text[i + 1]] for h in spelled]
            i += 1
        if foreign:
            spelled = _foreign(spelled)
        if double:
            spelled = [("t" if s.startswith("ch") else s[0]) + s for s in spelled if s] + spelled
            double = False
        units.append(spelled)
        i += 1
        # a long vowel: the vowel's lengthening kana right after this mora
        vowel = spelled[0][-1]
        if i < len(text) and vowel in _LONG and text[i] in _LONG[vowel]:
            units[-1] = _lengthen(units[-1], vowel, written=text[i])
            i += 1
    return tuple(tuple(dict.fromkeys(u)) for u in units)


_SMALL = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o"}


def _foreign(spelled: list[str]) -> list[str]:
    out = list(spelled)
    out += ["l" + s[1:] for s in spelled if s.startswith("r")]
    out += [s[:-1] for s in out if len(s) > 1 and s[-1] in "uo" and s[-2] not in "aeiouy"]
    return out


def _lengthen(unit: list[str], vowel: str, written: str = "ー") -> list[str]:
    endings = list(_LONG_SPELLINGS.get(vowel, (vowel,)))
    if vowel == "e" and written == "い":
        endings = ["ei", "e", "ee"]
    return [s[:-1] + e for s in unit for e in endings]


@cache
def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(family names, given names): kanji -> readings in hiragana."""
    family: dict[str, list[str]] = {}
    given: dict[str, list[str]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, readings = line.split("\t")
        (family if kind == "s" else given).setdefault(name, []).extend(readings.split())
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in family.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in given.items()},
    )


def _kanji() -> dict[str, tuple[str, ...]]:
    """kanji -> its readings in names, commonest first (data/japanese_kanji.tsv)."""
    return character_table(_KANJI_DATA)


@lru_cache(maxsize=20_000)
def composed(word: str) -> tuple[str, ...]:
    """A name of one to three kanji read kanji by kanji, each kanji by its readings in names
    (々 repeats the kanji before): 裕太 ゆうた, ひろた…, the readings whose kanji's readings come
    first in the table first, at most MAX_COMPOSED. () if a kanji has no reading."""
    if not 1 <= len(word) <= 3:
        return ()
    table = _kanji()
    chars = [word[i - 1] if c == "々" and i else c for i, c in enumerate(word)]
    per_char = [table.get(c, ()) for c in chars]
    if not all(per_char):
        return ()
    ranked = sorted(
        product(*(list(enumerate(readings)) for readings in per_char)),
        key=lambda combo: sum(rank for rank, _reading in combo),
    )
    readings = ("".join(reading for _rank, reading in combo) for combo in ranked)
    return tuple(islice(dict.fromkeys(readings), MAX_COMPOSED))


def _readings(word: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if all(is_kana(c) for c in word):
        return (word,)
    return table.get(word, ())


def splits(name: str) -> list[tuple[str, str]]:
    """(family name, given name) ways of reading a name: as written when it has two words,
    else every cut the table knows both halves of; failing that, a family name of two or three
    kanji the table holds and a given name of one or two kanji that `composed` reads (加藤裕太).
    A family name of one kanji is not guessed so: 林, 王, 李, 高 are Chinese family names too,
    and a Chinese name would be read as a Japanese one; of the Chinese names of two or three
    characters drawn from the benchmark's lists (960, and their traditional forms) one has a
    first two characters the table holds (高秀英)."""
    words = name.split()
    if len(words) == 2:
        return [(words[0], words[1])]
    if len(words) != 1:
        return []
    family, given = _table()
    word = words[0]
    known = [
        (word[:i], word[i:])
        for i in range(1, len(word))
        if _readings(word[:i], family) and _readings(word[i:], given)
    ]
    return known or [
        (word[:i], word[i:])
        for i in (2, 3)
        if len(word) - i in (1, 2) and word[:i] in family and composed(word[i:])
    ]


@lru_cache(maxsize=20_000)
def parsings(name: str) -> tuple[tuple[tuple[tuple[str, ...], ...], ...], ...]:
    """Each reading of a Japanese name as words of morae (family name first). () when a kanji
    word is not in the table."""
    if all(is_kana(c) or c == " " for c in name):
        return (tuple(morae(w) for w in name.split()),)
    family, given = _table()
    out = []
    for family_part, given_part in splits(name):
        family_read = _readings(family_part, family)
        given_read = _readings(given_part, given)
        if len(name.split()) == 2:  # written apart: a half the table lacks, kanji by kanji
            family_read = family_read or (composed(family_part) if given_read else ())
            given_read = given_read or (composed(given_part) if family_read else ())
        else:  # written together: a cut whose given name the table lacks (`splits`)
            given_read = given_read or composed(given_part)
        for f, g in product(family_read, given_read):
            out.append((morae(f), morae(g)))
    standard = "".join(_standard_forms().get(c, c) for c in name)
    if not out and standard != name:  # 髙橋, 山﨑: read as the tables write them (高橋, 山崎)
        return parsings(standard)
    return tuple(islice(dict.fromkeys(out), MAX_PARSINGS))


@cache
def _standard_forms() -> dict[str, str]:
    """A kanji's old or variant form -> its standard form, which the name tables hold
    (`data/kanji_variants.tsv`: 髙 高, 﨑 崎, 邊 辺)."""
    table = character_table(_VARIANT_DATA)
    return {other: new for new, others in table.items() for other in others}
