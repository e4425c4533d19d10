"""Compound names across scripts: one folded form and one romanised form per name.

Folding: Unicode NFKC, case folded, punctuation to spaces, whitespace collapsed, Latin
diacritics removed (Thịnh → thinh). Romanising: Han characters by pinyin (pypinyin), Khmer by
khmer-latin-name-transformer (names as people write them), everything else by anyascii.
Both are stored on each alias so that a search compares strings without recomputing them.
"""

import functools
import re
import unicodedata

from anyascii import anyascii

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LATIN_WORD = re.compile(r"^[a-z0-9 ]*$")


def script_of(text: str) -> str:
    if _HAN.search(text):
        return "Hani"
    if _KHMER.search(text):
        return "Khmr"
    if _THAI.search(text):
        return "Thai"
    if any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text):
        return "Other"
    return "Latn"


_BRACKETED = re.compile(r"[(\[\uff08\u3010][^)\]\uff09\u3011]*[)\]\uff09\u3011]")


def core_name(name: str) -> str:
    """The name without bracketed qualifiers ("Jade Garden (old site)", "金塔园区【演示】"),
    which people leave out when they write it; the whole name when nothing else is left."""
    core = " ".join(_BRACKETED.sub(" ", name or "").split())
    return core or name


def fold(text: str) -> str:
    """Lower case, no punctuation, single spaces; Latin diacritics removed, other scripts kept."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Punctuation, symbols and separators become spaces; letters and marks of every script stay.
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    decomposed = unicodedata.normalize("NFD", text)
    # Strip combining marks only from Latin letters: Khmer and Thai vowel signs are letters.
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out)).replace("đ", "d")
    return " ".join(text.split())


@functools.lru_cache(maxsize=4096)
def _khmer_to_latin(text: str) -> str:
    try:
        from khmer_latin_name_transformer import to_latin

        return to_latin(text)
    except Exception:  # a name the transducer has no path for: fall back letter by letter
        return anyascii(text)


def romanise(text: str) -> str:
    """A folded Latin form of any name; equal to `fold(text)` for Latin names."""
    folded = fold(text)
    if _LATIN_WORD.match(folded):
        return folded
    if _HAN.search(folded):
        from pypinyin import lazy_pinyin

        parts = lazy_pinyin(folded, errors=lambda chars: anyascii(chars))
        return fold(" ".join(parts))
    if _KHMER.search(folded):
        return fold(" ".join(_khmer_to_latin(word) for word in folded.split()))
    return fold(anyascii(folded))
