"""Synthetic people for the demo: names, phone numbers and accounts that look real enough to
work with and are plainly made up.

Names are drawn from small fixed lists of common given and family names, so that no record
describes a real person, and the name shown first always ends in "(demo)". The other forms of a
name (romanised, without diacritics) carry no marker, so that matching across scripts can be
tried on them. Phone numbers are each country's example mobile number from `phonenumbers`
with other last digits, kept only if still valid.
"""

import datetime as dt
import random
from dataclasses import dataclass

import phonenumbers

from seri.core.vocabularies import Gender, Platform

DEMO_MARK = "(demo)"


@dataclass(frozen=True)
class Part:
    native: str
    latin: str


def _parts(*pairs: tuple[str, str]) -> tuple[Part, ...]:
    return tuple(Part(native, latin) for native, latin in pairs)


def _latin(*names: str) -> tuple[Part, ...]:
    return tuple(Part(name, name) for name in names)


@dataclass(frozen=True)
class NameStyle:
    """How a nationality's names are put together: family name first or last, and whether
    the native script separates its parts with spaces (Chinese and Burmese do not)."""

    family: tuple[Part, ...]
    given_m: tuple[Part, ...]
    given_f: tuple[Part, ...]
    middle_m: tuple[Part, ...] = ()
    middle_f: tuple[Part, ...] = ()
    family_first: bool = True
    native_spaces: bool = True
    given_parts: int = 1  # Burmese names are several given parts and no family name


