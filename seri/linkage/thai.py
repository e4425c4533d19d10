"""Thai names read letter by letter into units of their Latin spellings (RTGS and passports).

pythainlp's Royal Institute romaniser reads some names wrongly (ณัฐพล natpn for Nattaphon,
อรุณี runi for Arunee, กาญจนา kantna for Kanchana), and Thai passports spell names their own
way (Kaewmanee, Boonma, Thongdee, Janpen, Siriporn, Suksawad). So a Thai word is also read as a
`scripts.Word`: each consonant with its spellings as an initial and as a final (RTGS: final ล,
ร, ณ, ญ = n; final จ, ช, ด, ต, ฐ, ส, ศ = t; final บ, พ = p; passports also keep the initial's
letter, and ร as rn: Porn; a word's last consonant and one after ั or ็, which stand only in a
closed syllable, with its finals first: เพ็ญศรี Pensri), a consonant that closes one syllable
and opens the next spelled twice (ณัฐพล Nattaphon), the unwritten vowel between two consonants
as nothing, a or o (พล phon, สมศักดิ์ Somsak), each vowel sign with its spellings (ี i/ee, ุ
u/oo, แ ae/e, เ e/oe), the vowels written before their consonant put after it (and after a
cluster: เปรม Prem; after ส, ศ or ซ with ร, which is unsaid: เสริม Soem; after ห and the
sonorant whose tone it gives: ใหญ่ Yai; after the consonant carrying the ิ or ื of เ-ิ, เ-ือ:
เฉลิม Chaloem; not past a consonant carrying a tone mark, which stands
over a cluster's last letter: แก้ว Kaeo, แก้วมณี Kaewmanee), and a letter silenced
by the karan (์) also unwritten (จันทร์ Chan, สุขสวัสดิ์ Suksawat); ทร is s at a word's start
(ทรง Song, ทราย Sai) and also s within one (สมทรง Somsong), where it is more often th-r (อินทรา
Inthra). จ is j inside a word as passports write it (สมใจ Somjai), also ch after ญ (the Pali
ñc: กาญจนา Kanchana), and ch everywhere in a second reading of a name that RTGS spells
throughout (`parsings`). เ-ือ, เ-ีย, เ-า and ัว are one vowel each (เรือง Rueang or Ruang,
เยาว Yao, บัว Bua), a ว between a consonant and a final also ua (ดวง Duang), a final ก, ข, ค
also ck (ลักษณ์ Luck), and จ before ฉ or ช one ch with it (อัจฉรา Achara). A romanised name
matches when its words spell the units in order (`scripts.spells`), as Korean and Cyrillic
names are matched; the explanation says "Thai reading". A consonant before a vowel sign is
an initial, spelled as a final only when it closes the syllable before too (กิติยา Kittiya;
สุนิสา is not Sunita); า before a final is also ar, as passports write a long a the English way
(กาญจนา Karnjana, ชาติ Chart).

A title written before the name, joined to it or apart (นาย, นาง, นางสาว, เด็กชาย, เด็กหญิง,
and abbreviated: น.ส., ด.ช., ด.ญ., ranks), is kept on the parsed name and not compared
(`split_title`), as Burmese honorifics are.

Two romanised names of Thai nationals are also compared by a key that folds the spellings of
Thai passports into RTGS's (`romanised`: Porntip Jankaew, Phonthip Chankaeo), keeping the other
vowels apart (Chaiwat, Chaiwut: other names); the explanation says "Thai reading of both
romanisations" (`scoring._thai_romanised`).
"""

import re
from functools import lru_cache

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

Unit = tuple[str, ...]
Reading = tuple[tuple[Unit, ...], ...]  # a name's words, each its units

