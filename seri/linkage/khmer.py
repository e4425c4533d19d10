"""Khmer names: the transducer's spellings, the table's, and a reading letter by letter.

Khmer names are read by khmer-latin-name-transformer (`names._khmer_word`), which spells each
word one way, as people often write it (សុខ Sok, ចាន់ Chan), but spells some common family
names otherwise than their passports and identity cards do (កែវ kev for Keo, យឹម yem for Yim,
ព្រំ prom for Prum). `data/khmer_names.tsv` holds these words with their usual spellings, the
most common first; they are read besides the transducer's (never instead of it).

A Khmer word is also read letter by letter into units of their Latin spellings (`units`), as
Thai words are (`seri.linkage.thai`), so that a romanised name is matched as it is written:
Khmer writes a given name of two syllables as one word, the Latin often as two (ស្រីមុំ Srey
Mom), and a vowel has several spellings. A consonant has its spellings as an initial and as a
final; a consonant without a vowel sign before another, the unwritten vowel (a or o, or none
where it closes the syllable before: សុផល Sophal, ចន្ថា Chantha); each vowel sign its
spellings in the series of the consonant it follows, as the UNGEGN romanisation (1972) and
the French-based spellings of passports write them: the first series (ក ច ដ ត ប ស ហ អ...)
reads ា a, the second (គ ជ ទ ន ព ម យ រ ល វ...) ea (មាស Meas, នាង Neang; a as well), ី ei
or i (ស្រី Srey, លី Ly), ឹ oe, eu, e or i (គឹម Kim, ញឹម Nhem), ោ ao or o (សោម Som), ៅ ao, au or
ov (ម៉ៅ Mao, ពៅ Pov), ុំ om or um, ាំង aing (តាំង Taing), ឿ oeu or oea (ធឿន Thoeun). The marks
៉ and ៊ move a consonant to the other series (ម៉ Ma, ស៊ុន Sun); an initial cluster is of
its subscript's series unless that is a sonorant (ស្រ of the first, ព្រ of the second), and a
consonant over a subscript within a word closes the syllable before (ចន្ថា Chantha: ថា of
the first series, though ន is of the second). A consonant under ៍ is unsaid
(ឧស្សាហ៍ Ousa), and so may be a word's last ិ or ុ (សុជាតិ Socheat) and a subscript after a
final (ពេជ្រ Pich, វង្ស Vong).
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from seri.linkage.chinese import character_table

_DATA = Path(__file__).with_name("data") / "khmer_names.tsv"

Unit = tuple[str, ...]
Word = tuple[Unit, ...]


def spellings(word: str) -> tuple[str, ...]:
    """The usual spellings of a Khmer word the table holds, else ()."""
    # the table's format is the character tables' (word, tab, spellings): one loader
    return character_table(_DATA).get(word, ())


# consonant: (series 1 or 2, spellings as an initial, spellings as a final)
_CONSONANTS: dict[str, tuple[int, str, str]] = {
    "ក": (1, "k", "k c ck"), "ខ": (1, "kh k", "k kh"), "គ": (2, "k", "k"),
    "ឃ": (2, "kh k", "k kh"), "ង": (2, "ng n", "ng"), "ច": (1, "ch", "ch t"),
    "ឆ": (1, "chh ch", "ch"), "ជ": (2, "ch j", "ch"), "ឈ": (2, "chh ch", "ch"),
    "ញ": (2, "nh ny gn n", "nh n"), "ដ": (1, "d", "t d th"), "ឋ": (1, "th t", "th t"),
    "ឌ": (2, "d", "t d"), "ឍ": (2, "th t", "th t"), "ណ": (1, "n", "n"), "ត": (1, "t d", "t th"),
    "ថ": (1, "th t", "th t"), "ទ": (2, "t th", "t th"), "ធ": (2, "th t", "th t"),
    "ន": (2, "n", "n"), "ប": (1, "b p", "b p"), "ផ": (1, "ph p", "ph p"),
    "ព": (2, "p ph", "p b"), "ភ": (2, "ph p", "ph p"), "ម": (2, "m", "m"), "យ": (2, "y", "y i"),
    "រ": (2, "r", "r -"), "ល": (2, "l", "l"), "វ": (2, "v w", "v o w u"), "ឝ": (1, "s", "s"),
    "ឞ": (1, "s", "s"), "ស": (1, "s", "s h"), "ហ": (1, "h", "h -"), "ឡ": (1, "l", "l"),
    "អ": (1, "-", "-"),
}  # fmt: skip
_SONORANTS = "ងញនមយរលវ"  # under a consonant, they leave it its series (ស្រ is of the first)
# vowel sign: (spellings after a consonant of the first series, of the second)
_VOWELS: dict[str, tuple[str, str]] = {
    "ា": ("a", "ea a ia"), "ិ": ("e i", "i e"), "ី": ("ei ey i y ee ie", "i y ee ey ei ie"),
    "ឹ": ("oe eu e i ue", "eu oe i e ue"), "ឺ": ("eu oe ue e i", "eu oe ue e i"),
    "ុ": ("o u ou", "u o ou"), "ូ": ("ou o u oo", "u ou oo o"), "ួ": ("uo ua ou oa", "uo ua ou oa"),
    "ើ": ("aeu oeu eu ae oe ao", "eu oeu ae oe er aeu"),
    "ឿ": ("oea oeu eua ue oe ua eu ea", "oea oeu eua ue oe ua eu ea"),
    "ៀ": ("ie ia ea ei eu iea", "ie ia ea ei eu iea"), "េ": ("e ei ay ey", "e ei ay ey i"),
    "ែ": ("ae e ai a", "ae e ai a"), "ៃ": ("ai ay ei ey", "ey ei ai ay"),
    "ោ": ("ao o ou or au", "o ou or oo ao"), "ៅ": ("ao au ov ou ow av", "ov ou ao au ow euv"),
    # the vowel a consonant carries when no sign is written (and ័, which shortens it)
    "": ("a o", "o a ea or u"), "\u17d0": ("a o", "oa ea o or a e u"),
}  # fmt: skip
# a vowel with ំ (nikahit): its spellings; ាំ before ង without the m (តាំង Taing)
_NIKAHIT = {
    "": ("am om um", "um om am oum"), "ុ": ("om um oum", "um om oum"),
    "ា": ("am", "oam eam am"),
}  # fmt: skip
_NIKAHIT_BEFORE_NG = {"ា": ("ai a", "ea oa eai a")}
# the inherent vowel with ះ (reahmuk) or ៈ (yuukaleapintu): a final h, or the k people write
_REAHMUK = {"": ("ah as ak", "eah eas ah eak ak")}
_INDEPENDENT = {
    "ឥ": "e i", "ឦ": "ei i ey", "ឧ": "o u ou", "ឩ": "ou u", "ឪ": "ov euv au",
    "ឫ": "ru rue ry ri rei", "ឬ": "rue reu ry", "ឭ": "lue lu", "ឮ": "lue leu",
    "ឯ": "ae e a", "ឰ": "ai ay", "ឱ": "ao o au", "ឲ": "ao o", "ឳ": "au ov ao", "ឣ": "a",
    "ឤ": "a",
}  # fmt: skip
_COENG, _TO_FIRST, _TO_SECOND = "\u17d2", "\u17c9", "\u17ca"
_NIKAHIT_SIGN, _REAHMUK_SIGNS, _SHORT = "\u17c6", "\u17c7\u17c8", "\u17d0"
_VOICING = _NIKAHIT_SIGN + _REAHMUK_SIGNS + _SHORT  # signs of a vowel said after a consonant
_SILENCED = "\u17cd"  # ៍: the consonant under it unsaid


def _spelled(text: str) -> Unit:
    return tuple("" if s == "-" else s for s in text.split())


@dataclass
class _Cluster:
    """A consonant (or an independent vowel) with what is written on it."""

    base: str
    subs: list[str] = field(default_factory=list)  # its subscripts (written after ្)
    vowel: str = ""  # its vowel sign
    signs: str = ""  # its other signs: ៉ ៊ ំ ះ ៈ ័ ់ ៍...
    series: int = 1  # the series its vowel is read in

    @property
    def voiced(self) -> bool:
        """A vowel is said after it: a sign of one, or ំ, ះ, ៈ or ័."""
        return bool(self.vowel or set(self.signs) & set(_VOICING))


def _clusters(word: str) -> list[_Cluster]:
    """A word as clusters, those under ៍ (unsaid) left out."""
    out: list[_Cluster] = []
    i = 0
    while i < len(word):
        char = word[i]
        i += 1
        if char not in _CONSONANTS and char not in _INDEPENDENT:
            continue  # a sign with no consonant before it, a digit: skipped
        cluster = _Cluster(char)
        while i < len(word) and word[i] not in _CONSONANTS and word[i] not in _INDEPENDENT:
            mark = word[i]
            if mark == _COENG and i + 1 < len(word) and word[i + 1] in _CONSONANTS:
                cluster.subs.append(word[i + 1])
                i += 2
                continue
            if mark in _VOWELS and not cluster.vowel:
                cluster.vowel = mark
            else:
                cluster.signs += mark
            i += 1
        if char in _CONSONANTS:
            # a consonant over a subscript within a word closes the syllable before, and the
            # subscript opens the next; a subscript that is no sonorant gives an initial
            # cluster its series
            onset = cluster.subs if out and cluster.subs else [char, *cluster.subs]
            cluster.series = _CONSONANTS[onset[0]][0]
            for sub in onset[1:]:
                if sub not in _SONORANTS:
                    cluster.series = _CONSONANTS[sub][0]
            if _TO_FIRST in cluster.signs:
                cluster.series = 1
            elif _TO_SECOND in cluster.signs:
                cluster.series = 2
        if _SILENCED not in cluster.signs:
            out.append(cluster)
    return out


def _vowel(cluster: _Cluster, after: _Cluster | None) -> Unit:
    """The spellings of a cluster's vowel (written or not) with its ំ, ះ or ៈ."""
    vowel, signs, side = cluster.vowel, cluster.signs, cluster.series - 1
    if _SHORT in signs and not vowel:
        vowel = _SHORT
    if _NIKAHIT_SIGN in signs:
        if after is not None and after.base == "ង" and vowel in _NIKAHIT_BEFORE_NG:
            return _spelled(_NIKAHIT_BEFORE_NG[vowel][side])
        if vowel in _NIKAHIT:
            return _spelled(_NIKAHIT[vowel][side])
        return tuple(s + "m" for s in _spelled(_VOWELS[vowel][side]))
    spelled = _spelled(_VOWELS[vowel][side])
    if any(s in signs for s in _REAHMUK_SIGNS):
        if vowel in _REAHMUK:
            return _spelled(_REAHMUK[vowel][side])
        return tuple(dict.fromkeys(s + end for s in spelled for end in ("h", "s", "")))
    return spelled


