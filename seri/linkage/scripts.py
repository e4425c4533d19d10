# ruff: noqa: RUF001, RUF002, RUF003 - Arabic letters that look like Latin ones are the data
"""Lao, Devanagari, Bengali and Arabic-script (Urdu) names against their common Latin spellings.

Each script word becomes a skeleton of the letters it writes (`romanise`): Lao with its vowels
put back in spoken order (ເພັດ → phet), Devanagari and Bengali through anyascii (which drops
the inherent vowel: मोहम्मद → mohmmd), Arabic script through the table below, where short
vowels are unwritten and ا و ی are long vowels (محمد → mhmd, محمود → mhmwd). A Latin word
matches a skeleton when it spells the same consonants in the same order, each in one of its
usual spellings (श = s or sh, ف = f or ph, ق = q or k, Lao ຊ = x or s), with any short vowels
between them, and every written vowel present: so Muhammad, Mohammed and Mohamad all match محمد
and none matches محمود (Mahmood). The reading is named by script ("Urdu reading"). For Arabic
script and Hebrew, a word spelled by the usual spellings of its letters (`pattern(...,
strict=True)`: a written h spelled, no vowel before a written first consonant) is the same word
(Mohammed Ali = محمد علي at "same words"); the looser spellings allow typos. Both scripts write
a word's last vowel, so a Latin spelling ends in a vowel only where the last letter carries it
(`_ENDINGS`: زهرا is Zahra, not Zohreh; עומר is Omer, not Omri).
"""

import re
from functools import lru_cache
from itertools import islice, permutations, product

import anyascii
from django.utils.translation import gettext_noop as _  # translated when shown

from seri.linkage import (
    chinese,
    conventions,
    indic,
    japanese,
    khmer,
    korean,
    thai,
    tibetan,
    uyghur,
)

READINGS = {
    "lao": "Lao reading",
    "devanagari": "Devanagari reading",
    "bengali": "Bengali reading",
    "arabic": "Urdu (Arabic script) reading",
    "hebrew": _("Hebrew reading"),
}


# Scripts whose Latin spellings by the usual spellings of each letter are the same name ("same
# words"): the consonant skeleton of Arabic script and Hebrew with the written long vowels
STRICT = frozenset({"arabic", "hebrew"})


def script_of(char: str) -> str:
    code = ord(char)
    if 0x0E80 <= code <= 0x0EFF:
        return "lao"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    if 0x0980 <= code <= 0x09FF:
        return "bengali"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    return ""


# --- each script to a skeleton ----------------------------------------------------------------

_LAO_PRE = "\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4"  # vowels written before the consonant they follow
_LAO_CONSONANT = "[\u0e81-\u0eae\u0edc\u0edd]"
_LAO_VOWEL = "[\u0eb0-\u0ebd\u0ec0-\u0ec4]"  # vowel signs (and ຼ, a cluster's l)


def _lao(word: str) -> str:
    word = re.sub("[\u0ec8-\u0ecc]", "", word)  # tone marks
    # ຫ: tone only (ຫວັນ van, ຫຼວງ Luang, with ຼ: the l under it)
    word = re.sub("\u0eab(?=[\u0ea7\u0e99\u0ea1\u0ea5\u0e8d\u0e87\u0ebc])", "", word)
    # a vowel written before its consonant put after it, and after a ຼ under it (ຫຼ once the ຫ
    # is gone)
    word = re.sub(f"([{_LAO_PRE}])({_LAO_CONSONANT}\u0ebc?|\u0ebc)", r"\2\1", word)
    word = word.replace("\u0ec0\u0eb1", "e")  # ເ-ັ: short e (ເພັດ Phet)
    word = word.replace("\u0ebb\u0ea7", "ua")  # ົວ: the vowel ua (ບົວ Boua)
    # ເ-ືອ: the vowel passports write eua, ua or uea (ເຮືອງ Heuang, ເຫຼືອ Leua)
    word = word.replace("\u0ec0\u0eb7\u0ead", "\u00f8a")
    # ອ after a consonant is the vowel o (ພອນ Phon); before a vowel, a syllable's silent
    # initial (ແສງອາລຸນ Sengaloun)
    word = re.sub(f"(?<=.)\u0ead(?!{_LAO_VOWEL})", "o", word)
    word = re.sub("\u0ea7$", "o", word)  # a final ວ is o (ແກ້ວ Keo, ທ້າວ Thao)
    # so is a ວ closing a syllable inside a word, after ແ, ເ or າ (ແກ້ວມະນີ Keomany)
    word = re.sub("(?<=[\u0ec0\u0ec1\u0eb2])\u0ea7(?![\u0eb0-\u0ebd])", "o", word)
    # a ວ between a consonant and a final is the vowel ua (ດວງ Douang, ຫຼວງ Luang, ສວນ Suan)
    word = re.sub(
        f"(?<={_LAO_CONSONANT}|\u0ebc)\u0ea7(?={_LAO_CONSONANT}(?!{_LAO_VOWEL}))", "ua", word
    )
    word = word.replace("\u0e8d", "y")  # ຍ: y (Souliya, Xayavong)
    # ເ-ີ, ເ-ິ: the vowel Lao passports write eu (ເສີດ Seuth, Sipaseuth), oe or er
    word = re.sub("\u0ec0[\u0eb4\u0eb5]", "\u00f8", word)
    # ບ closing a syllable is said p (ທິບ Thip, Phonethip, ທິບພະວັນ Thipphavanh)
    word = re.sub(f"(?<=.)\u0e9a(?!{_LAO_VOWEL})", "p", word)
    return anyascii.anyascii(word.replace("\u00f8", "eu")).lower()