# consonant: (spellings as an initial, spellings as a final)
_CONSONANTS: dict[str, tuple[str, str]] = {
    "ก": ("k g", "k ck"), "ข": ("kh k", "k ck"), "ฃ": ("kh k", "k"), "ค": ("kh k", "k ck"),
    "ฅ": ("kh k", "k"), "ฆ": ("kh k", "k"), "ง": ("ng", "ng"), "จ": ("ch j", "t"),
    "ฉ": ("ch", "t"), "ช": ("ch sh", "t"), "ซ": ("s", "t"), "ฌ": ("ch", "t"), "ญ": ("y", "n"),
    "ฎ": ("d", "t"), "ฏ": ("t", "t"), "ฐ": ("th t", "t"), "ฑ": ("th d", "t"),
    "ฒ": ("th", "t"), "ณ": ("n", "n"), "ด": ("d", "t d"), "ต": ("t", "t"), "ถ": ("th t", "t"),
    "ท": ("th t", "t"), "ธ": ("th t", "t"), "น": ("n", "n"), "บ": ("b", "p b"),
    "ป": ("p", "p"), "ผ": ("ph p", "p"), "ฝ": ("f", "p"), "พ": ("ph p", "p"),
    "ฟ": ("f", "p"), "ภ": ("ph p", "p"), "ม": ("m", "m"), "ย": ("y", "i y"),
    "ร": ("r", "n rn"), "ล": ("l", "n l"), "ว": ("w v", "o w"), "ศ": ("s", "t"),
    "ษ": ("s", "t"), "ส": ("s", "t"), "ห": ("h", ""), "ฬ": ("l", "n"), "อ": ("", "o"),
    "ฮ": ("h", ""),
}  # fmt: skip
_VOWELS: dict[str, str] = {
    "ะ": "a -", "ั": "a u", "า": "a aa", "ำ": "am um", "ิ": "i -", "ี": "i ee ie",
    "ึ": "ue u eu", "ื": "ue eu u", "ุ": "u oo", "ู": "u oo", "เ": "e ay oe er ae",
    "แ": "ae e a", "โ": "o oh", "ใ": "ai ay", "ไ": "ai ay", "ฤ": "rue ri ru roe",
    # vowels of several letters, each one unit (`_compounds`)
    "\ue000": "uea ua ue eua eu", "\ue001": "ia ie iea ea", "\ue002": "ao au ow aw",
    "\ue003": "ua",
}  # fmt: skip
# a vowel of several letters once a vowel written before its consonant is after it (เรือง
# Rueang, Ruang; เทียน Thian; เยาว Yao; บัว Bua): one unit, as a name spells it
_COMPOUNDS = (("เือ", "\ue000"), ("เีย", "\ue001"), ("เา", "\ue002"), ("ัว", "\ue003"))
_PRE = "เแโใไ"
_CLUSTER_FIRST = "กขคปผพตทบ"  # with ร, ล, ว after them an initial cluster (ปร, กล, คว)
_CLUSTER_SECOND = "รลว"
_SILENT_R = "สศซ"  # with ร after them an unsaid ร (ศรี Si, เสริม Soem)
_SONORANTS = "งญนมยรลว"  # after ห, said with the tone ห gives them (ห unsaid)
_SILENT = "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4d\u0e45\u0e46\u0e2f"  # tone marks, ็, ํ, ๆ, ฯ
_KARAN = "\u0e4c"
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_CLOSED = "\u0e31\u0e47"  # ั and ็: a short vowel closed by the consonant after it
_INHERENT: Unit = ("", "a", "o")


def _reorder(word: str, toned: frozenset[int] = frozenset()) -> str:
    """A vowel written before its consonant (เ แ โ ใ ไ) put after it, or after its cluster.
    `toned`: the places of consonants carrying a tone mark, which stands over the last letter
    of an initial cluster (แกว่ง kwaeng): a consonant carrying one ends the initial, and a ร,
    ล or ว after it closes the syllable (แก้ว Kaeo, แก้วมณี Kaewmanee)."""
    out = list(word)
    i = 0
    while i < len(out):
        if out[i] in _PRE and i + 1 < len(out) and out[i + 1] in _CONSONANTS:
            end = i + 2
            if (
                end < len(out)
                and i + 1 not in toned
                and (
                    (out[i + 1] in _CLUSTER_FIRST and out[end] in _CLUSTER_SECOND)
                    or (out[i + 1] in _SILENT_R and out[end] == "ร")
                    or (out[i + 1] == "ห" and out[end] in _SONORANTS)  # ใหญ่ yai, ไหม mai
                    # ิ or ื over the second consonant: เ-ิ and เ-ือ are its vowel, the first
                    # an initial of its own (เฉลิม Chaloem, เจริญ Charoen, เสมือน Samuean)
                    or (
                        out[end] in _CONSONANTS
                        and out[end] != "อ"
                        and end + 1 < len(out)
                        and out[end + 1] in "\u0e34\u0e37"
                    )
                )
            ):
                end += 1
            out[i:end] = [*out[i + 1 : end], out[i]]
            i = end
            continue
        i += 1
    return "".join(out)