def _consonant(cluster: _Cluster, *, first: bool, last: bool) -> list[Unit]:
    """The units of a cluster's consonant and subscripts."""
    _series, initial, final = _CONSONANTS[cluster.base]
    if cluster.base == "ប" and _TO_FIRST in cluster.signs:
        initial = "p b"  # ប៉ is p (ប៉ែន Pen)
    # a final within a word is no vowel: វ is v there, o only last (កែវ Keo)
    finals = tuple(s for s in _spelled(final) if last or s not in ("o", "u", "i"))
    if first:
        out = [_spelled(initial)]
        for sub in cluster.subs:  # an initial cluster, said with a short vowel between or not
            out += [("", "a", "o"), _spelled(_CONSONANTS[sub][1])]
        return out
    if not cluster.subs:
        if cluster.voiced:
            return [_spelled(initial)]
        if last:
            return [finals]  # a word's last consonant closes its syllable
        return [tuple(dict.fromkeys((*_spelled(initial), *finals)))]  # or has the unwritten vowel
    # the consonant closes the syllable before and its subscript opens the next (ចន្ថា
    # chan-tha), one unit of the two; a subscript after a word's final is often unsaid
    # (ពេជ្រ Pich), and a consonant of the subscript's sound may be written once (វណ្ណា Vanna,
    # Vana; ឫទ្ធី Rithy; ឧត្តម Oudom)
    out = []
    for position, sub in enumerate(cluster.subs):
        opening = _spelled(_CONSONANTS[sub][1])
        if last and not cluster.voiced:
            opening = (*opening, *_spelled(_CONSONANTS[sub][2]), "")
        if position:
            out.append(tuple(dict.fromkeys(opening)))
            continue
        closing = (*finals, *_spelled(initial))
        pairs = [a + b for a in closing for b in opening]
        if {s[:1] for s in opening} & {s[:1] for s in finals}:
            pairs += [*opening, *finals]
        out.append(tuple(dict.fromkeys(pairs)))
    return out


