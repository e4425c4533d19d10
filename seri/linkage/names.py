"""Names in any script, turned into comparable forms. Pure functions: no database, no keys.

`name_forms(text)` gives every romanised reading of a name (a `NameForms`):

- Chinese characters: one reading per system, never mixed (`seri.linkage.chinese`): Hanyu
  pinyin (and each other reading of a heteronym: 单 = dan / shan / chan), Wade-Giles (张伟 →
  chang wei), Cantonese (陳家豪 → chan ka ho), a dialect family name with a pinyin given name
  (陈伟明 → tan wei ming).
- Vietnamese and other Latin-script names: case, diacritics (đ → d) and punctuation folded;
  the words written with a diacritic also kept with their Vietnamese vowel letters
  (`vowel_letters`: Hưng is not Hùng).
- Thai: pythainlp's Royal Institute romanisation (สมชาย ใจดี → somchai chaidi); the scorer also
  reads Thai letter by letter (`seri.linkage.thai`).
- Khmer: khmer-latin-name-transformer, the way people write Khmer names (សុខ → sok).
- Burmese and every other script: anyascii, letter by letter.
- Emoji and symbols are dropped; an empty or unreadable name gives empty forms, never an error.

Each reading is a set of words (the scorer compares two romanised names by their words in
order too: `scoring._latin_level`), and every word also has a phonetic key (`phonetic`) that
merges the usual romanisation differences (zh/ch/j, x/sh/s, ee/i, ph/p, c before a back vowel
k outside pinyin…), then jellyfish's metaphone for the rest.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice, product

import anyascii
import jellyfish

from seri.linkage import (
    burmese,
    chinese,
    conventions,
    indic,
    khmer,
    korean,
    scripts,
    thai,
    transcribed,
    uyghur,
)

MAX_READINGS = 12  # heteronyms multiply; keep the first few combinations


def _script_of(char: str) -> str:
    code = ord(char)
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F:
        return "han"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x1780 <= code <= 0x17FF or 0x19E0 <= code <= 0x19FF:
        return "khmer"
    if burmese.is_burmese(char):
        return "burmese"
    other = scripts.script_of(char) or scripts.spelled_script(char)
    if other:
        return other
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"


def _clean(text: str) -> str:
    """Letters, marks, digits and spaces only: emoji, symbols and punctuation become spaces."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text or ""):
        if char in "'\u2019`\u02bc\u200c\u200d":  # apostrophes join (Ch'iang, O'Brien);
            continue  # zero-width (non-)joiners shape Indic and Sinhala letters (ප්‍ර = pra)
        if 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF:
            continue  # a variation selector picks a glyph of the letter before (渡邉 + VS17)
        category = unicodedata.category(char)
        if char == "\u3005" and out:  # 々 repeats the character before (佐々木 = 佐佐木)
            char = out[-1]
        out.append(char if category[0] in "LMN" else " ")
    return " ".join("".join(out).split())


def fold_latin(text: str) -> str:
    """Latin folding: case, diacritics, đ, apostrophes and hyphens (O'Brien = obrien)."""
    text = text.casefold().replace("đ", "d").replace("ø", "o").replace("ł", "l")
    text = text.replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    text = re.sub("['\u2019`\u02bc]", "", text)
    text = anyascii.anyascii(text).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# Vietnamese writes its vowels with letters of their own (ă â ê ô ơ ư, and đ) and its tones
# with marks over or under them (à á ả ã ạ). A tone mark is often left out or mistyped; a vowel
# letter less so: Hùng and Hưng, Tâm and Tám are different names.
_VOWEL_MARKS = {"\u0306": "a", "\u0302": "aeo", "\u031b": "ou"}  # breve, circumflex, horn
_SYLLABLE = re.compile(r"[^aeiouy]*[aeiouy]+[^aeiouy]*")  # one vowel group: Vietnamese words


