# ruff: noqa: RUF001 - Sinhala letters that look like Latin ones are the data
"""Names in the scripts of South India, Punjab, Gujarat, Odisha and Sri Lanka, spelled the ways
people write them in Latin letters.

Tamil, Telugu, Kannada, Malayalam, Gurmukhi, Gujarati and Oriya share one layout in Unicode
(inherited from ISCII): a letter's offset in its block is the same sound in each, so one table of
sounds serves them all (`_SOUNDS`, by offset), with each script's own letters and habits on top.
Sinhala has a layout of its own (`_SINHALA`). A name becomes units, one per consonant or vowel,
each with its usual spellings:

- the inherent vowel after a consonant may be written or not (schwa deletion: ਹਰਪ੍ਰੀਤ = Harpreet,
  ਸਿੰਘ = Singh, ગીતા પટેલ = Geeta Patel); a written vowel must be spelled (ā = a/aa, ī = i/ee,
  ū = u/oo, ē = e/ee, ō = o);
- the anusvara and Gurmukhi's tippi and bindi are a nasal (n, m, ng: వెంకట = Venkata);
- Tamil writes no difference between voiced and unvoiced stops: க = k/g/h, ச = s/ch/c/j,
  ட = t/d, த = th/t/d/dh, ப = p/b (முருகன் = Murugan); ழ = zh/l; ற = r, and tt/tr doubled;
- dental t is t or th (South Indian spellings: Geetha, Anitha), v is v or w;
- Tamil's final u after a consonant may go unwritten (ராஜு = Raju, Raj), and Malaysia and
  Singapore write a final a ah and the Sanskrit kṣ (ட்ச) tch after an e (காளியம்மா =
  Kaliammah, லட்சுமணன் = Letchumanan; Lakshmanan in India).
"""

from functools import lru_cache

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

READINGS = {
    "tamil": _("Tamil reading"),
    "telugu": _("Telugu reading"),
    "kannada": _("Kannada reading"),
    "malayalam": _("Malayalam reading"),
    "gurmukhi": _("Gurmukhi reading"),
    "gujarati": _("Gujarati reading"),
    "oriya": _("Oriya reading"),
    "sinhala": _("Sinhala reading"),
}
_BLOCKS = {
    0x0A00: "gurmukhi", 0x0A80: "gujarati", 0x0B00: "oriya", 0x0B80: "tamil", 0x0C00: "telugu",
    0x0C80: "kannada", 0x0D00: "malayalam", 0x0D80: "sinhala",
}  # fmt: skip


def script_of(char: str) -> str:
    return _BLOCKS.get(ord(char) & ~0x7F, "")


_A = ("a", "")  # the inherent vowel: written or not
_INHERENT = {
    "oriya": ("a", "", "o"),  # spoken o (ମହାପାତ୍ର Mahapatra, Mohapatra)
    # written e before a final consonant or at the end (ਜਸਵਿੰਦਰ Jaswinder, ජයසිංහ Jayasinghe,
    # ജോസഫ് Joseph)
    "gurmukhi": ("a", "", "e"), "sinhala": ("a", "", "e"), "malayalam": ("a", "", "e"),
}  # fmt: skip
_VOWEL_SOUNDS = {
    0x05: ("a",), 0x06: ("a", "aa"), 0x07: ("i",), 0x08: ("i", "ee", "ii"), 0x09: ("u",),
    0x0A: ("u", "oo", "uu"), 0x0B: ("ri", "ru"), 0x0E: ("e",), 0x0F: ("e", "ee", "ay"),
    0x10: ("ai", "ei", "ay", "e"), 0x12: ("o",), 0x13: ("o", "oo", "oh"),
    0x14: ("au", "ow", "ou"), 0x0D: ("e",), 0x11: ("o",),
}  # fmt: skip
# vowel signs, by offset: the independent vowel's sounds at offset - 0x38
_SIGN = {0x3E: 0x06, 0x3F: 0x07, 0x40: 0x08, 0x41: 0x09, 0x42: 0x0A, 0x43: 0x0B, 0x45: 0x0D,
         0x46: 0x0E, 0x47: 0x0F, 0x48: 0x10, 0x49: 0x11, 0x4A: 0x12, 0x4B: 0x13, 0x4C: 0x14,
         0x57: 0x14}  # fmt: skip