STYLES: dict[str, NameStyle] = {
    "VN": NameStyle(
        family=_parts(
            ("Nguyễn", "Nguyen"),
            ("Trần", "Tran"),
            ("Lê", "Le"),
            ("Phạm", "Pham"),
            ("Hoàng", "Hoang"),
            ("Vũ", "Vu"),
            ("Đặng", "Dang"),
            ("Bùi", "Bui"),
        ),
        middle_m=_parts(("Văn", "Van"), ("Đức", "Duc"), ("Minh", "Minh"), ("Quốc", "Quoc")),
        middle_f=_parts(("Thị", "Thi"), ("Ngọc", "Ngoc"), ("Thu", "Thu"), ("Mỹ", "My")),
        given_m=_parts(
            ("An", "An"),
            ("Bình", "Binh"),
            ("Dũng", "Dung"),
            ("Hải", "Hai"),
            ("Hùng", "Hung"),
            ("Tuấn", "Tuan"),
            ("Long", "Long"),
            ("Phúc", "Phuc"),
        ),
        given_f=_parts(
            ("Lan", "Lan"),
            ("Hoa", "Hoa"),
            ("Mai", "Mai"),
            ("Hương", "Huong"),
            ("Linh", "Linh"),
            ("Trang", "Trang"),
            ("Thảo", "Thao"),
            ("Ngân", "Ngan"),
        ),
    ),
    "CN": NameStyle(
        family=_parts(
            ("王", "Wang"),
            ("李", "Li"),
            ("张", "Zhang"),
            ("刘", "Liu"),
            ("陈", "Chen"),
            ("杨", "Yang"),
            ("黄", "Huang"),
            ("赵", "Zhao"),
            ("吴", "Wu"),
            ("周", "Zhou"),
        ),
        given_m=_parts(
            ("伟", "Wei"),
            ("强", "Qiang"),
            ("磊", "Lei"),
            ("军", "Jun"),
            ("勇", "Yong"),
            ("杰", "Jie"),
            ("涛", "Tao"),
            ("浩", "Hao"),
            ("志强", "Zhiqiang"),
            ("建华", "Jianhua"),
            ("晓明", "Xiaoming"),
            ("俊杰", "Junjie"),
        ),
        given_f=_parts(
            ("芳", "Fang"),
            ("娜", "Na"),
            ("敏", "Min"),
            ("静", "Jing"),
            ("丽", "Li"),
            ("艳", "Yan"),
            ("婷", "Ting"),
            ("雪", "Xue"),
            ("海燕", "Haiyan"),
            ("秀英", "Xiuying"),
            ("丽娟", "Lijuan"),
            ("晓红", "Xiaohong"),
        ),
        native_spaces=False,
    ),
    "TW": NameStyle(
        family=_parts(
            ("陳", "Chen"),
            ("林", "Lin"),
            ("黃", "Huang"),
            ("張", "Chang"),
            ("李", "Lee"),
            ("王", "Wang"),
            ("吳", "Wu"),
            ("劉", "Liu"),
        ),
        given_m=_parts(
            ("志明", "Chih-ming"),
            ("家豪", "Chia-hao"),
            ("俊傑", "Chun-chieh"),
            ("建宏", "Chien-hung"),
            ("冠宇", "Kuan-yu"),
            ("承恩", "Cheng-en"),
        ),
        given_f=_parts(
            ("怡君", "Yi-chun"),
            ("淑芬", "Shu-fen"),
            ("雅婷", "Ya-ting"),
            ("美玲", "Mei-ling"),
            ("佳穎", "Chia-ying"),
            ("欣怡", "Hsin-yi"),
        ),
        native_spaces=False,
    ),
    "TH": NameStyle(
        family=_parts(
            ("ใจดี", "Jaidee"),
            ("ศรีสุข", "Srisuk"),
            ("แก้วมณี", "Kaewmanee"),
            ("บุญมา", "Boonma"),
            ("ทองดี", "Thongdee"),
            ("สุขสวัสดิ์", "Suksawat"),
        ),
        given_m=_parts(
            ("สมชาย", "Somchai"),
            ("ประเสริฐ", "Prasert"),
            ("อนุชา", "Anucha"),
            ("วิชัย", "Wichai"),
            ("ธนากร", "Thanakorn"),
            ("สุรชัย", "Surachai"),
        ),
        given_f=_parts(
            ("สมหญิง", "Somying"),
            ("มาลี", "Malee"),
            ("ณัฐธิดา", "Natthida"),
            ("สุดารัตน์", "Sudarat"),
            ("กาญจนา", "Kanchana"),
            ("พรทิพย์", "Porntip"),
        ),
        family_first=False,
    ),
    "KH": NameStyle(
        family=_parts(
            ("សុខ", "Sok"),
            ("ចាន់", "Chan"),
            ("ហេង", "Heng"),
            ("គឹម", "Kim"),
            ("មាស", "Meas"),
            ("ឈឹម", "Chhim"),
        ),
        given_m=_parts(
            ("ដារ៉ា", "Dara"),
            ("វិចិត្រ", "Vichet"),
            ("សុផល", "Sophal"),
            ("ពិសិដ្ឋ", "Piseth"),
            ("វណ្ណា", "Vanna"),
            ("រដ្ឋា", "Rotha"),
        ),
        given_f=_parts(
            ("សុភា", "Sophea"),
            ("បុប្ផា", "Bopha"),
            ("ស្រីមុំ", "Sreymom"),
            ("ចាន់ធី", "Chanthy"),
            ("រតនា", "Ratana"),
            ("ស្រីនាង", "Sreyneang"),
        ),
    ),
    "MM": NameStyle(
        family=(),
        given_m=_parts(
            ("အောင်", "Aung"),
            ("ကျော်", "Kyaw"),
            ("မင်း", "Min"),
            ("ထွန်း", "Htun"),
            ("ဇော်", "Zaw"),
            ("ဝင်း", "Win"),
            ("နိုင်", "Naing"),
            ("ထက်", "Htet"),
        ),
        given_f=_parts(
            ("ခင်", "Khin"),
            ("မြ", "Mya"),
            ("နွယ်", "Nwe"),
            ("စု", "Su"),
            ("ဖြူ", "Phyu"),
            ("အေး", "Aye"),
            ("မေ", "May"),
            ("သီရိ", "Thiri"),
        ),
        native_spaces=False,
        given_parts=3,
    ),
    "BD": NameStyle(
        family=_parts(
            ("হোসেন", "Hossain"),
            ("ইসলাম", "Islam"),
            ("আহমেদ", "Ahmed"),
            ("রহমান", "Rahman"),
            ("চৌধুরী", "Chowdhury"),
        ),
        given_m=_parts(
            ("রহিম", "Rahim"),
            ("করিম", "Karim"),
            ("সাকিব", "Sakib"),
            ("তানভীর", "Tanvir"),
            ("রাশেদ", "Rashed"),
        ),
        given_f=_parts(
            ("ফাতেমা", "Fatema"),
            ("নাসরিন", "Nasrin"),
            ("সুমাইয়া", "Sumaiya"),
            ("শারমিন", "Sharmin"),
            ("রুমানা", "Rumana"),
        ),
        family_first=False,
    ),
    "PK": NameStyle(
        family=_parts(
            ("خان", "Khan"),
            ("احمد", "Ahmed"),
            ("ملک", "Malik"),
            ("شیخ", "Sheikh"),
            ("قریشی", "Qureshi"),
        ),
        given_m=_parts(
            ("علی", "Ali"),
            ("عمران", "Imran"),
            ("بلال", "Bilal"),
            ("حمزہ", "Hamza"),
            ("عثمان", "Usman"),
        ),
        given_f=_parts(
            ("عائشہ", "Ayesha"),
            ("فاطمہ", "Fatima"),
            ("ثنا", "Sana"),
            ("مریم", "Maryam"),
            ("حنا", "Hina"),
        ),
        family_first=False,
    ),
    "ID": NameStyle(
        family=_latin("Santoso", "Wijaya", "Saputra", "Hidayat", "Lestari", "Rahayu"),
        given_m=_latin("Budi", "Agus", "Rizky", "Dedi", "Andi", "Eko"),
        given_f=_latin("Siti", "Dewi", "Putri", "Rina", "Ayu", "Wulan"),
        family_first=False,
    ),
    "PH": NameStyle(
        family=_latin("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz"),
        given_m=_latin("Juan Carlo", "Mark Anthony", "Jose Miguel", "Rodel", "Jerome"),
        given_f=_latin("Maria Cristina", "Mary Joy", "Jasmine", "Rowena", "Kristine"),
        family_first=False,
    ),
    "KE": NameStyle(
        family=_latin("Otieno", "Kamau", "Mwangi", "Ochieng", "Njoroge", "Kiptoo", "Wafula"),
        given_m=_latin("Brian", "Kevin", "Dennis", "Collins", "Victor"),
        given_f=_latin("Faith", "Mercy", "Caroline", "Ivy", "Sharon"),
        family_first=False,
    ),
}