_ARABIC = {
    "ا": "A", "آ": "A", "أ": "A", "إ": "A", "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "s",
    "ج": "j", "چ": "c", "ح": "h", "خ": "x", "د": "d", "ڈ": "d", "ذ": "z", "ر": "r", "ڑ": "r",
    "ز": "z", "ژ": "z", "س": "s", "ش": "S", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "",
    "غ": "g", "ف": "f", "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ں": "n", "و": "U", "ہ": "h", "ه": "h", "ھ": "", "ء": "", "ئ": "I", "ی": "I", "ي": "I",
    "ے": "E", "ى": "E", "ة": "h", "ۃ": "h",
}  # fmt: skip
# A word's last letter, where it tells which vowel a Latin spelling may end in (`_ENDINGS`):
# ه ہ a final vowel a, e or o, or an h (فاطمه Fatemeh, عبدالله Abdullah); ة also at
# (حياة Hayat); ع ء a vowel or nothing (ربيع Rabie, علاء Alaa); the Persian and Urdu ی also a
# (مرتضی Morteza, موسیٰ Musa), where the Arabic ي is only i
_ARABIC_LAST = {
    "ه": "@", "ہ": "@", "ة": "T", "ۃ": "T", "ع": "~", "ء": "~", "ی": "Y",
}  # fmt: skip


def _arabic(word: str) -> str:
    article = word.startswith("ال") and len(word) > 3  # al-, el-, ad-, ar- … or nothing
    if article:
        word = word[2:]
    letters = [c for c in word if c in _ARABIC]
    if not letters:
        return "L" if article else ""
    body, last = "".join(_ARABIC[c] for c in letters[:-1]), letters[-1]
    skeleton = body + ((body and _ARABIC_LAST.get(last)) or _ARABIC[last])
    # ' marks a word that starts with ع (unwritten in Latin: Ali, Imran, Omar), the only
    # consonant before which a Latin spelling starts with a vowel; before ي or و it may carry
    # their vowel only (عيسى Isa, Eisa; عوض Awad, Oud): ~, a vowel or none
    if letters[0] == "ع":
        skeleton = ("~" if skeleton[:1] in ("I", "U") else "'") + skeleton
    # ز + ہ is z, h (الزهراء Zahraa), not the digraph zh: a dot keeps them apart
    skeleton = re.sub("(?<=[kgcjtdpbsz])h", ".h", skeleton)
    return ("L" if article else "") + skeleton


# Hebrew is written like Arabic: short vowels unwritten, ו and י long vowels (דוד David, כהן
# Cohen, יוסף Yosef, מרים Miriam)
_HEBREW = {
    "א": "'", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ו": "U", "ז": "z", "ח": "H", "ט": "t",
    "י": "I", "כ": "K", "ך": "K", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s",
    "ע": "'", "פ": "P", "ף": "f", "צ": "C", "ץ": "C", "ק": "q", "ר": "r", "ש": "S", "ת": "t",
}  # fmt: skip


def _hebrew(word: str) -> str:
    # א and ע: a vowel may be said there (מיכאל Michael); ח, כ and פ are h/ch, k/ch, p/f
    word = word.replace("יי", "י").replace("וו", "ב")  # doubled: one y (חיים Chaim), v (דוויד)
    skeleton = "".join(_HEBREW.get(c, "") for c in word)
    # א at a word's start before י or ו only carries the vowel they write: איתי Itay, אורי Uri
    skeleton = re.sub("^'(?=[IU])", "", skeleton)
    # and inside a word, where it may go unspelled (שמעון Shimon, אזולאי Azulay): ~
    skeleton = re.sub("(?<=.)'(?=[IU])", "~", skeleton)
    # a final ה is a vowel a, e or o, or an h (Sarah, Moshe, Shlomo): @, as Arabic script's;
    # after א or ע, whose vowel it ends, a vowel or none (נועה Noa, לאה Leah): ~
    skeleton = re.sub("(?<=')h$", "~", skeleton)
    skeleton = re.sub("(?<=.)h$", "@", skeleton)
    return re.sub("(?<=[kgcjtdpbsz])h", ".h", skeleton)


def romanise(word: str, script: str) -> str:
    """The skeleton of one word: lower-case letters, and for Arabic script A, U, I, E for the
    long vowels and S, c, x for sh, ch, kh."""
    if script == "lao":
        return re.sub("[^a-z]", "", _lao(word))
    if script == "arabic":
        return _arabic(word)
    if script == "hebrew":
        return _hebrew(word)
    word = re.sub("[\u0902\u0982]", "n", word)  # anusvara: a nasal (सिंह Singh, শংকর Shankar)
    word = re.sub("[\u0919\u0999]", "ng", word)  # ङ ঙ: ng (गुरुङ Gurung, तामाङ Tamang)
    # क्ष ক্ষ: ksh, x or kh (लक्ष्मी Lakshmi, Laxmi; লক্ষ্মী Lokkhi): the letter X
    word = re.sub("[\u0915\u0995][\u094d\u09cd][\u0937\u09b7]", "X", word)
    # letter by letter, a dot between two letters that would read as one (ब + ह in बहादुर is
    # b, h: Bahadur; भ alone is bh)
    out = ""
    for char in word:
        letters = "X" if char == "X" else re.sub("[^a-z]", "", anyascii.anyascii(char).lower())
        if out and letters and (out[-1] + letters[0]) in _DIGRAPHS:
            out += "."
        out += letters
    return out


# --- a skeleton to the pattern of its Latin spellings -----------------------------------------

