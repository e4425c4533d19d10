# ruff: noqa: RUF001, RUF002, RUF003 - Arabic letters that look like Latin ones are the data
"""Uyghur (and Kazakh) names in Arabic script, spelled the ways people write them in Latin.

Uyghur Ereb Yéziqi, the Arabic script of Uyghur, writes every vowel with a letter of its own
(ا a, ە e, ې é, ى i, و o, ۇ u, ۆ ö, ۈ ü), and a syllable that starts with a vowel with the
hamza carrier ئ before it: ئابدۇرېھىم تۇرسۇن is Abdurehim Tursun letter by letter, not an
unvowelled skeleton. So a Uyghur name is read unit by unit (`scripts.SPELLED`), one unit per
letter, each with the spellings of Uyghur Latin (ULY) and of the lists and passports that
follow it or English: é e (also i, and a where the Arabic name has it: Abdurahim), ö o, ü u,
x kh h (خ), q k (ق), gh g (غ), ng (ڭ), zh j (ژ), w v (ۋ), sh and the x of pinyin-style
spellings (ش); ھ h or unsaid; a doubled letter may be written once (مۇھەممەت Muhemmet,
Muhemet). ئ is not a sound and is left out.

A name is Uyghur when it has a letter only Uyghur writes (ۇ ۈ ې ڭ ۋ, or ى inside a word, where
Arabic writes it only last), or ە or ۆ without the Persian-form letters of Kurdish (ی ک ێ ڵ ڕ ڤ)
and without the Arabic letters Uyghur does not use (ح ع ث ص ض ط ظ ذ ة). Other names in Arabic
script are read by their skeleton (`scripts._arabic`).

Kazakh in China writes its Arabic script the same way, with front vowels of its own (ٵ ä, ٶ ö,
ٷ ü, ٸ i, and ٴ before a word of front vowels): a name with one of those is read as Kazakh,
where ۆ is v, ع ğ (g, gh), ح h, ى ı (y, i) and ج zh (Kazakhstan's passport spellings).
"""

import re
from functools import lru_cache

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

READINGS = {
    "uyghur": _("Uyghur reading (Uyghur Latin, passport spellings)"),
    "kazakh": _("Kazakh reading (Arabic script)"),
}

_UYGHUR = {
    "ا": ("a",), "ە": ("e", "a"), "ې": ("e", "i", "a"), "ى": ("i", "e"), "و": ("o", "u"),
    "ۇ": ("u", "o"), "ۆ": ("o", "oe", "u"), "ۈ": ("u", "ue"), "ب": ("b",), "پ": ("p",),
    "ت": ("t",), "ج": ("j", "dj", "zh"), "چ": ("ch", "c"), "خ": ("x", "kh", "h"), "د": ("d",),
    "ر": ("r",), "ز": ("z",), "ژ": ("zh", "j"), "س": ("s",), "ش": ("sh", "x", "s"),
    "غ": ("gh", "g"), "ف": ("f",), "ق": ("q", "k"), "ك": ("k",), "گ": ("g",), "ڭ": ("ng", "n"),
    "ل": ("l",), "م": ("m",), "ن": ("n",), "ھ": ("h", ""), "ۋ": ("w", "v"), "ي": ("y", "i"),
    # the same sounds written with the letters of Arabic and Persian (a keyboard's, or an
    # Arabic name's)
    "ه": ("h", ""), "ک": ("k",), "ی": ("y", "i"), "ح": ("h",), "أ": ("a",), "إ": ("i", "e"),
    "آ": ("a",),
}  # fmt: skip
_KAZAKH = {
    **_UYGHUR,
    "ۆ": ("v",), "ع": ("g", "gh"), "ح": ("h", "kh"), "ى": ("y", "i", "e"), "ج": ("zh", "j"),
    "ۋ": ("w", "v", "u"), "ۇ": ("u",), "ٵ": ("a", "ae", "e"), "ٶ": ("o", "oe", "u"),
    "ٷ": ("u", "ue"), "ٸ": ("i",), "ق": ("k", "q"),
}  # fmt: skip
# after ٴ (the word's vowels are front ones) ا, و, ۇ are ä, ö, ü
_KAZAKH_FRONT = {"ا": ("a", "ae", "e"), "و": ("o", "oe", "u"), "ۇ": ("u", "ue")}

_UYGHUR_ONLY = frozenset("ۇۈېڭۋ")
_KAZAKH_ONLY = frozenset("ٴٵٶٷٸ")
_KURDISH_OR_ARABIC = frozenset("یکێڵڕڤحعثصضطظذة")
_INNER_I = re.compile("ى(?=[\u0620-\u064a\u066e-\u06d5])")  # ى before another letter


def kind(text: str) -> str:
    """ "uyghur" or "kazakh" for a name in Arabic script written in their alphabet, else ""."""
    letters = frozenset(text)
    if letters & _KAZAKH_ONLY:
        return "kazakh"
    if letters & _UYGHUR_ONLY or _INNER_I.search(text):
        return "uyghur"
    if letters & frozenset("ەۆ") and not letters & _KURDISH_OR_ARABIC:
        return "uyghur"
    return ""


@lru_cache(maxsize=20_000)
def units(word: str, script: str) -> tuple[tuple[str, ...], ...]:
    """A word's letters, each with its Latin spellings; ئ (and ٴ, ع in Uyghur) left out."""
    table = _KAZAKH if script == "kazakh" else _UYGHUR
    front = script == "kazakh" and "ٴ" in word
    out: list[tuple[str, ...]] = []
    previous = ""
    for index, char in enumerate(word):
        spelled = (front and _KAZAKH_FRONT.get(char)) or table.get(char)
        if not spelled:
            continue
        if char == previous and "" not in spelled:
            spelled = (*spelled, "")  # a doubled letter written once (Muhemmet, Muhemet)
        if char == "ە" and not word[:index].strip("ٴ"):
            spelled = (*spelled, "ye")  # starting a word without ئ: Kazakh (ەرلان Yerlan)
        out.append(spelled)
        previous = char
    return tuple(out)
