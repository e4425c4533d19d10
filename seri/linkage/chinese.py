"""Chinese names: each reading system kept apart, never pooled.

A name in characters is read in one system at a time: Mandarin (Hanyu pinyin, every reading of
a heteronym), Wade-Giles (Taiwan, older passports), Cantonese (the Hong Kong government's
spellings, from Jyutping: 陳家豪 = Chan Ka Ho), Hokkien (陳文慶 = Tan Boon Keng), Hakka (as
Malaysia and Indonesia spell it: 劉文福 = Liew Voon Fook), and the convention of overseas
communities of writing the family name in their dialect and the given name in pinyin
(Hokkien/Teochew: 陈伟明 = Tan Wei Ming; Hakka; Cantonese) or in another dialect (a Hakka
family name with a Cantonese given name: 張偉強 = Chong Wai Keong; `_MIXED`); and, for one
country's records only (`WRITTEN_ONLY_BY`), Hokkien and Hakka in Indonesia's Dutch-based
spelling (林秀美 = Liem Sioe Bie) and Cantonese in Macau's Portuguese-based one (梁家榮 =
Leong Ka Veng). A romanised name matches when it spells every character of the given name in
ONE of these systems, and the family name in that system or by its dialect's table;
`latin_match` says which. Two names in
characters are compared by their characters, simplified and traditional folded
(`han_compare`): the readings never meet, so 黄 (Hokkien Ng) and 吴 (Cantonese Ng) stay two
family names.

Data: `data/han.tsv` (Cantonese readings and simplified forms, generated from PyCantonese and
taibun, see its header), `data/hokkien.tsv` (from taibun) and `data/hakka.tsv` (from
formog2p's Sixian lexicon), each generated once by a script in `scripts/`; the dialect
family-name spellings below are the usual ones of Singapore, Malaysia, the Philippines and Hong
Kong (public lists of Chinese surnames and their romanisations).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import gettext_noop as _  # translated when shown (templatetags)

MANDARIN = "Mandarin reading"
WADE_GILES = "Wade-Giles reading"
CANTONESE = "Cantonese reading"
HOKKIEN = "Hokkien/Teochew family name, Mandarin given name"
HOKKIEN_READING = "Hokkien reading"
HAKKA = "Hakka family name, Mandarin given name"
HAKKA_READING = "Hakka reading"
CANTONESE_FAMILY = "Cantonese family name, Mandarin given name"
HOKKIEN_CANTONESE = "Hokkien/Teochew family name, Cantonese given name"
HOKKIEN_HAKKA = "Hokkien/Teochew family name, Hakka given name"
HAKKA_CANTONESE = "Hakka family name, Cantonese given name"
HAKKA_HOKKIEN = "Hakka family name, Hokkien given name"
# spellings of one country, read for its nationals and records of unknown nationality only
# (`WRITTEN_ONLY_BY`)
HOKKIEN_INDONESIAN = "Hokkien reading, Indonesian spelling (Kwee, Tjoa, Liem)"
HAKKA_INDONESIAN = "Hakka reading, Indonesian spelling (Tjhin, Njoek)"
MACAU = "Cantonese reading, Macau spelling (Ieong, Iao, Vong)"
SAME_CHARACTERS = "same characters"
SAME_SOUND = "same Mandarin sound, other characters"
SAME_KANJI = _("same characters, in their old, new or variant forms (邊 = 辺)")

# Family names of two characters (the rest: the first character).
COMPOUND_FAMILY = {
    "欧阳", "歐陽", "司徒", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "夏侯", "皇甫",
    "尉迟", "公孙", "令狐", "慕容", "端木", "长孙", "宇文",
}  # fmt: skip

# Dialect spellings of family names (simplified characters; traditional ones are folded first).
HOKKIEN_FAMILY = {
    "陈": "tan", "林": "lim", "黄": "ng ooi wee uy", "李": "lee li", "张": "teo tiong chang",
    "王": "ong heng", "吴": "goh gouw ngo", "刘": "lau low", "蔡": "chua choa",
    "杨": "yeo yeoh yong",
    "郑": "tay teh tee", "许": "koh khoo kho", "谢": "chia cheah sia", "郭": "kuek kwek quek",
    "洪": "ang", "曾": "chan", "邱": "khoo khu", "丘": "khoo", "周": "chew chiu", "叶": "yap yeap",
    "苏": "soh", "庄": "chng chong", "徐": "chee swee", "何": "ho hoe", "胡": "ho oh", "方": "png",
    "沈": "sim", "施": "si sy", "柯": "kua kwa", "卢": "loh", "朱": "choo", "高": "koh kho",
    "孙": "sng", "傅": "poh", "颜": "gan", "石": "chioh", "廖": "liao leow", "钟": "cheng",
    "梁": "neo", "萧": "siow seow", "罗": "lo loh", "江": "kang", "汪": "ong", "程": "teng",
    "彭": "phee", "余": "ee eu", "魏": "gui", "卓": "toh", "杜": "toh", "潘": "phua", "马": "beh",
    "欧": "ow", "连": "lien", "白": "peh", "姚": "yeo", "翁": "ang", "戴": "tay",
}  # fmt: skip
HAKKA_FAMILY = {
    "陈": "chin", "林": "lim lam", "黄": "wong vong", "李": "lee", "张": "chong", "刘": "liew lew",
    "曾": "chen tsen", "钟": "chong choong", "锺": "chong choong", "邱": "hiew hew", "叶": "yap",
    "罗": "loh lo",
    "温": "voon woon", "赖": "lai", "范": "fam", "古": "koo", "彭": "phang", "廖": "liew liau",
    "何": "ho", "吴": "ng", "杨": "yong", "胡": "foo", "王": "wong", "梁": "liong", "谢": "chia",
    "徐": "chee", "朱": "choo", "蓝": "lam", "邓": "thien then", "江": "kong", "孔": "khong",
}  # fmt: skip
# Indonesian spellings of family names that the regular conversion below does not give (楊
# Njoo, from a Teochew or Zhangzhou niû; 郭 Kwik; 魏 Ngoei; 吳 Go, Gouw)
INDONESIAN_FAMILY = {"杨": "njoo nyoo", "郭": "kwik kwek que", "魏": "ngoei", "吴": "go gouw"}
# Cantonese family names whose usual spelling differs from the regular conversion below.
CANTONESE_FAMILY_EXTRA = {
    "周": "chow",
    "邹": "chow",
    "司徒": "szeto",
    "欧阳": "auyeung",
    "吴": "ng",
}

_DATA = Path(__file__).with_name("data") / "han.tsv"
_HOKKIEN_DATA = _DATA.with_name("hokkien.tsv")
_HAKKA_DATA = _DATA.with_name("hakka.tsv")
_VARIANT_DATA = _DATA.with_name("kanji_variants.tsv")


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(character -> Jyutping without tones, traditional -> simplified)."""
    jyutping: dict[str, str] = {}
    simplified: dict[str, str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        char, reading, simple = [*line.split("\t"), "", ""][:3]
        if reading:
            jyutping[char] = reading
        if simple:
            simplified[char] = simple
    for char, simple in simplified.items():  # simplified characters read as their traditional
        if simple not in jyutping and char in jyutping:
            jyutping[simple] = jyutping[char]
    return jyutping, simplified


def fold(text: str) -> str:
    """Traditional characters folded to simplified (陳 = 陈)."""
    simplified = _table()[1]
    return "".join(simplified.get(c, c) for c in text)


# Kanji that Japanese family names write for one another, though two characters (斎藤 and 斉藤
# are both Saitō, and either is written for the other): one name between two Japanese names only,
# as in Chinese 斋 and 齐 are two names
JAPANESE_INTERCHANGED = (("斎", "斉"),)


@cache
def _kanji_forms() -> dict[str, str]:
    """Each form of a kanji in `data/kanji_variants.tsv` (old, new, variant, and each one's
    simplified Chinese form) -> one of them, a character the Chinese tables read."""
    known = _table()[0]
    out: dict[str, str] = {}
    for new, others in character_table(_VARIANT_DATA).items():
        forms = [new, *others]
        folded = [fold(f) for f in forms]
        one = next((f for f in folded if f in known), folded[0])
        out.update(dict.fromkeys((*forms, *folded), one))
    return out


def same_kanji(text: str, *, japanese: bool = False) -> str:
    """Characters folded (`fold`), and a kanji's old, new and variant forms written as one (邊,
    邉, 辺; 髙, 高; 﨑, 嵜, 崎): the same character however the name was typed. `japanese`: two
    Japanese names, whose family names also write `JAPANESE_INTERCHANGED` for one another."""
    forms = _kanji_forms()
    text = "".join(forms.get(c, c) for c in fold(text))
    if japanese:
        for one, other in JAPANESE_INTERCHANGED:
            text = text.replace(forms[other], forms[one])
    return text


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F


# --- Cantonese: Jyutping to the Hong Kong government's spellings -------------------------------
# (and Malaysia's and Singapore's where they differ: oeng eong, Leong, Cheong, Keong)

_INITIALS = {
    "b": ["p"], "p": ["p"], "m": ["m"], "f": ["f"], "d": ["t"], "t": ["t"], "n": ["n"], "l": ["l"],
    "gw": ["kw"], "kw": ["kw"], "g": ["k"], "k": ["k"], "ng": ["ng"], "h": ["h"], "w": ["w"],
    "z": ["ch", "ts"], "c": ["ch", "ts"], "s": ["s", "sh"], "j": ["y"], "": [""],
}  # fmt: skip
_FINALS = {
    "aa": ["a", "ah"], "aai": ["ai"], "aau": ["au"], "aam": ["am"], "aan": ["an"], "aang": ["ang"],
    "aap": ["ap"], "aat": ["at"], "aak": ["ak"], "ai": ["ai"], "au": ["au", "ow"],
    "am": ["am", "um"],
    "an": ["an", "un"], "ang": ["ang"], "ap": ["ap"], "at": ["at"], "ak": ["ak"], "e": ["e"],
    "ei": ["ei", "ee", "i"], "eng": ["eng"], "ek": ["ek"], "eoi": ["ui", "eui"], "eon": ["un"],
    "eot": ["ut"], "oe": ["oe"], "oeng": ["eung", "eong"], "oek": ["euk", "eok"],
    "i": ["i", "ee"], "iu": ["iu"],
    "im": ["im"], "in": ["in"], "ing": ["ing"], "ip": ["ip"], "it": ["it"], "ik": ["ik"],
    "o": ["o", "oh"], "oi": ["oi"], "on": ["on"], "ong": ["ong"], "ot": ["ot"], "ok": ["ok"],
    "ou": ["o", "ou"], "u": ["u", "oo"], "ui": ["ui"], "un": ["oon", "un"], "ung": ["ung"],
    "ut": ["ut"], "uk": ["uk"], "yu": ["u", "ue", "yu"], "yun": ["uen", "un"], "yut": ["uet", "ut"],
    "m": ["m"], "ng": ["ng"],
}  # fmt: skip
_SPECIAL = {"zi": ["chi", "tsz", "tsze"], "ci": ["chi", "tsz", "tsze"], "si": ["sze", "si", "shi"],
            "ji": ["yi", "yee"], "jyu": ["yu", "yue"], "jyun": ["yuen", "yun"],
            "jyut": ["yuet", "yut"], "ze": ["tse", "che"], "ce": ["che", "tse"],
            "wu": ["wu", "woo"], "ng": ["ng"], "m": ["m"]}  # fmt: skip


@lru_cache(maxsize=20_000)
def hk_spellings(jyutping: str) -> tuple[str, ...]:
    """Spellings of one Jyutping syllable in the Hong Kong government's system, the usual first
    (can = chan; zoeng = cheung; zi = chi / tsz; hou = ho)."""
    if jyutping in _SPECIAL:
        return tuple(_SPECIAL[jyutping])
    match = re.fullmatch(r"(gw|kw|ng|[bpmfdtnlgkhwzcsj]?)(.+)", jyutping)
    if not match:
        return (jyutping,)
    initial, final = match.groups()
    finals = _FINALS.get(final, [final])
    out = [i + f for i in _INITIALS.get(initial, [initial]) for f in finals]
    if initial == "j" and final.startswith("yu"):
        out = ["y" + f for f in _FINALS.get(final, [final])]
    return tuple(dict.fromkeys(out))


# --- Hokkien: Tâi-lô to the spellings of Singapore, Malaysian and Taiwanese passports ---------


@cache
def character_table(path: Path) -> dict[str, tuple[str, ...]]:
    """character -> its readings in a table of this package's data (data/hokkien.tsv: Tâi-lô,
    literary and colloquial; data/hakka.tsv: Sixian Hakka Pinyin, tones removed;
    data/japanese_kanji.tsv: readings in names)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, readings = line.split("\t")
            table[char] = tuple(readings.split())
    return table


_HOKKIEN_INITIALS = {
    "tsh": ["ch", "chh"], "ts": ["ch", "ts"], "ph": ["p", "ph"], "th": ["t", "th"],
    "kh": ["k", "kh"], "ng": ["ng"], "p": ["p"], "b": ["b"], "m": ["m"], "t": ["t"], "n": ["n"],
    "l": ["l"], "k": ["k"], "g": ["g"], "h": ["h"], "s": ["s"], "j": ["j", "z"], "": [""],
}  # fmt: skip
# Finals as passports write them (Boon, Keng, Hock, Teck, Bee, Choo, Geok, Keong, Thye, Swee).
_HOKKIEN_FINALS = {
    "a": ["a"], "ai": ["ai", "ye", "ay"], "au": ["au", "ow", "ao"], "am": ["am"], "an": ["an"],
    "ang": ["ang"], "ap": ["ap"], "at": ["at"], "ak": ["ak", "ack"], "e": ["e", "ay"],
    "i": ["ee", "i"], "ia": ["ia", "ea"], "iau": ["iau", "eow", "iow", "iao"],
    "iam": ["iam", "eam"], "ian": ["ian", "ean", "ien"], "iang": ["iang", "eang"],
    "iong": ["iong", "eong"], "iok": ["iok", "eok"], "iu": ["iu", "iew", "eu", "ew", "eo"],
    "io": ["io", "eo"], "im": ["im"], "in": ["in"], "ing": ["eng", "ing"], "it": ["it"],
    "ik": ["ek", "eck", "ik"], "iap": ["iap"], "iat": ["iat", "eat"], "iak": ["iak"],
    "o": ["o", "or", "oe"], "oo": ["oo", "o", "ou"], "ong": ["ong"], "ok": ["ok", "ock"],
    "om": ["om"], "op": ["op"], "u": ["oo", "u"], "ua": ["ua", "oa", "wa"],
    "uai": ["uai", "wai"], "uan": ["uan", "oan", "wan"], "uang": ["uang"],
    "ue": ["ue", "oe", "we", "uay"], "ui": ["ui", "ooi", "wee", "uy"], "un": ["oon", "un"],
    "ut": ["ut", "oot"], "uat": ["uat", "oat", "wat"], "m": ["m"], "ng": ["ng"],
}  # fmt: skip


@lru_cache(maxsize=20_000)
def hokkien_spellings(tailo: str) -> tuple[str, ...]:
    """Spellings of one Tâi-lô syllable (no tone) as Hokkien names are romanised in Singapore,
    Malaysia and Taiwan, the usual first (bun = Boon; khing = Keng; hok = Hock; tsai = Chye)."""
    match = re.fullmatch(r"(tsh|ts|ph|th|kh|ng|[pbmtnlkghsj]?)(.+?)(nn)?(h)?", tailo)
    if not match:
        return (tailo,)
    initial, final, _nasal, glottal = match.groups()
    if initial == "ng" and final not in _HOKKIEN_FINALS:
        initial, final = "", "ng" + final
    finals = _HOKKIEN_FINALS.get(final, [final])
    out = [i + f for i in _HOKKIEN_INITIALS.get(initial, [initial]) for f in finals]
    if not initial and final.startswith("i") and len(final) > 1:
        out += ["y" + f[1:] if f.startswith("i") else "y" + f for f in finals]  # Yong, Yeo
    if not initial and final == "ui":
        out += ["wee", "wi"]
    if glottal or final[-1] in "aeiou":  # Goh, Koh, Kah, Teh: a written h after a vowel
        out += [s + "h" for s in out if s[-1] in "aeo"]
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=50_000)
def hokkien_readings(char: str) -> tuple[str, ...]:
    """The Hokkien readings of one character (Tâi-lô, no tones; literary and colloquial)."""
    table = character_table(_HOKKIEN_DATA)
    readings = table.get(char) or table.get(fold(char)) or ()
    if any(m.endswith("ang") for m in mandarin(char)):
        # Characters of the Middle Chinese rhyme that Mandarin reads -ang (祥 xiang, 良 liang)
        # are literary -iong in the dictionary's Hokkien but -iang in Zhangzhou (Penang)
        # Hokkien and in Teochew: 祥 siông and siang (Chua Boon Siang). Those Mandarin reads
        # -ong (忠 zhong, tiong) keep -iong in both.
        readings = (*readings, *(r[:-4] + "iang" for r in readings if r.endswith("iong")))
    return readings


@lru_cache(maxsize=50_000)
def hokkien(char: str) -> tuple[str, ...]:
    """Every spelling of every Hokkien reading of one character (literary and colloquial)."""
    return tuple(dict.fromkeys(s for r in hokkien_readings(char) for s in hokkien_spellings(r)))


# --- Hakka: Taiwan's Hakka Pinyin to the spellings of Malaysian and Indonesian passports -------


# Hakka Pinyin writes unaspirated stops b d g and the affricates z c (j q before i), the
# passports English-like p t k and ch: 張 zong = Chong, 金 gim = Kim, 清 qin = Chin.
_HAKKA_INITIALS = {
    "b": ["p", "b"], "p": ["p", "ph"], "m": ["m"], "f": ["f"], "v": ["v", "w"], "d": ["t"],
    "t": ["t", "th"], "n": ["n"], "l": ["l"], "g": ["k"], "k": ["k", "kh"], "ng": ["ng"],
    "h": ["h"], "z": ["ch", "ts"], "c": ["ch", "ts"], "s": ["s", "sh"], "j": ["ch", "ts"],
    "q": ["ch", "ts"], "x": ["s", "sh"], "": [""],
}  # fmt: skip
# Finals as the names write them (Voon, Fook, Liew, Choong, Keong, Fatt, Tet, Choy, Thien); the
# stop endings b d g are p t k. The apical vowel ii (志 zii, 勝 siin) is written i.
_HAKKA_FINALS = {
    "a": ["a", "ah"], "ab": ["ap"], "ad": ["at", "att"], "ag": ["ak"], "ai": ["ai"],
    "am": ["am"], "an": ["an"], "ang": ["ang"], "au": ["au"], "e": ["e"], "eb": ["ep"],
    "ed": ["et"], "em": ["em"], "en": ["en"], "eu": ["eu", "ew"], "i": ["i", "ee"],
    "ia": ["ia"], "iab": ["iap"], "iad": ["iat"], "iag": ["iak"], "iam": ["iam"],
    "ian": ["ian", "ien"], "iang": ["iang"], "iau": ["iau", "eow", "iow"], "ib": ["ip"],
    "id": ["it"], "ie": ["ie"], "ied": ["iet", "et"], "ien": ["ien", "en"],
    "ieu": ["ieu", "eu", "iew"], "ii": ["i", "ee"], "iib": ["ip"], "iid": ["it"],
    "iim": ["im"], "iin": ["in"], "im": ["im"], "in": ["in"], "iog": ["iok"],
    "iong": ["iong", "eong"], "iu": ["iu", "iew", "ew"], "iud": ["iut"], "iug": ["iuk"],
    "iun": ["iun"], "iung": ["iung"], "o": ["o", "oh"], "od": ["ot"], "og": ["ok"],
    "oi": ["oi", "oy"], "on": ["on"], "ong": ["ong"], "u": ["u", "oo"], "ua": ["ua"],
    "uad": ["uat"], "uai": ["uai"], "uan": ["uan"], "uang": ["uang"], "ud": ["ut"],
    "ued": ["uet"], "ug": ["uk", "ook"], "ui": ["ui"], "un": ["un", "oon"],
    "ung": ["ung", "oong"],
}  # fmt: skip


@lru_cache(maxsize=20_000)
def hakka_spellings(reading: str) -> tuple[str, ...]:
    """Spellings of one Hakka Pinyin syllable (no tone) as Hakka names are romanised in
    Malaysia and Indonesia, the usual first (vun = Voon; fug = Fook; liu = Liew; ngiug = Nyuk;
    in = Yin; gued = Kwet)."""
    match = re.fullmatch(r"(ng|[bpmfvdtnlgkhzcsjqx]?)(.+)", reading)
    if not match:
        return (reading,)
    initial, final = match.groups()
    finals = _HAKKA_FINALS.get(final, [final])
    out = [i + f for i in _HAKKA_INITIALS.get(initial, [initial]) for f in finals]
    for f in finals:
        glide = f[1:] if len(f) > 1 and f[1] in "aeiou" else f
        if initial == "ng" and f.startswith("i"):
            out += ["ny" + glide]  # 玉 ngiug = Nyuk, 月 ngied = Nyet
        elif not initial and f.startswith("i"):
            out += ["y" + glide]  # 雲 iun = Yun, 英 in = Yin
        elif not initial and f.startswith("u") and len(f) > 1 and f[1] in "aeio":
            out += ["w" + f[1:]]  # 畫 ua = Wa
        elif initial in ("g", "k") and f.startswith("u") and len(f) > 1 and f[1] in "aeio":
            out += [k + "w" + f[1:] for k in _HAKKA_INITIALS[initial]]  # 國 gued = Kwet
    return tuple(dict.fromkeys(out))


# Sixian, the accent of the table, says fi and vi where the other accents (Hailu, Dapu,
# Raoping in Taiwan; Huiyang and Bao'an, the Hakka of Sabah and Hong Kong) keep the rounded
# fui and vui (輝 fi and fui, 偉 vi and vui, 惠 fi and fui); the Malaysian and Indonesian
# spellings of names write the latter (Fui, Vui). Every fi and vi of formog2p's Sixian lexicon
# that its Hailu lexicon also reads is fui or vui there (79 and 62 characters).
_SIXIAN_UNROUNDED = {"fi": "fui", "vi": "vui"}


def hakka_readings(char: str) -> tuple[str, ...]:
    """The Hakka readings of one character (Hakka Pinyin, no tones): the table's, and the
    rounded fui and vui of the other accents for Sixian's fi and vi."""
    table = character_table(_HAKKA_DATA)
    readings = table.get(char) or table.get(fold(char)) or ()
    rounded = tuple(_SIXIAN_UNROUNDED[r] for r in readings if r in _SIXIAN_UNROUNDED)
    return tuple(dict.fromkeys((*readings, *rounded)))


@lru_cache(maxsize=50_000)
def hakka(char: str) -> tuple[str, ...]:
    """Every spelling of every Hakka reading of one character."""
    return tuple(dict.fromkeys(s for r in hakka_readings(char) for s in hakka_spellings(r)))


# --- Indonesia: Hokkien and Hakka in the Dutch-based spelling ---------------------------------
#
# The Dutch East Indies registered Chinese names as Dutch spells the sounds (the Van Ophuijsen
# spelling of Malay), and the names kept that spelling on the documents of Indonesians born
# before the reform of 1972 and of many after: u is oe, a syllable's i ie, the affricates tj
# (tjh aspirated) and dj, the glide j, nj; a plain t is often th, a final au auw, the open o
# ouw (林秀美 Liem Sioe Bie, 郭 Kwee, 黃 Oei, 蔡 Tjoa, 李 Lie, 蕭 Siauw, 許 Khouw, 鄭 The,
# Hakka 陳 Tjhin). The 1972 spelling writes c, j, y and u for them (Coa, Bun, Yap), and most
# of these spellings are the English ones. Most Chinese Indonesians are of Zhangzhou Hokkien
# descent, whose nasal -io is the dictionary's -iu (張 Thio, 楊 Jo, 娘 Nio).

_DUTCH_HOKKIEN_INITIALS = {
    "ts": ("tj", "c"), "tsh": ("tjh", "tj", "c"), "j": ("dj", "j"), "t": ("t", "th"),
    "th": ("th", "t"), "ph": ("ph", "p"), "kh": ("kh", "k"),
}  # fmt: skip
_DUTCH_HAKKA_INITIALS = {
    "b": ("p", "b"), "p": ("ph", "p"), "d": ("t", "th"), "t": ("th", "t"), "g": ("k",),
    "k": ("kh", "k"), "z": ("tj", "c"), "j": ("tj", "c"), "c": ("tjh", "tj", "c"),
    "q": ("tjh", "tj", "c"), "x": ("s",), "v": ("v", "w"),
}  # fmt: skip
# finals (Tâi-lô's, or Hakka Pinyin's with its stops written p t k) whose Dutch spelling is
# not the regular u = oe (and, for u before a vowel, w: Hwa, Kwee, Swie)
_DUTCH_FINALS = {
    "i": ("ie", "i"), "im": ("iem", "im"), "in": ("ien", "in"), "it": ("iet", "it"),
    "ip": ("iep", "ip"), "ian": ("ian", "ien"), "iat": ("iat", "iet"), "ing": ("ing", "eng"),
    "ik": ("ik", "ek"), "e": ("e", "ee"), "oo": ("o", "oo", "ouw"), "au": ("auw", "au"),
    "iau": ("iauw", "iau"), "ai": ("ai", "ay"), "iu": ("ioe", "iu"),
    "ui": ("oei", "oey", "wie", "ui", "uy"), "ue": ("oe", "we", "wee"),
}  # fmt: skip
_GLIDE = re.compile("i[aeiou]")


@lru_cache(maxsize=5_000)
def _dutch_finals(final: str) -> tuple[str, ...]:
    if final in _DUTCH_FINALS:
        return _DUTCH_FINALS[final]
    out = [re.sub("(?<![aeo])u", "oe", re.sub("u(?=[aeio])", "o", final))]  # ua oa, un oen
    if re.match("u[aeio]", final):
        out.append("w" + final[1:])
    return tuple(dict.fromkeys(out))


def _dutch(initials: tuple[str, ...], initial: str, final: str) -> list[str]:
    """The Dutch spellings of a syllable: its initial's spellings and its final's; a glide i
    after no initial written j (葉 iap Jap), after ng nj (玉 Hakka ngiuk Njoek)."""
    out = [i + f for i in initials for f in _dutch_finals(final)]
    if _GLIDE.match(final) and initial in ("", "ng"):
        out += ["j" + f if not initial else "nj" + f for f in _dutch_finals(final[1:])]
    return out


@lru_cache(maxsize=20_000)
def hokkien_indonesian_spellings(tailo: str) -> tuple[str, ...]:
    """The Dutch-based spellings of one Tâi-lô syllable (no tone): bun = Boen, kueh = Kwee,
    lim = Liem, ui = Oei, siau = Siauw, tsua = Tjoa."""
    match = re.fullmatch(r"(tsh|ts|ph|th|kh|ng|[pbmtnlkghsj]?)(.+?)(nn)?(h)?", tailo)
    if not match:
        return (tailo,)
    initial, final, _nasal, _glottal = match.groups()
    if initial == "ng" and final not in _HOKKIEN_FINALS:
        initial, final = "", "ng" + final
    initials = _DUTCH_HOKKIEN_INITIALS.get(initial, (initial,))
    return tuple(dict.fromkeys(_dutch(initials, initial, final)))


@lru_cache(maxsize=20_000)
def hakka_indonesian_spellings(reading: str) -> tuple[str, ...]:
    """The Dutch-based spellings of one Hakka Pinyin syllable (no tone): cin = Tjhin, vun =
    Voen, ngiug = Njoek, iab = Jap."""
    match = re.fullmatch(r"(ng|[bpmfvdtnlgkhzcsjqx]?)(.+)", reading)
    if not match:
        return (reading,)
    initial, final = match.groups()
    final = re.sub("[bdg]$", lambda stop: "ptk"["bdg".index(stop[0])], final.replace("ii", "i"))
    initials = _DUTCH_HAKKA_INITIALS.get(initial, (initial,))
    return tuple(dict.fromkeys(_dutch(initials, initial, final)))


def _zhangzhou(tailo: str) -> str | None:
    """The Zhangzhou -io of a nasal -iu (tiunn tionn, niu nio), else None."""
    if tailo.endswith("iunn"):
        return tailo[:-4] + "ionn"
    if re.fullmatch("(n|ng|m)iu", tailo):
        return tailo[:-1] + "o"
    return None


@lru_cache(maxsize=50_000)
def hokkien_indonesian(char: str) -> tuple[str, ...]:
    """Every spelling of one character's Hokkien readings as Indonesian names write them: the
    Dutch-based spellings, with the Zhangzhou -io, and the English-based ones."""
    readings = hokkien_readings(char)
    readings = (*readings, *filter(None, map(_zhangzhou, readings)))
    dutch = (s for r in readings for s in hokkien_indonesian_spellings(r))
    return tuple(dict.fromkeys((*dutch, *hokkien(char))))


@lru_cache(maxsize=50_000)
def hakka_indonesian(char: str) -> tuple[str, ...]:
    """Every spelling of one character's Hakka readings as Indonesian names write them."""
    dutch = (s for r in hakka_readings(char) for s in hakka_indonesian_spellings(r))
    return tuple(dict.fromkeys((*dutch, *hakka(char))))


# --- Macau: Cantonese in the Portuguese-based spelling -----------------------------------------
#
# Macau's government romanises Cantonese as Portuguese spells the sounds (石排灣 Seac Pai Van,
# Hong Kong's Shek Pai Wan): the glide j is i (欣 Ian, 游 Iao, 楊 Ieong, 余 U), w v (黃 Vong,
# 華 Va), au ao (劉 Lao), iu io (蕭 Sio, 趙 Chio), ing eng (誠 Seng), eng eang (鄭 Cheang),
# ung ong (馮 Fong, 鍾 Chong), a final k c (麥 Mac, 石 Seac), eoi ui or oi (徐 Chui, 許 Hoi),
# eon on (信 Son); gw and kw ku (郭 Kuok, 關 Kuan). Identity cards of Macau carry these; many
# names there are also spelled the Hong Kong way, and both are read.

_MACAU_INITIALS = {
    "b": ("p",), "p": ("p",), "d": ("t",), "t": ("t",), "g": ("k",), "k": ("k",),
    "gw": ("ku", "kw"), "kw": ("ku", "kw"), "z": ("ch", "ts"), "c": ("ch", "ts"),
    "w": ("v", "w"), "j": ("i", "y"),
}  # fmt: skip
_MACAU_FINALS = {
    "aa": ("a",), "aai": ("ai",), "aau": ("ao", "au"), "aam": ("am",), "aan": ("an",),
    "aang": ("ang",), "aap": ("ap",), "aat": ("at",), "aak": ("ac", "ak"), "au": ("ao", "au"),
    "ak": ("ac", "ak"), "eng": ("eng", "eang"), "ek": ("ec", "eac", "ek"), "iu": ("io", "iu"),
    "ing": ("eng", "ing"), "ik": ("ec", "ek", "ik"), "ok": ("oc", "ok"), "ou": ("ou", "o"),
    "ung": ("ong", "ung"), "uk": ("oc", "ok", "uk"), "oeng": ("eong", "eung"),
    "oek": ("eoc", "eok"), "eoi": ("ui", "oi"), "eon": ("on", "un", "eon"), "eot": ("ot", "ut"),
    "yu": ("u", "iu", "yu"), "yun": ("un", "iun", "uen", "yun"), "yut": ("ut", "iut", "yut"),
}  # fmt: skip


@lru_cache(maxsize=20_000)
def macau_spellings(jyutping: str) -> tuple[str, ...]:
    """Spellings of one Jyutping syllable as Macau romanises it (jan = Ian, jau = Iao, loeng =
    Leong, siu = Sio, wong = Vong, sing = Seng, jyu = U)."""
    match = re.fullmatch(r"(gw|kw|ng|[bpmfdtnlgkhwzcsj]?)(.+)", jyutping)
    if not match:
        return (jyutping,)
    initial, final = match.groups()
    finals = _MACAU_FINALS.get(final, (final,))
    initials = _MACAU_INITIALS.get(initial, (initial,))
    if initial == "j" and final[0] in "iy":  # ji I, jiu Iu, jing Ieng, jyu U, jyun Un
        initials = ("",)
        if final[0] == "i":
            finals = tuple(f if f[0] == "i" else "i" + f for f in finals)
    elif initial == "j" and final in ("ung", "uk"):
        initials = ("i",)  # jung Iong, juk Iok
    out = [i + f for i in initials for f in finals]
    if initial in ("gw", "kw") and final.startswith("u"):
        out = [i + f for i in ("k", "kw") for f in finals]  # gwu: Ku
    return tuple(dict.fromkeys(o for o in out if o))


@lru_cache(maxsize=50_000)
def _macau(char: str) -> tuple[str, ...]:
    reading = _table()[0].get(char) or _table()[0].get(fold(char))
    if not reading:
        return ()
    return tuple(dict.fromkeys((*macau_spellings(reading), *hk_spellings(reading))))


# --- readings per system ----------------------------------------------------------------------


@lru_cache(maxsize=50_000)
def mandarin(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(char, heteronym=True, style=Style.NORMAL)[0]
    out = [re.sub(r"[^a-z]", "", r.replace("ü", "v").lower()).replace("v", "u") for r in readings]
    return tuple(dict.fromkeys(r for r in out if r))


@lru_cache(maxsize=50_000)
def _wade_giles(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(char, heteronym=True, style=Style.WADEGILES)[0]
    # pypinyin writes Wade-Giles ü as v (許 hsv): Hsu, as passports write it
    out = [re.sub(r"[^a-z]", "", r.lower().replace("ü", "u").replace("v", "u")) for r in readings]
    return tuple(dict.fromkeys(r for r in out if r))


@lru_cache(maxsize=50_000)
def _cantonese(char: str) -> tuple[str, ...]:
    reading = _table()[0].get(char) or _table()[0].get(fold(char))
    return hk_spellings(reading) if reading else ()


@lru_cache(maxsize=50_000)
def _split(chars: str) -> tuple[str, str]:
    """(family name, given name) of a name in characters, family name first."""
    if len(chars) > 2 and (chars[:2] in COMPOUND_FAMILY or fold(chars[:2]) in COMPOUND_FAMILY):
        return chars[:2], chars[2:]
    return chars[:1], chars[1:]


def family_of(chars: str) -> str:
    return _split(same_kanji(chars))[0]


def _family(table: dict[str, str], family: str) -> tuple[str, ...]:
    spelled = table.get(fold(family))
    return tuple(spelled.split()) if spelled else ()


# A dialect family name (spelled by its table above) with the given name read wholly in
# another dialect's system (with a Mandarin given name: HOKKIEN, HAKKA, above). The family
# name is spelled in the family's dialect, the given name as it was said where the child was
# registered (Kuala Lumpur's Cantonese, Penang's Hokkien): 張偉強 = Chong Wai Keong, 陳偉傑 =
# Tan Wai Kit. The given name is read in one system: its characters never mix systems (張偉強
# is not Chong Wai Khiong, 偉 in Cantonese and 強 in Hakka). A Cantonese or Mandarin family
# name takes no given name but a Mandarin one (CANTONESE_FAMILY): Chan Boon Keng is not 陳文慶,
# Lau Voon Fook not 劉文福, Chen Ka Ho not 陈家豪.
_MIXED = (
    (HOKKIEN_CANTONESE, HOKKIEN_FAMILY, _cantonese),
    (HOKKIEN_HAKKA, HOKKIEN_FAMILY, hakka),
    (HAKKA_CANTONESE, HAKKA_FAMILY, _cantonese),
    (HAKKA_HOKKIEN, HAKKA_FAMILY, hokkien),
)
MIXED = frozenset(label for label, _table, _reader in _MIXED)

# Where the family name in one dialect and the given name in another system is not how names
# are written: Hong Kong and Macau documents spell the whole name in Cantonese (黃 Wong; Ng is
# 吳 or 伍), Taiwan's in Wade-Giles, pinyin or Hokkien. The mixed forms are the convention of
# the Chinese of Malaysia, Singapore, Indonesia, Thailand and the Philippines (Tan Wei Ming,
# Chong Wai Keong). Nationality -> the systems not read for it; a system is left out only when
# every known nationality of both records leaves it out. (Mainland documents write pinyin,
# but CN is not listed: tests and labelled pairs give Chinese names of every system CN as a
# default nationality, and no measured pair asks for it.)
MIXED_CONVENTIONS = frozenset({HOKKIEN, HAKKA, *MIXED})
NOT_WRITTEN = {
    "HK": MIXED_CONVENTIONS,
    "MO": MIXED_CONVENTIONS,
    "TW": MIXED_CONVENTIONS,
}
# The spellings of one country's documents: read where a record is of it (or no nationality
# is known), as elsewhere their letters are other names' (oe, ie, tj; Macau's io, ao, v).
WRITTEN_ONLY_BY = {
    HOKKIEN_INDONESIAN: frozenset({"ID"}),
    HAKKA_INDONESIAN: frozenset({"ID"}),
    MACAU: frozenset({"MO"}),
}


def not_written(*nationalities: frozenset[str]) -> frozenset[str]:
    """The systems no known nationality of these records writes names in (none when a
    nationality is unknown on every record, or one of them writes every system)."""
    known = frozenset().union(*nationalities)
    if not known:
        return frozenset()
    return frozenset.intersection(
        *(
            NOT_WRITTEN.get(n, frozenset())
            | {system for system, by in WRITTEN_ONLY_BY.items() if n not in by}
            for n in known
        )
    )


@lru_cache(maxsize=50_000)
def systems(chars: str) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """Each reading system of a name in characters: (label, per syllable its spellings). A
    dialect family name of two characters is one syllable group (Szeto)."""
    family = _split(chars)[0]
    by_mandarin = [mandarin(c) for c in chars]
    cantonese = [_cantonese(c) for c in chars]
    out = [
        (MANDARIN, tuple(by_mandarin)),
        (WADE_GILES, tuple(_wade_giles(c) for c in chars)),
    ]
    extra = CANTONESE_FAMILY_EXTRA.get(fold(family))
    if all(cantonese):
        canto = list(cantonese)
        if extra and len(family) == 2:
            canto = [(extra,), *cantonese[2:]]
        elif extra:
            canto = [tuple(dict.fromkeys((extra, *cantonese[0]))), *cantonese[1:]]
        out.append((CANTONESE, tuple(canto)))
    given_mandarin = tuple(by_mandarin[len(family) :])
    if len(family) == 1 and given_mandarin:  # the usual spellings of the family name first
        hokkien_family = (*_family(HOKKIEN_FAMILY, family), *hokkien(family))
        hokkien_given = tuple(hokkien(c) for c in chars[1:])
        out.append((HOKKIEN_READING, (tuple(dict.fromkeys(hokkien_family)), *hokkien_given)))
        hakka_family = (*_family(HAKKA_FAMILY, family), *hakka(family))
        hakka_given = tuple(hakka(c) for c in chars[1:])
        out.append((HAKKA_READING, (tuple(dict.fromkeys(hakka_family)), *hakka_given)))
    for label, table in ((HOKKIEN, HOKKIEN_FAMILY), (HAKKA, HAKKA_FAMILY)):
        spelled = _family(table, family)
        if spelled and given_mandarin:
            out.append((label, (spelled, *given_mandarin)))
    if cantonese[0] and given_mandarin:
        family_canto = ((extra,) if extra else ()) + (cantonese[0] if len(family) == 1 else ())
        if family_canto:
            out.append((CANTONESE_FAMILY, (tuple(dict.fromkeys(family_canto)), *given_mandarin)))
    for label, table, reader in _MIXED:  # last: the whole name in one system reads first
        spelled = _family(table, family)
        given = tuple(reader(c) for c in chars[len(family) :])
        if spelled and given:
            out.append((label, (spelled, *given)))
    # the spellings of one country's documents (`WRITTEN_ONLY_BY`), with the usual ones
    if len(family) == 1 and given_mandarin:
        indonesian = (
            *_family(HOKKIEN_FAMILY, family),
            *_family(INDONESIAN_FAMILY, family),
            *hokkien_indonesian(family),
        )
        given = tuple(hokkien_indonesian(c) for c in chars[1:])
        out.append((HOKKIEN_INDONESIAN, (tuple(dict.fromkeys(indonesian)), *given)))
        indonesian = (*_family(HAKKA_FAMILY, family), *hakka_indonesian(family))
        given = tuple(hakka_indonesian(c) for c in chars[1:])
        out.append((HAKKA_INDONESIAN, (tuple(dict.fromkeys(indonesian)), *given)))
    if all(cantonese):
        macau = [_macau(c) for c in chars]
        if extra and len(family) == 2:
            macau = [(extra,), *macau[2:]]
        elif extra:
            macau = [tuple(dict.fromkeys((*macau[0], extra))), *macau[1:]]
        out.append((MACAU, tuple(macau)))
    return tuple((label, syllables) for label, syllables in out if all(syllables))


def primary_readings(chars: str) -> list[tuple[str, list[str]]]:
    """One romanised reading per system (the usual spelling of each syllable), for keys and
    batch linkage: [(system, words)], the given name also joined (家豪 = kaho)."""
    out = []
    family, _given = _split(chars)
    for label, syllables in systems(chars):
        first = [s[0] for s in syllables]
        head = 1 if len(syllables) < len(chars) else len(family)
        family_word = "".join(first[:head])
        out.append((label, [family_word, *first[head:]]))
        if len(first) - head >= 2:
            out.append((label, [family_word, "".join(first[head:])]))
    return out


# --- comparisons ------------------------------------------------------------------------------


def segments(words: tuple[str, ...], syllables: tuple[tuple[str, ...], ...], key) -> bool:
    """Do these words spell these syllables in order, each word one or more whole syllables?
    (A small dynamic programme over (word, position in it) states.)"""
    if not words or not syllables:
        return False
    words = tuple(key(w) for w in words)
    states = {(0, 0)}
    for options in syllables:
        following = set()
        for word, pos in states:
            if word == len(words):
                continue
            text = words[word]
            for spelled in {key(s) for s in options}:
                if spelled and text.startswith(spelled, pos):
                    end = pos + len(spelled)
                    following.add((word + 1, 0) if end == len(text) else (word, end))
        if not following:
            return False
        states = following
    return (len(words), 0) in states


def _orders(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Family name first as written, or last (Ka Ho Chan, Wei Zhang)."""
    out = [words]
    if len(words) > 1:
        out.append((words[-1], *words[:-1]))
    return out


@dataclass(frozen=True)
class Match:
    level: str  # one of scoring's name level labels
    reading: str  # the system or rule that matched


@lru_cache(maxsize=100_000)
def latin_match(
    chars: str, words: tuple[str, ...], key_of, skip: frozenset[str] = frozenset()
) -> Match | None:
    """A romanised name against a name in characters, one system at a time (but those in
    `skip`: `not_written`). `key_of(word)` is the phonetic skeleton used for the "allowing
    typos" level. Best level first."""
    if not chars or not words:
        return None
    found: list[Match] = []
    family_len = len(_split(chars)[0])
    for label, syllables in systems(chars):
        if label in skip:
            continue
        head = 1 if len(syllables) < len(chars) else family_len
        for order in _orders(words):
            if segments(order, syllables, lambda s: s):
                return Match("same words, any script or order", label)
            if segments(order, syllables, key_of):
                found.append(Match("all words found in the other name, allowing typos", label))
            # a personal name in English before or after the Chinese name, as Singapore,
            # Malaysia and Hong Kong write them (Jonathan Tan Wei Ming, Tan Wei Ming Jonathan)
            for rest in (order[1:], order[:-1]) if len(order) >= 3 else ():
                if segments(rest, syllables, lambda s: s):
                    found.append(Match("all words found in the other name, allowing typos", label))
        given = syllables[head:]
        family = syllables[:head]
        for order in _orders(words):
            family_ok = segments(order[:1], family, lambda s: s)
            given_ok = bool(given) and segments(order[1:], given, lambda s: s)
            if len(words) == 1 and given and segments(words, given, lambda s: s):
                found.append(Match("a one-word name found in the other name", label))
            elif family_ok and not given_ok:
                found.append(Match("one word sounds alike", label))
            elif given_ok and not family_ok:
                found.append(Match("different family name", label))
    return best(found)


def written_otherwise(a: str, b: str) -> bool:
    """The same characters in another order a name is written in: the family name moved after
    the given name (伟明陈 for 陈伟明), a rotation that keeps the given name's characters in order.
    The given name's characters in another order are another name (陈明伟 is not 陈伟明)."""
    a, b = "".join(a.split()), "".join(b.split())
    return len(a) == len(b) and b in a + a


def han_compare(a: str, b: str, *, japanese: bool = False) -> Match:
    """Two names in characters: by characters, simplified and traditional folded, and a
    kanji's old, new and variant forms (`same_kanji`; `japanese`: two Japanese names)."""
    folded = fold(a), fold(b)
    a, b = same_kanji(a, japanese=japanese), same_kanji(b, japanese=japanese)
    if a == b or written_otherwise(a, b):
        same = folded[0] == folded[1] or written_otherwise(*folded)
        return Match("same words, any script or order", SAME_CHARACTERS if same else SAME_KANJI)
    (family_a, given_a), (family_b, given_b) = _split(a), _split(b)
    if family_a != family_b:
        return Match("different family name", SAME_CHARACTERS)
    if (
        given_a
        and len(given_a) == len(given_b)
        and all(set(mandarin(x)) & set(mandarin(y)) for x, y in zip(given_a, given_b, strict=True))
    ):
        return Match("two or more words sound alike", SAME_SOUND)
    if set(given_a) & set(given_b) and len(given_a) + len(given_b) > 2:
        return Match("similar spelling", SAME_CHARACTERS)
    return Match("one word sounds alike", SAME_CHARACTERS)


ORDER = (
    "same words, any script or order",
    "all words found in the other name, allowing typos",
    "two or more words sound alike",
    "all words found in the other name, one only by a near spelling",
    "a one-word name found in the other name",
    "similar spelling",
    "one word sounds alike",
    "different family name",
    "different",
)


def best(found: list[Match]) -> Match | None:
    return min(found, key=lambda m: ORDER.index(m.level)) if found else None


# --- two romanised names in different systems (Chan Chi Wai = Chen Zhiwei, 陳志偉) ---------------
#
# With no characters on either side, a name romanised in Cantonese and one in Mandarin (pinyin
# or Wade-Giles) are compared through the characters each syllable may stand for: a syllable
# of the one and the syllable at the same place in the other must both be readings of one
# character (Chan and Chen: 陳; Chi and Zhi: 志, 智, 知; Wai and Wei: 偉, 威, 衛). Each name is
# read wholly in its one system, the family name first in both or last in both. Many
# characters share readings, so two people's names meet this way more often than through
# characters one side holds: the characters are the 3,755 common ones of GB 2312's first
# level (traditional forms folded), read by their principal Mandarin reading only (a
# heteronym's rare readings joined 皿 ming and min, 秤 ching and ping). The pair is a match
# ("allowing typos") only when the family name is one family name of `CROSS_FAMILY` in both
# readings (not Wong, 王 or 黃; Xu, 許 or 徐; Cheung, 張 or 蔣) and every given syllable
# corresponds regularly (`_regular`: Wai and Wei, not Wai and Hui); else it is at most "two
# or more words sound alike", a candidate.

CROSS = _("the same characters read in Cantonese and in Mandarin")
# The common Chinese family names (simplified), written for Seri from public lists of the
# commonest family names of the mainland, Hong Kong and Taiwan
CROSS_FAMILY = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶"
    "程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾韦夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺"
    "毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文温洪翁庄柯卓麦区伍欧关甘岑邝冼霍容司"
)
# Nationalities whose people's Chinese names are romanised both in Cantonese and in Mandarin
# (the comparison is made when every known nationality of both records is one of them, or
# none is known)
CROSS_NATIONALITIES = frozenset({"CN", "HK", "MO", "TW", "MY", "SG", "BN"})
_CROSS_SYSTEMS = (CANTONESE, MANDARIN, WADE_GILES)


def cross_read(*nationalities: frozenset[str]) -> bool:
    known = frozenset().union(*nationalities)
    return known <= CROSS_NATIONALITIES


def _common(char: str) -> bool:
    """One of the 3,755 characters of GB 2312's first level (the common ones)."""
    try:
        code = fold(char).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xB0 <= code[0] <= 0xD7


@cache
def _characters_by_spelling() -> dict[str, dict[str, frozenset[str]]]:
    """system -> spelling -> the common characters (simplified) it spells in that system."""
    readers: dict[str, Callable[[str], tuple[str, ...]]] = {
        CANTONESE: _cantonese,
        MANDARIN: lambda char: mandarin(char)[:1],
        WADE_GILES: lambda char: _wade_giles(char)[:1],
    }
    index: dict[str, dict[str, set[str]]] = {system: {} for system in readers}
    for char in _table()[0]:
        if not _common(char):
            continue
        for system, reader in readers.items():
            for spelled in reader(char):
                index[system].setdefault(spelled, set()).add(fold(char))
    return {s: {k: frozenset(v) for k, v in by.items()} for s, by in index.items()}


# Family names read otherwise than the character's principal reading (曾 is ceng, "already",
# but the family name Zeng, Tsang), or whose Cantonese reading the table lacks
_FAMILY_READINGS = {
    MANDARIN: {"曾": "zeng", "区": "ou", "覃": "qin"},
    WADE_GILES: {"曾": "tseng", "区": "ou", "覃": "chin"},
    CANTONESE: {
        "区": "au", "冯": "fung", "卢": "lo lou", "邝": "kwong", "龚": "kung", "闫": "yim",
    },
}  # fmt: skip


@cache
def _families_by_spelling() -> dict[str, dict[str, frozenset[str]]]:
    """system -> spelling -> the family names of CROSS_FAMILY it spells: by the principal
    reading, the readings of family names above and the Hong Kong spellings of
    CANTONESE_FAMILY_EXTRA (周 Chow, 吳 Ng)."""
    readers: dict[str, Callable[[str], tuple[str, ...]]] = {
        CANTONESE: lambda char: (*_cantonese(char), *CANTONESE_FAMILY_EXTRA.get(char, "").split()),
        MANDARIN: lambda char: mandarin(char)[:1],
        WADE_GILES: lambda char: _wade_giles(char)[:1],
    }
    index: dict[str, dict[str, set[str]]] = {system: {} for system in _CROSS_SYSTEMS}
    for family in CROSS_FAMILY:
        for system, reader in readers.items():
            listed = _FAMILY_READINGS[system].get(family, "").split()
            for spelled in listed or reader(family):
                index[system].setdefault(spelled, set()).add(family)
    return {s: {k: frozenset(v) for k, v in by.items()} for s, by in index.items()}


def _given_readings(given: str, system: str) -> list[tuple[frozenset[str], ...]]:
    """The ways of cutting a romanised given name (its words joined) into syllables of one
    system, each syllable as the characters it may stand for."""
    index = _characters_by_spelling()[system]
    out: list[tuple[frozenset[str], ...]] = []

    def cut(pos: int, done: tuple[frozenset[str], ...]) -> None:
        if pos == len(given):
            out.append(done)
            return
        for end in range(pos + 1, min(len(given), pos + 6) + 1):
            chars = index.get(given[pos:end])
            if chars and len(out) < 16:
                cut(end, (*done, chars))

    cut(0, ())
    return out


def _regular(syllable_a: frozenset[str], syllable_b: frozenset[str]) -> bool:
    """Two syllables that read the same characters by a regular correspondence: a third or more
    of the characters one of them spells are spelled by the other (Wai and Wei: 23 of 34 and
    of 32; not Wai and Hui, 5 of 34 and of 18, mostly 偉 and 輝)."""
    shared = len(syllable_a & syllable_b)
    return 3 * shared >= min(len(syllable_a), len(syllable_b))


@lru_cache(maxsize=50_000)
def cross_match(a: tuple[str, ...], b: tuple[str, ...]) -> Match | None:
    """Two romanised names (folded words, in written order), one in Cantonese and the other in
    Mandarin, that some common characters spell, family name first in both or last in both:
    "allowing typos" when the family name is one family name in both readings and every given
    syllable corresponds regularly (`_regular`), else "two or more words sound alike"; None
    when no characters spell both."""
    if len(a) < 2 or len(b) < 2:
        return None
    families = _families_by_spelling()
    found: list[Match] = []
    for system_a in _CROSS_SYSTEMS:
        for system_b in _CROSS_SYSTEMS:
            if CANTONESE not in (system_a, system_b) or system_a == system_b:
                continue
            for order_a, order_b in zip(_orders(a), _orders(b), strict=False):
                family_a = families[system_a].get(order_a[0], frozenset())
                family_b = families[system_b].get(order_b[0], frozenset())
                if not family_a & family_b:
                    continue
                one = len(family_a) == len(family_b) == 1
                given_b = _given_readings("".join(order_b[1:]), system_b)
                for read_a in _given_readings("".join(order_a[1:]), system_a):
                    for read_b in given_b:
                        pairs = list(zip(read_a, read_b, strict=False))
                        if len(read_a) != len(read_b) or not all(x & y for x, y in pairs):
                            continue
                        regular = one and all(_regular(x, y) for x, y in pairs)
                        found.append(Match(ORDER[1] if regular else ORDER[2], CROSS))
    return best(found)