_CONSONANTS = {
    "kh": "kh|k|q|x", "gh": "gh|g", "ch": "ch|c|tch", "jh": "jh|j", "th": "th|t", "dh": "dh|d",
    "ph": "ph|f|p", "bh": "bh|b|v", "sh": "sh|s|x", "zh": "zh|z|j", "ng": "ng|n",
    "k": "k|kh|q|c|ck", "g": "g|gh", "c": "ch|c|tch", "j": "j|z|dj|g", "t": "t|th|tt",
    "d": "d|dd|t|th", "p": "p|ph|pp", "b": "b|bb|v", "f": "f|ph", "v": "v|w|b|bh",
    "w": "w|v|u|o", "s": "s|sh|ss|x|th", "z": "z|j|dh|zh", "x": "x|s|kh|ch", "q": "q|k|qu",
    "h": "h|", "y": "y|i|j", "r": "r|rr|rh", "l": "l|ll", "m": "m|mm", "n": "n|nn|nh|ng",
    "S": "sh|s|ch", "A": "a|aa|ah|e|o|", "U": "u|o|oo|ou|w|v|au", "I": "i|ee|y|e|ie|ei|ai",
    "Y": "i|ee|y|e|ie|ei|ai", "E": "e|ay|ai|a|i", "L": "[aeiou]?l-?|[aeiou](?=[dnrstz])|",
    "C": "ts|tz|z|s", "H": "h|ch|kh", "K": "k|kh|ch|c", "P": "p|f|ph", "'": "[aeiou]",
    "X": "ksh|ks|x|kkh|kh|kch",
}  # fmt: skip
_VOWELS = {
    "a": "a|aa|ah|e|o|u", "e": "e|ay|ai|ea|ee|i|a", "i": "i|ee|y|ie|e", "u": "u|oo|ou|o",
    "o": "o|u|ou|oo|aw|au|oh", "ai": "ai|ay|ei|e|i|a", "au": "au|ao|ow|o", "ou": "ou|u|oo|o",
    "eu": "eu|oe|eo|er|ue|u|e",
}  # fmt: skip
_TOKEN = re.compile(
    "kh|gh|ch|jh|th|dh|ph|bh|sh|zh|ng|ai|au|ou|eu|[aeiou]|[bcdfghjklmnpqrstvwxyzAUIYESLCHKPX'@T~]"
)
# Arabic script and Hebrew write a word's last vowel (`_arabic`, `_hebrew`): a Latin spelling
# ends in a vowel only where the last letter can carry it, and in the vowel it carries
# (زهرا Zahra is not Zohreh, زهره is either; עומר Omer is not Omri, עמרי). The last letter's
# spellings: ا a; ي, י i (y, ee); the Persian and Urdu ی also e or a (مرتضی Morteza); ى, ے
# a, i or e; و, ו u, o or w, v; ه ہ ה (@) a, e or o, or an h (Abdullah, Taha); ة (T) also at
# (حياة Hayat); ع ء ע א a vowel or none (ربيع Rabie, לביא Lavi). After any other letter, a
# consonant, the Latin spelling ends in it, or in a silent e or an h (George جورج, Saleh صالح).
_ENDINGS = {
    "A": "aa?h?", "I": "i|ee|y|ie|ei|ey|ai|ay|iy|ii", "Y": "i|ee|y|ie|ei|ey|ai|ay|iy|ii|e|a|aa|ah",
    "E": "e|ay|ai|a|i|y|ee|ie|ey|aa|ah", "U": "(?:u|o|oo|ou|w|v|au)+", "@": "h?[aeo]|[aeo]?h",
    "T": "h?[aeo]|[aeo]?h|[ae]t", "~": "[aeiou]?h?", "'": "[aeiou]?h?",
}  # fmt: skip
# The same marks inside a word (two words written as one: فاطمه زهرا Fatemehzahra; ع before
# ي or و starting a word: عيسى Isa, Eisa)
_MARKS = {"@": "[aeo]?h?", "T": "[aeo]?[ht]?", "~": "[aeiou]?"}
# the unwritten short vowels between two letters: one vowel, or none (a written long vowel is
# its own letter: Muhammad matches محمد, Mahmoud does not)
_BETWEEN = "[aeiou]?"
_DIGRAPHS = frozenset(
    ["kh", "gh", "ch", "jh", "th", "dh", "ph", "bh", "sh", "zh", "ng", "ai", "au", "ou", "eu"]
)


# The usual spellings only (`pattern(..., strict=True)`): a written h is spelled, s is not sh,
# and a word starts with a vowel only where the script writes one (alif, ع, the article)
_STRICT = {"h": "h", "s": "s|ss|th", "x": "kh|x", "k": "k|c|ck|q"}


@lru_cache(maxsize=50_000)
def pattern(
    skeleton: str, strict: bool = False, written_start: bool = False
) -> re.Pattern[str] | None:
    """The Latin spellings of a skeleton. `strict`: the usual spellings only, so that a match
    is the same name (Arabic script and Hebrew: Mohammed Ali = محمد علي). `written_start` (and
    `strict`): no vowel before a written first consonant (حمد Hamad is not Ahmad), and each
    word (two written as one are joined by |: `joined`) ends as its last letter allows
    (`_ENDINGS`)."""
    if not (strict or written_start):
        skeleton = skeleton.replace("|", "")
    words = [
        _word_pattern(word, strict, written_start, inner=index > 0)
        for index, word in enumerate(skeleton.split("|"))
    ]
    if not all(words):
        return None
    return re.compile("".join(words))


