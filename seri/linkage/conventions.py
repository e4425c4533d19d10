"""Naming conventions of Malay, Indonesian, Filipino and Arabic-origin names, as one table.

Each rule is data: the words it applies to, what it does, and an example pair that a test
checks (tests/linkage/test_conventions.py runs every row). Rules add readings of a romanised
name; they never remove the name as written, so a word that is a title in one convention and a
name in another (Ma, Bin) still compares as written too.

- `alias`: the words are spellings or abbreviations of one name (Mohd = Muhammad).
- `join`: the word is a particle written with the next word or apart (de la Cruz = Delacruz;
  Abdul Rahman = Abdulrahman).
- `drop`: the word is a patronymic marker, an article or a suffix, not a name (bin, binti;
  al-; Jr., III). A rule's words may be phrases of two words (a/l, folded to "a l"; son of);
  an article said as the next word's first letter is dropped only before it (ar Rashid).
- `respell`: a word in an older spelling, told by letters only that spelling writes, is also
  read in today's (Indonesian before 1972: Soetrisno = Sutrisno, Djoko = Joko, Tjahjono =
  Cahyono, Wahjuni = Wahyuni); a word spelled by another habit is read in one (Abdelkarim =
  Abdulkarim, Alharbi = Harbi, Tariq = Tarik). Its changes are regular expressions.
Besides the table, two neighbouring words may be written as one (Nur Haliza = Nurhaliza), and
a word may be written as its initial (`INITIAL`: Angelica M. Garcia; the scorer's
`_initials_level`). A patronymic marker on both sides fixes the order of the names around it
(`PATRONYMIC`). Names of Central Asian nationals are also read in one Latin spelling of
their Cyrillic (`central_asian`: Jasur Rahimov = Zhasur Rakhimov), and of Mongolian
nationals in one Latin spelling of Mongolian Cyrillic, a patronymic read without its
genitive ending (`mongolian`, `mongolian_stems`: Enhjargal = Enkhjargal, Ganboldyn =
Ganbold), by the scorer, as it alone knows the records' nationalities.
"""

import re
from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext_noop as _  # labels are translated when shown