# Malay names are a given name and the father's name joined by bin / binti.
_MALAY_GIVEN_M = ("Ahmad Faiz", "Mohd Hafiz", "Muhammad Amirul", "Azlan", "Hakim")
_MALAY_GIVEN_F = ("Nurul Aina", "Siti Aisyah", "Nur Farah", "Aida", "Syafiqah")
_MALAY_FATHERS = ("Ismail", "Razak", "Hassan", "Yusof", "Ibrahim")


@dataclass(frozen=True)
class Nationality:
    country: str
    weight: int  # rough share of the people reported from this country
    languages: tuple[str, ...]
    report_language: str  # the language accounts from family usually arrive in
    platforms: tuple[str, ...]  # where recruiters reached them


# Rough regional proportions of the people reported trapped in Cambodian compounds in 2021-22.
NATIONALITIES: tuple[Nationality, ...] = (
    Nationality("VN", 20, ("vi",), "vi", (Platform.FACEBOOK, Platform.TELEGRAM, Platform.TIKTOK)),
    Nationality("CN", 18, ("zh",), "zh", (Platform.WECHAT, Platform.TELEGRAM, Platform.QQ)),
    Nationality("TH", 12, ("th",), "th", (Platform.FACEBOOK, Platform.LINE, Platform.TIKTOK)),
    Nationality("ID", 10, ("id",), "en", (Platform.FACEBOOK, Platform.WHATSAPP)),
    Nationality("KH", 8, ("km",), "km", (Platform.FACEBOOK, Platform.TELEGRAM)),
    Nationality("MY", 6, ("ms", "en"), "en", (Platform.FACEBOOK, Platform.WHATSAPP)),
    Nationality("PH", 6, ("tl", "en"), "en", (Platform.FACEBOOK, Platform.INSTAGRAM)),
    Nationality("MM", 5, ("my",), "en", (Platform.FACEBOOK, Platform.VIBER)),
    Nationality("TW", 4, ("zh",), "zh", (Platform.LINE, Platform.FACEBOOK)),
    Nationality("KE", 3, ("sw", "en"), "en", (Platform.FACEBOOK, Platform.WHATSAPP)),
    Nationality("BD", 3, ("bn",), "en", (Platform.FACEBOOK, Platform.WHATSAPP)),
    Nationality("PK", 2, ("ur", "en"), "en", (Platform.FACEBOOK, Platform.WHATSAPP)),
)