_SOUNDS = {
    0x15: ("k", "c", "ck", "q"), 0x16: ("kh", "k"), 0x17: ("g", "gh"), 0x18: ("gh", "g"),
    0x19: ("n", "ng"), 0x1A: ("ch", "c"), 0x1B: ("chh", "ch"), 0x1C: ("j", "z"),
    0x1D: ("jh", "j"), 0x1E: ("n", "ny", "gn"), 0x1F: ("t", "tt", "d"), 0x20: ("th", "t"),
    0x21: ("d", "dd", "r"), 0x22: ("dh", "d"), 0x23: ("n", "nn"), 0x24: ("t", "th"),
    0x25: ("th", "t"), 0x26: ("d", "dh", "th"), 0x27: ("dh", "d"), 0x28: ("n", "nn"),
    0x29: ("n",), 0x2A: ("p",), 0x2B: ("ph", "f", "p"), 0x2C: ("b", "bh", "v"),
    0x2D: ("bh", "b"), 0x2E: ("m",), 0x2F: ("y", "i"), 0x30: ("r",), 0x31: ("r", "rr"),
    0x32: ("l", "ll"), 0x33: ("l", "ll"), 0x34: ("zh", "l", "z"), 0x35: ("v", "w", "b"),
    0x36: ("sh", "s"), 0x37: ("sh", "s"), 0x38: ("s", "ss"), 0x39: ("h",),
    # Gurmukhi's letters with a dot (ਸ਼ ਖ਼ ਗ਼ ਜ਼ ਫ਼ ਲ਼) and its vowel bearers ੲ ੳ
    0x59: ("kh",), 0x5A: ("gh", "g"), 0x5B: ("z", "j"), 0x5C: ("r", "d"), 0x5E: ("f", "ph"),
    0x5F: ("y", "i"),  # Oriya ୟ
}  # fmt: skip
_TAMIL = {
    0x15: ("k", "g", "h", "c"), 0x1A: ("s", "ch", "c", "j", "sh"), 0x1F: ("t", "d", "tt"),
    0x24: ("th", "t", "d", "dh"), 0x2A: ("p", "b"), 0x31: ("r", "t", "d"),
    0x1E: ("nj", "gn", "ny", "n"), 0x19: ("ng", "n"), 0x33: ("l", "ll", "zh"), 0x1C: ("j", "z"),
}  # fmt: skip
_MALAYALAM = {0x31: ("r", "t"), 0x24: ("th", "t", "d"), 0x1F: ("t", "d", "tt")}
# Malayalam chillu letters: a consonant with no vowel
_CHILLU = {0x7A: ("n",), 0x7B: ("n",), 0x7C: ("r",), 0x7D: ("l",), 0x7E: ("l",), 0x7F: ("k",)}
_NASAL = ("n", "m", "ng", "")
_VIRAMA, _NUKTA = 0x4D, 0x3C