def _letters(word: str) -> tuple[str, set[int], set[int], frozenset[int]]:
    """(a word's consonants and vowels as written, the places of those the karan silences,
    the places of consonants after ั or ็, which stand only in a syllable they close, the
    places of consonants carrying a tone mark)."""
    silent: set[int] = set()
    closing: set[int] = set()
    toned: set[int] = set()
    closed = False
    letters: list[str] = []
    for char in word:
        closed = closed or char in _CLOSED
        if char in _TONES and letters and letters[-1] in _CONSONANTS:
            toned.add(len(letters) - 1)
        if char in _SILENT:
            continue
        if closed and char in _CONSONANTS:
            if char not in "อว":  # ัว: the vowel ua
                closing.add(len(letters))
            closed = False
        if char == _KARAN:
            # the consonant before (and its vowel signs) unsaid; a consonant just before it too
            j = len(letters) - 1
            while j >= 0 and letters[j] not in _CONSONANTS:
                silent.add(j)
                j -= 1
            silent.add(j)
            if j - 1 >= 0 and letters[j - 1] in _CONSONANTS and j - 1 > 0:
                silent.add(j - 1)
            continue
        if char in _CONSONANTS or char in _VOWELS:
            letters.append(char)
    return "".join(letters), silent, closing, frozenset(toned)


def parsings(text: str) -> tuple[Reading, ...]:
    """The ways of reading a Thai name: as passports write จ (j inside a word: สมใจ Somjai),
    and, where a word has จ inside, as RTGS writes it in every word (ch: กาญจนา Kanchana,
    สมใจ ใจดี Somchai Chaidi). A name is spelled by one system: Somchai Jaidee is not สมใจ
    ใจดี, as สมใจ would be Somjai beside Jaidee (Somchai is สมชาย)."""
    words = text.split()
    read: tuple[Reading, ...] = (tuple(units(w) for w in words),)
    if any("จ" in w[1:] for w in words):
        read += (tuple(units(w, rtgs=True) for w in words),)
    return read