def vowel_letters(text: str) -> tuple[tuple[str, str], ...]:
    """(folded word, the word with its Vietnamese vowel letters and đ, tone marks and every
    other mark dropped) for each word of one syllable of a romanised name written with
    Vietnamese diacritics: Nguyễn Văn Hưng (("nguyen", "nguyên"), ("van", "văn"), ("hung",
    "hưng")). A word without marks in such a name is written so (Nam is not Năm); a name
    without any, which may be the same name written without them, gives none. Words of more
    than one syllable are not Vietnamese and are left out (Antônio and António, Brazilian and
    Portuguese spellings of one name; Ștefănescu)."""
    out, marked = [], False
    for word in _clean(text).split():
        folded = fold_latin(word)
        if not _SYLLABLE.fullmatch(folded):
            continue
        decomposed = unicodedata.normalize("NFD", word.casefold())
        marked = marked or "đ" in decomposed or any(unicodedata.combining(c) for c in decomposed)
        kept: list[str] = []
        for char in decomposed:  # a mark kept only on the vowel it makes a letter of
            if not unicodedata.combining(char) or (kept and kept[-1] in _VOWEL_MARKS.get(char, "")):
                kept.append(char)
        out.append((folded, unicodedata.normalize("NFC", "".join(kept))))
    return tuple(out) if marked else ()


def _runs(text: str) -> list[tuple[str, str]]:
    """Split a cleaned name into runs of one script (spaces kept with the run)."""
    runs: list[tuple[str, str]] = []
    for char in text:
        script = runs[-1][0] if char == " " and runs else _script_of(char)
        if char != " " and unicodedata.category(char)[0] == "M" and runs:
            script = runs[-1][0]  # combining marks belong to the letter before
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + char)
        else:
            runs.append((script, char))
    return [(s, t.strip()) for s, t in runs if t.strip()]


def _han_readings(run: str) -> list[list[str]]:
    """Each reading system on its own (`seri.linkage.chinese`): pinyin, Wade-Giles, Cantonese,
    dialect family name with a pinyin given name; names of three characters also as family name
    + joined given name (张家辉 → zhang jiahui); each other Mandarin reading of a heteronym."""
    chars = "".join(c for c in run if not c.isspace())
    if not chars:
        return []
    # a variant form that has no Mandarin reading of its own (﨑, 𠮷) read as its kanji (崎, 吉)
    chars = "".join(c if chinese.mandarin(c) else chinese.same_kanji(c) for c in chars)
    # one country's spellings (`chinese.WRITTEN_ONLY_BY`) are compared, not keyed
    readings = [r for r in chinese.primary_readings(chars) if r[0] not in chinese.WRITTEN_ONLY_BY]
    out = [words for system, words in readings if system not in chinese.MIXED]
    # a Japanese name in kanji (田中太郎): its first Japanese reading after the pinyin one
    out[1:1] = [scripts.primary(read) for read in scripts.parsings(run, "japanese")[:1]]
    base = [chinese.mandarin(c)[0] if chinese.mandarin(c) else "" for c in chars]
    for i, char in enumerate(chars):
        out += [[*base[:i], other, *base[i + 1 :]] for other in chinese.mandarin(char)[1:]]
    # a dialect family name with another dialect's given name last: the first MAX_READINGS
    # forms (keys) stay those they were before that convention was read
    out += [words for system, words in readings if system in chinese.MIXED]
    return [[w for w in words if w] for words in out[: MAX_READINGS * 2]]


@lru_cache(maxsize=50_000)
def _thai(run: str) -> tuple[str, ...]:
    try:
        from pythainlp.transliterate import romanize

        return (fold_latin(romanize(run, engine="royin")),)
    except Exception:
        return (fold_latin(anyascii.anyascii(run)),)


@lru_cache(maxsize=50_000)
def _khmer_word(word: str) -> tuple[str, ...]:
    readings = []
    try:
        from khmer_latin_name_transformer import to_latin

        readings.append(fold_latin(to_latin(word)))
    except Exception:  # noqa: S110 - a word the transducer cannot read falls back to anyascii
        pass
    readings += khmer.spellings(word)  # usual spellings it does not give (កែវ Keo)
    readings.append(fold_latin(anyascii.anyascii(word)))
    return tuple(dict.fromkeys(r for r in readings if r))


def _keyed_arabic(skeleton: str) -> str:
    """An Arabic-script skeleton as the keys have always read it: a last heh, teh marbuta or
    hah left out (Fatemeh ftm, Saleh sl), a last ain or hamza not a letter, the marks of
    `scripts._arabic` none."""
    article = "L" if skeleton.startswith("L") else ""
    word = skeleton[len(article) :].replace(".", "")
    last = word[-1:]
    word = word[:-1] + {"@": "h", "T": "h", "~": "", "Y": "I"}.get(last, last)
    if word.startswith("~"):
        word = "'" + word[1:]
    return article + (re.sub("h$", "", word) or word)