def _word_pattern(skeleton: str, strict: bool, written_start: bool, inner: bool = False) -> str:
    """`inner`: a word written after another as one; no vowel before its first letter (the
    vowel there is the last of the word before: `_ENDINGS`)."""
    tokens = _TOKEN.findall(skeleton)
    if not tokens:
        return ""
    table = {**_CONSONANTS, **_STRICT} if strict else _CONSONANTS
    endings = strict or written_start  # Arabic script and Hebrew
    vowel_first = not inner and (not endings or skeleton[:1] in "'AL")
    parts = [_BETWEEN if vowel_first else ""]
    for index, token in enumerate(tokens):
        last = endings and index == len(tokens) - 1
        if token in _VOWELS:
            parts.append(f"(?:{_VOWELS[token]})")
        elif last and token in _ENDINGS:
            return "".join(parts) + f"(?:{_ENDINGS[token]})"
        elif token in _MARKS:
            parts.append(f"(?:{_MARKS[token]})")
        else:
            repeated = len(token) == 1 and token not in ("L", "'")  # the article is said once
            parts.append(f"(?:{table[token]})+" if repeated else f"(?:{table[token]})")
            if not last or token in ("L",):  # an article's vowel may follow it
                parts.append(_BETWEEN)
    return "".join(parts) + "[eh]?"


# بن، بنت، ابن، בן، בת: son or daughter of, between two names (as bin, binti in Latin names:
# `conventions`)
_PATRONYMIC = frozenset({"bn", "bnt", "Abn", "bt"})


