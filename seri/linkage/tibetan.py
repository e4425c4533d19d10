"""Names in Tibetan script (Tibetans of China, Nepal and India; Dzongkha names of Bhutan),
spelled the ways people write them in Latin letters: the phonetic spellings of passports and
lists, close to the THL Simplified Phonetic Transcription (Germano and Tournadre, 2003) and to
the usual Indian, Nepali and Bhutanese spellings, never Wylie (བཀྲ་ཤིས་རྡོ་རྗེ is Tashi Dorje, not
bkra shis rdo rje).

A name is cut into syllables at the tsheg (་), the shad and spaces, and each syllable into the
parts Tibetan orthography gives it (`_Syllable`): a prefix letter (ག ད བ མ འ), the stack of a
superscript (ར ལ ས), a root letter and subscripts (ྱ ྲ ླ ྭ), a vowel sign, a suffix and a
post-suffix (ས ད). A Sanskrit stack that Tibetan spelling does not make (པདྨ, རཏྣ) is read as
two syllables, its top letter the first one's final (Padma, Ratna). Each syllable is then
spelled, several ways, the usual first (`_word`):

- prefixes and superscripts are silent, but ལྷ is lh; དབ is w (Wangmo), དབྱ and གཡ y;
- subscripts: ཀྱ ky, གྱ gy or g (Sangay), པྱ ཕྱ ch (Wangchuk), བྱ j (Jampa), མྱ ny; ཀྲ ཏྲ པྲ t/tr
  (Tashi, Trashi), ཁྲ ཐྲ ཕྲ tr/th (Trinley, Thinley), གྲ དྲ བྲ d/dr (Dolma, Drolma), ཟླ d (Dawa),
  ཀླ གླ བླ l (Lobsang);
- aspirates written with or without h (ཐ th/t, ཕ ph/p, ཁ kh/k, ཚ ts/tsh, also Sherpa chh:
  Tsering, Tshering, Chhiring), ཆ ch/chh; ད also dh (Dhondup), and th without a prefix
  (Thondup); ཉ ny or n (Nyima, Nima), ང ng or n (Ngawang, Nawang); ཛ dz, z, or d in Bhutan
  (Tendzin, Tenzin, Tandin);
- the suffixes ད ན ལ ས make a, o, u into e, ö, ü, written e or a, o or oe, u, ue or i (Tenzin,
  Tanzin; Choden, Choeden; Kunzang, Kuenzang, Kinzang; Wangdu, Wangdi); ད and ས are silent,
  ལ written or not (Kelsang, Kesang; Namgyal, Namgay); ག k, g or unwritten (Phuntsok,
  Phuntsog, Phuntsho), བ b or p (Sherab, Dhondup); ན after i also ng (Tenzing);
- an open e or i at the end of a syllable is also ee, and e also i, ey or ay (Dorje, Dorjee,
  Dorji; Yeshe, Yeshi, Yeshey; Kinley, Kinlay); u also oo (Norboo);
- within a name, a superscript ར or a prefix བ or མ is heard as the final of an open syllable
  before it (རྡོ་རྗེ Dorje, བློ་བཟང Lobsang, རྒྱ་མཚོ Gyamtso, ཀརྨ Karma), a superscript ལ or a
  prefix འ as n (Ganden, Mingyur, Khandro): THL's "exceptional pronunciations", and the nasal
  a prefix འ makes; a ལ or ག before a prefix འ or མ or a superscript ལ may be n (Penden,
  Penjor, Rinzin), a ག before དབ unwritten (Ngawang); ན before p, b or m may be m (Pemba,
  Gompo); པ after a nasal, r or l may be b (Pemba, Phurba); an open བ after the first syllable
  is w (ཟླ་བ Dawa); a letter ending one syllable and starting the next is written once
  (སངས་རྒྱས Sangye, Sangay); ཨོ is also u (Ugyen, Urgyen).

A name's syllables are grouped two by two into names (Tashi Dorje, Tenzin Norbu), the usual
shape; three or five syllables also with the odd one first (Ang Dorje). The grouping matters
only for the stored keys: against a romanised name the syllables are compared in written order,
whatever the Latin words cut them into (`level`): Tashi Dorje, Tashidorje, Trashi Dorjee; the
order is part of the name (Tenzin Norbu is not Norbu Tenzin), and there is no family name.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

from seri.linkage import chinese

READING = _("Tibetan reading (phonetic, as names are written)")

Unit = tuple[str, ...]
Word = tuple[Unit, ...]
Parsing = tuple[Word, ...]

# the name levels this module answers (`chinese.ORDER`: "same words, any script or order",
# "all words found in the other name, allowing typos", "two or more words sound alike", "a
# one-word name found in the other name", "one word sounds alike", "different")
SAME, TYPOS, SOME = chinese.ORDER[0], chinese.ORDER[1], chinese.ORDER[2]
ONE_NAME, ONE, DIFFERENT = chinese.ORDER[4], chinese.ORDER[6], chinese.ORDER[8]


def is_tibetan(char: str) -> bool:
    return 0x0F00 <= ord(char) <= 0x0FFF


_PREFIXES = {
    "ག": "ཅཉཏདནཙཞཟཡཤས", "ད": "ཀགངཔབམ", "བ": "ཀགཅཏདཙཞཟཤས", "མ": "ཁགངཆཇཉཐདནཚཛ",
    "འ": "ཁགཆཇཐདཕབཚཛ",
}  # fmt: skip
_SUPERSCRIPTS = frozenset("རལས")
_SUBSCRIPTS = frozenset("ཡརལཝཧ")  # ya, ra, la, wa; ha in Sanskrit aspirates (གྷ, དྷ)
_SUFFIXES = frozenset("གངདནབམའརལས")
_UMLAUT = frozenset("དནལས")  # suffixes that make a, o, u into e, ö, ü
_NASALISING = frozenset("འམ")  # prefixes heard as a nasal at the end of the syllable before
_SONORANTS = frozenset("ངནམརལ")
_LABIALS = frozenset("པཕབམ")
_VOWEL_BEARERS = frozenset("ཨའ")
_VOWELS = {"\u0f72": "i", "\u0f74": "u", "\u0f7a": "e", "\u0f7c": "o", "\u0f7b": "ai",
           "\u0f7d": "au", "\u0f80": "i"}  # fmt: skip
_LONG = "\u0f71"  # a-chung under a letter: a long vowel in Sanskrit words
_NASAL_MARKS = "\u0f7e\u0f82\u0f83"  # anusvara, candrabindu
_FIXED = {"\u0fba": "ཝ", "\u0fbb": "ཡ", "\u0fbc": "ར"}  # subjoined fixed forms

_ROOT = {
    "ཀ": ("k",), "ཁ": ("kh", "k"), "ག": ("g",), "ང": ("ng", "n"), "ཅ": ("ch", "c"),
    "ཆ": ("ch", "chh"), "ཇ": ("j",), "ཉ": ("ny", "n"), "ཏ": ("t",), "ཐ": ("th", "t"),
    "ད": ("d", "dh"), "ན": ("n",), "པ": ("p",), "ཕ": ("ph", "p"), "བ": ("b",), "མ": ("m",),
    "ཙ": ("ts", "tz"), "ཚ": ("ts", "tsh", "tz", "chh"), "ཛ": ("z", "dz", "d"), "ཝ": ("w", "v"),
    "ཞ": ("zh", "sh"), "ཟ": ("z", "s"), "འ": ("",), "ཡ": ("y",), "ར": ("r",), "ལ": ("l",),
    "ཤ": ("sh",), "ས": ("s",), "ཧ": ("h",), "ཨ": ("",), "ཪ": ("r",),
    # Sanskrit letters
    "ཊ": ("t",), "ཋ": ("th", "t"), "ཌ": ("d",), "ཎ": ("n",), "ཥ": ("sh", "s"),
}  # fmt: skip
# a root without prefix or superscript: ད also th (Thondup), བ also bh, ག also k
_BARE_ROOT = {"ད": ("d", "dh", "th"), "བ": ("b", "bh"), "ག": ("g", "k")}
_WITH_YA = {
    "ཀ": ("ky", "k"), "ཁ": ("khy", "ky", "kh"), "ག": ("gy", "g", "ky"), "པ": ("ch", "py"),
    "ཕ": ("ch", "chh", "phy"), "བ": ("j", "ch", "by"), "མ": ("ny", "my"),
}  # fmt: skip
_WITH_RA = {
    "ཀ": ("t", "tr"), "ཏ": ("t", "tr"), "པ": ("t", "tr"), "ཁ": ("tr", "th", "thr", "t"),
    "ཐ": ("th", "tr", "thr", "t"), "ཕ": ("th", "tr", "thr", "t"), "ག": ("d", "dr"),
    "ད": ("d", "dr"), "བ": ("d", "dr"), "མ": ("m",), "ས": ("s",), "ན": ("n",),
    "ཧ": ("hr", "h"),
}  # fmt: skip
_WITH_LA = {"ཟ": ("d",)}  # ཟླ Dawa; the others (ཀླ གླ བླ རླ སླ) l


@dataclass(frozen=True)
class _Stack:
    """A letter with what is written under and over it (a letter, subjoined letters, vowel
    signs, a nasal mark); `tail`: the top of a Sanskrit stack, the final of the syllable
    before."""

    letters: tuple[str, ...]
    vowel: str = ""
    long: bool = False
    nasal: bool = False
    tail: bool = False

    @property
    def bare(self) -> bool:
        return len(self.letters) == 1 and not self.vowel and not self.nasal and not self.tail


@dataclass(frozen=True)
class _Syllable:
    root: str
    prefix: str = ""
    superscript: str = ""
    subscripts: str = ""
    vowel: str = "a"
    long: bool = False  # a-chung under the root: a long vowel (Sanskrit)
    suffix: str = ""
    nasal: bool = False
    literal: bool = False  # the suffix is the top of a Sanskrit stack: written as it is
    extra: str = ""  # a vowel after a suffix འ (འི, འུ, འོ)

    @property
    def open(self) -> bool:
        return self.suffix in ("", "འ") and not self.nasal


@dataclass
class _Written:
    letters: list[str]
    vowel: str = ""
    long: bool = False
    nasal: bool = False


def _stacks(chunk: str) -> list[_Stack]:
    """The stacks of one syllable as written (NFC), Sanskrit stacks cut where Tibetan spelling
    does not make them."""
    written: list[_Written] = []
    for char in chunk:
        code = ord(char)
        if 0x0F40 <= code <= 0x0F6C:
            written.append(_Written([char]))
        elif 0x0F90 <= code <= 0x0FBC:  # a subjoined letter
            letter = _FIXED.get(char) or chr(code - 0x50)
            if written:
                written[-1].letters.append(letter)
            else:
                written.append(_Written([letter]))
        elif char in _VOWELS or char == _LONG or char in _NASAL_MARKS:
            if not written:  # a vowel sign with no letter: on an unwritten vowel bearer
                written.append(_Written(["ཨ"]))
            if char in _VOWELS and not written[-1].vowel:
                written[-1].vowel = _VOWELS[char]
            written[-1].long |= char == _LONG
            written[-1].nasal |= char in _NASAL_MARKS
        # digits, signs, marks of cantillation: nothing
    out: list[_Stack] = []
    for stack in written:
        letters = [x for x in stack.letters if x in _ROOT or x in _SUBSCRIPTS]
        if not letters:
            continue
        # a stack Tibetan does not make (no superscript over a root, no subscripts under it):
        # its top letter closes the syllable before, the rest starts one
        while len(letters) > 1 and not _native(letters):
            out.append(_Stack((letters[0],), tail=True))
            letters = letters[1:]
        out.append(_Stack(tuple(letters), stack.vowel, stack.long, stack.nasal))
    return out


def _superscripted(letters: tuple[str, ...] | list[str]) -> bool:
    """Is the top letter of this stack a superscript (རྡ, སྐ, ལྷ), not a root with subscripts?"""
    if len(letters) < 2 or letters[0] not in _SUPERSCRIPTS:
        return False
    return letters[1] not in _SUBSCRIPTS or letters[:2] in (["ལ", "ཧ"], ("ལ", "ཧ"))


def _native(letters: list[str]) -> bool:
    rest = letters[2:] if _superscripted(letters) else letters[1:]
    return all(x in _SUBSCRIPTS for x in rest)


def _prefix_fits(prefix: _Stack, stack: _Stack) -> bool:
    if not prefix.bare or prefix.letters[0] not in _PREFIXES or stack.tail:
        return False
    if _superscripted(stack.letters):
        return prefix.letters[0] == "བ"  # brgya, bsgrub, bstan
    return stack.letters[0] in _PREFIXES[prefix.letters[0]]


def _has_prefix(stacks: list[_Stack]) -> bool:
    """Is the first stack a prefix? Standard Tibetan spelling: a letter before a stack with a
    vowel or subscripts is its prefix where it can be; of bare letters (the vowel a) the first
    of two is the root, of three the second unless the third is a post-suffix ས after a suffix
    (ལགས, བགས) or the first cannot be a prefix of the second (ནམས)."""
    if len(stacks) < 2 or not _prefix_fits(stacks[0], stacks[1]):
        return False
    if not stacks[1].bare:
        return True
    if len(stacks) < 3 or not stacks[2].bare or stacks[2].letters[0] not in _SUFFIXES:
        return False
    return not (stacks[2].letters[0] == "ས" and stacks[1].letters[0] in "གངབམ")


def _parse(stacks: list[_Stack]) -> list[_Syllable]:
    out: list[_Syllable] = []
    i = 0
    while i < len(stacks):
        prefix = ""
        if _has_prefix(stacks[i:]):
            prefix, i = stacks[i].letters[0], i + 1
        root = stacks[i]
        i += 1
        letters = root.letters
        superscript = ""
        if _superscripted(letters):
            superscript, letters = letters[0], letters[1:]
        suffix, literal, extra = "", False, ""
        if i < len(stacks) and (
            stacks[i].tail or (stacks[i].bare and stacks[i].letters[0] in _SUFFIXES)
        ):
            suffix, literal = stacks[i].letters[0], stacks[i].tail
            i += 1
            after = stacks[i] if i < len(stacks) else None
            if suffix in "གངབམནརལ" and after and after.bare and after.letters[0] in "སད":
                i += 1  # a post-suffix: silent
        elif (
            i < len(stacks)
            and stacks[i].letters == ("འ",)
            and stacks[i].vowel in ("i", "u", "o")
            and not stacks[i].tail
        ):
            extra = stacks[i].vowel  # འི, འུ, འོ: a vowel after the syllable's own
            i += 1
        out.append(
            _Syllable(
                root=letters[0],
                prefix=prefix,
                superscript=superscript,
                subscripts="".join(x for x in letters[1:] if x in _SUBSCRIPTS),
                vowel=root.vowel or "a",
                long=root.long,
                suffix=suffix,
                nasal=root.nasal,
                literal=literal,
                extra=extra,
            )
        )
    return out


@lru_cache(maxsize=20_000)
def syllables(text: str) -> tuple[_Syllable, ...]:
    """The syllables of a name (tsheg, shad and spaces cut them; the cleaned name has spaces)."""
    out: list[_Syllable] = []
    for chunk in re.split("[\u0f0b-\u0f14\\s]+", text):
        out += _parse(_stacks(chunk))
    return tuple(out)


# --- spelling --------------------------------------------------------------------------------


@dataclass
class _Parts:
    """A syllable's spellings as parts: its initials, vowels and finals, the usual first. A
    vowel may be spelled so only where no final is written (`_OPEN`: ee, ey for e) or only
    before one (`_CLOSED`: a for the ä of Tanzin, Kalsang)."""

    initials: list[str]
    vowels: list[tuple[str, str]]
    finals: list[str]

    def spellings(self) -> Unit:
        out = [
            i + v + f
            for i in self.initials
            for v, where in self.vowels
            for f in self.finals
            if not (where == _OPEN and f) and not (where == _CLOSED and not f)
        ]
        return tuple(dict.fromkeys(s for s in out if s))


_ANY, _OPEN, _CLOSED = "", "open", "closed"


def _initials(s: _Syllable, first: bool) -> list[str]:
    root, subs = s.root, s.subscripts
    bare = not s.prefix and not s.superscript
    if s.prefix == "ད" and root == "བ":  # དབ w, དབྱ y, དབྲ r
        return ["y"] if "ཡ" in subs else ["r", "dr"] if "ར" in subs else ["w"]
    if s.superscript == "ལ" and root == "ཧ":
        return ["lh", "l"]
    if "ཡ" in subs and root in _WITH_YA:
        spelled = list(_WITH_YA[root])
    elif "ར" in subs and root in _WITH_RA:
        spelled = list(_WITH_RA[root])
    elif "ལ" in subs:
        spelled = list(_WITH_LA.get(root, ("l",)))
    else:
        spelled = list(_BARE_ROOT[root] if bare and root in _BARE_ROOT else _ROOT[root])
        spelled = [x + y for x in spelled for y in (("y",) if "ཡ" in subs else ("",))]
        spelled = [x + y for x in spelled for y in (("r",) if "ར" in subs else ("",))]
    if "ཧ" in subs and root != "ཧ":  # Sanskrit aspirate (གྷ, དྷ, བྷ)
        spelled = [x + "h" for x in spelled] + spelled
    if root in _VOWEL_BEARERS and s.vowel == "o":  # འོད་ཟེར Ozer, Woeser
        spelled.append("w")
    # THL: a bare བ after the first syllable, with a or o and no final, is wa, wo (ཟླ་བ Dawa)
    if root == "བ" and bare and not subs and not first and s.vowel in ("a", "o") and s.open:
        spelled.insert(0, "w")
    return spelled


def _vowels(s: _Syllable) -> list[tuple[str, str]]:
    umlaut = s.suffix in _UMLAUT
    spelled: list[tuple[str, str]]
    if s.vowel == "a" and umlaut:
        # ä: e, or a before a written final (Tenzin, Tanzin; Kelsang, Kalsang, Kesang;
        # Namgyal, Namgyel, Namgay; Thinley, Thinlay); a first before l (Namgyal, Palden)
        a_first = s.suffix == "ལ"
        spelled = [("a", _CLOSED), ("e", _ANY)] if a_first else [("e", _ANY), ("a", _CLOSED)]
        spelled += [("ey", _OPEN), ("ay", _OPEN)]
    elif s.vowel == "a":
        spelled = [("a", _ANY)] + ([("aa", _ANY)] if s.long else [])
    elif s.vowel == "o":
        spelled = [("o", _ANY), ("oe", _ANY)] if umlaut else [("o", _ANY)]
        if s.root in _VOWEL_BEARERS and not s.prefix:  # ཨོ་རྒྱན Ugyen, Urgyen
            spelled.append(("u", _ANY))
    elif s.vowel == "u" and umlaut:
        # ü: u, ue, and in Bhutan i or e (Kinzang, Kinley, Wangdi, Lhendup)
        spelled = [("u", _ANY), ("ue", _ANY), ("i", _ANY), ("e", _ANY)]
    elif s.vowel == "u":
        spelled = [("u", _ANY), ("oo", _ANY)]
    elif s.vowel == "i":
        spelled = [("i", _ANY), ("ee", _OPEN)]
    elif s.vowel == "e":
        spelled = [("e", _ANY), ("ee", _OPEN), ("i", _OPEN), ("ey", _OPEN), ("ay", _OPEN)]
    elif s.vowel == "ai":
        spelled = [("ai", _ANY), ("e", _ANY), ("ay", _ANY)]
    else:
        spelled = [("au", _ANY), ("o", _ANY)]
    if s.extra:  # འི after a: é (THL), written e, ai or ay; after others the vowel added
        spelled = [(v + s.extra, _ANY) for v, _where in spelled] + (
            [("e", _ANY), ("ay", _ANY)] if s.extra == "i" else []
        )
    return spelled


_FINALS = {
    "": [""], "འ": [""], "ག": ["k", "g", "", "ck"], "ང": ["ng"], "ད": ["", "d"], "ན": ["n"],
    "བ": ["b", "p"], "མ": ["m"], "ར": ["r"], "ལ": ["l", ""], "ས": [""],
}  # fmt: skip


def _finals(s: _Syllable) -> list[str]:
    if s.literal:  # the top of a Sanskrit stack (པདྨ Pema, Padma; རཏྣ Ratna)
        spelled = [""] if s.suffix in ("ད", "ས") else []
        spelled += [sp for sp in _ROOT.get(s.suffix, ("",))[:1] if sp]
    else:
        spelled = list(_FINALS.get(s.suffix, [""]))
    if s.suffix == "ན" and s.vowel == "i":  # Tenzing, Chhiring
        spelled.append("ng")
    if s.nasal:
        spelled = [f + n for f in spelled for n in ("m", "ng", "n")] if spelled != [""] else []
        spelled = spelled or ["m", "ng", "n"]
    return spelled or [""]


def _word(sylls: tuple[_Syllable, ...]) -> Word:
    """One name's syllables as units, with the habits between its syllables."""
    parts = [_Parts(_initials(s, i == 0), _vowels(s), _finals(s)) for i, s in enumerate(sylls)]
    for i in range(1, len(sylls)):
        before, s, prev = sylls[i - 1], sylls[i], parts[i - 1]
        if before.open:
            # THL's exceptions: a superscript ར or a prefix བ heard at the end of the open
            # syllable before (Dorje, Lobsang), a prefix མ (Gyamtso, Amdo), a superscript ལ as n
            # (dga' ldan Ganden); and the nasal a prefix འ makes
            if s.superscript == "ར" or s.prefix == "བ":
                prev.finals.insert(0, "r" if s.superscript == "ར" else "b")
            if s.prefix == "བ":
                prev.finals.append("p")
            if s.prefix == "མ":
                prev.finals.append("m")
            if s.superscript == "ལ" and s.root != "ཧ":
                prev.finals.append("n")
            if s.prefix == "འ":  # the prefix འ nasal (mi 'gyur Mingyur, mkha' 'gro Khandro)
                prev.finals.append("m" if s.root in _LABIALS else "n")
        nasalising = s.prefix in _NASALISING or (s.superscript == "ལ" and s.root != "ཧ")
        if before.suffix in ("ལ", "ག") and nasalising and not before.literal:
            prev.finals.append("n")  # dpal ldan Penden, dpal 'byor Penjor, rig 'dzin Rinzin
        if before.suffix == "ན" and s.root in _LABIALS and not s.subscripts:
            prev.finals.append("m")  # spen pa Pemba, mgon po Gompo
        after_sonorant = before.suffix in _SONORANTS and not before.literal
        if s.root == "པ" and not (s.prefix or s.superscript or s.subscripts) and after_sonorant:
            parts[i].initials.append("b")  # Pemba, Phurba, Jamba
        if before.suffix == "ག" and s.prefix == "ད" and s.root == "བ":
            prev.finals.insert(0, "")  # ངག་དབང Ngawang (THL)
        # a letter ending one syllable and starting the next written once (སངས་རྒྱས Sangye,
        # Sangay)
        starts = {x[0] for x in parts[i].initials if x}
        prev.finals += [f[:-1] for f in prev.finals if f and f[-1] in starts]
    return tuple(p.spellings() for p in parts)


