"""Foreign (English and European) names transcribed into Thai script or katakana.

ไมเคิล จอห์นสัน and マイケル・ジョンソン are Michael Johnson written by sound. The Royal Institute
romanisation of Thai (maikhoen chonsan) and Hepburn (maikeru jonson) do not give the English
spelling back, so both sides are reduced to a loose key of their consonants, the vowels left
out, and compared word by word ("transcribed foreign name", its own reading system: never
pooled with the Thai or Japanese readings).

The key's letters are the consonant sounds both scripts tell apart: k (k, hard c, q), g, t, d,
p, b, f (f, v, ph), s (s, z, soft c, sh), c (ch), j (j, soft g), m, n (n, ng), l (l and r:
katakana's ラ行 is both, and Thai writers interchange ล and ร); h, w, y and the vowels are left
out. Either side may give a few keys (a set), and two words agree when their sets meet and the
vowel of their first syllable can be the same (`latin_vowels`: Mark is not Mike, John is not
Jane, Hill is not Hall). The key has no other vowels, so a match is at most "all words found,
allowing typos".

- **Latin** (`latin_keys`): English spelling read for its sound: ch = k, c or s (Michael,
  Charles), th = t or s (katakana writes Smith スミス), ph = f, c and g soft before e, i, y,
  x = ks, silent kn-, wr-, -mb, gh; a doubled letter once; an r after a vowel and before a
  consonant or at the end may be unsaid (Robert ロバート, Peter ปีเตอร์).
- **Thai** (`thai_keys`): each consonant letter by its class; a letter carrying the thanthakhat
  (karan, ์) is silent and dropped (จอห์นสัน Johnson: the ห์ is not said), and also kept (Thai
  marks a final consonant of a cluster silent where English says it: เจมส์ James, ไมค์ Mike);
  ว is w or v (เดวิด David), ช is ch or sh. Final consonants are read as written, not by the
  Thai final rules (which would make a final ล an n): transcriptions keep the source's letter.
- **Katakana** (`katakana_keys`): each mora by its consonant; the vowels Japanese adds after a
  consonant (ス in スミス, ド in デイビッド) go with the vowels, ー (long vowel) and ッ
  (gemination) are not letters; バ行 is b or v (デイビッド = デヴィッド David), ン is n or m
  (トンプソン Thompson). A name whose Latin words all read as Hepburn (Sato Yuki, Saito)
  is a Japanese name: it is left to the Japanese reading, where the vowels count.
"""

import re
from functools import lru_cache
from itertools import product

from django.utils.translation import gettext_noop as _  # translated when shown

READING = _("transcribed foreign name (Thai, katakana)")
MAX_KEYS = 32

# --- Latin ------------------------------------------------------------------------------------

_VOWEL = "aeiouy"
_LATIN_SINGLE = {
    "b": ("b",), "p": ("p",), "d": ("d",), "t": ("t",), "k": ("k",), "q": ("k",),
    "f": ("f",), "v": ("f",), "s": ("s",), "z": ("s", "c", "j"), "m": ("m",), "n": ("n",),
    "l": ("l",), "j": ("j",), "x": ("ks", "k", "s"), "h": ("",), "w": ("",), "y": ("",),
}  # fmt: skip


_SPANISH_J = frozenset({
    "jose", "josefa", "juan", "juana", "juanita", "jorge", "javier", "jesus", "joaquin", "julio",
    "jimena", "jaime",
})  # fmt: skip


def _latin_units(word: str) -> list[tuple[str, ...]]:
    word = re.sub(r"(.)\1", r"\1", word)  # a doubled letter is said once
    word = re.sub("^(?:kn|gn|pn)", "n", word)
    word = re.sub("^wr", "r", word)
    word = re.sub("^ps", "s", word)
    word = re.sub("^x", "s", word)
    word = re.sub("mb$", "m", word)
    silent_t = word.endswith("nt")  # French: Dupont デュポン, Laurent
    spanish = word in _SPANISH_J  # José, Juan, Jorge: j is h (ホセ, ฮวน)
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        rest, char = word[i:], word[i]
        nxt = word[i + 1 : i + 2]
        for spelled, keys in (
            ("sch", ("s", "sk")), ("tch", ("c",)), ("ch", ("k", "c", "s")), ("sh", ("s",)),
            ("th", ("t", "s")), ("ph", ("f",)), ("ck", ("k",)), ("dg", ("j",)), ("qu", ("k",)),
            ("ng", ("n", "ng")), ("gh", ("g",) if i == 0 else ("", "f")), ("dt", ("t",)),
        ):  # fmt: skip
            if rest.startswith(spelled):
                units.append(keys)
                i += len(spelled)
                break
        else:
            if char in _VOWEL:
                units.append(("",))
            elif char == "j" and i == 0 and spanish:
                units.append(("j", ""))
            elif char == "c":
                units.append(("s",) if nxt and nxt in "eiy" else ("k",))
            elif char == "g":
                units.append(("j", "g") if nxt and nxt in "eiy" else ("g",))
            elif char == "r":
                after_vowel = i > 0 and word[i - 1] in _VOWEL
                unsaid = after_vowel and (not nxt or nxt not in _VOWEL or word[i + 1 :] == "e")
                units.append(("l", "") if unsaid else ("l",))
            elif char == "l" and i > 0 and word[i - 1] in "ao" and nxt and nxt in "km":
                units.append(("l", ""))  # Walker ウォーカー, Palmer パーマー
            elif char == "t" and silent_t and i == len(word) - 1:
                units.append(("t", ""))
            else:
                units.append(_LATIN_SINGLE.get(char, ("",)))
            i += 1
    return units