# Sinhala: letters -> (kind, spellings); kinds: v vowel, c consonant, s sign, x virama, n nasal
_SINHALA = {
    "අ": ("v", ("a",)), "ආ": ("v", ("a", "aa")), "ඇ": ("v", ("a", "ae")), "ඈ": ("v", ("a", "ae")),
    "ඉ": ("v", ("i",)), "ඊ": ("v", ("i", "ee")), "උ": ("v", ("u",)), "ඌ": ("v", ("u", "oo")),
    "ඍ": ("v", ("ri", "ru")), "එ": ("v", ("e",)), "ඒ": ("v", ("e", "ee")),
    "ඓ": ("v", ("ai",)), "ඔ": ("v", ("o",)), "ඕ": ("v", ("o", "oo")), "ඖ": ("v", ("au",)),
    "ක": ("c", ("k", "c")), "ඛ": ("c", ("kh", "k")), "ග": ("c", ("g",)), "ඝ": ("c", ("gh", "g")),
    "ඞ": ("c", ("ng", "n")), "ඟ": ("c", ("ng", "n")), "ච": ("c", ("ch", "c")),
    "ඡ": ("c", ("chh", "ch")), "ජ": ("c", ("j",)), "ඣ": ("c", ("jh", "j")),
    "ඤ": ("c", ("ny", "n", "gn")), "ඥ": ("c", ("gn", "ny")), "ඦ": ("c", ("nj", "j")),
    "ට": ("c", ("t", "tt")), "ඨ": ("c", ("th", "t")), "ඩ": ("c", ("d", "dd")),
    "ඪ": ("c", ("dh", "d")), "ණ": ("c", ("n",)), "ඬ": ("c", ("nd", "d")),
    "ත": ("c", ("th", "t")), "ථ": ("c", ("th", "t")), "ද": ("c", ("d", "th")),
    "ධ": ("c", ("dh", "d")), "න": ("c", ("n",)), "ඳ": ("c", ("nd", "d")), "ප": ("c", ("p",)),
    "ඵ": ("c", ("ph", "p")), "බ": ("c", ("b",)), "භ": ("c", ("bh", "b")), "ම": ("c", ("m",)),
    "ඹ": ("c", ("mb", "b")), "ය": ("c", ("y", "i")), "ර": ("c", ("r",)), "ල": ("c", ("l",)),
    "ව": ("c", ("w", "v")), "ශ": ("c", ("sh", "s")), "ෂ": ("c", ("sh", "s")),
    "ස": ("c", ("s",)), "හ": ("c", ("h",)), "ළ": ("c", ("l",)), "ෆ": ("c", ("f",)),
    "\u0dca": ("x", ()), "ා": ("s", ("a", "aa")), "ැ": ("s", ("a", "ae")),
    "ෑ": ("s", ("a", "ae")), "ි": ("s", ("i",)), "ී": ("s", ("i", "ee")), "ු": ("s", ("u",)),
    "ූ": ("s", ("u", "oo")), "ෘ": ("s", ("ru", "ri")), "ෙ": ("s", ("e",)),
    "ේ": ("s", ("e", "ee")), "ෛ": ("s", ("ai",)), "ො": ("s", ("o",)), "ෝ": ("s", ("o", "oo")),
    "ෞ": ("s", ("au",)), "ං": ("n", ("n", "m", "ng")), "ඃ": ("n", ("h", "")),
}  # fmt: skip


def _letter(char: str, script: str) -> tuple[str, tuple[str, ...]]:
    """(kind, spellings) of one letter: v vowel, c consonant, s vowel sign, x virama, n nasal,
    d a double (Gurmukhi addak), "" anything else (nukta, accents)."""
    if script == "sinhala":
        return _SINHALA.get(char, ("", ()))
    offset = ord(char) & 0x7F
    if script == "malayalam" and offset in _CHILLU:
        return "x", _CHILLU[offset]
    if offset in _VOWEL_SOUNDS:
        return "v", _VOWEL_SOUNDS[offset]
    if offset in _SIGN:
        return "s", _VOWEL_SOUNDS[_SIGN[offset]]
    if offset == _VIRAMA:
        return "x", ()
    if offset in (0x01, 0x02) or (script == "gurmukhi" and offset == 0x70):
        return "n", _NASAL
    if offset == 0x03:
        return "n", ("h", "")
    if script == "gurmukhi" and offset == 0x71:
        return "d", ()
    if script == "gurmukhi" and offset in (0x72, 0x73):  # vowel bearers: the sign gives the vowel
        return "c", ("",)
    own = _TAMIL if script == "tamil" else _MALAYALAM if script == "malayalam" else {}
    if offset in own:
        return "c", own[offset]
    if offset in _SOUNDS:
        return "c", _SOUNDS[offset]
    return "", ()


@lru_cache(maxsize=20_000)
def units(word: str, script: str) -> tuple[tuple[str, ...], ...]:
    """One word as units: each consonant, vowel (written or inherent) and nasal, with its
    spellings, the usual first."""
    out: list[list[str]] = []
    kinds: list[str] = []  # per unit: a consonant's letter, "v" a vowel, "a" inherent, "n" nasal
    pending_vowel = False  # a consonant waits for its vowel sign, virama or the inherent vowel
    double = False
    inherent = list(_INHERENT.get(script, _A))

    def add(spelled, kind: str) -> None:
        out.append(list(spelled))
        kinds.append(kind)

    for char in word:
        kind, spelled = _letter(char, script)
        if pending_vowel and (kind in ("c", "v", "n", "d") or (kind == "x" and spelled)):
            add(inherent, "a")
            pending_vowel = False
        if kind == "c":
            if double:
                spelled = tuple(dict.fromkeys([s + s[-1] for s in spelled] + list(spelled)))
                double = False
            add(spelled, char)
            pending_vowel = True
        elif kind in ("s", "v"):
            add(spelled, "v")
            pending_vowel = False
        elif kind == "x":
            if spelled:  # a chillu: a consonant of its own
                add(spelled, char)
            pending_vowel = False
        elif kind == "n":
            add(spelled, "n")
        elif kind == "d":
            double = True
    if pending_vowel:
        add(inherent, "a")
    _habits(out, kinds, script)
    return tuple(tuple(dict.fromkeys(u)) for u in out)