@lru_cache(maxsize=20_000)
def units(word: str, *, rtgs: bool = False) -> tuple[Unit, ...]:
    """One Thai word as units of Latin spellings (see the module's docstring); `rtgs`: จ as
    RTGS writes it, ch, wherever it stands."""
    letters, silent, closing, toned = _letters(word)
    order = _reorder(letters, toned)
    # silent positions follow their letters through the reordering (pre-vowels move only
    # past consonants that are not silenced, as the karan ends a word)
    moved = _moved_marks(letters, order, [i in silent for i in range(len(letters))])
    closes = _moved_marks(letters, order, [i in closing for i in range(len(letters))])
    order, moved, closes = _compounds(order, moved, closes)
    out: list[Unit] = []
    for i, char in enumerate(order):
        after = order[i + 1] if i + 1 < len(order) else ""
        if char in _CONSONANTS:
            initial, final = (s.split() or [""] for s in _CONSONANTS[char])  # อ: ""
            if char == "อ" and i > 0:  # after a consonant, the vowel o (พร = phon, อ = or)
                spelled = ["o", "or", "aw", ""]
            elif char == "อ":  # first, it carries the vowel after it (อรุณี Arunee, อ้อย Oy)
                spelled = ["o", ""]
            elif char == "ห" and after in _SONORANTS and after:
                spelled = ["h", ""]  # ห before a sonorant only gives it its tone
            else:
                if char == "จ" and rtgs:
                    initial = ["ch"]  # RTGS: ch wherever it stands
                elif char == "จ" and i and order[i - 1] == "ญ":
                    # the Pali and Sanskrit ñc (กาญจนา kañcana, ปัญจ pañca): j, or the ch
                    # that RTGS and the Pali spelling write (Kanjana, Kanchana)
                    initial = ["j", "ch"]
                elif char == "จ" and i:  # inside a word passports write j (สมใจ Somjai, not
                    initial = ["j"]  # Somchai, which is สมชาย); RTGS's ch only first
                # before a vowel sign an initial: a final's spelling only closing the syllable
                # before as well (กิติยา Kittiya), not alone (สุนิสา is not Sunita)
                alone = [] if after in _VOWELS else final
                spelled = [*initial, *alone]
                spelled += [f + s for f in final for s in initial if i and f]
                if char == "ท" and after == "ร":
                    # ทร is said s in Thai words (ทรง Song, ทราย Sai), th-r in Sanskrit ones
                    # (อินทรา Inthra), as RTGS writes each as said: s first at a word's start,
                    # where the Sanskrit words of names rarely have it; within, s last
                    spelled = ["s", *spelled] if i == 0 else [*spelled, "s"]
                if i and (not after or closes[i]) and not moved[i]:
                    # a word's last consonant is a final, and one after ั or ็ within a word:
                    # its finals first (เพ็ญ Phen, not Pheny; เพ็ญศรี Pensri)
                    spelled = [*final, *spelled]
                if char in "รล" and i and order[i - 1] in _CONSONANTS:
                    spelled.append("")  # the second of a cluster, often unsaid (ศรี Si, Sri)
                if char == "ร" and i == 1 and order[0] == "ท":
                    spelled = ["", *spelled]  # unsaid first after the s of ทร (Songsak)
                if char == "ว" and i and order[i - 1] in _CONSONANTS and after in _CONSONANTS:
                    spelled.append("ua")  # between a consonant and a final, the vowel ua
                    # (ดวง Duang, นวล Nuan)
                if char == "จ" and after in "ฉชฌ" and after:
                    spelled.append("")  # one ch for two (อัจฉรา Achara, Atchara)
            if moved[i]:
                spelled.append("")
            out.append(tuple(dict.fromkeys(spelled)))
            if (after in _CONSONANTS and after != "อ" and i + 1 < len(order)) or (
                not after and len(out) == 1
            ):
                out.append(_INHERENT)
        else:
            spelled = ["" if s == "-" else s for s in _VOWELS[char].split()]
            if char == "า" and after in _CONSONANTS and after != "อ":
                spelled.append("ar")  # a long a before a final, as English writes it (กาญจนา
                # Karnjana, ชาญ Charn, ชาติ Chart)
            if moved[i]:
                spelled.append("")
            out.append(tuple(dict.fromkeys(spelled)))
    return tuple(out)


def _compounds(
    order: str, moved: list[bool], closes: list[bool]
) -> tuple[str, list[bool], list[bool]]:
    """`order` with each vowel of several letters (`_COMPOUNDS`) as one letter, and the marks
    of its first letter."""
    for letters, unit in _COMPOUNDS:
        while (at := order.find(letters)) >= 0:
            end = at + len(letters)
            order = order[:at] + unit + order[end:]
            moved = moved[: at + 1] + moved[end:]
            closes = closes[: at + 1] + closes[end:]
    return order, moved, closes


def _moved_marks(before: str, after: str, marks: list[bool]) -> list[bool]:
    """The silent marks of `before`'s letters at their places in `after` (a permutation)."""
    taken = [False] * len(before)
    out = []
    for char in after:
        j = next(k for k, c in enumerate(before) if c == char and not taken[k])
        taken[j] = True
        out.append(marks[j])
    return out


# --- titles ----------------------------------------------------------------------------------