@dataclass(frozen=True)
class Rule:
    label: str  # shown in the explanation: "convention: Mohd = Muhammad"
    kind: str  # alias, join, drop, respell
    words: frozenset[str]  # folded words, or phrases of two (a l)
    canonical: str = ""  # for alias: the name the words stand for
    example: tuple[str, str] = ("", "")  # a pair this rule makes agree
    first_only: bool = False  # only as the first word of a name (Ma. Cristina, M. Rizal)
    between: bool = False  # neither the first nor the last word (a patronymic marker)
    # for respell: (pattern, replacement) in order, applied to a word holding one of `words`
    # (letters only the old spelling writes) before its last letter, or to every word when
    # `words` is empty
    respell: tuple[tuple[str, str], ...] = ()
    later: bool = False  # not the first word (a family name: Ali Alharbi, not Alfred)
    # a drop only before a word starting with the word's consonants: the Arabic article
    # assimilated to a sun letter (ar Rashid, as Sayyid, ash Shami), a name word elsewhere
    assimilated: bool = False


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Arabic letters and their Latin spellings in names (ث written th, s or t: the Persian, Urdu,
# Turkish, Malay and Indonesian habit says it s): the names spelled so, each as one name
_THA = _("th, s, t for the Arabic ث (Uthman = Osman = Usman)")
_THA_NAMES = (
    ("uthman", "othman osman usman utsman otman ousmane osmane uthmaan"),
    ("thabit", "thabet sabit sabet tsabit"),
    ("haitham", "haytham haisam haysam heysem haithem"),
    ("harith", "hareth haris hares haaris"),
    ("kulthum", "kulsum kalsoom kulsoom kalthoum koulthoum kulthoum kalsum"),
    ("ghiyath", "ghias ghiyas ghayas"),
    ("thaqib", "saqib sakib"),
    ("maytham", "maitham meysam maysam meisam"),
    ("kawthar", "kauthar kausar kowsar kawsar kevser kosar"),
    ("buthaina", "bouthaina busaina buthayna bothaina"),
    ("thurayya", "thuraya soraya suraya sorayya surayya"),
)
# the Arabic article before a sun letter, said as that letter (ad-, ar-, as-, ash-, at-, az-;
# ud-, ur-, us- in South Asian spellings: Habib ur Rahman); an-, en- are left as written
# (An is a Vietnamese name word)
_SUN = "ad at ar as az ash ath adh ed et er es ez esh ud ut ur us uz ush"
Q_IS_K = _("q = k (Tariq = Tarik)")


RULES = (
    # the Van Ophuijsen and Soewandi spellings (oe u, dj j, tj c, j y, nj ny, sj sy) that
    # Indonesians born before the 1972 reform still carry in their documents; first, so that
    # the rules below read today's spelling (Abdoel = Abdul)
    Rule(_("Indonesian spelling before 1972 (oe = u, dj = j, tj = c, j = y)"), "respell",
         _w("oe dj tj nj sj hj"), example=("Djoko Soetrisno", "Joko Sutrisno"),
         respell=(("dj", "J"), ("tj", "C"), ("nj", "ny"), ("sj", "sy"), ("oe", "u"), ("j", "y"),
                  ("J", "j"), ("C", "c"))),
    Rule(_("M., Muh., Moh., Mohd., Md. = Muhammad"), "alias", _w("m muh moh mohd md mhd muhd mohd"),
         "muhammad", ("Mohd Faizal", "Muhammad Faizal")),
    Rule(_("Mohammed, Mohamad, Mohamed = Muhammad"), "alias",
         _w("mohammed mohammad mohamad mohamed muhamad muhammed muhamed mohamud mochammad "
            "muchammad mohammod"), "muhammad", ("Mohamad Ali", "Muhammad Ali")),
    Rule(_("Ahmad, Ahmed = Ahmad"), "alias", _w("ahmed ahmet achmad"), "ahmad",
         ("Ahmed Yusuf", "Ahmad Yusuf")),
    Rule(_("Nur, Nor, Noor = Nur"), "alias", _w("nor noor nurul"), "nur",
         ("Noor Aisyah", "Nur Aisyah")),
    # Abd (servant) and the article before a name of God: Abd al-Karim, Abd el-Karim, Abd
    # ar-Rahman are Abdul Karim
    Rule(_("Abd al-, Abd el- = Abdul"), "alias",
         frozenset(f"abd {article}" for article in ("al el ul il " + _SUN).split()), "abdul",
         ("Samir Abd al-Karim", "Samir Abdul Karim")),
    Rule(_("Abd. = Abdul"), "alias", _w("abd"), "abdul",
         ("Abd Rahman Yusof", "Abdul Rahman Yusof")),
    Rule(_("Abdul + name as one unit"), "join",
         _w("abdul abd abdel abdur abdil abdol abdoul abdal abdus abduz abdush"),
         example=("Abdul Rahman Yusof", "Abdulrahman Yusof")),
    # the unit in one spelling: Abdel-, Abdal-, Abdol-, Abdoul-, Abdi-, and Abdur-, Abdus-,
    # Abden- with the article's sun letter doubled (Abdurrahman, Abdessamad, Abdennour) are
    # Abdul- (never a name of two letters after it: Abdi, Abdou alone are names)
    Rule(_("Abdel, Abdal, Abdur…: Abdul (Abdelkarim = Abdulkarim)"), "respell", _w("abd"),
         example=("Samir Abdelkarim", "Samir Abdulkarim"),
         respell=((r"^abd(?:ou|[aeiou])(sh|[tdrszn])\1(?=[a-z]{3})", r"abdul\1"),
                  (r"^abd(?:ou|[aeiou])l?(?=[a-z]{3})", "abdul"))),
    Rule(_("al-, el-: the Arabic article"), "drop", _w("al el ul"),
         example=("Omar Al Khatib", "Omar Khatib")),
    Rule(_("ad-, ar-, as-, ash-…: the Arabic article before its sun letter"), "drop", _w(_SUN),
         example=("Hamid ar Rashidi", "Hamid Rashidi"), between=True, assimilated=True),
    # written joined to a family name of origin (a nisba, ending in i or y: Alharbi, Alotaibi,
    # Elmasry; Saudi, Yemeni and Egyptian passports): not on the first word, nor before an l
    # or fewer than five letters (Alexei); the Spanish and Filipino names that start so
    # (Alvarez, Almario, Almonte) do not end so
    Rule(_("al-, el- written joined (Alharbi = Al Harbi = Harbi)"), "respell", _w("al el"),
         example=("Khalid Alharbi", "Khalid Harbi"), later=True,
         respell=((r"^[ae]l(?=[a-km-z][a-z]{3,}[iy]$)", ""),)),
    # between the person's own name and the father's only: a first or last Bin is a name
    # (Bin Zhang, Wang Bin); bt., bte. and binte are Malaysian and Singaporean abbreviations
    Rule(_("bin, binti: patronymic marker"), "drop",
         _w("bin binti bte bt binte ibn bint ibni"),
         example=("Ahmad bin Ismail", "Ahmad Ismail"), between=True),
    # b. is an initial as often (John B. Smith): read as bin, not left out, so it agrees with
    # bin written out and not with another initial
    Rule(_("b. = bin"), "alias", _w("b"), "bin", ("Azman b. Yusof", "Azman bin Yusof"),
         between=True),
    # Malaysian and Singaporean Indian names: a/l (anak lelaki), a/p (anak perempuan), s/o, d/o
    # (son of, daughter of); Iban and Bidayuh names in Sarawak: anak. Written with a slash, read
    # as two words (a l)
    Rule(_("a/l, a/p, s/o, d/o, anak: son or daughter of"), "drop",
         frozenset({"a l", "a p", "s o", "d o", "anak lelaki", "anak perempuan", "son of",
                    "daughter of", "anak"}),
         example=("Kumaresan s/o Rajandran", "Kumaresan Rajandran"), between=True),
    # Burmese: Mg is how Maung (a title, and a name word in Maung Maung) is shortened in
    # romanised writing; in Burmese script both are မောင် (burmese.TITLES)
    Rule(_("Mg = Maung"), "alias", _w("mg"), "maung", ("Mg Thant Zin", "Maung Thant Zin")),
    Rule(_("Ma. = Maria"), "alias", _w("ma"), "maria",
         ("Ma. Cristina Reyes", "Maria Cristina Reyes"), first_only=True),
    Rule(_("Sta. = Santa"), "alias", _w("sta"), "santa", ("Sta. Maria Lopez", "Santa Maria Lopez")),
    Rule(_("Sto. = Santo"), "alias", _w("sto"), "santo", ("Sto. Tomas Reyes", "Santo Tomas Reyes")),
    Rule(_("dela Cruz = De La Cruz = Delacruz"), "join", _w("de dela del delos della delas"),
         example=("Juan dela Cruz", "Juan Delacruz")),
    Rule(_("Jr., Sr., II, III, IV: suffixes"), "drop", _w("jr sr ii iii iv"),
         example=("Jose Rizal Jr.", "Jose Rizal")),
    # ق is q or k in Latin (Tariq, Tarik, Tareq; Qasim, Kassem; Uzbek Qodir, Kodir); pinyin's
    # q (before i or u only: Qiang, Quan) and Vietnamese qu are kept
    Rule(Q_IS_K, "respell", frozenset(), example=("Tariq Nabil", "Tarik Nabil"),
         respell=(("q(?![iu])", "k"),)),
    *(Rule(_THA, "alias", _w(f"{canonical} {spellings}"), canonical,
           (f"Nabil {spellings.split()[0].title()}", f"Nabil {canonical.title()}"))
      for canonical, spellings in _THA_NAMES),
)  # fmt: skip
# a patronymic marker between two names fixes their order: the person's own name before it,
# the father's after (Ahmad bin Ismail is not Ismail bin Ahmad)
PATRONYMIC = frozenset(rule.label for rule in RULES if rule.between and not rule.assimilated)
# a generational suffix: written on both names and not the same (Jr. / Sr.), father and son
GENERATIONS = next(rule.words for rule in RULES if "jr" in rule.words)
MAX_VARIANTS = 2
JOINED = _("a name written joined or split")
WITHOUT_PATRONYMIC = _("the name without its patronymic (Suparman = Suparman bin Karto)")
INITIAL = _("a name written as its initial (M. = Mendoza)")


def _respelled(word: str, rule: Rule) -> str:
    if rule.words and not any(marker in word[:-1] for marker in rule.words):
        return word
    for old, new in rule.respell:
        word = re.sub(old, new, word)
    return word


def _phrase_at(words: list[str], i: int, rule: Rule) -> int:
    """How many words from i make one of the rule's words or phrases (a l, son of); 0: none."""
    for n in (2, 1):
        if i + n <= len(words) and " ".join(words[i : i + n]) in rule.words:
            if rule.between and (i == 0 or i + n == len(words)):
                continue
            if rule.assimilated and not (
                i + n < len(words) and words[i + n].startswith(words[i][1:])
            ):
                continue
            return n
    return 0


def _apply(words: list[str], rule: Rule) -> list[str]:
    if rule.kind == "respell":  # a single name too (Soetrisno)
        first = words[:1] if rule.later else []
        return [*first, *(_respelled(word, rule) for word in words[len(first) :])]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        n = _phrase_at(words, i, rule)
        applies = n > 0 and (not rule.first_only or i == 0) and len(words) > 1
        if applies and rule.kind in ("alias", "drop"):  # a word, or a phrase (abd al, a l)
            out += [rule.canonical] if rule.kind == "alias" else []
            i += n
            continue
        if applies and rule.kind == "join" and i + 1 < len(words):
            words = [*words[: i + 1], word + words[i + 1], *words[i + 2 :]]
            words.pop(i)
            continue
        out.append(word)
        i += 1
    return out


def variants(words: list[str]) -> list[tuple[list[str], tuple[str, ...]]]:
    """[(words, labels of the rules that made them)]: the name as written first, then with
    the table's rules applied. (Names written joined or split are compared by their
    concatenation: `joined_equal`.)"""
    out: list[tuple[list[str], tuple[str, ...]]] = [(words, ())]
    current, used = list(words), []
    for rule in RULES:
        changed = _apply(current, rule)
        if changed != current and changed:
            current = changed
            used.append(rule.label)
    if used:
        out.append((current, tuple(used)))
    return list(islice(out, MAX_VARIANTS))


def own_name(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words before a patronymic marker (`PATRONYMIC`: bin, binti, a/l, s/o, anak …), the
    person's own name, when the name has one: Suparman bin Karto, Suparman; a Javanese or
    Malay name is often recorded without the father's (a single name, as on many Indonesian
    documents)."""
    markers = [rule for rule in RULES if rule.label in PATRONYMIC]
    for i in range(1, len(words) - 1):
        if any(_phrase_at(list(words), i, rule) for rule in markers):
            return words[:i]
    return None


def generations_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both names written with a generational suffix, and other ones (Ramon Villanueva Jr. /
    Ramon Villanueva Sr.: a father and his son, with the same name)."""
    mine, theirs = GENERATIONS.intersection(a[1:]), GENERATIONS.intersection(b[1:])
    return bool(mine and theirs and mine != theirs)


def joined_equal(a: tuple[str, ...], b: tuple[str, ...], key=None, *, turned=True) -> bool:
    """Two names the same when written joined (Nur Haliza = Nurhaliza), in the order written
    or with the first word moved last (Haliza Siti Nur; not `turned`: as written only). `key`
    (a phonetic skeleton) compares the joined names by sound (Nor Azizah = Noorazizah)."""
    if len(a) == len(b) or not a or not b:
        return False

    def same(x: str, y: str) -> bool:
        return x == y if key is None else key(x) == key(y)

    target = "".join(b)
    return same("".join(a), target) or (
        turned
        and (same("".join((*a[1:], a[0])), target) or same("".join((a[-1], *a[:-1])), target))
    )


# Names of Uzbekistan, Kazakhstan, Kyrgyzstan, Tajikistan and Turkmenistan are written in
# Cyrillic and in Latin: the national Latin alphabets (Uzbek 1995: j for ж and дж, x for the
# Cyrillic kha, h for ҳ, q for қ, g' for ғ, ch, sh; Turkmen 1993: ç, ş, ž, j for җ; Kazakh
# 2021: j, q, ğ, ş) and the Russian passports' transliteration of the Cyrillic (zh, dzh, kh, k,
# gh). One name in
# the two: Jasur Rahimov, Zhasur Rakhimov; Xurshid, Khurshid; Qodirov, Kodirov; Djamshid,
# Jamshid. Read for these nationalities only: elsewhere kh and h, or x and kh, are other
# letters (Khan, Han; Xavier).
CENTRAL_ASIA = frozenset({"UZ", "KZ", "KG", "TJ", "TM"})
CENTRAL_ASIAN = _("Uzbek, Kazakh, Turkmen Latin and Russian passport spellings (j = zh, h = kh)")
# in order: dzh before zh, a c (Turkmen ç, folded) not before h as ch
_CENTRAL_ASIAN = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("q", "k"), ("gh", "g"),
)  # fmt: skip
_LONE_C = re.compile("c(?!h)")