def _combine(units: list[tuple[str, ...]]) -> frozenset[str]:
    out: list[str] = []
    for combo in product(*units):
        key = re.sub(r"(.)\1+", r"\1", "".join(combo))
        if key not in out:
            out.append(key)
        if len(out) >= MAX_KEYS:
            break
    return frozenset(out)


@lru_cache(maxsize=50_000)
def latin_keys(word: str) -> frozenset[str]:
    """The loose keys of one folded Latin word (lower-case a-z)."""
    word = re.sub("[^a-z]", "", word)
    return _combine(_latin_units(word)) if word else frozenset()


# A romanised word that reads as Hepburn morae (Sato, Saito, Yuki, Hattori, Satoh)
_HEPBURN = re.compile(
    r"(?:(?:sh|ch|ts|[kgnhbpmr]y|[kgsztdnhbpmyrwfj])?[aeiou]|n(?![aeiouy])|"
    r"([kgsztdpbmfcjr])(?=\1)|t(?=ch)|m(?=[bmp]))+h?"
)


def hepburn_shaped(word: str) -> bool:
    return bool(_HEPBURN.fullmatch(word))


# --- Thai -------------------------------------------------------------------------------------

_THAI = {
    "ก": ("g", "k"), **dict.fromkeys("ขฃคฅฆ", ("k",)), "ง": ("n", "ng"), "จ": ("j",),
    **dict.fromkeys("ฉชฌ", ("c", "s")), "ซ": ("s",), "ญ": ("", "n"),
    **dict.fromkeys("ฎด", ("d",)), **dict.fromkeys("ฏตฐฑฒถทธ", ("t",)),
    **dict.fromkeys("ณน", ("n",)), "บ": ("b",), **dict.fromkeys("ปผพภ", ("p",)),
    **dict.fromkeys("ฝฟ", ("f",)), "ม": ("m",), "ย": ("",), **dict.fromkeys("รลฬฤฦ", ("l",)),
    "ว": ("", "f"), **dict.fromkeys("ศษส", ("s",)), **dict.fromkeys("หอฮ", ("",)),
}  # fmt: skip
_KARAN = "\u0e4c"


@lru_cache(maxsize=50_000)
def thai_keys(word: str) -> frozenset[str]:
    """The loose keys of one Thai word read as a transcription."""
    units: list[tuple[str, ...]] = []
    letters = [c for c in word if c in _THAI or c == _KARAN]  # vowels and tones: none
    for i, char in enumerate(letters):
        if char == _KARAN:
            continue
        keys = _THAI[char]
        if i + 1 < len(letters) and letters[i + 1] == _KARAN:
            keys = ("", *keys)  # silent (ห์ in จอห์นสัน), or said in English (ส์ in เจมส์)
        units.append(keys)
    return _combine(units)


# --- katakana ---------------------------------------------------------------------------------

_KANA = {
    **dict.fromkeys("かきくけこ", ("k",)), **dict.fromkeys("がぎぐげご", ("g",)),
    **dict.fromkeys("さすせそざずぜぞ", ("s",)), "し": ("s",), "じ": ("j", "s"),
    **dict.fromkeys("たてと", ("t",)), **dict.fromkeys("だでど", ("d",)),
    "ち": ("c",), "ぢ": ("j",), **dict.fromkeys("つづ", ("s", "c", "ts")),
    **dict.fromkeys("なにぬねの", ("n",)), "ん": ("n", "m"), **dict.fromkeys("はひへほ", ("",)),
    "ふ": ("f", ""), **dict.fromkeys("ばびぶべぼ", ("b", "f")),
    **dict.fromkeys("ぱぴぷぺぽ", ("p",)), "ゔ": ("f", "b"),
    **dict.fromkeys("まみむめも", ("m",)), **dict.fromkeys("らりるれろ", ("l",)),
    "わ": ("", "f"),  # Russian names: イワン Ivan
}  # fmt: skip


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in text)