# Titles written before a Thai name, apart or joined to it: นาย (Mr), นาง (Mrs), นางสาว (Miss),
# เด็กชาย and เด็กหญิง (boy, girl: under 15), the honorifics คุณ, คุณหญิง and ท่านผู้หญิง, the
# royal descendants' หม่อมเจ้า, หม่อมราชวงศ์ and หม่อมหลวง, and ว่าที่ร้อยตรี (acting second
# lieutenant). The longest first: นางสาว before นาง.
TITLES = (
    "ว่าที่ร้อยตรี", "หม่อมราชวงศ์", "ท่านผู้หญิง", "หม่อมหลวง", "หม่อมเจ้า", "เด็กหญิง",
    "เด็กชาย", "คุณหญิง", "นางสาว", "นาง", "นาย", "คุณ",
)  # fmt: skip
# joined to the name only where no name starts with them: คุณ starts names (คุณากร Khunakon)
_APART_ONLY = frozenset({"คุณ"})
# joined titles that may be the start of a name as well (นางนวล, Nangnuan): the name is also
# read as written
_NAME_START = frozenset({"นาง", "นาย"})
# abbreviated titles written without their dots (นส. for น.ส.); with dots, cleaned to letters
# apart (น ส, ด ช, ร ต อ)
_ABBREVIATED = frozenset({"นส", "ดช", "ดญ"})


def split_title(text: str) -> tuple[str, tuple[str, ...]]:
    """(the title a Thai name starts with, or "", the texts to read as the name: without the
    title, then as written where a joined title may be the start of a name: นางนวล). `text`
    is cleaned (`names._clean`): an abbreviated title's dots are spaces, so น.ส. is "น ส", and
    so are ด.ช. (boy), ด.ญ. (girl), ม.ร.ว. and the ranks (ร.ต.อ., พ.ต.ท., จ.ส.อ.): a run of
    words of one letter, or of two beside one (พล.ต.อ.), before the name; no Thai name word is
    a single letter."""
    words = text.split()
    if len(words) < 1:
        return "", (text,)
    run = 0
    while run < len(words) - 1 and (
        len(words[run]) == 1 or (len(words[run]) == 2 and len(words[run + 1]) == 1)
    ):
        run += 1
    if run and any(len(w) == 1 for w in words[:run]):
        return " ".join(words[:run]), (" ".join(words[run:]),)
    first = words[0]
    if len(words) > 1 and (first in TITLES or first in _ABBREVIATED):
        return first, (" ".join(words[1:]),)
    for title in TITLES:
        rest = first[len(title) :]
        if first.startswith(title) and title not in _APART_ONLY and _starts_a_word(rest):
            name = " ".join([rest, *words[1:]])
            return title, (name, text) if title in _NAME_START else (name,)
    return "", (text,)


def _starts_a_word(rest: str) -> bool:
    """Can a Thai word start with `rest`: a consonant or a vowel written before one, and at
    least one consonant more (a title is not joined to a name of one letter)."""
    return (
        len(rest) >= 2
        and (rest[0] in _CONSONANTS or rest[0] in _PRE)
        and sum(c in _CONSONANTS for c in rest) >= 2
    )


# --- two romanised Thai names ----------------------------------------------------------------