def _readable(skeleton: str, script: str = "") -> str:
    """A skeleton of Arabic script or Hebrew as plain letters (for keys): long vowels, sh, ch,
    kh; the marks of a last letter left out."""
    if script == "arabic":
        skeleton = _keyed_arabic(skeleton)
    for old, new in (
        ("S", "sh"), ("c", "ch"), ("x", "kh"), ("A", "a"), ("U", "u"), ("I", "i"), ("L", "al"),
        (".", ""), ("C", "ts"), ("'", ""), ("H", "h"), ("K", "k"), ("P", "p"), ("X", "ksh"),
        ("Y", "i"), ("@", ""), ("T", ""), ("~", ""),
    ):  # fmt: skip
        skeleton = skeleton.replace(old, new)
    return skeleton.replace("E", "e")


def _burmese_readings(run: str) -> list[list[str]]:
    """The usual spelling of each syllable, a word each (Aung Kyaw); without the title."""
    _title, parts = burmese.split_title(burmese.syllables(burmese.to_unicode(run)))
    words = [burmese.spellings(p)[0] for p in parts if burmese.spellings(p)]
    return [words] if words else []


def _spelled_readings(run: str, script: str) -> list[list[str]]:
    """Korean, Japanese and the Indic scripts of `indic`: the usual spelling of each word of
    each reading; a given name also syllable by syllable (민준 = minjun, min jun)."""
    out = []
    for read in scripts.parsings(run, script)[:MAX_READINGS]:
        if script in indic.READINGS:
            out.append([indic.usual(word, script) for word in read])
            continue
        out.append(scripts.primary(read))
        if script == "korean" and len(read) == 2 and len(read[1]) > 1:
            out.append([*scripts.primary(read[:1]), *(u[0] for u in read[1])])
    return out or [fold_latin(anyascii.anyascii(run)).split()]


@dataclass(frozen=True)
class NameForms:
    readings: tuple[frozenset[str], ...] = ()  # each reading: the set of its words
    words: frozenset[str] = field(default_factory=frozenset)
    keys: frozenset[str] = field(default_factory=frozenset)  # phonetic keys of all words

    @property
    def fulls(self) -> frozenset[str]:
        """Each reading's words sorted and joined: equal when two names have the same words."""
        return frozenset(" ".join(sorted(r)) for r in self.readings if r)

    @property
    def primary(self) -> str:
        return " ".join(sorted(self.readings[0])) if self.readings else ""

    def __bool__(self) -> bool:
        return bool(self.words)


@lru_cache(maxsize=200_000)
def name_forms(text: str, *, with_conventions: bool = True) -> NameForms:
    """`with_conventions`: romanised names also read by the table of `conventions`."""
    text = _clean(text)
    if not text:
        return NameForms()
    alternatives: list[list[list[str]]] = []  # per run: its readings (each a list of words)
    for script, run in _runs(text):
        if script == "han":
            alternatives.append(_han_readings(run))
        elif script == "thai":  # a title left out (นางสาว, ด.ช.: `thai.split_title`)
            texts = thai.split_title(run)[1]
            alternatives.append([r.split() for text in texts for r in _thai(text)])
        elif script == "khmer":
            per_word = [_khmer_word(w) for w in run.split()]
            alternatives.append([list(c) for c in islice(product(*per_word), MAX_READINGS)])
        elif script == "burmese":
            alternatives.append(_burmese_readings(run))
        elif script == "arabic" and uyghur.kind(run):  # fully vowelled: unit by unit
            alternatives.append(_spelled_readings(run, uyghur.kind(run)))
        elif script in scripts.READINGS:
            alternatives.append(
                [[_readable(scripts.romanise(w, script), script) for w in run.split()]]
            )
        elif script in scripts.SPELLED and script not in ("cyrillic", "ethiopic"):
            alternatives.append(_spelled_readings(run, script))
        elif script == "latin" and with_conventions:
            alternatives.append([w for w, _rules in conventions.variants(fold_latin(run).split())])
        elif script == "latin":
            alternatives.append([fold_latin(run).split()])
        else:
            alternatives.append([fold_latin(anyascii.anyascii(run)).split()])
    readings: list[frozenset[str]] = []
    for combo in islice(product(*alternatives), MAX_READINGS):
        words = frozenset(w for part in combo for w in part if w)
        if words and words not in readings:
            readings.append(words)
    all_words: frozenset[str] = frozenset().union(*readings) if readings else frozenset()
    return NameForms(
        readings=tuple(readings),
        words=all_words,
        keys=frozenset(k for w in all_words for k in phonetic(w)),
    )