def central_asian(word: str) -> str:
    """A folded word in one Latin spelling of Central Asian Cyrillic: j, h, k, g, ch."""
    for old, new in _CENTRAL_ASIAN:
        word = word.replace(old, new)
    return _LONE_C.sub("ch", word)


def central_asians(*nationalities: frozenset[str]) -> bool:
    """Whether a record is of Central Asia and every other of Central Asia or unknown."""
    known = [n for n in nationalities if n]
    return bool(known) and all(n & CENTRAL_ASIA for n in known)


# Mongolian names are written in Cyrillic, and in Latin letters by the national standard MNS
# 5217 (2003, 2012), which the passports follow: kha kh, zhe j, tse ts, che ch, the front
# vowels ö and ü (o and u without the dots). Older and other spellings write kha h or x, zhe
# zh, tse c, ö and ü oe and ue (Enhjargal, Enkhjargal; Tsetseg, Cetseg; Möngön, Moengoen).
# One name in them; read for Mongolian nationals only: elsewhere kh and h, or c and ts, are
# other letters (Khan, Han).
MONGOLIA = frozenset({"MN"})
MONGOLIAN = _("Mongolian Latin spellings (kh = h, ts = c, ö = oe) and the genitive of a patronymic")
_MONGOLIAN = (("kh", "h"), ("x", "h"), ("zh", "j"), ("oe", "o"), ("ue", "u"))
# A patronymic is the father's name in the genitive before the given name (Ganboldyn
# Erdenebat, Erdenebat son of Ganbold: `scripts.patronymic` in Cyrillic), romanised -iin, -yn,
# -giin after a vowel or n (MNS 5217), or -iyn, -ijn; after n also -y and -ii (Saikhany,
# Tumenii). Passports abroad write it as the surname, with or without its ending (Erdenebat
# Ganbold).
_GENITIVE = ("iin", "iyn", "ijn", "yn")
_GENITIVE_AFTER_N = ("y", "ii", "iy")
_VOWELS = frozenset("aeiouy")
MIN_STEM = 3


