"""One match model for intake, `seri linkage score`, tracing and batch linkage.

A Fellegi-Sunter model: each comparison (name, birth year, sex, nationality, compound,
identifiers) falls into one level; each level has m (how often true matches land there) and u
(how often non-matches do). The match weight is log2(λ/(1-λ)) + Σ log2(m/u), the probability
2^w / (1 + 2^w). The levels are defined twice with the same meaning: here in Python (to score one
new record against its candidates in milliseconds) and as Splink comparison levels
(`seri.linkage.splink_model`) for batch linkage, which estimates m and u from the data. The
trained parameters are saved in `ModelVersion.splink_settings`, and this module reads them back,
so intake and batch use the same numbers.
"""

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product

from django.conf import settings as django_settings
from jellyfish import jaro_winkler_similarity

from seri.linkage import (
    burmese,
    chinese,
    conventions,
    japanese,
    korean,
    scripts,
    thai,
    transcribed,
)
from seri.linkage.names import NameForms, ParsedName, parse_name, phonetic, words_forms

# (comparison, level label, default m, default u). Order matters: the first level that applies.
DEFAULT_LEVELS: dict[str, list[tuple[str, float, float]]] = {
    "name": [
        ("same words, any script or order", 0.5, 0.0005),
        ("all words found in the other name, allowing typos", 0.25, 0.001),
        ("two or more words sound alike", 0.06, 0.003),
        # all words found, one or more only by a near spelling (a consonant more, less or
        # other: Faiz / Fariz, Wichai / Wichit), not by sound (`same_sound`): a typo, or
        # another name one letter apart, which different people share more often than the
        # romanisations of one name (u 3 times that of "allowing typos"). Below two or more
        # words sounding alike: Muhammad Faiz bin Abdul Rahman / Muhammad Fariz bin Abdul
        # Rahman is no more alike than with a wholly different given name (docs/linkage.md).
        ("all words found in the other name, one only by a near spelling", 0.04, 0.003),
        ("a one-word name found in the other name", 0.08, 0.01),
        ("similar spelling", 0.03, 0.01),
        ("one word sounds alike", 0.05, 0.08),
        # the given name agrees but the family name does not (黄伟 / 吴伟): strong evidence
        # against, stronger than names with nothing in common
        ("different family name", 0.002, 0.02),
        ("different", 0.03, 0.875),
    ],
    # A full date of birth agreeing is far stronger than a year: two people born in one year
    # share a date once in 365. Ages are estimates, so a year or two apart is still likely.
    "birth_year": [
        ("same date of birth", 0.5, 0.0001),
        # both dates recorded, at most 2 years apart, not equal: a mistyped or guessed date
        ("different dates of birth", 0.05, 0.1),
        # a birth year from an age is itself a year out half the time (age on another date)
        ("same year", 0.17, 0.03),
        ("1 year apart", 0.15, 0.05),
        ("2 years apart", 0.07, 0.05),
        ("3 to 6 years apart", 0.04, 0.12),
        ("different", 0.02, 0.75),
    ],
    "sex": [("same", 0.98, 0.5), ("different", 0.02, 0.5)],
    "nationality": [("a nationality in common", 0.96, 0.3), ("different", 0.04, 0.7)],
    # A person re-reported is mostly still in the same compound, with the same phone, and
    # reported again within months; a new phone or a move does happen (the m of "different").
    "compound": [("same compound", 0.85, 0.05), ("different", 0.15, 0.95)],
    "identifiers": [
        ("a shared phone, handle or document", 0.85, 0.00001),
        ("different", 0.15, 0.99),
    ],
    "reported": [
        ("within 90 days", 0.7, 0.05),
        ("within a year", 0.2, 0.15),
        ("more than a year apart", 0.1, 0.8),
    ],
}
# An explicit prior that a deployment may change: an organisation catches its own re-reports at
# intake, so two records of one organisation are less often the same person (m of "same
# organisation"; SERI_LINKAGE_SAME_ORGANISATION_M, "off" leaves the comparison out). The
# benchmark generator assumes the same (a person's reports come from different organisations),
# so the benchmark rewards this prior: see docs/linkage.md.
_SAME_ORGANISATION = (django_settings.SERI_LINKAGE_SAME_ORGANISATION_M or "").strip().lower()
if _SAME_ORGANISATION not in ("off", "0", ""):
    _m = float(_SAME_ORGANISATION)
    DEFAULT_LEVELS["organisation"] = [
        ("same organisation", _m, 0.1),
        ("different organisations", 1 - _m, 0.9),
    ]
_TYPOS = "all words found in the other name, allowing typos"
NEAR = "all words found in the other name, one only by a near spelling"
DEFAULT_PRIOR = 0.001  # λ: the share of true matches among the pairs the blocking keys propose
MATCH = 0.95  # batch clustering threshold of a first run (later runs keep the active model's)
LIKELY = 0.8  # shown as "likely the same person"
CANDIDATE = 0.3  # shown as a candidate at intake
REPORTED_DAYS = (90, 365)  # the "reported" levels, in days between the first reports
REPORTED_LABELS = ("within 90 days", "within a year")
# Name levels that agree at least in part: the levels the word-frequency adjustment applies to
# (as Splink applies term-frequency adjustments to the levels flagged for them).
DISAGREEING_NAME = ("different", "different family name")
# Share of the full term-frequency adjustment applied (Splink's tf weight), at most TF_LIMIT
# bits down and TF_CEILING bits up for one pair's shared words. Common words count for less,
# rare ones no more than the level says: on the generator's 100,000 people the full adjustment
# (weight 1, up to 6 bits up) lowered the best F1 from 0.964 to 0.953, rare words raising
# namesakes; this setting kept it at 0.963 with more precision where both targets hold
# (docs/linkage.md, "Common names count for less").
TF_WEIGHT = 0.5
TF_LIMIT = 6.0
TF_CEILING = 0.0


@dataclass(frozen=True)
class Record:
    """What the model compares about one person. Identifiers are blind indexes."""

    name: NameForms = field(default_factory=NameForms)  # all names' forms merged (blocking)
    names: tuple[ParsedName, ...] = ()  # each name on its own (comparison)
    birth_year: int | None = None
    date_of_birth: dt.date | None = None  # only when recorded as a date, not from an age
    sex: str = ""  # "M", "F" or ""
    nationalities: frozenset[str] = frozenset()
    compounds: frozenset[int] = frozenset()
    identifiers: frozenset[str] = frozenset()
    reported: dt.date | None = None  # when the person was first recorded (reported)
    organisation: int | None = None  # the reporting organisation

    @property
    def sounds(self) -> frozenset[str]:
        return frozenset(k for k in self.name.keys if k.startswith("s:"))

    @property
    def first_sounds(self) -> tuple[str, ...]:
        """Sound skeletons of the words of the first reading (pinyin for Chinese)."""
        if not self.name.readings:
            return ()
        return tuple(sorted({skeleton(w) for w in self.name.readings[0]}))

    @property
    def all_sounds(self) -> tuple[str, ...]:
        return tuple(sorted({skeleton(w) for w in self.name.words}))


def skeleton(word: str) -> str:
    return phonetic(word)[0][2:] if word else ""


def _hepburn_skeleton(word: str) -> str:
    """A word's sound skeleton against a Japanese name's reading: oh a long o
    (`japanese.long_o`), not the short o a skeleton without its h would make it (Ohno is not
    小野 Ono). A long vowel written short (Ono for 大野 Ōno) is the usual omission, which the
    reading's spellings hold."""
    return skeleton(japanese.long_o(word))