def joined(skeletons: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words as written, and with two neighbours written as one (بی بی = Bibi; each still
    ends as its last letter allows: `pattern`); an Arabic article also with the word before
    (عبد الرحمن = Abdul Rahman, Abdel Rahman); a patronymic marker between two names left out
    (نور بنت عثمان = Nur Osman, Nur binti Osman)."""
    out = [skeletons]
    out += [
        (*skeletons[:i], f"{skeletons[i]}|{skeletons[i + 1]}", *skeletons[i + 2 :])
        for i in range(len(skeletons) - 1)
    ]
    out += [
        (*skeletons[:i], skeletons[i] + "L", skeletons[i + 1][1:], *skeletons[i + 2 :])
        for i in range(len(skeletons) - 1)
        if skeletons[i + 1].startswith("L") and len(skeletons[i + 1]) > 1
    ]
    out += [
        (*skeletons[:i], *skeletons[i + 1 :])
        for i in range(1, len(skeletons) - 1)
        if skeletons[i] in _PATRONYMIC
    ]
    return out


def words_found(
    skeletons: tuple[str, ...], words: tuple[str, ...], strict: bool = False
) -> tuple[int, bool]:
    """How many of the script's words are spelled by distinct Latin words, and whether each
    was spelled exactly as the skeleton reads (`strict`: or by its usual spellings)."""
    left = list(words)
    found, exact = 0, True
    for skeleton in skeletons:
        compiled = pattern(skeleton, written_start=strict)
        plain = re.sub("[.'@T~|]", "", skeleton)
        match = next((w for w in left if w == plain or (compiled and compiled.fullmatch(w))), None)
        if match is None:
            continue
        usual = pattern(skeleton, strict=True) if strict else None
        exact = exact and (match == plain or bool(usual and usual.fullmatch(match)))
        left.remove(match)
        found += 1
    return found, exact


def arrangements(words: tuple) -> list[tuple]:
    """The orders a name's words are written in (`scoring._found_in_order`): as written, with
    words moved from its start to its end, or reversed; not two given names swapped."""
    return list(dict.fromkeys([*(words[i:] + words[:i] for i in range(len(words))), words[::-1]]))


@lru_cache(maxsize=20_000)
def skeleton_first_letters(skeleton: str) -> frozenset[str]:
    """The letters a Latin spelling of a skeleton may start with (`pattern`): the letter an
    initial written for the word is (बहादुर B.)."""
    letters: set[str] = set()
    for letter in _TOKEN.findall(skeleton):
        if letter in ("'", "L"):  # a vowel said there; the article, said or not
            letters |= set("aeiou") | ({"l"} if letter == "L" else set())
            if letter == "'":
                break
            continue
        spellings = (_VOWELS.get(letter) or _CONSONANTS[letter]).split("|")
        letters |= {s[0] for s in spellings if s}
        if "" not in spellings:
            break
    return frozenset(letters)


def skeleton_initials(skeletons: tuple[str, ...], words: tuple[str, ...], strict: bool) -> bool:
    """A Latin name with a word written as its initial against a name of skeletons, as between
    two romanised names (`scoring._initials_level`: Ram B. Gurung = राम बहादुर गुरुङ): each
    initial the first letter of a spelling of a word of the name, the whole words spelling at
    least two others, in an order the name is written in (`arrangements`); words of the name
    may be left out."""
    if not any(len(w) == 1 for w in words) or sum(len(w) > 1 for w in words) < 2:
        return False
    for order in arrangements(skeletons):
        i = found = 0
        for skeleton in order:
            if i == len(words):
                break
            if len(words[i]) == 1:
                i += words[i] in skeleton_first_letters(skeleton)
            elif words_found((skeleton,), (words[i],), strict)[0]:
                i, found = i + 1, found + 1
        if i == len(words) and found >= 2:
            return True
    return False


# --- names spelled unit by unit: Korean, Japanese, the Indic scripts of indic.py, Cyrillic -----
#
# These scripts are read into units (a syllable, a mora, a consonant or vowel, a letter), each
# with the set of its usual spellings. A name is one or more ways of reading it (`Parsing`: its
# words, each a tuple of units); a romanised name matches when its words, in their written
# order, spell the units of the name's words in some order of those words, a word break only
# between units (Min-jun = Minjun = Min Jun; Kim Minjun = Minjun Kim).

Unit = tuple[str, ...]
Word = tuple[Unit, ...]
Parsing = tuple[Word, ...]

SPELLED = {
    "korean": korean.READING,
    "japanese": japanese.READING,
    "katakana": japanese.READING,  # kana too, but often a foreign name: no family name first
    "cyrillic": _("Cyrillic reading (passport, BGN/PCGN, GOST)"),
    "ethiopic": _("Ethiopic reading (Amharic, Tigrinya)"),
    "thai": _("Thai reading (RTGS, passport spellings)"),
    "tibetan": tibetan.READING,
    "khmer": _("Khmer reading (UNGEGN, passport spellings)"),
    **indic.READINGS,
    **uyghur.READINGS,
}
# a Mongolian patronymic (a father's name in the genitive) written as its initial or left out
MONGOLIAN_PATRONYMIC = _("a Mongolian patronymic written as its initial or left out")
FAMILY_FIRST = frozenset({"korean", "japanese"})  # the first word is the family name
# names whose words are in one order only, with no family name (Tibetan: Tenzin Norbu is not
# Norbu Tenzin)
WRITTEN_ORDER = frozenset({"tibetan"})
MAX_ORDERS = 24

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v w", "г": "g h", "ґ": "g", "д": "d", "е": "e ye ie je",
    "ё": "e yo io jo ye", "ж": "zh j z", "з": "z s", "и": "i y", "і": "i", "ї": "i yi ji",
    "й": "y i j -", "к": "k c", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s ss", "т": "t", "у": "u ou oo", "ф": "f ph", "х": "kh h x ch", "ц": "ts tc c tz",
    "ч": "ch tch c", "ш": "sh sch", "щ": "shch sch shh sh", "ъ": "- ie", "ы": "y i", "ь": "- y i",
    "э": "e", "ю": "yu iu ju u", "я": "ya ia ja a", "є": "ye ie je e", "ў": "u w",
    # Mongolian (MNS 5217 and passports: ө o/u/oe, ү u/ue, ж j) and Kazakh (its 2004 passport
    # table and the usual spellings: қ k/q, ғ g/gh, ң ng/n, ұ u, ә a/ae, һ h)
    "ө": "o u oe", "ү": "u ue", "ә": "a ae e", "ғ": "g gh", "қ": "k q", "ң": "ng n", "ұ": "u",
    "һ": "h",
}  # fmt: skip
# A vowel letter written twice, or after the vowel it repeats (Mongolian long vowels: Ганбаатар
# Ganbaatar, Энхтуяа Enkhtuya, Оюун Oyun): the second may go unwritten in Latin.
_CYRILLIC_LONG = {"а": "аа яа", "о": "оо ёо", "у": "уу юу", "э": "ээ еэ", "ө": "өө", "ү": "үү",
                  "и": "ии ий", "ы": "ыы"}  # fmt: skip
# The Mongolian genitive that makes a father's name a patronymic (Батбаярын Ганбаатар is
# Ganbaatar, Batbayar's son): its ending may go unwritten (Batbayar). After a vowel or н it
# is -гийн (Сүрэнгийн Surengiin, Suren), after н also -ы or, in a word of front vowels, -ий
# (Сайханы Saikhany, Saikhan; Түмэний Tumenii, Tumen).
_CYRILLIC_GENITIVE = ("ийн", "ын")
_GENITIVE_AFTER_N = {"ы": ("y", "i", ""), "ий": ("iy", "y", "ii", "i", "yi", "ij", "")}
_FRONT_VOWELS = frozenset("эөү")
# A Cyrillic letter that romanises as two or more Latin letters is written so as an initial
# too (Ц Ts., Ч Ch., Ш Sh., Щ Shch., Х Kh., Ж Zh., Ю Yu., Я Ya., Ё Yo., Е Ye.: ICAO Doc 9303,
# BGN/PCGN, MNS 5217): Ts. Oyunchimeg, Olga Yu. Smirnova. The consonants' are no word of a
# name in any romanisation; the vowels' are (Yu, Ye: Chinese and Burmese names), initials
# only against a name in Cyrillic, or of a Mongolian national (`scoring._mongolian`).
CONSONANT_INITIALS = frozenset({"ts", "ch", "sh", "shch", "kh", "zh"})
DIGRAPH_INITIALS = CONSONANT_INITIALS | {"yu", "ya", "yo", "ye"}


def is_initial(word: str, initials: frozenset[str] = frozenset()) -> bool:
    """A romanised word that is an initial: one letter, or one of `initials` (a Cyrillic
    letter's two: `DIGRAPH_INITIALS`)."""
    return len(word) == 1 or word in initials


def spelled_script(char: str) -> str:
    """The script of a letter read unit by unit here, or ""."""
    if korean.is_hangul(char):
        return "korean"
    if japanese.is_katakana(char):
        return "katakana"
    if japanese.is_kana(char):
        return "japanese"
    if 0x0400 <= ord(char) <= 0x04FF:
        return "cyrillic"
    if 0x1200 <= ord(char) <= 0x137F:
        return "ethiopic"
    if tibetan.is_tibetan(char):
        return "tibetan"
    return indic.script_of(char)


@lru_cache(maxsize=20_000)
def _cyrillic(word: str) -> Word:
    word = word.lower()
    out: list[Unit] = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair == "кс":  # Aleksandr, Alexander
            out.append(("ks", "x"))
            i += 2
            continue
        if pair == "др" and i + 2 == len(word):  # Aleksandr, Alexander
            out += [("d",), ("r", "er")]
            i += 2
            continue
        after_n = i >= 3 and word[i - 1] == "н"
        if after_n and word[i:] == "ий" and _FRONT_VOWELS & set(word):  # Түмэний
            out.append(_GENITIVE_AFTER_N["ий"])
            break
        if pair in ("ий", "ый") and i + 2 == len(word):  # Dmitriy, Dmitry, Dmitrii, Dmitri
            out.append(("iy", "y", "ii", "i", "yi", "ij"))
            i += 2
            continue
        if after_n and word[i:] == "ы":  # Сайханы
            out.append(_GENITIVE_AFTER_N["ы"])
            break
        ending = next((g for g in _CYRILLIC_GENITIVE if word.endswith(g)), "")
        if ending and i == len(word) - len(ending) and i >= 3:
            out.append(_GENITIVE[ending])
            break
        spelled = _CYRILLIC.get(word[i])
        if spelled:
            unit = tuple("" if s == "-" else s for s in spelled.split())
            if i and word[i - 1 : i + 1] in _CYRILLIC_LONG.get(word[i], "").split():
                unit = (*unit, "")
            if word[i:] == "гийн" and i >= 3 and word[i - 1] in "аоуэөүиыеёюяйн":
                unit = (*unit, "")  # -гийн (Сүрэнгийн), or a stem's г and -ийн (Ганзоригийн)
            out.append(unit)
        i += 1
    return tuple(out)


def _genitive_spellings(ending: str) -> tuple[str, ...]:
    """The spellings of a genitive ending, letter by letter (ын: yn, in; ийн: iin, iyn...)."""
    spelled = [""]
    for letter in ending:
        options = [s for s in _CYRILLIC[letter].split() if s != "-"] or [""]
        spelled = [a + b for a in spelled for b in options][:8]
    return tuple(spelled)


# each genitive ending's unit: its spellings, or unwritten
_GENITIVE = {
    ending: tuple(dict.fromkeys((*_genitive_spellings(ending), "")))
    for ending in _CYRILLIC_GENITIVE
}
_GENITIVE_UNITS = frozenset((*_GENITIVE.values(), *_GENITIVE_AFTER_N.values()))


def patronymic(word: Word) -> bool:
    """Is this word of a Cyrillic reading a Mongolian patronymic (a name in the genitive)?"""
    return bool(word) and word[-1] in _GENITIVE_UNITS


_ETHIOPIC_CONSONANTS = {
    "ts": ("ts", "tz", "s", "z"), "q": ("q", "k"), "ch": ("ch", "c"), "sh": ("sh", "s"),
    "kh": ("kh", "h", "k"), "h": ("h", ""), "zh": ("zh", "j", "z"), "ny": ("ny", "gn", "n"),
    "y": ("y", "i", ""), "w": ("w", "u", "o"), "v": ("v", "b"),
}  # fmt: skip
_ETHIOPIC_VOWELS = {
    "e": ("e", "a"), "a": ("a",), "u": ("u", "ou", "o"), "i": ("i", "ee"), "o": ("o",),
    "ie": ("e", "ie", "ee"), "": ("", "i", "e"),
}  # fmt: skip


@lru_cache(maxsize=20_000)
def _ethiopic(word: str) -> Word:
    """Each syllable of the Ethiopic script (a consonant and one of its seven vowels) as two
    units; the sixth form, a consonant with a short or no vowel, may be spelled without a vowel
    or with i or e (ትግስት Tigist, ሰላም Selam, ሃይሉ Hailu)."""
    out: list[Unit] = []
    for index, char in enumerate(word):
        read = re.sub("[^a-z]", "", anyascii.anyascii(char).lower())
        match = re.fullmatch("([^aeiou]*)([aeiou]*)", read)
        if not match:
            continue
        consonant, vowel = match.groups()
        if 0x12B8 <= ord(char) <= 0x12C5:  # Tigrinya ኸ: kh (anyascii reads it h)
            consonant = "kh"
        if vowel == "e" and 0x1200 <= ord(char) <= 0x135A and (ord(char) - 0x1200) % 8 == 4:
            vowel = "ie"  # the fifth form (ሴ, anyascii se as the first): also ie (Mussie)
        if consonant:
            spelled = _ETHIOPIC_CONSONANTS.get(consonant, (consonant,))
            if index and consonant not in ("y", "w", "h"):
                # the script does not write a doubled consonant (ሙሴ Mussie, ተስፋዬ Tesfaye)
                spelled = (*spelled, *(s + s for s in spelled if len(s) == 1))
            out.append(spelled)
        if consonant in ("y", "w") and not vowel:
            continue  # ይ, ው alone: the y or w is the vowel
        spelled = _ETHIOPIC_VOWELS.get(vowel, (vowel,))
        if consonant == "w" and vowel == "e":  # ወ: wo as often as we (Tewolde, Woldemariam)
            spelled = (*spelled, "o")
        out.append(spelled)
    return tuple(out)


@lru_cache(maxsize=20_000)
def parsings(text: str, script: str) -> tuple[Parsing, ...]:
    """The ways of reading a name written in one of the `SPELLED` scripts."""
    if script == "korean":
        read = korean.parsing(text)
        return (read,) if read else ()
    if script in ("japanese", "katakana"):
        return japanese.parsings(text)
    if script == "cyrillic":
        return (tuple(_cyrillic(w) for w in text.split()),)
    if script == "ethiopic":
        return (tuple(_ethiopic(w) for w in text.split()),)
    if script == "thai":
        return thai.parsings(text)
    if script in uyghur.READINGS:
        return (tuple(u for u in (uyghur.units(w, script) for w in text.split()) if u),)
    if script == "tibetan":
        return tibetan.parsings(text)
    if script == "khmer":
        return khmer.parsings(text)
    return (tuple(indic.units(w, script) for w in text.split()),)


def primary(read: Parsing) -> list[str]:
    """The usual spelling of each word of a reading (for keys and blocking); an unwritten
    vowel at the end of a word left out (पटेल Patel)."""
    return [
        "".join(u[0] for u in word[:-1] if u) + (word[-1][0] if word[-1][-1] else "")
        for word in read
        if word
    ]


def _keyed(units: tuple[Unit, ...], key) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(key(s) if s else "" for s in unit) for unit in units)


def spells(units: tuple[Unit, ...], words: tuple[str, ...], key=None) -> bool:
    """Do these words, in order, spell these units in order, a word break only between units?
    `key` (a phonetic skeleton) applied to both sides: the 'allowing typos' comparison."""
    if not units or not words:
        return False
    keyed = _keyed(units, key) if key else tuple(frozenset(u) for u in units)
    text = " ".join(key(w) for w in words) if key else " ".join(words)
    states = {0}
    for unit in keyed:
        following: set[int] = set()
        for pos in states:
            starts = (pos, pos + 1) if 0 < pos < len(text) and text[pos] == " " else (pos,)
            for start in starts:
                following.update(start + len(s) for s in unit if text.startswith(s, start))
        if not following:
            return False
        states = following
    return len(text) in states


def _orders(read: Parsing) -> list[Parsing]:
    """The reading's words in every order (the first few hundred at most)."""
    if len(read) <= 4:
        return [tuple(p) for p in islice(permutations(read), MAX_ORDERS)]
    return [read, (*read[1:], read[0]), (read[-1], *read[:-1])]


def _runs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, min(n, i + 3) + 1)]