def _habits(out: list[list[str]], kinds: list[str], script: str) -> None:
    """How Latin spellings of these names shorten what the script writes."""
    for i, kind in enumerate(kinds):
        before = kinds[i - 1] if i else ""
        # a doubled consonant written once (கார்த்திக் Karthik, ശ്രീജിത്ത് Sreejith)
        if len(kind) == 1 and kind not in "van" and before == kind:
            out[i].append("")
        # y after i written or not (Priyanka, Prianka; Subramaniyan, Subramanian)
        if out[i][0] == "y" and before == "v" and out[i - 1][0] in ("i", "e"):
            out[i].append("")
        # Tamil writes a vowel inside a borrowed cluster: பிர = pra, கிரு = kri (Subramanian)
        tamil_cluster = script == "tamil" and kind == "v" and out[i][0] in ("i", "u")
        if tamil_cluster and kinds[i + 1 : i + 2] == ["ர"] and before not in ("v", "a", ""):
            out[i].append("")
            if kinds[i + 2 : i + 3] == ["v"] and out[i + 2][0] == "u":  # கிருஷ்ணன் Krishnan
                out[i + 2] += ["", "i"]
        # Tamil writes Sanskrit kṣ as ட்ச, often with a u after it: லட்சுமி Lakshmi, Laxmi,
        # Latchumi; அட்சயா Akshaya. Malaysia and Singapore write the vowel before it e, the u
        # also i: Letchumi, Letchimi, Letchumanan
        if script == "tamil" and kind == "ட" and kinds[i + 1 : i + 2] == ["ச"]:
            out[i] += ["k", "x"]
            out[i + 1].append("")
            if before == "a":
                out[i - 1].append("e")
            if kinds[i + 2 : i + 3] == ["v"] and out[i + 2][0] == "u":
                out[i + 2] += ["", "i"]
    if kinds and kinds[-1] == "v" and out[-1][0] == "i":  # Reddy, Shetty
        out[-1] += ["y", "ee"]
    consonant_last = len(kinds) >= 2 and len(kinds[-2]) == 1 and kinds[-2] not in "van"
    if script == "tamil" and consonant_last and kinds[-1] == "v":
        # Tamil ends a word said with a final consonant with a u (ராஜு Raju, Raj; பாபு Babu,
        # Bab), often left out in Latin; Malaysia and Singapore write a final a ah, as Malay
        # does (காளியம்மா Kaliamma, Kaliammah)
        if out[-1][0] == "u":
            out[-1].append("")
        elif out[-1][0] == "a":
            out[-1].append("ah")
    # ರಾವ್ Rao: a final v after a long a is o
    if kinds[-1:] and kinds[-1] in "వವ" and len(out) >= 2 and out[-2][0] == "a":
        out[-1].append("o")
    # Telugu రావు Rao: a final vu is o
    if script == "telugu" and kinds[-2:] == ["వ", "v"] and out[-1][0] == "u":
        out[-2].append("")
        out[-1].append("o")


_SCHWA_DELETED = frozenset({"gurmukhi", "gujarati", "oriya"})


def usual(word: tuple[tuple[str, ...], ...], script: str) -> str:
    """The usual spelling of a word's units (for keys and blocking): each unit's first, and in
    Punjabi, Gujarati and Oriya no inherent vowel at the end nor between a vowel and consonant
    and a consonant and vowel (ਹਰਪ੍ਰੀਤ Harpreet, ਅਮਨਦੀਪ Amandeep)."""

    def vowel(i: int) -> bool:
        return 0 <= i < len(word) and word[i][0][:1] in tuple("aeiou")

    out = []
    for i, unit in enumerate(word):
        inherent = "" in unit and unit[0] == "a"
        deleted = i == len(word) - 1 or (vowel(i - 2) and not vowel(i + 1) and vowel(i + 2))
        if inherent and script in _SCHWA_DELETED and deleted:
            continue
        out.append(unit[0])
    return "".join(out)