def _typo_key(x: ParsedName, y: ParsedName):
    """The sound skeleton that allows typos between a name read unit by unit and another."""
    return _hepburn_skeleton if "japanese" in (x.script, y.script) else skeleton


def word_found(
    word: str, words, *, near: bool = False, ends: tuple[dict, dict] | None = None
) -> bool:
    """A word is found when a word of the other name sounds the same (`same_sound`); with
    `near`, also when it is a near spelling (`near_spelling`): a typo, or another name one
    letter apart. `ends`: the final vowels of the words behind each skeleton, of this word's
    name and of the other (`_endings`), for a name read from another script against one typed
    in Latin: a word found with its vowels apart must end in the same vowel (`same_ending`)."""
    if near:  # the same sound is a near spelling or the same word: one Jaro-Winkler a pair
        return any(word == other or near_spelling(word, other) for other in words)
    return any(
        same_sound(word, other) and (ends is None or same_ending(ends[0][word], ends[1][other]))
        for other in words
    )


def near_spelling(word: str, other: str) -> bool:
    """Two sound skeletons of 4 letters or more with a Jaro-Winkler similarity of at least 0.88
    and at most one letter more or less. Without the length check a long word matched a short
    one sharing its start ("siaodong", "sian")."""
    return (
        len(word) >= 4
        and abs(len(word) - len(other)) <= 1
        and jaro_winkler_similarity(word, other) >= 0.88
    )


def same_sound(word: str, other: str) -> bool:
    """Two sound skeletons (`skeleton`) of one reading: the same, or a near spelling with the
    same consonants in the same order, the vowels apart (Kaeomani / Kaewmanee, Rahman / Rehman,
    Prasetya / Prasetyo; Sovn / Sovan, a Khmer reading without its unwritten vowel), as
    romanisations of one name differ most. Not a consonant more, less or other (Faiz / Fariz,
    Wichai / Wichit, Sophal / Sophea): another name as often as a typo. The SQL twin is in
    `splink_model._contained_sql`."""
    return word == other or (near_spelling(word, other) and _consonants(word) == _consonants(other))


def _consonants(word: str) -> str:
    return "".join(c for c in word if c not in "aeiou")


# the spellings of one final vowel that the romanisations of Thai and Khmer share (ee, i, y;
# oo, ou, u; au, ao; eu, ue); ea stays ea, not the i the sound skeleton makes it (Sophea is
# not Sophy)
_FINAL_VOWELS = (
    ("y", "i"), ("ee", "i"), ("ii", "i"), ("ie", "i"), ("oo", "u"), ("ou", "u"), ("au", "ao"),
    ("eu", "ue"),
)  # fmt: skip


def _ending(word: str) -> str:
    """The vowels after a romanised word's last consonant (y counted a vowel there)."""
    tail = word[len(word.rstrip("aeiouy")) :]
    for old, new in _FINAL_VOWELS:
        tail = tail.replace(old, new)
    return tail


@lru_cache(maxsize=50_000)
def _endings(forms: NameForms) -> dict[str, frozenset[str]]:
    """Each word's sound skeleton and the final vowels of the words behind it."""
    out: dict[str, set[str]] = {}
    for word in forms.words:
        out.setdefault(skeleton(word), set()).add(_ending(word))
    return {key: frozenset(value) for key, value in out.items()}