def mongolian(word: str) -> str:
    """A folded word in one Latin spelling of Mongolian Cyrillic: h, j, ts, o, u."""
    for old, new in _MONGOLIAN:
        word = word.replace(old, new)
    return _LONE_C.sub("ts", word)


def mongolian_stems(word: str) -> tuple[str, ...]:
    """The father's names a folded word in the Mongolian genitive may be (Ganboldyn: ganbold;
    Surengiin: suren; Ganzorigiin: ganzorig, ganzori), or () when it is not one."""
    stems = []
    if word.endswith("giin") and len(word) - 4 >= MIN_STEM and word[-5] in _VOWELS | {"n"}:
        stems.append(word[:-4])  # -гийн
    ending = next((e for e in _GENITIVE if word.endswith(e)), "")
    if ending:
        stems.append(word[: -len(ending)])
    ending = next((e for e in _GENITIVE_AFTER_N if word.endswith("n" + e)), "")
    if ending:
        stems.append(word[: -len(ending)])
    return tuple(dict.fromkeys(s for s in stems if len(s) >= MIN_STEM))


def mongolians(*nationalities: frozenset[str]) -> bool:
    """Whether a record is of Mongolia and every other of Mongolia or unknown."""
    known = [n for n in nationalities if n]
    return bool(known) and all(n & MONGOLIA for n in known)