def _found(word: Word, words: tuple[str, ...], used: set[int], key) -> tuple[int, int] | None:
    """The first run of unused romanised words (one to three) that spells this word."""
    for i, j in _runs(len(words)):
        if not used & set(range(i, j)) and (
            spells(word, words[i:j]) or (key and spells(word, words[i:j], key))
        ):
            return i, j
    return None


def spelled_level(read: Parsing, words: tuple[str, ...], script: str, key) -> str:
    """The name level of one reading against romanised words (scoring's level labels)."""
    if script == "tibetan":
        return tibetan.level(read, words, key)
    orders = _orders(read)
    if any(spells(tuple(u for w in order for u in w), words) for order in orders):
        return "same words, any script or order"
    if any(spells(tuple(u for w in order for u in w), words, key) for order in orders):
        return "all words found in the other name, allowing typos"
    used: set[int] = set()
    found_words = []
    for index, word in enumerate(read):
        run = _found(word, words, used, key)
        if run:
            used |= set(range(*run))
            found_words.append(index)
    found = len(found_words)
    if (
        script in FAMILY_FIRST
        and len(read) >= 2
        and found_words == list(range(1, len(read)))
        and len(used) < len(words)
    ):
        return "different family name"  # the given name spelled, the family name not
    if found >= 2 and (found == len(read) or len(used) == len(words)):
        return "all words found in the other name, allowing typos"
    if found >= 2:
        return "two or more words sound alike"
    if found == 1:
        one = len(read) == 1 or len(words) == 1
        return "a one-word name found in the other name" if one else "one word sounds alike"
    return "different"