def same_ending(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Two words of one sound (`same_sound`), one read from another script (Thai by the Royal
    Institute's romaniser, Khmer) and one typed in Latin: one ends in a consonant, or both in
    one vowel, spelled one way or another (the same last letter once ee, i and y are one, and
    oo, ou and u: Chanthy / Chanthi, Sophea / Sophia, Srey / Srei). The vowel of an open last
    syllable is what tells many Thai and Khmer names apart, and the reading spells it: บุญมา
    Boonma is not Boonmee (บุญมี), ចាន់ធី Chanthy not Chanthou (ចាន់ធូ), សុភា Sophea not Sophy
    (សុភី). Not between two Latin names: Prasetya / Prasetyo are one Javanese name."""
    return any(not a or not b or a[-1] == b[-1] for a in mine for b in theirs)


def _first_sounds(forms: NameForms) -> tuple[str, ...]:
    """Sound skeletons of the words of the first reading."""
    return tuple(sorted({skeleton(w) for w in forms.readings[0]})) if forms.readings else ()


def _all_sounds(forms: NameForms) -> tuple[str, ...]:
    return tuple(sorted({skeleton(w) for w in forms.words}))


def _sounds(forms: NameForms) -> frozenset[str]:
    return frozenset(k for k in forms.keys if k.startswith("s:"))


def _contained(
    a: NameForms, b: NameForms, *, size: str, near: bool = True, across: bool = False
) -> bool:
    for mine, theirs in ((a, b), (b, a)):
        first, words = _first_sounds(mine), _all_sounds(theirs)
        ends = (_endings(mine), _endings(theirs)) if across else None
        if (len(first) >= 2 if size == "many" else len(first) == 1) and all(
            word_found(w, words, near=near, ends=ends) for w in first
        ):
            return True
    return False


def birth_year_of(date_of_birth, age, age_on) -> int | None:
    if date_of_birth:
        return date_of_birth.year
    if age is not None:
        return (age_on or dt.date.today()).year - int(age)
    return None


# how a sex is written in a pairs file or an import: M/F, words, HTCDS 2.0's gender values
_SEXES = {"male": "M", "female": "F", "m": "M", "f": "F", "man": "M", "woman": "F",
          "masculine": "M", "feminine": "F", "男": "M", "女": "F"}  # fmt: skip


def record(
    *names: str,
    age: int | None = None,
    birth_year: int | None = None,
    date_of_birth: dt.date | None = None,
    sex: str = "",
    nationalities=(),
    compounds=(),
    identifiers=(),
    reported: dt.date | None = None,
    organisation: int | None = None,
) -> Record:
    parsed = tuple(parse_name(n) for n in names if n)
    forms = [p.forms for p in parsed]
    readings = tuple(r for f in forms for r in f.readings)
    merged = NameForms(
        readings=readings,
        words=frozenset().union(*(f.words for f in forms)) if forms else frozenset(),
        keys=frozenset().union(*(f.keys for f in forms)) if forms else frozenset(),
    )
    if birth_year is None and date_of_birth is not None:
        birth_year = date_of_birth.year
    if birth_year is None and age is not None:
        birth_year = dt.date.today().year - int(age)
    sex = _SEXES.get(str(sex).strip().lower(), "")
    return Record(
        name=merged,
        names=tuple(p for p in parsed if p.forms),
        birth_year=birth_year,
        date_of_birth=date_of_birth,
        sex=sex,
        nationalities=frozenset(n.upper() for n in nationalities if n),
        compounds=frozenset(compounds),
        identifiers=frozenset(identifiers),
        reported=reported,
        organisation=organisation,
    )


def _words_level(a: NameForms, b: NameForms, *, whole: bool = True, across: bool = False) -> str:
    """Two names in one script or romanised: by their words, in any order. Not `whole`: the
    words are not in an order the name is written in (`_in_order`), so neither name is found
    whole in the other. `across`: one name read from another script, the other typed in Latin
    (`same_ending`)."""
    if whole and a.fulls & b.fulls:
        return "same words, any script or order"
    if whole and _contained(a, b, size="many", near=False, across=across):
        return _TYPOS
    shared = len(_sounds(a) & _sounds(b))
    if shared >= 2:
        return "two or more words sound alike"
    if whole and _contained(a, b, size="many"):
        return NEAR
    if _contained(a, b, size="one"):
        return "a one-word name found in the other name"
    if jaro_winkler_similarity(a.primary, b.primary) >= 0.9:
        return "similar spelling"
    return "one word sounds alike" if shared else "different"


def _burmese_level(x: ParsedName, y: ParsedName) -> chinese.Match:
    """A Burmese name against another name: syllable by syllable in Burmese, or the romanised
    words (a title such as U or Daw left out) spelling its syllables in order."""
    if x.spellings and y.spellings:
        same = x.script_syllables == y.script_syllables
        return chinese.Match(
            "same words, any script or order" if same else _words_level(x.forms, y.forms), ""
        )
    other = y if x.spellings else x
    mine = x if x.spellings else y
    words = burmese.latin_title(other.words or tuple(sorted(other.forms.readings[0])))[1]
    if chinese.segments(words, mine.spellings, lambda s: s):
        return chinese.Match("same words, any script or order", burmese.BURMESE)
    if chinese.segments(words, mine.spellings, skeleton):
        return chinese.Match("all words found in the other name, allowing typos", burmese.BURMESE)
    # The syllables do not spell the name: in another order (Kyaw Aung is not Aung Kyaw) or
    # with other syllables (Myint is not Min), at most two words sounding alike.
    level = _words_level(x.forms, y.forms)
    if chinese.ORDER.index(level) < chinese.ORDER.index("two or more words sound alike"):
        return chinese.Match("two or more words sound alike", burmese.BURMESE)
    return chinese.Match(level, "")


def _script_level(x: ParsedName, y: ParsedName) -> chinese.Match:
    """A Lao, Devanagari, Bengali or Arabic-script name against a romanised one
    (`seri.linkage.scripts`), or against one in the same script."""
    if x.skeletons and y.skeletons:
        if x.script == y.script and sorted(x.skeletons) == sorted(y.skeletons):
            return chinese.Match("same words, any script or order", "")
        return chinese.Match(_words_level(x.forms, y.forms), "")
    mine, other = (x, y) if x.skeletons else (y, x)
    words = other.words or (tuple(sorted(other.forms.readings[0])) if other.forms else ())
    # the Latin name as written and by the conventions (Md. = Muhammad), and with two
    # neighbouring words as one (محمدرضا = Mohammad Reza)
    latin = list(dict.fromkeys([words, *(tuple(w) for w, _rules in other.ordered)]))
    written = len(latin)
    latin += [
        (*w[:i], w[i] + w[i + 1], *w[i + 2 :]) for w in list(latin) for i in range(len(w) - 1)
    ]
    # Arabic script and Hebrew: two words as one on one side only (on both, the vowel that
    # ends one word and a vowel the script does not write could be read as one: حامد علی
    # hamed|ali is not Hamedi Ali, hamediali)
    strict = mine.script in scripts.STRICT
    levels = [
        _skeleton_level(*scripts.words_found(variant, lw, strict=strict), len(variant), len(lw))
        for index, variant in enumerate(scripts.joined(mine.skeletons))
        for lw in latin[: written if index and strict else None]
        if lw
    ]
    level = min(levels, key=chinese.ORDER.index) if levels else "different"
    if chinese.ORDER.index(level) > chinese.ORDER.index(_TYPOS) and any(
        scripts.skeleton_initials(variant, lw, mine.script in scripts.STRICT)
        for variant in scripts.joined(mine.skeletons)
        for lw in latin
    ):
        return chinese.Match(_TYPOS, f"{scripts.READINGS[mine.script]}; {conventions.INITIAL}")
    if level == "different":
        return chinese.Match("different", "")
    return chinese.Match(level, scripts.READINGS[mine.script])


def _skeleton_level(found: int, exact: bool, mine_n: int, other_n: int) -> str:
    """The name level of a name in Lao, an Indic script, Arabic script or Hebrew whose `found`
    words of `mine_n` are spelled by words of a Latin name of `other_n` words."""
    if found == mine_n == other_n:
        level = (
            "same words, any script or order"
            if exact
            else ("all words found in the other name, allowing typos")
        )
    elif found >= 2 and found == min(mine_n, other_n):
        level = "all words found in the other name, allowing typos"
    elif found >= 2:
        level = "two or more words sound alike"
    elif found == 1:
        level = (
            "a one-word name found in the other name"
            if 1 in (mine_n, other_n)
            else ("one word sounds alike")
        )
    else:
        level = "different"
    return level


def _pair_level(
    x: ParsedName, y: ParsedName, nationalities: tuple[frozenset[str], ...] = ()
) -> chinese.Match:
    """`nationalities`: each record's; they leave out the Chinese systems no nationality of
    theirs writes names in (`chinese.not_written`), and decide whether two romanised names
    are also read back to Hangul (`korean.romanised_agree`: Korean nationals or unknown) and
    to Chinese characters (`chinese.cross_match`), to Thai (`_thai_romanised`) and to the
    Cyrillic of Central Asia (`_central_asian`); whether two romanised Burmese names are
    compared in the order written only (`burmese.nationals`), and two romanised Japanese names
    with their long vowels spelled alike (`_long_vowels_level`)."""
    romanised = bool(x.ordered and y.ordered)
    if romanised and burmese.nationals(*nationalities):
        match = _latin_level(x, y, written=True)
    else:
        match = _reading_level(x, y, chinese.not_written(*nationalities))
    if romanised and thai.nationals(*nationalities):
        match = _thai_romanised(x, y, match)
    if romanised and conventions.central_asians(*nationalities):
        match = _central_asian(x, y, match)
    if conventions.mongolians(*nationalities):
        match = _mongolian(x, y, match)
    long = (
        _long_vowels_level(x, y)
        if romanised and match.level != chinese.ORDER[0] and japanese.nationals(*nationalities)
        else None
    )
    if long and chinese.ORDER.index(long) < chinese.ORDER.index(match.level):
        match = chinese.Match(long, japanese.LONG_VOWELS)
    if (
        romanised
        and match.level == _TYPOS
        and match.reading not in (thai.READING_ROMANISED, japanese.LONG_VOWELS)
    ):
        match = _final_vowels_apart(x, y, match, _vowels_alike(nationalities))
    if romanised and chinese.ORDER.index(match.level) > 1:
        if korean.nationals(*nationalities) and korean.romanised_agree(x.words, y.words):
            return chinese.Match(_TYPOS, korean.READING_ROMANISED)
        if chinese.cross_read(*nationalities):
            cross = chinese.cross_match(x.words, y.words)
            if cross and chinese.ORDER.index(cross.level) < chinese.ORDER.index(match.level):
                return cross
    if (x.foreign and y.ordered) or (y.foreign and x.ordered):
        mine, other = (x, y) if x.foreign else (y, x)
        level = transcribed.level(mine.foreign, other.words, mine.transcribed_script)
        if (
            level
            and chinese.ORDER.index(level) < chinese.ORDER.index(match.level)
            and not _ending_apart(x.forms, y.forms)
        ):
            return chinese.Match(level, transcribed.READING)
    return match


# the final vowels of a romanised word, by the letters that spell them: ee an e or an i
# (Tibetan Dorjee, Thai Sunee); y, ie, ei, ey, ai, ay an i; ou and oo an o or a u; ae an e; a
# final h after a vowel is not said (Fatimah, Zohreh); a consonant ending agrees with any
_FINAL_SPELLINGS = (
    ("ee", "ei"), ("ie", "i"), ("ei", "i"), ("ey", "i"), ("ai", "i"), ("ay", "i"), ("y", "i"),
    ("ou", "ou"), ("oo", "ou"), ("ae", "e"), ("eo", "o"), ("ea", "a"), ("ia", "a"), ("ua", "a"),
)  # fmt: skip
_ANY_VOWEL = frozenset("aeiou")
# nationalities whose names are romanised with two spellings of one final vowel: Javanese a
# said o (Prasetya / Prasetyo, Suharta / Suharto), Persian final e written a by Arabic
# spelling (Farzaneh / Farzana, Fatemeh / Fatima)
_FINAL_ALIKE = {"ID": frozenset({"ao"}), "IR": frozenset({"ae"}), "AF": frozenset({"ae"}),
                "TJ": frozenset({"ae"})}  # fmt: skip


def _vowels_alike(nationalities: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The final vowels spelled alike for these records' nationalities; a record of unknown
    nationality may be of any (Teguh Prasetyo / Teguh Prasetya, no nationality given)."""
    if not nationalities or not all(nationalities):
        return frozenset().union(*_FINAL_ALIKE.values())
    found = (_FINAL_ALIKE.get(n, frozenset()) for ns in nationalities for n in ns)
    return frozenset().union(*found)


@lru_cache(maxsize=50_000)
def _final_vowels(word: str, alike: frozenset[str] = frozenset()) -> frozenset[str]:
    """The vowels a romanised word may end in (`_FINAL_SPELLINGS`); any, after a consonant."""
    if len(word) > 2 and word[-1] == "h" and word[-2] in "aeiou":
        word = word[:-1]
    tail = word[len(word.rstrip("aeiouy")) :]
    if not tail or tail == word:
        return _ANY_VOWEL
    for spelled, vowels in _FINAL_SPELLINGS:
        if tail.endswith(spelled):
            found = frozenset(vowels)
            break
    else:
        found = frozenset(tail[-1])
    for pair in alike:
        if found & set(pair):
            found |= set(pair)
    return found


def _final_vowels_apart(
    x: ParsedName, y: ParsedName, match: chinese.Match, alike: frozenset[str]
) -> chinese.Match:
    """Two romanised names found in each other "allowing typos", but a word and the only
    words of the other name that sound like it end in other vowels: another name (Yuliani /
    Yuliana, Haile / Hailu, Mario / Maria, Yuki / Yuko), not a typo or another spelling of one
    name, which keeps its final vowel (Sergei / Sergey, Khaled / Khalid, Khamphone / Khamphon,
    Fatimah / Fatima; `alike`: the spellings of a nationality, `_FINAL_ALIKE`). The name is
    then found only by a near spelling; the Korean and Chinese readings of both romanisations
    may still find it (Choe / Choi, Seo / Suh). Words of four letters or more (a syllable of
    two or three is another system's as often: Ho / He)."""
    for (wx, _rx), (wy, _ry) in product(x.ordered, y.ordered):
        if not _ends_apart(wx, wy, alike):
            return match
    return chinese.Match(NEAR, "")


def _ends_apart(wx: tuple[str, ...], wy: tuple[str, ...], alike: frozenset[str]) -> bool:
    for mine, theirs in ((wx, wy), (wy, wx)):
        for word in mine:
            if word in theirs or len(word) < 4:
                continue
            sound = skeleton(word)
            others = [w for w in theirs if same_sound(sound, skeleton(w))]
            if others and not any(
                _final_vowels(word, alike) & _final_vowels(w, alike) for w in others
            ):
                return True
    return False


def _thai_romanised(x: ParsedName, y: ParsedName, match: chinese.Match) -> chinese.Match:
    """Two romanised names of Thai nationals, also by their RTGS keys (`thai.romanised_level`):
    a passport spelling and the RTGS one of one name agree "allowing typos" (Porntip Jankaew /
    Phonthip Chankaeo), as the Korean reading of both romanisations does; the same keys but for
    a vowel are other names (Chaiwat / Chaiwut), found only by a near spelling, not by the
    sound skeleton's allowance for vowels apart (`same_sound`)."""
    if match.level == chinese.ORDER[0]:
        return match
    found = {thai.romanised_level(wx, wy) for (wx, _rx), (wy, _ry) in product(x.ordered, y.ordered)}
    if "agree" in found:
        if chinese.ORDER.index(match.level) > chinese.ORDER.index(_TYPOS):
            return chinese.Match(_TYPOS, thai.READING_ROMANISED)
        return match
    if "vowels apart" in found and match.level == _TYPOS:
        return chinese.Match(NEAR, "")
    return match


def _central_asian(x: ParsedName, y: ParsedName, match: chinese.Match) -> chinese.Match:
    """Two romanised names of Central Asian nationals, also as respelled by the Latin
    alphabets of Uzbekistan, Kazakhstan and Turkmenistan against the Russian passports'
    spellings (`conventions.central_asian`: Jasur Rahimov / Zhasur Rakhimov), at most
    "allowing typos"."""
    if chinese.ORDER.index(match.level) <= chinese.ORDER.index(_TYPOS):
        return match
    found = []
    for (wx, _rx), (wy, _ry) in product(x.ordered, y.ordered):
        kx, ky = (
            tuple(map(conventions.central_asian, wx)),
            tuple(map(conventions.central_asian, wy)),
        )
        if (kx, ky) != (wx, wy):  # respelled: else the level is the one found
            found.append(_read_level(kx, ky)[0])
    if not found:
        return match
    level = max(min(found, key=chinese.ORDER.index), _TYPOS, key=chinese.ORDER.index)
    if chinese.ORDER.index(level) < chinese.ORDER.index(match.level):
        return chinese.Match(level, conventions.CENTRAL_ASIAN)
    return match


def _mongolian(x: ParsedName, y: ParsedName, match: chinese.Match) -> chinese.Match:
    """Two romanised names of Mongolian nationals, as in Cyrillic (`scripts.initials_level`),
    at most "allowing typos": in one Latin spelling of Mongolian Cyrillic, a patronymic read
    without its genitive ending (`conventions.mongolian`: Enhjargal = Enkhjargal; Ganboldyn
    Erdenebat = Erdenebat Ganbold, the passports' order), or the patronymic written as its
    initial or left out (`_patronymic_level`: Dorjiin Bat = D. Bat = Bat). A name's parts
    are not turned to be joined (`_parts_turned`: Bat-Erdene is not Erdenebat). And a name
    in Cyrillic written so against a romanised one (`_given_name_in_cyrillic`: Г. Бат =
    Bat Ganbold)."""
    typos = chinese.ORDER.index(_TYPOS)
    cyrillic = [n for n in (x, y) if n.script == "cyrillic" and n.parsings]
    if len(cyrillic) == 1 and (latin := y if cyrillic[0] is x else x).ordered:
        if chinese.ORDER.index(match.level) > typos and _given_name_in_cyrillic(cyrillic[0], latin):
            rule = f"{scripts.SPELLED['cyrillic']}; {scripts.MONGOLIAN_PATRONYMIC}"
            return chinese.Match(_TYPOS, rule)
        return match
    if not (x.ordered and y.ordered):
        return match
    pairs = list(product(x.ordered, y.ordered))
    if conventions.JOINED in match.reading and _parts_turned(x, y):
        levels = [_read_level(wx, wy)[0] for (wx, _rx), (wy, _ry) in pairs]
        match = chinese.Match(min(levels, key=chinese.ORDER.index), "")
    if chinese.ORDER.index(match.level) <= typos:
        return match
    best = chinese.best([m for (wx, _rx), (wy, _ry) in pairs if (m := _mongolian_level(wx, wy))])
    if best and chinese.ORDER.index(best.level) < chinese.ORDER.index(match.level):
        return best
    return match


@lru_cache(maxsize=50_000)
def _mongolian_level(wx: tuple[str, ...], wy: tuple[str, ...]) -> chinese.Match | None:
    """One reading of each of two romanised Mongolian names (`_mongolian`), at most
    "allowing typos"; None when neither is respelled nor has a patronymic."""
    kx, ky = tuple(map(conventions.mongolian, wx)), tuple(map(conventions.mongolian, wy))
    found = [
        chinese.Match(_read_level(vx, vy)[0], conventions.MONGOLIAN)
        for vx, vy in product(_without_genitive(kx), _without_genitive(ky))
        if (vx, vy) != (wx, wy)  # respelled: else the level is the one found
    ]
    found += [
        chinese.Match(level, scripts.MONGOLIAN_PATRONYMIC)
        for level in (_patronymic_level(kx, ky), _patronymic_level(ky, kx))
        if level
    ]
    best = chinese.best(found)
    if best and best.level == chinese.ORDER[0]:
        return chinese.Match(_TYPOS, best.reading)
    return best


def _given_name_in_cyrillic(cyrillic: ParsedName, latin: ParsedName) -> bool:
    """A Mongolian name in Cyrillic written as its given name, the patronymic as its
    initial or left out (Г. Эрдэнэбат, Эрдэнэбат), against a romanised name with the
    patronymic: its one word in the genitive (Ganboldyn Erdenebat), or, beside an initial,
    either word of a name of two (Erdenebat Ganbold, the passports' given name and surname).
    The initial is a first spelling of the patronymic's first letter; the given name spells
    the other words as written (`scripts.spells`; Бат-Эрдэнэ is not Erdenebat)."""
    key = _typo_key(cyrillic, latin)
    for read, (words, _rules) in product(cyrillic.parsings, latin.ordered):
        initials = [w for w in read if len(w) == 1]
        units = tuple(u for w in read if len(w) > 1 for u in w)
        fathers = [i for i, w in enumerate(words) if conventions.mongolian_stems(w)]
        if len(fathers) != 1 and initials and len(words) == 2:
            fathers = [0, 1]
        if len(initials) > 1 or not units or len(fathers) not in (1, 2):
            continue
        for i in fathers:
            rest = (*words[:i], *words[i + 1 :])
            if initials and not _initial_of(initials[0][0], words[i]):
                continue
            if scripts.spells(units, rest) or scripts.spells(units, rest, key):
                return True
    return False


def _initial_of(spellings: tuple[str, ...], word: str) -> bool:
    """A Cyrillic initial (its letter's spellings) for a romanised word: a spelling the word
    starts with, and not one letter of a digraph that spells another letter (te is not
    Tsogt, tse ts; es not Shinebayar, sha sh)."""
    return any(
        s and word.startswith(s) and (len(s) > 1 or word[:2] not in scripts.CONSONANT_INITIALS)
        for s in spellings
    )


def _parts_turned(x: ParsedName, y: ParsedName) -> bool:
    """Two romanised names joined alike (`conventions.joined_equal`) only with the parts of
    a name turned (Bat-Erdene, Erdenebat: two Mongolian names), not as written or with a
    word that the other also writes apart moved from one end to the other (Ganbold
    Bat-Erdene, Baterdene Ganbold)."""
    for (wx, _rx), (wy, _ry) in product(x.ordered, y.ordered):
        for a, b in ((wx, wy), (wy, wx)):
            for turned, moved in ((a, ""), ((*a[1:], a[0]), a[0]), ((a[-1], *a[:-1]), a[-1])):
                if moved and not any(_matches(moved, w, near=False) for w in b):
                    continue
                keys = (None, skeleton)
                if any(conventions.joined_equal(turned, b, k, turned=False) for k in keys):
                    return False
    return True


def _without_genitive(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A romanised Mongolian name as written, and with the one word in the genitive (a
    patronymic) as the father's name (`conventions.mongolian_stems`)."""
    fathers = [i for i, w in enumerate(words) if conventions.mongolian_stems(w)]
    if len(fathers) != 1 or len(words) < 2:
        return [words]
    i = fathers[0]
    stems = conventions.mongolian_stems(words[i])
    return [words, *((*words[:i], stem, *words[i + 1 :]) for stem in stems)]


def _patronymic_level(long: tuple[str, ...], short: tuple[str, ...]) -> str | None:
    """A Mongolian name (respelled: `conventions.mongolian`) with its patronymic written as
    its initial or left out in the other, the usual forms (Dorjiin Bat = D. Bat = Bat): the
    one word in the genitive, or one of a name of two (Bat Dorj, the passports' given name
    and surname: D. Bat) beside an initial; the other words the other's whole words, in an
    order the name is written in, or joined (Munkh-Erdene, Munkherdene; not turned:
    Bat-Erdene is not Erdenebat)."""
    initials = [w for w in short if scripts.is_initial(w, scripts.DIGRAPH_INITIALS)]
    whole = tuple(w for w in short if not scripts.is_initial(w, scripts.DIGRAPH_INITIALS))
    if len(initials) > 1 or not whole or len(whole) >= len(long):
        return None
    fathers = [i for i, w in enumerate(long) if conventions.mongolian_stems(w)]
    if len(fathers) > 1 or any(map(scripts.is_initial, long)):
        return None
    if not fathers and not (initials and len(long) == 2 and len(whole) == 1):
        return None
    for i in fathers or range(len(long)):
        rest = (*long[:i], *long[i + 1 :])
        if initials and not long[i].startswith(initials[0]):
            continue
        if (len(rest) == len(whole) and _found_in_order(whole, rest, near=False)) or (
            skeleton("".join(rest)) == skeleton("".join(whole))
        ):
            return _TYPOS
    return None


def _long_vowels_level(x: ParsedName, y: ParsedName) -> str | None:
    """Two romanised Japanese names (every word Japanese morae: `japanese.romaji`), their long
    o and u written one way (`japanese.long_vowels`: Satou = Satoh = Satoo); or written short
    on one side (Shōta, Shota = Shouta), no more than "allowing typos": a long vowel written
    short is how passports write it, but a short one is another name (Ono, Yuki)."""
    if not all(japanese.romaji(w) for w in (*x.words, *y.words)):
        return None

    def level(short: bool) -> str:
        return _read_level(
            *(tuple(japanese.long_vowels(w, short=short) for w in n.words) for n in (x, y))
        )[0]

    written, short = level(short=False), level(short=True)
    if short == "same words, any script or order":
        short = _TYPOS
    return min(written, short, key=chinese.ORDER.index)


def _ending_apart(a: NameForms, b: NameForms) -> bool:
    """Every word found with its consonants, but a word ending in another vowel (`same_ending`:
    บุญมา Boonma, Boonmee): another name, which the transcription's keys, blind to the vowels
    after the first, do not make a foreign name's spelling."""
    return _contained(a, b, size="many", near=False) and not _contained(
        a, b, size="many", near=False, across=True
    )


def _reading_level(
    x: ParsedName, y: ParsedName, skip: frozenset[str] = frozenset()
) -> chinese.Match:
    # Korean, Japanese, Cyrillic, the Indic scripts of `indic` (a Japanese name in kanji: also
    # by its Chinese readings, below)
    if {"thai", "khmer"} & {x.script, y.script} and not (x.han or y.han):
        # Thai and Khmer letter by letter, the spellings as they are (no sound-alike
        # allowance: RTGS writes จ and ช both ch, and สมใจ is not Somchai); and by the Royal
        # Institute's romanisation or the Khmer transducer, as other romanised names
        # (`_words_level`). Two Khmer names: by the transducer's only (a vowel's spellings
        # overlap: គឹម and គិម are both Kim)
        both_khmer = x.script == y.script == "khmer"
        spelled = None if both_khmer else scripts.spelled_match(x, y, _words_level, None)
        # the Thai or Khmer side read as a romanised name; the other keeps its script (a Lao,
        # Arabic or Hebrew name is still read by its script's skeletons)
        x_read, y_read = (
            replace(n, parsings=(), script="" if n.script in ("thai", "khmer") else n.script)
            for n in (x, y)
        )
        romanised = _reading_level(x_read, y_read, skip)
        return chinese.best([m for m in (spelled, romanised) if m]) or romanised
    if (x.parsings or y.parsings) and not (x.han or y.han):
        spelled = scripts.spelled_match(x, y, _words_level, _typo_key(x, y))
        if spelled is not None:
            return spelled
    if (x.skeletons or y.skeletons) and not (x.han or y.han or x.spellings or y.spellings):
        return _script_level(x, y)
    if (x.spellings or y.spellings) and not (x.han or y.han):
        return _burmese_level(x, y)
    if x.han and y.han:
        return chinese.han_compare(x.han, y.han, japanese=bool(x.parsings and y.parsings))
    if x.han or y.han:
        han, other = (x, y) if x.han else (y, x)
        words = other.words or tuple(sorted(other.forms.readings[0]))
        found = [chinese.latin_match(han.han, words, skeleton, skip)]
        if han.parsings:
            found.append(scripts.spelled_match(x, y, _words_level, _typo_key(x, y)))
        if han.hanja_korean and not any(m and m.level == chinese.ORDER[0] for m in found):
            found.append(_hanja_level(han, other))
        return chinese.best([m for m in found if m]) or chinese.Match("different", "")
    if x.ordered and y.ordered:
        return _latin_level(x, y)
    # a name read from another script (Thai, Khmer) against one typed in Latin: that alone
    # has the forms without the conventions (`plain`)
    across = (x.plain is None) != (y.plain is None)
    level = _words_level(x.forms, y.forms, across=across)
    if across and chinese.ORDER.index(level) > 1 and _initials_across(x, y):
        return chinese.Match(_TYPOS, conventions.INITIAL)
    return chinese.Match(level, "")


def _initials_across(x: ParsedName, y: ParsedName) -> bool:
    """A romanised name with a word written as its initial against a name read from another
    script by its words (Khmer, Thai by the Royal Institute's romaniser, the scripts anyascii
    reads), as between two romanised names (`_initials_level`): the whole words found in a
    reading (`same_sound`, ending in the same vowel: `same_ending`), at least two, and each
    initial the first letter of another word of it. The reading's words are in no order."""
    latin, other = (x, y) if x.ordered else (y, x)
    for words, _rules in latin.ordered:
        initials = [w for w in words if len(w) == 1]
        whole = [w for w in words if len(w) > 1]
        if not initials or len(whole) < 2:
            continue
        for reading in other.forms.readings:
            left = sorted(reading)
            for word in (*whole, *initials):
                found = next((o for o in left if _stands_for(word, o)), None)
                if found is None:
                    break
                left.remove(found)
            else:
                return True
    return False


def _stands_for(word: str, other: str) -> bool:
    """A romanised word, or an initial, for a word read from another script."""
    if len(word) == 1:
        return len(other) > 1 and other.startswith(word)
    return _matches(word, other, near=False) and same_ending(
        frozenset({_ending(word)}), frozenset({_ending(other)})
    )


# --- two romanised names ---------------------------------------------------------------------

# the levels that find one name whole in the other
_WHOLE = ("same words, any script or order", _TYPOS, NEAR)
_ONE_WORD = "a one-word name found in the other name"
_Readings = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # ParsedName.ordered


def _latin_level(x: ParsedName, y: ParsedName, *, written: bool = False) -> chinese.Match:
    """Two romanised names: each as written and as the conventions read it (`conventions`),
    one reading against the other, never a word of one reading with a word of another (Siti
    Aminah binti Yusof / Siti Aminah bt Yusoff: both without the marker). A name is found whole
    in the other only with its words in an order people write it in (`_in_order`); an initial
    stands for a word (`_initials_level`); a vowel letter of Vietnamese written on both sides
    tells two names apart (`_vowels_apart`), and so do two generational suffixes (Jr. / Sr.).
    The explanation names the rules of the readings that matched, when the names as written
    match less well. `written`: the words in the order written only (Burmese names, which
    have no family name to move: Zaw Min is not Min Zaw)."""
    x_read, y_read = _vowels_apart(x, y)
    several = min(len(x.ordered[0][0]), len(y.ordered[0][0])) > 1
    # both with a patronymic marker: the words in the order written only
    fixed = written or all(conventions.PATRONYMIC & set(n.rules) for n in (x, y))
    # father and son (Jr. / Sr.): the words may agree, the names do not
    father_son = conventions.generations_differ(x.ordered[0][0], y.ordered[0][0])
    found = []
    for (wx, rx), (wy, ry) in product(x_read, y_read):
        level, other = _read_level(wx, wy, fixed=fixed, whole=not father_son)
        # a rule that joins two words (Abdul Rahman = Abdulrahman) does not make a one-word
        # name of a name written in two
        if level != _ONE_WORD or not (rx or ry) or not several:
            found.append((level, other, (*rx, *ry)))
    # the fewest rules that reach the best level: none when the names as written do
    level, other, used = min(found, key=lambda f: (chinese.ORDER.index(f[0]), len(f[2])))
    if level != "same words, any script or order" and not father_son:
        for (wx, rx), (wy, ry) in product(x_read, y_read):
            if conventions.joined_equal(wx, wy, turned=not written) or conventions.joined_equal(
                wy, wx, turned=not written
            ):
                joined = dict.fromkeys((*rx, *ry, conventions.JOINED))
                return chinese.Match("same words, any script or order", "; ".join(joined))
    if chinese.ORDER.index(level) > chinese.ORDER.index(_TYPOS) and not father_son:
        # one name the other's own name, its patronymic left out (Suparman / Suparman bin
        # Karto): found whole, "allowing typos" (the father's name is evidence not compared)
        for (wx, rx), (wy, ry) in product(x_read, y_read):
            if conventions.own_name(wx) == wy or conventions.own_name(wy) == wx:
                own = dict.fromkeys((*rx, *ry, conventions.WITHOUT_PATRONYMIC))
                return chinese.Match(_TYPOS, "; ".join(own))
        for (wx, rx), (wy, ry) in product(x_read, y_read):
            if conventions.joined_equal(
                wx, wy, skeleton, turned=not written
            ) or conventions.joined_equal(wy, wx, skeleton, turned=not written):
                joined = dict.fromkeys((*rx, *ry, conventions.JOINED))
                return chinese.Match(_TYPOS, "; ".join(joined))
    return chinese.Match(level, "; ".join(dict.fromkeys((*used, *other))))


@lru_cache(maxsize=100_000)
def _read_level(
    x: tuple[str, ...], y: tuple[str, ...], *, fixed: bool = False, whole: bool = True
) -> tuple[str, tuple[str, ...]]:
    """(level, rules beside the conventions') of one reading of each name, words in order
    (`fixed`: in the order written only; not `whole`: neither name found whole in the other,
    `_words_level`)."""
    a, b = words_forms(x), words_forms(y)
    level = _words_level(a, b, whole=whole)
    if level in _WHOLE and not _in_order(x, y, near=True, fixed=fixed):
        level = _words_level(a, b, whole=False)
    if whole and chinese.ORDER.index(level) > chinese.ORDER.index(_TYPOS):
        initials = _initials_level(x, y, fixed=fixed)
        if initials and chinese.ORDER.index(initials) < chinese.ORDER.index(level):
            return initials, (conventions.INITIAL,)
    return level, ()


def _matches(word: str, other: str, *, near: bool, initial: bool = False) -> bool:
    if word == other:
        return True
    if initial and scripts.is_initial(word, scripts.CONSONANT_INITIALS):
        return len(other) > len(word) and other.startswith(word)
    a, b = skeleton(word), skeleton(other)
    return (near and near_spelling(a, b)) or same_sound(a, b)


def _found_in_order(
    words: tuple[str, ...],
    other: tuple[str, ...],
    *,
    near: bool,
    initial: bool = False,
    fixed: bool = False,
) -> bool:
    """Are `words` found in `other`, in order, in an order `other` is written in: as it is,
    with words moved from its start to its end or back (a family name written first or last:
    Nguyen Minh Tuan, Minh Tuan Nguyen; Le Thi Ngoc Anh, Ngoc Anh Le Thi; Garcia Lopez Juan),
    or reversed (the Western order of a Vietnamese name: Tuan Minh Nguyen). Words of `other`
    may be left out (a middle name). Two given names swapped are not an order a name is
    written in (Nguyen Tuan Minh is another person). Greedy: each word takes the first word
    of `other` left that it matches. `fixed`: as `other` is written only."""
    arrangements = {(*other[i:], *other[:i]) for i in range(len(other))} | {other[::-1]}
    if fixed:
        arrangements = {other}
    for arranged in arrangements:
        i = 0
        for candidate in arranged:
            if i < len(words) and _matches(words[i], candidate, near=near, initial=initial):
                i += 1
        if i == len(words):
            return True
    return False


def _in_order(x: tuple[str, ...], y: tuple[str, ...], *, near: bool, fixed: bool) -> bool:
    return _found_in_order(x, y, near=near, fixed=fixed) or _found_in_order(
        y, x, near=near, fixed=fixed
    )


def _initials_level(x: tuple[str, ...], y: tuple[str, ...], *, fixed: bool) -> str | None:
    """A name with an initial for a word (Angelica M. Garcia = Angelica Mendoza Garcia; a
    Filipino middle name, the mother's family name, is often written so): found in the other
    name, at most "allowing typos" (an initial agrees with many names), and only beside two
    whole words found (A. M. Garcia is not found in Angelica Mendoza Garcia). An initial may
    be the two letters of one Cyrillic letter's consonant (`scripts.CONSONANT_INITIALS`: Ivan
    Sh. Petrov = Ivan Shamilevich Petrov)."""
    for short, other in ((x, y), (y, x)):
        initials = [scripts.is_initial(w, scripts.CONSONANT_INITIALS) for w in short]
        if not any(initials) or initials.count(False) < 2:
            continue
        if _found_in_order(short, other, near=False, initial=True, fixed=fixed):
            return _TYPOS
        if _found_in_order(short, other, near=True, initial=True, fixed=fixed):
            return NEAR
    return None


def _vowels_apart(x: ParsedName, y: ParsedName) -> tuple[_Readings, _Readings]:
    """The readings of two romanised names, a word both write with Vietnamese diacritics but
    with other vowel letters (Hùng / Hưng, Tâm / Tám, Dũng / Đũng) spelled with its letters on
    each side, so that it is another word; a word written without diacritics on either side
    still matches (Hung / Hưng)."""
    mine, theirs = dict(x.letters), dict(y.letters)
    apart = {w for w in mine.keys() & theirs.keys() if mine[w] != theirs[w]}
    if not apart:
        return x.ordered, y.ordered

    def spelled(read: _Readings, letters: dict[str, str]) -> _Readings:
        return tuple(
            (tuple(letters[w] if w in apart else w for w in words), rules) for words, rules in read
        )

    return spelled(x.ordered, mine), spelled(y.ordered, theirs)


def _hanja_level(han: ParsedName, other: ParsedName) -> chinese.Match | None:
    """A Korean name in hanja, read in Korean (`korean.hanja_hangul`), against a name in
    Hangul (its usual spelling) or a romanised name, as a Hangul name is compared."""
    if other.script == "korean" and other.parsings:
        variants = [tuple(scripts.primary(read)) for read in other.parsings]
    elif other.parsings or other.skeletons or other.spellings or other.foreign:
        return None
    else:
        variants = [tuple(w) for w, _rules in other.ordered] or [other.words]
    level = _hanja_found(han.hanja_korean, tuple(variants))
    return chinese.Match(level, korean.READING_HANJA) if level else None


@lru_cache(maxsize=50_000)
def _hanja_found(reads: tuple, variants: tuple[tuple[str, ...], ...]) -> str | None:
    found = [
        chinese.Match(scripts.spelled_level(read, words, "korean", skeleton), "")
        for read in reads
        for words in variants
        if words
    ]
    match = chinese.best(found)
    # only a whole name, or a given name with another family name: a word or two that a
    # Chinese name's Korean reading shares by chance (吳嘉和 Oh Ga-hwa / Ong Kah Hoe) is not
    # evidence that overrides the Chinese readings
    return match.level if match and match.level in _HANJA_LEVELS else None


_HANJA_LEVELS = (
    "same words, any script or order",
    "all words found in the other name, allowing typos",
    "different family name",
)


def name_match(a: Record, b: Record) -> chinese.Match | None:
    """The best level over every pair of the two records' names, and the reading or rule
    that matched. None when a side has no name."""
    if not a.names or not b.names:
        return None
    nationalities = (a.nationalities, b.nationalities)
    return chinese.best([_pair_level(x, y, nationalities) for x in a.names for y in b.names])


def _birth_level(a: Record, b: Record) -> str | None:
    if a.birth_year is None or b.birth_year is None:
        return None
    if a.date_of_birth is not None and a.date_of_birth == b.date_of_birth:
        return "same date of birth"
    gap = abs(a.birth_year - b.birth_year)
    if a.date_of_birth is not None and b.date_of_birth is not None and gap <= 2:
        return "different dates of birth"
    labels = {0: "same year", 1: "1 year apart", 2: "2 years apart"}
    return labels.get(gap) or ("3 to 6 years apart" if gap <= 6 else "different")


def _reported_level(a: Record, b: Record) -> str | None:
    if a.reported is None or b.reported is None:
        return None
    days = abs((a.reported - b.reported).days)
    for limit, label in zip(REPORTED_DAYS, REPORTED_LABELS, strict=True):
        if days <= limit:
            return label
    return "more than a year apart"


def compare(a: Record, b: Record) -> dict[str, str | None]:
    """The level label of each comparison, or None where a value is missing on either side."""
    return compare_explained(a, b)[0]


def compare_explained(a: Record, b: Record) -> tuple[dict[str, str | None], dict[str, str]]:
    """(level per comparison, the reading or rule behind a comparison where there is one)."""
    name = name_match(a, b)
    out: dict[str, str | None] = {
        "name": name.level if name else None,
        "birth_year": _birth_level(a, b),
        "sex": None if not a.sex or not b.sex else "same" if a.sex == b.sex else "different",
        "nationality": _sets(a.nationalities, b.nationalities, "a nationality in common"),
        "compound": _sets(a.compounds, b.compounds, "same compound"),
        "identifiers": _sets(a.identifiers, b.identifiers, "a shared phone, handle or document"),
        "reported": _reported_level(a, b),
    }
    if "organisation" in DEFAULT_LEVELS:
        out["organisation"] = (
            None
            if a.organisation is None or b.organisation is None
            else "same organisation"
            if a.organisation == b.organisation
            else "different organisations"
        )
    return out, ({"name": name.reading} if name and name.reading else {})


def _sets(a: frozenset, b: frozenset, label: str) -> str | None:
    if not a or not b:
        return None
    return label if a & b else "different"


@dataclass(frozen=True)
class Parameters:
    prior: float
    levels: dict[str, dict[str, tuple[float, float]]]  # comparison -> label -> (m, u)
    version: int | None = None

    @classmethod
    def default(cls) -> "Parameters":
        return cls(
            prior=DEFAULT_PRIOR,
            levels={
                name: {label: (m, u) for label, m, u in levels}
                for name, levels in DEFAULT_LEVELS.items()
            },
        )

    @classmethod
    def from_splink(cls, settings: dict, version: int | None = None) -> "Parameters":
        """Read m and u back from a saved Splink model; levels Splink could not estimate keep
        their defaults."""
        params = cls.default()
        levels = {k: dict(v) for k, v in params.levels.items()}
        for comparison in settings.get("comparisons", []):
            name = comparison.get("output_column_name")
            if name not in levels:
                continue
            for level in comparison.get("comparison_levels", []):
                label = level.get("label_for_charts")
                m, u = level.get("m_probability"), level.get("u_probability")
                if label in levels[name] and m and u:
                    levels[name][label] = (float(m), float(u))
        prior = settings.get("probability_two_random_records_match") or params.prior
        return cls(prior=float(prior), levels=levels, version=version)


@dataclass(frozen=True)
class WordFrequencies:
    """Common name words count for less: Splink's term-frequency adjustment over the sound
    keys of name words (`Record.sounds`). `share[s]` is the share of people whose names have
    sound s; `expected` the share of the typical word two people agree on (Σf² / Σf), which
    the name level's u already stands for. Two names agreeing on word s gain
    log2(expected / share[s]) bits: less than the level's weight for a common word, more for
    a rare one; summed over the shared words, times `weight`, at most TF_LIMIT bits down
    and `ceiling` bits up.

    Built in memory from the records by a batch run (`from_counts`), and at intake from the
    stored `NameWordFrequency` table, which holds keyed sound keys and counts, never words."""

    share: dict[str, float]
    expected: float
    people: int
    weight: float = TF_WEIGHT
    ceiling: float = TF_CEILING

    @classmethod
    def from_counts(cls, counts: dict[str, int], people: int) -> "WordFrequencies":
        if people <= 0 or not counts:
            return cls(share={}, expected=0.0, people=0)
        total = sum(counts.values())
        expected = sum(c * c for c in counts.values()) / total / people
        return cls({k: c / people for k, c in counts.items()}, expected, people)

    @classmethod
    def of_records(cls, records) -> "WordFrequencies":
        from collections import Counter

        counts = Counter(s for rec in records for s in rec.sounds)
        return cls.from_counts(dict(counts), len(records))

    def adjustment(self, shared) -> float:
        """Bits added to the match weight of two names agreeing on these sound keys. A word
        not counted (new since the last refresh) counts as one person's."""
        if not self.people or not self.expected:
            return 0.0
        floor = 1 / self.people
        bits = sum(math.log2(self.expected / max(self.share.get(s, floor), floor)) for s in shared)
        return max(-TF_LIMIT, min(self.ceiling, self.weight * bits))

    def pair_adjustment(self, level: str | None, a: "Record", b: "Record") -> float:
        if level is None or level in DISAGREEING_NAME:
            return 0.0
        return self.adjustment(a.sounds & b.sounds)


@dataclass(frozen=True)
class FieldExplanation:
    comparison: str
    level: str | None  # None: missing on one side
    outcome: str  # "agrees", "partly agrees", "disagrees", "missing"
    weight: float  # log2(m/u), 0 when missing; for the name with the word-frequency bits
    reading: str = ""  # the reading system or rule that matched ("Cantonese reading")
    frequency: float = 0.0  # the name's word-frequency adjustment (bits), included in weight


@dataclass(frozen=True)
class Score:
    probability: float
    match_weight: float
    fields: list[FieldExplanation]

    def as_dict(self) -> dict:
        return {
            "probability": round(self.probability, 4),
            "match_weight": round(self.match_weight, 3),
            "fields": [
                {
                    "field": f.comparison,
                    "level": f.level,
                    "outcome": f.outcome,
                    "weight": round(f.weight, 3),
                    **({"reading": f.reading} if f.reading else {}),
                    **({"frequency_adjustment": round(f.frequency, 3)} if f.frequency else {}),
                }
                for f in self.fields
            ],
        }


def _outcome(comparison: str, level: str | None, weight: float) -> str:
    if level is None:
        return "missing"
    if level in ("different", "different family name"):
        return "disagrees"
    first = DEFAULT_LEVELS[comparison][0][0]
    if level == NEAR:  # a word spelled otherwise is not the same word, whatever the weight
        return "partly agrees"
    return "agrees" if level == first or weight >= 3 else "partly agrees"


def score(
    a: Record,
    b: Record,
    params: Parameters | None = None,
    frequencies: WordFrequencies | None = None,
) -> Score:
    """`frequencies`: adjust the name's weight for how common the shared words are."""
    params = params or Parameters.default()
    weight = math.log2(params.prior / (1 - params.prior))
    fields = []
    levels, readings = compare_explained(a, b)
    for comparison, level in levels.items():
        w = tf = 0.0
        if level is not None:
            m, u = params.levels[comparison][level]
            w = math.log2(max(m, 1e-12) / max(u, 1e-12))
        if comparison == "name" and frequencies is not None:
            tf = frequencies.pair_adjustment(level, a, b)
        weight += w + tf
        fields.append(
            FieldExplanation(
                comparison,
                level,
                _outcome(comparison, level, w),
                w + tf,
                readings.get(comparison, ""),
                tf,
            )
        )
    probability = 1 / (1 + 2 ** (-weight)) if weight > -1000 else 0.0
    return Score(probability=probability, match_weight=weight, fields=fields)