@dataclass(frozen=True)
class SyntheticName:
    native: str  # the name as written at home, e.g. 张伟, Nguyễn Thị Lan, สมชาย ใจดี
    latin: str  # romanised, without diacritics: Zhang Wei, Nguyen Thi Lan, Somchai Jaidee

    @property
    def shown(self) -> str:
        """The form listed first, which pages show: plainly marked as made up."""
        return f"{self.native} {DEMO_MARK}"


def synthetic_name(rng: random.Random, country: str, gender: str) -> SyntheticName:
    feminine = gender == Gender.FEMININE
    if country == "MY":
        given = rng.choice(_MALAY_GIVEN_F if feminine else _MALAY_GIVEN_M)
        link = "binti" if feminine else "bin"
        name = f"{given} {link} {rng.choice(_MALAY_FATHERS)}"
        return SyntheticName(native=name, latin=name)
    style = STYLES[country]
    pool = style.given_f if feminine else style.given_m
    given_names = rng.sample(pool, style.given_parts)
    middles = style.middle_f if feminine else style.middle_m
    middle = [rng.choice(middles)] if middles else []
    family = [rng.choice(style.family)] if style.family else []
    parts = family + middle + given_names if style.family_first else given_names + middle + family
    sep = " " if style.native_spaces else ""
    return SyntheticName(
        native=sep.join(p.native for p in parts),
        latin=" ".join(p.latin for p in parts),
    )


_PHONE_STYLES = (
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
)


def synthetic_phone(
    rng: random.Random, region: str, used: set[str], *, international: bool = False
) -> str:
    """A valid mobile number of `region`, as a person might write it, not given out before.

    Starts from the example number `phonenumbers` ships for the region and varies its last
    four digits, so that it stays in a valid range."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        raise ValueError(f"phonenumbers has no example mobile number for region {region!r}")
    digits = str(example.national_number)
    for _attempt in range(50):
        tail = f"{rng.randrange(10_000):04d}"
        number = phonenumbers.PhoneNumber(
            country_code=example.country_code, national_number=int(digits[:-4] + tail)
        )
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 in used or not phonenumbers.is_valid_number(number):
            continue
        used.add(e164)
        style = (
            phonenumbers.PhoneNumberFormat.INTERNATIONAL
            if international
            else rng.choice(_PHONE_STYLES)
        )
        return phonenumbers.format_number(number, style)
    raise RuntimeError(f"no more synthetic phone numbers for {region}")


def synthetic_age(rng: random.Random) -> int:
    # Mostly young adults; a few minors, as in the accounts of the statement's period.
    return rng.randint(15, 17) if rng.random() < 0.04 else rng.randint(18, 42)


def birth_date_for_age(rng: random.Random, age: int, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=age * 365 + rng.randrange(365))