@lru_cache(maxsize=50_000)
def words_forms(words: tuple[str, ...]) -> NameForms:
    """The forms of one reading of a romanised name, its words as they are (folded already)."""
    if not words:
        return NameForms()
    return NameForms(
        readings=(frozenset(words),),
        words=frozenset(words),
        keys=frozenset(k for w in words for k in phonetic(w)),
    )


@dataclass(frozen=True)
class ParsedName:
    """One name as the model compares it: its characters when written in Chinese characters
    only (compared by character, or by one reading system against a romanised name), else its
    romanised words; and its forms (readings, keys) for blocking."""

    han: str = ""  # the characters, traditional folded to simplified; "" if not all Han
    words: tuple[str, ...] = ()  # romanised words in written order (non-Han names)
    forms: NameForms = field(default_factory=NameForms)
    # Burmese: the syllables (Unicode, Zawgyi converted) and their spellings; Burmese and Thai:
    # the title
    script_syllables: tuple[str, ...] = ()
    spellings: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    # romanised names: their forms without the conventions' readings, and the rules applied
    plain: NameForms | None = None
    rules: tuple[str, ...] = ()
    ordered: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (words, rules) in order
    # Lao, Devanagari, Bengali, Arabic script: the script and each word's skeleton
    script: str = ""
    skeletons: tuple[str, ...] = ()
    # Korean, Japanese (also kanji names the table reads), Cyrillic and the scripts of
    # `indic`: the ways of reading the name, unit by unit (`scripts.parsings`)
    parsings: tuple = ()
    # Thai script and katakana: each word's loose consonant keys, read as the transcription of
    # a foreign name (`seri.linkage.transcribed`), and which of the two scripts
    foreign: tuple[transcribed.Keys, ...] = ()
    transcribed_script: str = ""
    # a name in Han characters read as a Korean name in hanja (金民俊 = 김 민준): its readings
    # unit by unit, as a Hangul name's (`korean.hanja_hangul`), kept apart from `parsings`
    hanja_korean: tuple = ()
    # romanised names: (folded word, the word with its Vietnamese vowel letters) for each word
    # written with a diacritic (Hưng: ("hung", "hưng"); Hùng: ("hung", "hung")), `vowel_letters`
    letters: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=200_000)
def parse_name(text: str) -> ParsedName:
    cleaned = _clean(text)
    forms = name_forms(text)
    if cleaned and all(chinese.is_han(c) for c in cleaned.replace(" ", "")):
        japanese = scripts.parsings(cleaned, "japanese")
        hangul = korean.hanja_hangul(cleaned)
        return ParsedName(
            han=chinese.fold(cleaned.replace(" ", "")),
            forms=forms,
            parsings=japanese,
            script="japanese" if japanese else "",
            hanja_korean=tuple(r for r in (korean.parsing(h) for h in hangul) if r),
        )
    letters = cleaned.replace(" ", "")
    if letters and all(_script_of(c) == "burmese" for c in letters):
        title, parts = burmese.split_title(burmese.syllables(burmese.to_unicode(cleaned)))
        spelled = burmese.name_spellings(parts)
        if all(spelled):
            return ParsedName(
                forms=forms, script_syllables=tuple(parts), spellings=spelled, title=title
            )
    kinds = {_script_of(c) for c in letters}
    if kinds == {"arabic"} and uyghur.kind(cleaned):
        kinds = {uyghur.kind(cleaned)}  # Uyghur and Kazakh write every vowel
    kana = kinds & {"japanese", "katakana"}
    if (kana and kinds <= {"japanese", "katakana", "han"}) or (
        len(kinds) == 1
        and next(iter(kinds)) in scripts.SPELLED
        and kinds not in ({"thai"}, {"khmer"})
    ):
        kind = "katakana" if kinds == {"katakana"} else "japanese" if kana else next(iter(kinds))
        read = scripts.parsings(cleaned, kind)
        foreign = transcribed.word_keys(tuple(cleaned.split()), kind) if kind == "katakana" else ()
        if read:
            return ParsedName(
                forms=forms,
                script=kind,
                parsings=read,
                foreign=foreign,
                transcribed_script="katakana" if foreign else "",
            )
    if len(kinds) == 1 and (kind := kinds.pop()) in scripts.READINGS:
        skeletons = tuple(scripts.romanise(w, kind) for w in cleaned.split())
        return ParsedName(forms=forms, script=kind, skeletons=tuple(s for s in skeletons if s))
    # sorted: a reading is a set, whose order would change from one process to the next
    words = tuple(sorted(forms.readings[0])) if forms.readings else ()
    if letters and all(_script_of(c) == "latin" for c in letters):
        words = tuple(fold_latin(cleaned).split())
        made = conventions.variants(list(words))
        rules = tuple(dict.fromkeys(r for _w, used in made for r in used))
        plain = name_forms(text, with_conventions=False) if rules else forms
        ordered = tuple((tuple(w), used) for w, used in made)
        return ParsedName(
            words=words,
            forms=forms,
            plain=plain,
            rules=rules,
            ordered=ordered,
            letters=vowel_letters(cleaned),
        )
    if letters and all(_script_of(c) == "khmer" for c in letters):
        # also read letter by letter (`seri.linkage.khmer`), besides the transducer
        return ParsedName(
            words=words, forms=forms, script="khmer", parsings=khmer.parsings(cleaned)
        )
    if letters and all(_script_of(c) == "thai" for c in letters):
        # a title (นาย, นางสาว, ด.ช.) kept, not compared: the name read without it (and as
        # written where a joined title may start a name: นางนวล)
        title, texts = thai.split_title(cleaned)
        foreign = transcribed.word_keys(tuple(texts[0].split()), "thai")
        return ParsedName(
            words=words,
            forms=forms,
            foreign=foreign,
            transcribed_script="thai" if foreign else "",
            script="thai",  # also read letter by letter (`seri.linkage.thai`)
            parsings=tuple(p for text in texts for p in scripts.parsings(text, "thai")),
            title=title,
        )
    return ParsedName(words=words, forms=forms)