def first_letters(word: Word) -> frozenset[str]:
    """The letters a romanised spelling of this word may start with: the letter an initial
    written for it is (बहादुर B., Ганболдын G.)."""
    letters: set[str] = set()
    for unit in word:
        letters |= {s[0] for s in unit if s}
        if "" not in unit:
            break
    return frozenset(letters)


def initial_for(initial: str, word: Word) -> bool:
    """A romanised initial for a word read unit by unit: the first letter of a spelling of
    the word (`first_letters`), or two letters (`is_initial`: Ts., Kh., Yu.) that a spelling
    of its first letter starts with (Ц ts, tc, c: Ts. is Цэрэн and not Тулга)."""
    if len(initial) == 1:
        return initial in first_letters(word)
    for unit in word:
        if any(s.startswith(initial) for s in unit):
            return True
        if "" not in unit:
            break
    return False


def _flat(words: tuple[Word, ...]) -> tuple[Unit, ...]:
    return tuple(u for w in words for u in w)


def initials_level(read: Parsing, words: tuple[str, ...], key, script: str = "") -> str | None:
    """A romanised name with a word written as its initial against a name read unit by unit,
    as between two romanised names (`scoring._initials_level`: Ram B. Gurung = राम बहादुर
    गुरुङ): the initial is the first letter of a spelling of a word of the name, the whole
    words spell at least two others, in an order of the name's words (words of the name may
    be left out), in an order the name is written in (`arrangements`); at most "allowing
    typos". And a Mongolian name, a patronymic in the genitive
    before the given name, with the patronymic written as its initial or left out, the usual
    form (Ганболдын Эрдэнэбат = G. Erdenebat = Erdenebat): the rest of the name spelled whole.
    Against a name in Cyrillic an initial may be two letters for one (`DIGRAPH_INITIALS`: Ts.
    for Цэрэндоржийн)."""
    digraphs = DIGRAPH_INITIALS if script == "cyrillic" else frozenset()
    initials = [w for w in words if is_initial(w, digraphs)]
    whole = tuple(w for w in words if not is_initial(w, digraphs))
    if not whole:
        return None

    def spelled(units: tuple[Unit, ...], romanised: tuple[str, ...]) -> bool:
        return spells(units, romanised) or bool(key and spells(units, romanised, key))

    fathers = [i for i, word in enumerate(read) if patronymic(word)]
    if len(fathers) == 1 and len(read) >= 2 and len(initials) <= 1:
        father = read[fathers[0]]
        rest = read[: fathers[0]] + read[fathers[0] + 1 :]
        # the given name as written: the parts of Бат-Эрдэнэ are not Erdenebat
        if (not initials or initial_for(initials[0], father)) and spelled(_flat(rest), whole):
            return "all words found in the other name, allowing typos"
    if not initials or len(whole) < 2:
        return None
    for order in arrangements(read):
        i = found = 0
        for word in order:
            if i == len(words):
                break
            if is_initial(words[i], digraphs):
                i += initial_for(words[i], word)
                continue
            run = next(
                (
                    j
                    for j in range(i + 1, min(len(words), i + 3) + 1)
                    if not any(is_initial(w, digraphs) for w in words[i:j])
                    and spelled(word, words[i:j])
                ),
                None,
            )
            if run:
                i, found = run, found + 1
        if i == len(words) and found >= 2:
            return "all words found in the other name, allowing typos"
    return None