@lru_cache(maxsize=50_000)
def katakana_keys(word: str) -> frozenset[str]:
    """The loose keys of one katakana word read as a transcription (vowels, ー, ッ, the small
    kana and や行, わ行 carry no consonant)."""
    kana = _hiragana(word)
    units = []
    for i, char in enumerate(kana):
        keys = _KANA.get(char, ("",))
        if char == "ん" and kana[i + 1 : i + 2] not in _LABIALS:
            keys = ("n",)  # m only before b, p, m (トンプソン Thompson)
        units.append(keys)
    return _combine(units)


_LABIALS = frozenset("ばびぶべぼぱぴぷぺぽまみむめも")


# --- the first vowel -------------------------------------------------------------------------
# Consonants alone make Mark and Mike, John and Jane, Hill and Hall one key. The vowel of a
# word's first syllable, in five classes and the diphthong ai (a, e, i, o, u, y), keeps them
# apart: Thai writes it with its own letters (ไ ai, โ o, แ a or e, อ o, ิ i), katakana with the
# mora's vowel (the vowel added after a first consonant of a cluster left out: ス in スミス),
# and English spelling gives the few sounds a letter may have (i is i or ai; a is a or e, and o
# before l or w: Walker, Hall).

_LATIN_VOWELS = {
    "a": "ae", "al": "aeo", "aw": "ao", "au": "oa", "ai": "ey", "ay": "ey", "e": "ei", "ea": "ie",
    "ee": "i", "ei": "ey", "ey": "ey", "eo": "oei", "eu": "u", "ew": "u", "ie": "i", "ia": "iy",
    "io": "iy", "i": "iy", "o": "ou", "oa": "o", "oe": "oe", "oi": "o", "oy": "o", "oo": "uo",
    "ou": "auo", "ow": "ao", "u": "au", "ua": "ua", "ue": "uie", "ui": "ui", "y": "iy",
}  # fmt: skip


@lru_cache(maxsize=50_000)
def latin_vowels(word: str) -> frozenset[str]:
    """The classes the first vowel of a folded Latin word may be said as ("" unknown)."""
    found = re.search("(?<=.)y(?![aeiou])|[aeiou]+[wy]?", word)
    if not found:
        return frozenset()
    group = found.group()[:2]
    after = word[found.end() : found.end() + 1]
    if group == "a" and after in ("l", "w"):
        group = "al"
    return frozenset(_LATIN_VOWELS.get(group) or _LATIN_VOWELS.get(group[0], ""))


_THAI_VOWELS = {
    "\u0e30": "a", "\u0e31": "a", "\u0e32": "a", "\u0e33": "a", "\u0e34": "i", "\u0e35": "i",
    "\u0e36": "iu", "\u0e37": "iu", "\u0e38": "u", "\u0e39": "u", "ฤ": "i",
}  # fmt: skip


@lru_cache(maxsize=50_000)
def thai_vowels(word: str) -> frozenset[str]:
    """The classes of the first vowel of a Thai word (empty: not told)."""
    if not word:
        return frozenset()
    first = word[0]
    if first in "ไใ":
        return frozenset("y")
    if first == "โ":
        return frozenset("o")
    if first == "แ":
        return frozenset("ae")
    if first == "เ":
        head = word[1:5]
        if "\u0e35\u0e22" in head:
            return frozenset("i")  # เ-ีย
        if re.match("[ก-ฮ]{1,2}า", word[1:]):
            return frozenset("ao")  # เ-า
        if re.match("[ก-ฮ]{1,2}[\u0e34อ]", word[1:]):
            return frozenset("eaou")  # เ-ิ, เ-อ: the vowel of her, Bernard
        return frozenset("e")
    for i, char in enumerate(word):
        if char in _THAI_VOWELS:
            return frozenset(_THAI_VOWELS[char])
        if i > 0 and char == "อ":
            return frozenset("o")  # จอห์น John, ฮอลล์ Hall
        if i > 0 and char == "ว" and word[i + 1 : i + 2] in _THAI:
            return frozenset("uoa")  # -ว- (ฮวน Juan)
        if char in "เแโไใ":
            return frozenset("oa")  # a first syllable without a written vowel (สม in สมใจ)
    return frozenset()


_MORA_VOWEL = {
    **dict.fromkeys("あかさたなはまやらわがざだばぱぁゃ", "a"),
    **dict.fromkeys("いきしちにひみりぎじぢびぴぃゐ", "i"),
    **dict.fromkeys("うくすつぬふむゆるぐずづぶぷぅゅゔ", "u"),
    **dict.fromkeys("えけせてねへめれげぜでべぺぇゑ", "e"),
    **dict.fromkeys("おこそとのほもよろをごぞどぼぽぉょ", "o"),
}  # fmt: skip
_SMALL = "ぁぃぅぇぉゃゅょ"
_EPENTHETIC = frozenset("すくとどぶぷふぐるず")  # consonants of a cluster: ス in スミス


