# ruff: noqa: RUF001, RUF002, RUF003 - Arabic letters that look like Latin ones are the data
"""Lao, Devanagari, Bengali and Arabic-script (Urdu) names against their common Latin spellings.

Each script word becomes a skeleton of the letters it writes (`romanise`): Lao with its vowels
put back in spoken order (ເພັດ → phet), Devanagari and Bengali through anyascii (which drops
the inherent vowel: मोहम्मद → mohmmd), Arabic script through the table below, where short
vowels are unwritten and ا و ی are long vowels (محمد → mhmd, محمود → mhmwd). A Latin word
matches a skeleton when it spells the same consonants in the same order, each in one of its
usual spellings (श = s or sh, ف = f or ph, ق = q or k, Lao ຊ = x or s), with any short vowels
between them, and every written vowel present: so Muhammad, Mohammed and Mohamad all match محمد
and none matches محمود (Mahmood). The reading is named by script ("Urdu reading").
"""

import re
from functools import lru_cache

import anyascii

READINGS = {
    "lao": "Lao reading",
    "devanagari": "Devanagari reading",
    "bengali": "Bengali reading",
    "arabic": "Urdu (Arabic script) reading",
}


def script_of(char: str) -> str:
    code = ord(char)
    if 0x0E80 <= code <= 0x0EFF:
        return "lao"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    if 0x0980 <= code <= 0x09FF:
        return "bengali"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    return ""


# --- each script to a skeleton ----------------------------------------------------------------

_LAO_PRE = "\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4"  # vowels written before the consonant they follow


def _lao(word: str) -> str:
    word = re.sub("[\u0ec8-\u0ecc]", "", word)  # tone marks
    word = re.sub("\u0eab(?=[\u0ea7\u0e99\u0ea1\u0ea5\u0e8d\u0e87])", "", word)  # ຫ: tone only
    word = re.sub(f"([{_LAO_PRE}])([\u0e81-\u0eae])", r"\2\1", word)
    word = word.replace("\u0ec0\u0eb1", "e")  # ເ-ັ: short e (ເພັດ Phet)
    word = word.replace("\u0ebb\u0ea7", "ua")  # ົວ: the vowel ua (ບົວ Boua)
    word = re.sub("(?<=.)\u0ead", "o", word)  # ອ after a consonant is the vowel o (ພອນ Phon)
    word = re.sub("\u0ea7$", "o", word)  # a final ວ is o (ແກ້ວ Keo, ທ້າວ Thao)
    word = word.replace("\u0e8d", "y")  # ຍ: y (Souliya, Xayavong)
    return anyascii.anyascii(word).lower()


_ARABIC = {
    "ا": "A", "آ": "A", "أ": "A", "إ": "A", "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "s",
    "ج": "j", "چ": "c", "ح": "h", "خ": "x", "د": "d", "ڈ": "d", "ذ": "z", "ر": "r", "ڑ": "r",
    "ز": "z", "ژ": "z", "س": "s", "ش": "S", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "",
    "غ": "g", "ف": "f", "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ں": "n", "و": "U", "ہ": "h", "ه": "h", "ھ": "", "ء": "", "ئ": "I", "ی": "I", "ي": "I",
    "ے": "E", "ى": "I", "ة": "h", "ۃ": "h",
}  # fmt: skip


def _arabic(word: str) -> str:
    skeleton = "".join(_ARABIC.get(c, "") for c in word)
    return re.sub("h$", "", skeleton) or skeleton  # a final ہ is a vowel (Aisha, Fatima)


def romanise(word: str, script: str) -> str:
    """The skeleton of one word: lower-case letters, and for Arabic script A, U, I, E for the
    long vowels and S, c, x for sh, ch, kh."""
    if script == "lao":
        return re.sub("[^a-z]", "", _lao(word))
    if script == "arabic":
        return _arabic(word)
    word = re.sub("[\u0902\u0982]", "n", word)  # anusvara: a nasal (सिंह Singh, শংকর Shankar)
    text = anyascii.anyascii(word).lower()
    return re.sub("[^a-z]", "", text)


# --- a skeleton to the pattern of its Latin spellings -----------------------------------------

_CONSONANTS = {
    "kh": "kh|k|q|x", "gh": "gh|g", "ch": "ch|c|tch", "jh": "jh|j", "th": "th|t", "dh": "dh|d",
    "ph": "ph|f|p", "bh": "bh|b|v", "sh": "sh|s|x", "zh": "zh|z|j", "ng": "ng|n",
    "k": "k|kh|q|c|ck", "g": "g|gh", "c": "ch|c|tch", "j": "j|z|dj", "t": "t|th|tt",
    "d": "d|dd|t|th", "p": "p|ph|pp", "b": "b|bb|v", "f": "f|ph", "v": "v|w|b|bh",
    "w": "w|v|u|o", "s": "s|sh|ss|x|th", "z": "z|j|dh|zh", "x": "x|s|kh|ch", "q": "q|k|qu",
    "h": "h|", "y": "y|i|j", "r": "r|rr|rh", "l": "l|ll", "m": "m|mm", "n": "n|nn|nh|ng",
    "S": "sh|s|ch", "A": "a|aa|ah|e|o|", "U": "u|o|oo|ou|w|v|au", "I": "i|ee|y|e|ie|ei|ai",
    "E": "e|ay|ai|a|i",
}  # fmt: skip
_VOWELS = {
    "a": "a|aa|ah|e|o|u", "e": "e|ay|ai|ea|ee|i|a", "i": "i|ee|y|ie|e", "u": "u|oo|ou|o",
    "o": "o|u|ou|oo|aw|au|oh", "ai": "ai|ay|ei|e|i|a", "au": "au|ao|ow|o", "ou": "ou|u|oo|o",
}  # fmt: skip
_TOKEN = re.compile(
    "kh|gh|ch|jh|th|dh|ph|bh|sh|zh|ng|ai|au|ou|[aeiou]|[bcdfghjklmnpqrstvwxyzAUIES]"
)
_BETWEEN = "[aeiou]{0,2}"


@lru_cache(maxsize=50_000)
def pattern(skeleton: str) -> re.Pattern[str] | None:
    tokens = _TOKEN.findall(skeleton)
    if not tokens:
        return None
    parts = [_BETWEEN]
    for token in tokens:
        if token in _VOWELS:
            parts.append(f"(?:{_VOWELS[token]})")
        else:
            parts.append(
                f"(?:{_CONSONANTS[token]})+" if len(token) == 1 else f"(?:{_CONSONANTS[token]})"
            )
            parts.append(_BETWEEN)
    return re.compile("".join(parts) + "[eh]?")


def joined(skeletons: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words as written, and with two neighbours written as one (بی بی = Bibi)."""
    out = [skeletons]
    out += [
        (*skeletons[:i], skeletons[i] + skeletons[i + 1], *skeletons[i + 2 :])
        for i in range(len(skeletons) - 1)
    ]
    return out


def words_found(skeletons: tuple[str, ...], words: tuple[str, ...]) -> tuple[int, bool]:
    """How many of the script's words are spelled by distinct Latin words, and whether each
    was spelled exactly as the skeleton reads."""
    left = list(words)
    found, exact = 0, True
    for skeleton in skeletons:
        compiled = pattern(skeleton)
        match = next(
            (w for w in left if w == skeleton or (compiled and compiled.fullmatch(w))), None
        )
        if match is None:
            continue
        exact = exact and match == skeleton
        left.remove(match)
        found += 1
    return found, exact