def _written_alike(x, y) -> bool:
    """Two names read unit by unit, alike in an order a name is written in: as written (spaces
    aside: 윤서영, 윤 서영) or with words moved from the front to the back (서영 윤, Сергей
    Иванов for Иванов Сергей), the units kept in order, each unit sharing a spelling with the
    other's (윤 is Yoon as a family name, Yun elsewhere); a name of `WRITTEN_ORDER` as written
    only."""
    for a, b in product(map(_units, x.parsings), map(_units, y.parsings)):
        (units_a, starts_a), (units_b, starts_b) = a, b
        n = len(units_a)
        if not n or n != len(units_b):
            continue
        # where a word starts, in either name: where the other may be cut and turned
        cuts = starts_a | {(n - c) % n for c in starts_b}
        if WRITTEN_ORDER & {x.script, y.script}:
            cuts = {0}
        for c in cuts:
            turned = units_a[c:] + units_a[:c]
            if all(u & v for u, v in zip(turned, units_b, strict=True)):
                return True
    return False


def _units(read: Parsing) -> tuple[list[frozenset[str]], set[int]]:
    """A reading's units in order (each its spellings, the unsaid left out) and the places
    its words start."""
    units: list[frozenset[str]] = []
    starts = set()
    for word in read:
        starts.add(len(units))
        units += [frozenset(s for s in unit if s) for unit in word if unit]
    return units, starts


def spelled_match(x, y, words_level, key) -> chinese.Match | None:
    """A name read unit by unit (`ParsedName.parsings`) against another name: a romanised
    name by `spelled_level` (the best of the name's readings, and of the other name as written
    and by the conventions' table); another such name by their usual spellings; None for a
    name in Chinese characters, Burmese or the scripts above (the caller compares those)."""
    mine, other = (x, y) if x.parsings else (y, x)
    if other.parsings:
        if x.han and y.han:
            return None
        if _written_alike(mine, other):
            return chinese.Match(chinese.ORDER[0], SPELLED[mine.script])
        level = words_level(x.forms, y.forms)
        if level == chinese.ORDER[0]:
            # the same words or syllables in an order the name is not written in: the given
            # name's syllables swapped (윤서영 / 윤영서) are another name
            level = chinese.ORDER[2]
        if mine.script == other.script == "cyrillic" and chinese.ORDER.index(level) > 1:
            rule = _cyrillic_initials(mine.parsings, other.parsings)
            if rule:
                return chinese.Match(chinese.ORDER[1], f"{SPELLED['cyrillic']}; {rule}")
        return chinese.Match(level, "")
    if other.han or other.spellings or other.skeletons:
        return None
    variants = [w for w, _rules in other.ordered] or [
        other.words or (tuple(sorted(other.forms.readings[0])) if other.forms.readings else ())
    ]
    found = [
        chinese.Match(spelled_level(read, tuple(words), mine.script, key), SPELLED[mine.script])
        for read in mine.parsings
        for words in variants
        if words
    ]
    match = chinese.best(found)
    if match is None or match.level == "different":
        match = chinese.Match("different", "")
    if chinese.ORDER.index(match.level) > 1 and (
        any(is_initial(w, DIGRAPH_INITIALS) for ws in variants for w in ws)
        or any(patronymic(w) for read in mine.parsings for w in read)
    ):
        initial = chinese.best(
            [
                chinese.Match(level, f"{SPELLED[mine.script]}; {_initial_rule(read)}")
                for read in mine.parsings
                for words in variants
                if (level := initials_level(read, tuple(words), key, mine.script))
            ]
        )
        if initial:
            return initial
    return match


def _cyrillic_initials(reads_a: tuple[Parsing, ...], reads_b: tuple[Parsing, ...]) -> str:
    """Two names in Cyrillic, one with a word written as its initial (a word of one letter):
    the rule that finds it in the other, or "". As between two romanised names
    (`scoring._initials_level`: Иван С. Петров = Иван Сергеевич Петров; the initial beside two
    whole words, in an order names are written in), or a Mongolian patronymic written as its
    initial or left out (Б. Мөнхбат = Мөнхбат = Батсүхийн Мөнхбат)."""
    for read, short in (*product(reads_a, reads_b), *product(reads_b, reads_a)):
        initials = [w for w in short if len(w) == 1]
        whole = [w for w in short if len(w) > 1]
        fathers = [w for w in read if patronymic(w)]
        if len(fathers) == 1 and not any(map(patronymic, short)) and len(initials) <= 1:
            rest = tuple(w for w in read if not patronymic(w))
            if (not initials or _stands_for(initials[0], fathers[0])) and (
                len(rest) == len(whole) and all(map(_alike, whole, rest))
            ):
                return MONGOLIAN_PATRONYMIC
        if not initials or len(whole) < 2:
            continue
        for order in arrangements(read):
            i = found = 0
            for word in order:
                if i < len(short) and len(short[i]) == 1:
                    i += _stands_for(short[i], word)
                elif i < len(short) and _alike(short[i], word):
                    i, found = i + 1, found + 1
            if i == len(short) and found >= 2:
                return conventions.INITIAL
    return ""


def _alike(a: Word, b: Word) -> bool:
    """Two words read unit by unit with one spelling in common at each unit."""
    units_a, units_b = _units((a,))[0], _units((b,))[0]
    if len(units_a) != len(units_b):
        return False
    return all(u & v for u, v in zip(units_a, units_b, strict=True))


def _stands_for(initial: Word, word: Word) -> bool:
    """A one-letter word (an initial) for a word of the other name: a first letter in common."""
    return bool({s[0] for unit in initial for s in unit if s} & first_letters(word))


def _initial_rule(read: Parsing) -> str:
    return MONGOLIAN_PATRONYMIC if any(map(patronymic, read)) else conventions.INITIAL
