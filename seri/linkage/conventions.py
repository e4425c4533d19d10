"""Naming conventions of Malay, Indonesian, Filipino and Arabic-origin names, as one table.

Each rule is data: the words it applies to, what it does, and an example pair that a test
checks (tests/linkage/test_conventions.py runs every row). Rules add readings of a romanised
name; they never remove the name as written, so a word that is a title in one convention and a
name in another (Ma, Bin) still compares as written too.

- `alias`: the words are spellings or abbreviations of one name (Mohd = Muhammad).
- `join`: the word is a particle written with the next word or apart (de la Cruz = Delacruz;
  Abdul Rahman = Abdulrahman).
- `drop`: the word is a patronymic marker or a suffix, not a name (bin, binti; Jr., III).
- `respell`: a word in an older spelling, told by letters only that spelling writes, is also
  read in today's (Indonesian before 1972: Soetrisno = Sutrisno, Djoko = Joko, Tjahjono =
  Cahyono, Wahjuni = Wahyuni).
Besides the table, two neighbouring words may be written as one (Nur Haliza = Nurhaliza).
"""

from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext_noop as _  # labels are translated when shown


@dataclass(frozen=True)
class Rule:
    label: str  # shown in the explanation: "convention: Mohd = Muhammad"
    kind: str  # alias, join, drop
    words: frozenset[str]
    canonical: str = ""  # for alias: the name the words stand for
    example: tuple[str, str] = ("", "")  # a pair this rule makes agree
    first_only: bool = False  # only as the first word of a name (Ma. Cristina, M. Rizal)
    # for respell: (old letters, new letters) in order, applied to a word holding one of
    # `words` (letters only the old spelling writes) before its last letter
    respell: tuple[tuple[str, str], ...] = ()


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


RULES = (
    Rule(_("M., Muh., Moh., Mohd., Md. = Muhammad"), "alias", _w("m muh moh mohd md mhd muhd mohd"),
         "muhammad", ("Mohd Faizal", "Muhammad Faizal")),
    Rule(_("Mohammed, Mohamad, Mohamed = Muhammad"), "alias",
         _w("mohammed mohammad mohamad mohamed muhamad muhammed muhamed mohamud mochammad "
            "muchammad mohammod"), "muhammad", ("Mohamad Ali", "Muhammad Ali")),
    Rule(_("Ahmad, Ahmed = Ahmad"), "alias", _w("ahmed ahmet achmad"), "ahmad",
         ("Ahmed Yusuf", "Ahmad Yusuf")),
    Rule(_("Nur, Nor, Noor = Nur"), "alias", _w("nor noor nurul"), "nur",
         ("Noor Aisyah", "Nur Aisyah")),
    Rule(_("Abd. = Abdul"), "alias", _w("abd"), "abdul",
         ("Abd Rahman Yusof", "Abdul Rahman Yusof")),
    Rule(_("Abdul + name as one unit"), "join", _w("abdul abd abdel abdur abdil"),
         example=("Abdul Rahman Yusof", "Abdulrahman Yusof")),
    Rule(_("al-, el-: the Arabic article"), "drop", _w("al el"),
         example=("Omar Al Khatib", "Omar Khatib")),
    Rule(_("bin, binti: patronymic marker"), "drop",
         _w("bin binti bte bt binte ibn bint") | {"a/l", "a/p"},
         example=("Ahmad bin Ismail", "Ahmad Ismail")),
    Rule(_("Ma. = Maria"), "alias", _w("ma"), "maria",
         ("Ma. Cristina Reyes", "Maria Cristina Reyes"), first_only=True),
    Rule(_("Sta. = Santa"), "alias", _w("sta"), "santa", ("Sta. Maria Lopez", "Santa Maria Lopez")),
    Rule(_("Sto. = Santo"), "alias", _w("sto"), "santo", ("Sto. Tomas Reyes", "Santo Tomas Reyes")),
    Rule(_("dela Cruz = De La Cruz = Delacruz"), "join", _w("de dela del delos della delas"),
         example=("Juan dela Cruz", "Juan Delacruz")),
    Rule(_("Jr., Sr., II, III, IV: suffixes"), "drop", _w("jr sr ii iii iv"),
         example=("Jose Rizal Jr.", "Jose Rizal")),
    # the Van Ophuijsen and Soewandi spellings (oe u, dj j, tj c, j y, nj ny, sj sy) that
    # Indonesians born before the 1972 reform still carry in their documents
    Rule(_("Indonesian spelling before 1972 (oe = u, dj = j, tj = c, j = y)"), "respell",
         _w("oe dj tj nj sj hj"), example=("Djoko Soetrisno", "Joko Sutrisno"),
         respell=(("dj", "J"), ("tj", "C"), ("nj", "ny"), ("sj", "sy"), ("oe", "u"), ("j", "y"),
                  ("J", "j"), ("C", "c"))),
)  # fmt: skip
MAX_VARIANTS = 2
JOINED = _("a name written joined or split")


def _respelled(word: str, rule: Rule) -> str:
    if not any(marker in word[:-1] for marker in rule.words):
        return word
    for old, new in rule.respell:
        word = word.replace(old, new)
    return word


def _apply(words: list[str], rule: Rule) -> list[str]:
    if rule.kind == "respell":  # a single name too (Soetrisno)
        return [_respelled(word, rule) for word in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        applies = word in rule.words and (not rule.first_only or i == 0) and len(words) > 1
        if applies and rule.kind == "alias":
            out.append(rule.canonical)
        elif applies and rule.kind == "drop":
            pass
        elif applies and rule.kind == "join" and i + 1 < len(words):
            words = [*words[: i + 1], word + words[i + 1], *words[i + 2 :]]
            words.pop(i)
            continue
        else:
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


def joined_equal(a: tuple[str, ...], b: tuple[str, ...], key=None) -> bool:
    """Two names the same when written joined (Nur Haliza = Nurhaliza), in the order written
    or with the first word moved last (Haliza Siti Nur). `key` (a phonetic skeleton) compares
    the joined names by sound (Nor Azizah = Noorazizah)."""
    if len(a) == len(b) or not a or not b:
        return False

    def same(x: str, y: str) -> bool:
        return x == y if key is None else key(x) == key(y)

    target = "".join(b)
    return (
        same("".join(a), target)
        or same("".join((*a[1:], a[0])), target)
        or same("".join((a[-1], *a[:-1])), target)
    )