@lru_cache(maxsize=20_000)
def units(word: str) -> Word:
    """One Khmer word as units of Latin spellings (see the module's docstring)."""
    clusters = _clusters(word)
    out: list[Unit] = []
    for index, cluster in enumerate(clusters):
        first, last = index == 0, index == len(clusters) - 1
        if cluster.base in _INDEPENDENT:
            out.append(_spelled(_INDEPENDENT[cluster.base]))
            continue
        out += _consonant(cluster, first=first, last=last)
        if not (cluster.voiced or first or not last):
            continue  # a word's last consonant, a final
        vowel = _vowel(cluster, None if last else clusters[index + 1])
        if not cluster.voiced:
            vowel = (*vowel, "")  # unwritten, or none: the consonant closes a syllable
        elif last and len(clusters) > 1 and cluster.vowel in "ិុ" and not cluster.signs:
            vowel = (*vowel, "")  # a word's last ិ or ុ, often unsaid (សុជាតិ Socheat)
        out.append(tuple(dict.fromkeys(vowel)))
    return tuple(u for u in out if u)


def parsings(text: str) -> tuple[tuple[Word, ...], ...]:
    """The reading of a Khmer name letter by letter, a word for each word written."""
    read = tuple(units(w) for w in text.split())
    return (read,) if all(read) else ()
