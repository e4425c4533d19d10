"""Reading a report's text: what it seems to say, offered to a person to confirm.

Nothing here writes anything. `suggest(text)` returns suggestions (phone numbers with their
likely country, coordinates and map links, compounds, nationalities, ages, dates, the
language); the triage page shows them beside the original, and only what a person ticks is
used (docs/decisions/0020-reading-suggestions.md).

Language detection is by script first (Khmer, Thai, Burmese, Lao, Chinese, … each have their
own) and, for text in Latin letters, by Vietnamese diacritics and small lists of common words
(English, Indonesian/Malay, Tagalog): cheap enough to run on every imported message, and right
for the languages the hotlines hear. It says "" when it cannot tell.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers

# --- language -----------------------------------------------------------------------------------

_SCRIPT_RANGES = [
    ("km", 0x1780, 0x17FF),
    ("km", 0x19E0, 0x19FF),
    ("th", 0x0E00, 0x0E7F),
    ("lo", 0x0E80, 0x0EFF),
    ("my", 0x1000, 0x109F),
    ("zh", 0x4E00, 0x9FFF),
    ("zh", 0x3400, 0x4DBF),
    ("ja", 0x3040, 0x30FF),
    ("ko", 0xAC00, 0xD7AF),
    ("hi", 0x0900, 0x097F),
    ("bn", 0x0980, 0x09FF),
    ("ur", 0x0600, 0x06FF),
    ("ru", 0x0400, 0x04FF),
]
_VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORDS = {
    "en": _words(
        "the and is are was my his her he she they help please we you to of in not been "
        "brother sister son daughter with from there"
    ),
    "id": _words(
        "dan yang tidak saya adik kakak anak tolong di ke dari ini itu dia mereka ada "
        "sudah belum bisa kami kerja disekap dipukul"
    ),
    "tl": _words("ang ng mga sa ako siya kapatid tulong hindi po na kami"),
}


def detect_language(text: str) -> str:
    counts: dict[str, int] = {}
    latin_vietnamese = 0
    for char in text:
        code = ord(char)
        if code < 0x80:
            continue
        if char.lower() in _VIETNAMESE_LETTERS:
            latin_vietnamese += 1
            continue
        for language, start, end in _SCRIPT_RANGES:
            if start <= code <= end:
                counts[language] = counts.get(language, 0) + 1
                break
    if counts:
        language, count = max(counts.items(), key=lambda item: item[1])
        if count >= 2 or count >= latin_vietnamese:
            # Chinese characters inside Japanese text: kana decide.
            return language
    if latin_vietnamese >= 2:
        return "vi"
    words = re.findall(r"[a-z]+", text.lower())
    scores = {
        language: sum(w in vocabulary for w in words) for language, vocabulary in _WORDS.items()
    }
    best = max(scores.items(), key=lambda item: item[1])
    return best[0] if best[1] >= 2 else ""


# --- the suggestions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    kind: str  # phone, coordinates, compound, nationality, age, date, language
    value: str  # what would be used (E.164 number, "lat,lon", ISO code, …)
    text: str  # the words it was read from
    detail: str = ""  # likely country, compound match score, …
    extra: dict = field(default_factory=dict, compare=False, hash=False)


# Where a language is spoken: the region hint for numbers written without a country code.
LANGUAGE_REGIONS = {
    "km": "KH",
    "zh": "CN",
    "th": "TH",
    "vi": "VN",
    "id": "ID",
    "my": "MM",
    "lo": "LA",
    "tl": "PH",
    "ms": "MY",
    "en": "KH",  # English-language reports mostly come from people in or about Cambodia
}


def phones_in(text: str, *, regions: list[str]) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    for region in [*regions, "KH"]:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=1):
            number = match.number
            if not phonenumbers.is_valid_number(number):
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 in found:
                continue
            country = phonenumbers.region_code_for_number(number) or ""
            found[e164] = Suggestion("phone", e164, match.raw_string, detail=country)
    return list(found.values())


_DECIMAL_PAIR = re.compile(r"(?<![\d.])(-?\d{1,2}\.\d{3,})\s*[,;/ ]\s*(-?\d{1,3}\.\d{3,})(?![\d.])")
_MAP_LINK = re.compile(
    r"https?://(?:www\.)?(?:google\.[a-z.]+/maps\S*?[@=/]|maps\.google\.[a-z.]+/\S*?[?&]q=|"
    r"maps\.apple\.com/\S*?[?&](?:ll|q)=|(?:www\.)?openstreetmap\.org/\S*?#map=\d+/)"
    r"(-?\d{1,2}\.\d+)(?:,|%2C|/)(-?\d{1,3}\.\d+)"
)


def coordinates_in(text: str) -> list[Suggestion]:
    seen: set[tuple[float, float]] = set()
    out = []
    for pattern, source in ((_MAP_LINK, "map link"), (_DECIMAL_PAIR, "coordinates")):
        for match in pattern.finditer(text):
            lat, lon = float(match.group(1)), float(match.group(2))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            key = (round(lat, 5), round(lon, 5))
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Suggestion(
                    "coordinates",
                    f"{lat:.6f},{lon:.6f}",
                    match.group(0),
                    detail=source,
                    extra={"latitude": lat, "longitude": lon},
                )
            )
    return out


# Words for nationalities in the languages of the region (lower case), by ISO country code.
NATIONALITY_WORDS = {
    "VN": ["vietnamese", "người việt", "việt nam", "越南", "វៀតណាម", "เวียดนาม", "vietnam"],
    "CN": ["chinese", "người trung quốc", "中国人", "中国", "ចិន", "ชาวจีน", "cina", "tiongkok"],
    "TH": ["thai", "người thái", "泰国", "ថៃ", "คนไทย", "ชาวไทย", "thailand"],
    "ID": [
        "indonesian",
        "indonesia",
        "người indonesia",
        "印尼",
        "印度尼西亚",
        "ឥណ្ឌូនេស៊ី",
        "อินโดนีเซีย",
    ],
    "MM": ["burmese", "myanmar", "người myanmar", "缅甸", "ភូមា", "พม่า", "မြန်မာ"],
    "KH": ["cambodian", "khmer", "người campuchia", "柬埔寨人", "ខ្មែរ", "ชาวกัมพูชา", "kamboja"],
    "LA": ["lao", "laotian", "người lào", "老挝", "ឡាវ", "ลาว"],
    "PH": ["filipino", "filipina", "philippines", "người philippines", "菲律宾", "ฟิลิปปินส์"],
    "MY": ["malaysian", "malaysia", "马来西亚", "ម៉ាឡេស៊ី", "มาเลเซีย"],
    "IN": ["indian", "印度人", "ឥណ្ឌា", "อินเดีย"],
    "KE": ["kenyan", "kenya", "肯尼亚"],
    "UG": ["ugandan", "uganda"],
    "NP": ["nepali", "nepalese", "尼泊尔"],
    "BD": ["bangladeshi", "孟加拉"],
    "LK": ["sri lankan", "斯里兰卡"],
}
_NATIONALITY_PATTERNS = [
    (country, word, re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE))
    if word.isascii()
    else (country, word, re.compile(re.escape(word), re.IGNORECASE))
    for country, words in NATIONALITY_WORDS.items()
    for word in words
]


def nationalities_in(text: str) -> list[Suggestion]:
    out: dict[str, Suggestion] = {}
    for country, _word, pattern in _NATIONALITY_PATTERNS:
        if country in out:
            continue
        match = pattern.search(text)
        if match:
            out[country] = Suggestion("nationality", country, match.group(0))
    return list(out.values())


_AGE_PATTERNS = [
    re.compile(r"(?<!\d)(\d{1,2})\s*(?:-\s*)?(?:years?|yrs?|y/?o)\b(?:\s*old)?", re.IGNORECASE),
    re.compile(r"\baged?\s*:?\s*(\d{1,2})(?!\d)", re.IGNORECASE),
    re.compile(r"(\d{1,2})\s*tuổi"),  # Vietnamese
    re.compile(r"(\d{1,2})\s*岁"),  # Chinese
    re.compile(r"อายุ\s*(\d{1,2})"),  # Thai
    re.compile(r"(\d{1,2})\s*ปี"),  # Thai
    re.compile(r"អាយុ\s*([\d០-៩]{1,2})"),  # Khmer
    re.compile(r"([\d០-៩]{1,2})\s*ឆ្នាំ"),  # Khmer
    re.compile(r"(?:umur|usia)\s*(\d{1,2})", re.IGNORECASE),  # Indonesian
    re.compile(r"(\d{1,2})\s*tahun", re.IGNORECASE),  # Indonesian
    re.compile(r"အသက်\s*([\d\u1040-\u1049]{1,2})"),  # Burmese
]


def _digits(value: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in value)


def ages_in(text: str) -> list[Suggestion]:
    out: dict[str, Suggestion] = {}
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            age = int(_digits(match.group(1)))
            if 10 <= age <= 80 and str(age) not in out:
                out[str(age)] = Suggestion("age", str(age), match.group(0))
    return list(out.values())


_DATE_PATTERNS = [
    (re.compile(r"(?<!\d)(20\d\d)-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](20\d\d)(?!\d)"), "dmy"),
    (re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日"), "ymd"),
    (
        re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*(?:năm\s*)?(20\d\d)", re.IGNORECASE),
        "dmy",
    ),
]


def dates_in(text: str) -> list[Suggestion]:
    out: dict[str, Suggestion] = {}
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                date = dt.date(year, month, day)
            except ValueError:
                if order == "dmy":  # 12/31/2025: month first
                    try:
                        date = dt.date(year, a, b)
                    except ValueError:
                        continue
                else:
                    continue
            out.setdefault(date.isoformat(), Suggestion("date", date.isoformat(), match.group(0)))
    return list(out.values())


def compounds_in(text: str, coordinates: list[Suggestion]) -> list[Suggestion]:
    """Compounds named in the text or near coordinates in it, from the compound registry
    (`seri.compounds.locate`, when it is installed)."""
    try:
        from seri.compounds import locate
    except ImportError:
        return []
    out: dict[int, Suggestion] = {}
    try:
        for match in locate.compounds_named_in(text, limit=5):
            out.setdefault(
                match.compound.pk,
                Suggestion(
                    "compound",
                    str(match.compound.public_id),
                    match.alias,
                    detail=f"{match.compound} ({round(match.score)}%)"
                    if match.score > 1
                    else f"{match.compound} ({round(match.score * 100)}%)",
                ),
            )
        for coordinate in coordinates:
            lat, lon = coordinate.extra["latitude"], coordinate.extra["longitude"]
            for compound, km in locate.compounds_near(lat, lon, radius_km=5.0)[:3]:
                out.setdefault(
                    compound.pk,
                    Suggestion(
                        "compound",
                        str(compound.public_id),
                        coordinate.text,
                        detail=f"{compound} ({km:.1f} km)",
                    ),
                )
    except (AttributeError, TypeError):  # the registry's interface is still being built
        return list(out.values())
    return list(out.values())


def suggest(text: str, *, language: str = "", nationality: str = "") -> list[Suggestion]:
    detected = detect_language(text)
    language = language or detected
    regions = [r for r in (nationality, LANGUAGE_REGIONS.get(language, "")) if r]
    nationalities = nationalities_in(text)
    regions += [s.value for s in nationalities]
    coordinates = coordinates_in(text)
    suggestions: list[Suggestion] = []
    if detected:
        suggestions.append(Suggestion("language", detected, ""))
    suggestions += phones_in(text, regions=list(dict.fromkeys(regions)))
    suggestions += coordinates
    suggestions += compounds_in(text, coordinates)
    suggestions += nationalities
    suggestions += ages_in(text)
    suggestions += dates_in(text)
    return suggestions


# --- urgency ------------------------------------------------------------------------------------

# Words that make a report more urgent (violence, injury, illness, a call for help), in each
# supported language. Lower case; matched as substrings (scripts without spaces need that).
URGENCY_WORDS = {
    3: [
        # violence
        "beaten",
        "beat ",
        "tortur",
        "electric",
        "shock",
        "rape",
        "kill",
        "gun ",
        "weapon",
        "bị đánh",
        "tra tấn",
        "chích điện",
        "giết",
        "hiếp",
        "被打",
        "殴打",
        "电击",
        "酷刑",
        "杀",
        "强奸",
        "វាយ",
        "ធ្វើទារុណកម្ម",
        "ឆក់",
        "សម្លាប់",
        "រំលោភ",
        "ทำร้าย",
        "ถูกตี",
        "ช็อตไฟฟ้า",
        "ทรมาน",
        "ฆ่า",
        "ข่มขืน",
        "dipukul",
        "disiksa",
        "disetrum",
        "dibunuh",
        "diperkosa",
        "ရိုက်",
        "နှိပ်စက်",
        "သတ်",
    ],
    2: [
        # injury, illness
        "injur",
        "hurt",
        "bleed",
        "sick",
        "ill ",
        "hospital",
        "pregnan",
        "suicide",
        "dying",
        "bị thương",
        "ốm",
        "bệnh",
        "chảy máu",
        "tự tử",
        "có thai",
        "受伤",
        "生病",
        "流血",
        "自杀",
        "医院",
        "怀孕",
        "របួស",
        "ឈឺ",
        "ហូរឈាម",
        "សម្លាប់ខ្លួន",
        "មានផ្ទៃពោះ",
        "บาดเจ็บ",
        "ป่วย",
        "เลือด",
        "ฆ่าตัวตาย",
        "ตั้งครรภ์",
        "terluka",
        "sakit",
        "berdarah",
        "bunuh diri",
        "hamil",
        "ဒဏ်ရာ",
        "ဖျား",
        "နာမကျန်း",
    ],
    1: [
        # help, held
        "help",
        "sos",
        "urgent",
        "locked",
        "trapped",
        "detained",
        "cannot leave",
        "passport",
        "cứu",
        "giúp",
        "khẩn cấp",
        "bị nhốt",
        "bị giữ",
        "救命",
        "帮助",
        "帮帮",
        "紧急",
        "被关",
        "护照",
        "ជួយ",
        "សង្គ្រោះ",
        "បន្ទាន់",
        "ឃុំ",
        "ช่วย",
        "ด่วน",
        "ถูกขัง",
        "หนังสือเดินทาง",
        "tolong",
        "bantu",
        "darurat",
        "dikurung",
        "disekap",
        "paspor",
        "ကူညီ",
        "အရေးပေါ်",
        "ပိတ်",
    ],
}


def urgency_of(text: str) -> tuple[int, list[str]]:
    """A score (higher is more urgent) and the words that gave it."""
    lowered = text.lower()
    score, words = 0, []
    for weight, vocabulary in URGENCY_WORDS.items():
        for word in vocabulary:
            if word in lowered:
                score += weight
                words.append(word.strip())
    return score, words