@lru_cache(maxsize=50_000)
def katakana_vowels(word: str) -> frozenset[str]:
    """The class of the first vowel of a katakana word (ai as y), the vowel added after the
    first consonant of a cluster left out (スミス Smith: i; ブラウン Brown: a)."""
    text = _hiragana(word)
    kana = [c for c in text if c in _MORA_VOWEL]
    vowels: list[tuple[str, str]] = []
    for char in kana:
        if char in _SMALL and vowels:
            vowels[-1] = (vowels[-1][0], _MORA_VOWEL[char])  # ウィ wi, ジョ jo
        else:
            vowels.append((char, _MORA_VOWEL[char]))
    if len(vowels) >= 2 and (
        (vowels[0][0] in _EPENTHETIC and text[1:2] in _KANA and text[1:2] != "ん")
        or (vowels[0][0] == "ほ" and vowels[1][0] in "わうぉ")  # ホワイト White
    ):
        vowels = vowels[1:]
    if not vowels:
        return frozenset()
    if vowels[0][1] == "a" and len(vowels) >= 2 and vowels[1][0] == "い":
        return frozenset("y")  # マイケル Michael
    return frozenset(vowels[0][1])


# --- comparing --------------------------------------------------------------------------------


Keys = tuple[frozenset[str], frozenset[str]]  # a word's consonant keys, its first vowel


def word_keys(words: tuple[str, ...], script: str) -> tuple[Keys, ...]:
    """The loose keys and first vowel of each word of a name in Thai script or katakana."""
    read, vowels = (
        (thai_keys, thai_vowels) if script == "thai" else (katakana_keys, katakana_vowels)
    )
    return tuple((read(w), vowels(w)) for w in words if read(w) - {""})


def _agree(mine: Keys, latin: Keys) -> bool:
    return bool(mine[0] & latin[0]) and (not mine[1] or not latin[1] or bool(mine[1] & latin[1]))


@lru_cache(maxsize=50_000)
def level(keys: tuple[Keys, ...], words: tuple[str, ...], script: str) -> str | None:
    """The name level (scoring's labels) of a transcribed name's word keys against a romanised
    name's words; None when no word agrees or when the romanised name reads as Japanese (for
    katakana). Words are paired one to one, in any order. The key has no vowels, so the best
    level is "all words found, allowing typos", and a one-word name whose key is one consonant
    (Ann, Ian) is at most "a one-word name found"."""
    if not keys or not words:
        return None
    if script == "katakana" and all(hepburn_shaped(w) for w in words):
        return None
    latin = [(latin_keys(w), latin_vowels(w)) for w in words]
    left = list(range(len(latin)))
    found, short = 0, False
    for mine in sorted(keys, key=lambda k: len(k[0])):
        match = next((j for j in left if _agree(mine, latin[j])), None)
        if match is None:
            continue
        left.remove(match)
        found += 1
        short = short or max(len(k) for k in mine[0] & latin[match][0]) < 2
    n_mine, n_other = len(keys), len(latin)
    if found == n_mine == n_other and not (found == 1 and short):
        return "all words found in the other name, allowing typos"
    if found >= 2 and found == min(n_mine, n_other):
        return "all words found in the other name, allowing typos"
    if found >= 2:
        return "two or more words sound alike"
    if found == 1:
        one = 1 in (n_mine, n_other)
        return "a one-word name found in the other name" if one else "one word sounds alike"
    return None


MAX_FORMS = 8


def loose_fulls(foreign: tuple[Keys, ...], latin_words: tuple[str, ...]) -> frozenset[str]:
    """Whole-name forms for blocking (a name in Thai script or katakana by its `word_keys`, a
    romanised name by its words): each word's consonant keys, the words sorted and joined,
    at most MAX_FORMS. ไมเคิล จอห์นสัน and Michael Johnson share "jnsn mkl"; a search or a
    batch blocking on these forms proposes the pairs this reading scores."""
    per_word = [sorted(k for k in keys if k) for keys, _vowels in foreign]
    if not foreign:
        per_word = [sorted(k for k in latin_keys(w) if k) for w in latin_words]
    per_word = [w[:4] for w in per_word if w]
    if not per_word:
        return frozenset()
    out: list[str] = []
    for combo in product(*per_word):
        out.append(" ".join(sorted(combo)))
        if len(out) >= MAX_FORMS:
            break
    return frozenset(out)