def _groups(n: int) -> list[list[int]]:
    """Ways of cutting n syllables into names: by two (Tashi Dorje), an odd one last or first."""
    if n <= 2:
        return [[n]] if n else []
    pairs = [2] * (n // 2)
    if n % 2 == 0:
        return [pairs]
    return [[*pairs, 1], [1, *pairs]]


@lru_cache(maxsize=20_000)
def parsings(text: str) -> tuple[Parsing, ...]:
    """The ways of reading a name in Tibetan script: its syllables, grouped into names."""
    sylls = syllables(text)
    out = []
    for sizes in _groups(len(sylls)):
        words, start = [], 0
        for size in sizes:
            words.append(_word(sylls[start : start + size]))
            start += size
        out.append(tuple(words))
    return tuple(out)


# --- against a romanised name ----------------------------------------------------------------

Key = Callable[[str], str] | None


@lru_cache(maxsize=20_000)
def _pattern(units: tuple[Unit, ...], key: Key) -> re.Pattern[str]:
    """The syllables in order, each one of its spellings, a space allowed between two."""
    alternatives = []
    for unit in units:
        spelled = {key(s) if key else s for s in unit}
        ordered = sorted(spelled, key=len, reverse=True)
        alternatives.append("(?:" + "|".join(re.escape(s) for s in ordered) + ")")
    return re.compile(" ?".join(alternatives))


def _spelled(units: tuple[Unit, ...], words: tuple[str, ...], key: Key) -> bool:
    if _pattern(units, None).fullmatch(" ".join(words)):
        return True
    if key is None:
        return False
    return bool(_pattern(units, key).fullmatch(" ".join(key(w) for w in words)))


_MOST_SYLLABLES = 4  # the most syllables one Latin word is taken to spell


def level(read: Parsing, words: tuple[str, ...], key: Key) -> str:
    """The name level of a Tibetan name's reading against romanised words: the syllables
    spelled in written order by all the words (a word break only between syllables), exactly
    ("same words") or through the sound skeleton `key` ("allowing typos"); else which words
    are found as a run of the syllables, and whether in written order: all words of one name
    in order in the other, "all words found"; one word against a one-word name, "a one-word
    name found"; words found out of order (Norbu Tenzin for Tenzin Norbu) at most "two or
    more words sound alike"."""
    units = tuple(u for word in read for u in word)
    if not units or not words:
        return DIFFERENT
    if _pattern(units, None).fullmatch(" ".join(words)):
        return SAME
    if key and _pattern(units, key).fullmatch(" ".join(key(w) for w in words)):
        return TYPOS
    whole = [w for w in words if len(w) > 1]
    runs = [
        [
            (i, j)
            for i in range(len(units))
            for j in range(i + 1, min(len(units), i + _MOST_SYLLABLES) + 1)
            if _spelled(units[i:j], (w,), key)
        ]
        for w in whole
    ]
    found = sum(1 for r in runs if r)
    in_order, covered = _in_order(runs)
    if in_order >= 2 and (in_order == len(whole) or covered == len(units)):
        return TYPOS
    if found == in_order == 1 and (len(whole) == 1 or covered == len(units)):
        return ONE_NAME
    if found >= 2:
        return SOME
    return ONE if found else DIFFERENT


def _in_order(runs: list[list[tuple[int, int]]]) -> tuple[int, int]:
    """(words, syllables) of the most words found in written order, each word at a run of
    syllables after the last one's."""

    @cache
    def best(k: int, start: int) -> tuple[int, int]:
        if k == len(runs):
            return 0, 0
        options = [best(k + 1, start)]
        for i, j in runs[k]:
            if i >= start:
                count, covered = best(k + 1, j)
                options.append((count + 1, covered + j - i))
        return max(options)

    return best(0, 0)