NATIONALITY = "TH"
READING_ROMANISED = _("Thai reading of both romanisations (RTGS, passport spellings)")
# one letter each for the consonants of two letters (ch, ng) while a word is read, and the
# letters one Thai consonant is spelled with as one (RTGS ph, th, kh; passports p, t, k; RTGS
# ch, passports j for จ; v for ว; g for ก, c and ck for ก, ข, ค)
_ROMAN_LETTERS = (
    ("ng", "N"), ("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "C"), ("sh", "C"), ("ck", "k"),
    ("j", "C"), ("c", "k"), ("g", "k"), ("q", "k"), ("v", "w"), ("z", "s"),
)  # fmt: skip
# a consonant closing a syllable as RTGS writes it (final ด, ส, จ, ช: t; บ: p; ล, ร: n)
_ROMAN_FINALS = {"d": "t", "s": "t", "C": "t", "b": "p", "l": "n"}
# vowels spelled otherwise by passports, once the finals are read (ee, oo, ou, aa; eu for ue;
# ua for uea, as passports write เ-ือ: Ruang; eaw, read eao, for aeo: Keaw, Kaeo)
_ROMAN_VOWELS = (
    ("eu", "ue"), ("uea", "ua"), ("iea", "ia"), ("eao", "aeo"), ("ee", "i"), ("ii", "i"),
    ("oo", "u"), ("ou", "u"), ("aa", "a"), ("au", "ao"),
)  # fmt: skip
_ROMAN_VOWEL = "aeiou"
# ie before a final or o is RTGS ia (เ-ีย: Wichien, Wichian; Khieo, Khiao), last it is i (ี)
_IE = re.compile("ie(?=[^aeiu])")
_IE_FINAL = re.compile("ie$")


@lru_cache(maxsize=20_000)
def romanised(word: str) -> str:
    """A key of a romanised Thai word (folded) that its RTGS spelling and the spellings of
    Thai passports share: ph, th, kh as p, t, k, and j as ch (as one Thai consonant each is
    written: Phonthip, Pornthip; Chankaeo, Jankaew), v as w (Veerapong), g as k; a syllable's
    final as RTGS writes it (ด, ส, จ, ช t: Suksawad, Suksawat; บ p; ล and ร n: Tanapol,
    Thanaphon); r after a vowel and before a consonant or the word's end unsaid, the English
    spelling of a long vowel (Porn, Phon; Karnjana, Kanchana; Chart, Chat), but er there oe
    (เ-ิ, เ-อ: Prasert, Prasoet; Chalerm, Chaloem); w and y closing a syllable o and i (Kaew,
    Kaeo; Chay, Chai); h after a vowel unsaid (Prohm, Phrom); ee, oo, ou, aa as i, u, u, a
    (Maneewong, Maniwong; Boonma, Bunma), eu ue, uea ua, ie ia (Wichien, Wichian) or last i;
    sr s (ศรี Si, Sri); a letter written twice once. The other vowels stay apart: Chaiwat
    (ชัยวัฒน์) is not Chaiwut (ชัยวุฒิ). Aspirated and plain consonants are one here (ph and
    p are p), so this is a key to compare two spellings by, not a spelling."""
    text = word.replace("sr", "s")
    for old, new in _ROMAN_LETTERS:
        text = text.replace(old, new)
    out: list[str] = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        # a consonant after a vowel and not before one closes the syllable
        closes = bool(before) and before in _ROMAN_VOWEL and not (after and after in _ROMAN_VOWEL)
        if not closes or char in _ROMAN_VOWEL:
            out.append(char)
        elif char == "r" and before == "e":
            out[-1] = "oe"
        elif char == "r":
            continue
        elif char == "w" and before != "o":  # Kaeow: the o written
            out.append("o")
        elif char == "w":
            continue
        elif char == "y":
            out.append("i")
        elif char != "h":
            out.append(_ROMAN_FINALS.get(char, char))
    text = "".join(out)
    for old, new in _ROMAN_VOWELS:
        text = text.replace(old, new)
    text = _IE.sub("ia", _IE_FINAL.sub("i", text))
    text = re.sub(r"(.)\1+", r"\1", text)
    return text.replace("C", "ch").replace("N", "ng")


@lru_cache(maxsize=50_000)
def romanised_level(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """Two romanised Thai names (folded words) by their RTGS keys (`romanised`), the words in
    the order written or the family name moved (the name's words turned, as Thai names are
    written given name first or last): "agree" when the keys are the same; "vowels apart"
    when they are but for a vowel (Chaiwat, Chaiwut: other names); None otherwise (the names
    have other words, or other consonants)."""
    if len(a) != len(b) or not a:
        return None
    mine = tuple(romanised(w) for w in a)
    found = None
    for turn in range(len(b)):
        theirs = tuple(romanised(w) for w in (*b[turn:], *b[:turn]))
        if mine == theirs:
            return "agree"
        if all(_frame(x) == _frame(y) for x, y in zip(mine, theirs, strict=True)):
            found = "vowels apart"
    return found


def _frame(key: str) -> str:
    """A key's consonants, each vowel or run of vowels one mark."""
    return re.sub(f"[{_ROMAN_VOWEL}]+", "V", key)


def nationals(*nationalities: frozenset[str]) -> bool:
    """Whether a record is Thai and every other record Thai or of unknown nationality."""
    known = [n for n in nationalities if n]
    return bool(known) and all(NATIONALITY in n for n in known)