_SOUNDS = [
    ("tch", "c"),
    ("zh", "c"),
    ("ch", "c"),
    ("tr", "c"),
    ("ts", "c"),
    ("tz", "c"),
    ("j", "c"),
    ("q", "c"),
    ("sh", "s"),
    ("x", "s"),
    ("z", "s"),
    ("ph", "p"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("bh", "b"),
    ("ee", "i"),
    ("ea", "i"),
    ("ie", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("w", "u"),
    ("y", "i"),
    ("h", ""),
]


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Every Hanyu pinyin syllable without its tone (pypinyin's table), vowelless ones (m, ng)
    left out."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = fold_latin(reading.replace("ü", "u"))
            if bare.isalpha() and set(bare) & set("aeiou"):
                out.add(bare)
    return frozenset(out)


@lru_cache(maxsize=50_000)
def _pinyin(word: str) -> bool:
    """Is the word one pinyin syllable or two (Cao, Caowei: a given name written joined)?
    Three or more open syllables are as often another language's word (Carina, Cahana)."""
    syllables = _pinyin_syllables()
    return any(
        word[:cut] in syllables and (cut == len(word) or word[cut:] in syllables)
        for cut in range(1, len(word) + 1)
    )


_HARD_C = re.compile(r"c(?=[aoulrk]|$)")


def hard_c(word: str) -> str:
    """A c before a, o, u, l, r or k, or last, is k in the Latin spellings of European,
    Hebrew, Vietnamese and Filipino names (Cohen = Kohen, Nicolas = Nikolas, Cuong), but not in
    pinyin, where it is ts (Cao, Cong, Cui): a word that is whole pinyin syllables keeps it.
    Indonesian c (Cahya, ch) is read k too, on both sides alike."""
    if "c" not in word or not _HARD_C.search(word) or _pinyin(word):
        return word
    return _HARD_C.sub("k", word)


@lru_cache(maxsize=200_000)
def phonetic(word: str) -> tuple[str, ...]:
    """Phonetic keys of one romanised word: a skeleton that merges romanisation variants
    (zhang = chang = jang; jaidee = chaidi; nguyen = nguyen; cohen = kohen), and metaphone."""
    if not word:
        return ()
    skeleton = hard_c(word)
    for old, new in _SOUNDS:
        skeleton = skeleton.replace(old, new)
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton) or word
    keys = ["s:" + skeleton]
    if word.isascii() and word.isalpha():
        meta = jellyfish.metaphone(word)
        if meta:
            keys.append("m:" + meta)
    return tuple(keys)
