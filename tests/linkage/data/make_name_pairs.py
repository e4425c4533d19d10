# ruff: noqa: E501 - rows of data, one pair per line
"""Writes name_pairs.tsv: labelled pairs of synthetic names across the region's scripts.

Run from the repository root: `python tests/linkage/data/make_name_pairs.py`. The spellings
below are written by hand from public naming conventions (Hanyu pinyin, Wade-Giles, the Hong
Kong government's Cantonese spellings, Hokkien family names of Singapore and Malaysia, the
spellings of Myanmar passports, Lao, Indian, Bangladeshi and Pakistani common spellings, Malay
and Filipino conventions); they do not come from Seri's own tables. Names are random
combinations of common name parts: synthetic, no real person's record.

Columns: the eight of `seri linkage score` (name, nationality, age, sex of each side), then
`same` (1 the same person, 0 different people), `family` (script family) and `kind` (what the
pair tests).
"""

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("name_pairs.tsv")
rng = random.Random(16)

# simplified, traditional, pinyin, Wade-Giles, Cantonese (HK), Hokkien
FAMILIES = [
    ("陈", "陳", "Chen", "Ch'en", "Chan", "Tan"),
    ("李", "李", "Li", "Li", "Lee", "Lee"),
    ("张", "張", "Zhang", "Chang", "Cheung", "Teo"),
    ("王", "王", "Wang", "Wang", "Wong", "Ong"),
    ("刘", "劉", "Liu", "Liu", "Lau", "Lau"),
    ("黄", "黃", "Huang", "Huang", "Wong", "Ng"),
    ("吴", "吳", "Wu", "Wu", "Ng", "Goh"),
    ("林", "林", "Lin", "Lin", "Lam", "Lim"),
    ("周", "周", "Zhou", "Chou", "Chow", "Chew"),
    ("郑", "鄭", "Zheng", "Cheng", "Cheng", "Tay"),
    ("梁", "梁", "Liang", "Liang", "Leung", "Neo"),
    ("谢", "謝", "Xie", "Hsieh", "Tse", "Chia"),
    ("许", "許", "Xu", "Hsu", "Hui", "Koh"),
    ("曾", "曾", "Zeng", "Tseng", "Tsang", "Chan"),
]
# simplified, traditional, pinyin, Wade-Giles, Cantonese (HK)
GIVEN = [
    ("伟", "偉", "wei", "wei", "wai"), ("明", "明", "ming", "ming", "ming"),
    ("华", "華", "hua", "hua", "wah"), ("强", "強", "qiang", "ch'iang", "keung"),
    ("家", "家", "jia", "chia", "ka"), ("豪", "豪", "hao", "hao", "ho"),
    ("志", "志", "zhi", "chih", "chi"), ("文", "文", "wen", "wen", "man"),
    ("丽", "麗", "li", "li", "lai"), ("芳", "芳", "fang", "fang", "fong"),
    ("美", "美", "mei", "mei", "mei"), ("玲", "玲", "ling", "ling", "ling"),
    ("国", "國", "guo", "kuo", "kwok"), ("俊", "俊", "jun", "chün", "chun"),
    ("欣", "欣", "xin", "hsin", "yan"), ("健", "健", "jian", "chien", "kin"),
    ("德", "德", "de", "te", "tak"), ("婷", "婷", "ting", "t'ing", "ting"),
    ("秀", "秀", "xiu", "hsiu", "sau"), ("辉", "輝", "hui", "hui", "fai"),
]  # fmt: skip

BURMESE = [
    ("အောင်", "Aung"), ("ကျော်", "Kyaw"), ("ဇော်", "Zaw"), ("မင်း", "Min"), ("ထက်", "Htet"),
    ("သန့်", "Thant"), ("လှိုင်", "Hlaing"), ("ငြိမ်း", "Nyein"), ("ဝင်း", "Win"),
    ("မြင့်", "Myint"), ("ထွန်း", "Tun"), ("စိုး", "Soe"), ("နိုင်", "Naing"), ("ခိုင်", "Khaing"),
    ("ဖြိုး", "Phyo"), ("မြတ်", "Myat"), ("သက်", "Thet"), ("ဇင်", "Zin"), ("သိန်း", "Thein"),
    ("တင်", "Tin"), ("ခင်", "Khin"), ("အေး", "Aye"), ("မိုး", "Moe"), ("ဟိန်း", "Hein"),
    ("ကြိုင်", "Kyaing"), ("လွင်", "Lwin"), ("ချစ်", "Chit"), ("ပြည့်", "Pyae"),
]  # fmt: skip
BURMESE_TITLES = {"M": [("ဦး", "U"), ("ကို", "Ko"), ("မောင်", "Maung")],
                  "F": [("ဒေါ်", "Daw"), ("မ", "Ma"), ("နော်", "Naw")]}  # fmt: skip

SCRIPT_POSITIVES = {
    "lao": ("LA", [
        ("ສົມສັກ ພົມມະຈັນ", "Somsak Phommachanh"), ("ບຸນມີ ສີສຸພັນ", "Bounmy Sisouphanh"),
        ("ພອນສະຫວັນ ໄຊຍະວົງ", "Phonsavanh Xayavong"), ("ແກ້ວ ສີສະຫວາດ", "Keo Sisavath"),
        ("ເພັດ ສຸລິຍະ", "Phet Souliya"), ("ຄຳພອນ ວົງສະຫວັນ", "Khamphone Vongsavanh"),
        ("ວິໄລ ມະນີ", "Vilay Many"), ("ຈັນທະວົງ ສົມສັກ", "Chanthavong Somsak"),
        ("ບົວ ພົມມະຈັນ", "Boua Phommachanh"), ("ສີສຸພັນ ມະນີ", "Sisouphan Manee"),
    ]),
    "devanagari": ("IN", [
        ("राजेश कुमार", "Rajesh Kumar"), ("सुनीता देवी", "Sunita Devi"),
        ("प्रिया शर्मा", "Priya Sharma"), ("अमित सिंह", "Amit Singh"),
        ("अनीता यादव", "Anita Yadav"), ("विकास गुप्ता", "Vikas Gupta"),
        ("पूजा वर्मा", "Pooja Verma"), ("सुरेश पटेल", "Suresh Patel"),
        ("मोहम्मद इक़बाल", "Mohammad Iqbal"), ("रवि शंकर", "Ravi Shankar"),
    ]),
    "bengali": ("BD", [
        ("রহিম উদ্দিন", "Rahim Uddin"), ("মোহাম্মদ আলী", "Mohammad Ali"),
        ("ফাতেমা বেগম", "Fatema Begum"), ("আবদুল করিম", "Abdul Karim"),
        ("সুমন হোসেন", "Suman Hossain"), ("নাসরিন আক্তার", "Nasrin Akter"),
        ("কামাল হাসান", "Kamal Hasan"), ("রুবিনা খাতুন", "Rubina Khatun"),
        ("জাহিদ ইসলাম", "Jahid Islam"), ("শাহানা পারভীন", "Shahana Parvin"),
    ]),
    "urdu": ("PK", [
        ("محمد علی", "Muhammad Ali"), ("محمد علی", "Mohammed Ali"), ("عائشہ بی بی", "Aisha Bibi"),
        ("عمران خان", "Imran Khan"), ("حسین احمد", "Hussain Ahmed"),
        ("فاطمہ بیگم", "Fatima Begum"), ("بلال اکرم", "Bilal Akram"),
        ("نعیم اختر", "Naeem Akhtar"), ("سلمان شاہ", "Salman Shah"),
        ("زینب نواز", "Zainab Nawaz"),
    ]),
}  # fmt: skip
SCRIPT_NEGATIVES = {
    "lao": [("ສົມສັກ ພົມມະຈັນ", "Somchai Phommachanh"), ("ບຸນມີ ສີສຸພັນ", "Bounthan Sisavath"),
            ("ແກ້ວ ສີສະຫວາດ", "Keo Vongsavanh"), ("ວິໄລ ມະນີ", "Vilayphone Xayavong")],
    "devanagari": [("राजेश कुमार", "Ramesh Kumar"), ("सुनीता देवी", "Anita Devi"),
                   ("प्रिया शर्मा", "Priya Verma"), ("अमित सिंह", "Sumit Singh")],
    "bengali": [("ফাতেমা বেগম", "Farida Begum"), ("রহিম উদ্দিন", "Karim Uddin"),
                ("সুমন হোসেন", "Sumon Ahmed"), ("নাসরিন আক্তার", "Nazma Akter")],
    "urdu": [("محمود علی", "Muhammad Ali"), ("محمد علی", "Ali Khan"),
             ("عمران خان", "Imran Ahmed"), ("فاطمہ بیگم", "Farah Begum")],
}  # fmt: skip

MALAY_FILIPINO = [  # (a, b, nationality, same)
    ("Mohd Faizal bin Ismail", "Muhammad Faizal Ismail", "MY", 1),
    ("Md. Rizal", "Mohammed Rizal", "MY", 1), ("Muh. Arif Hidayat", "Muhammad Arif Hidayat", "ID", 1),
    ("Moh. Rudi Santoso", "Mohamad Rudi Santoso", "ID", 1), ("M. Yusuf", "Muhammad Yusuf", "ID", 1),
    ("Siti Nur Haliza", "Siti Nurhaliza", "MY", 1), ("Nor Azlina binti Hassan", "Noor Azlina Hassan", "MY", 1),
    ("Abdul Rahman bin Yusof", "Abdulrahman Yusof", "MY", 1), ("Ahmed Zaki", "Ahmad Zaki", "MY", 1),
    ("Ma. Cristina Reyes", "Maria Cristina Reyes", "PH", 1), ("Juan dela Cruz", "Juan Delacruz", "PH", 1),
    ("Jose De La Cruz", "Jose dela Cruz", "PH", 1), ("Ramon Santos Jr.", "Ramon Santos", "PH", 1),
    ("Eduardo Garcia III", "Eduardo Garcia", "PH", 1), ("Sta. Maria Lopez", "Santa Maria Lopez", "PH", 1),
    ("Nurul Aini", "Nur Aini", "MY", 1), ("Mohamed Hafiz", "Muhammad Hafiz", "MY", 1),
    ("Ana Marie Dizon", "Anamarie Dizon", "PH", 1), ("Putri Ayu Lestari", "Putri Ayu Lestari", "ID", 1),
    ("Dewi Sartika", "Sartika Dewi", "ID", 1),
    ("Ahmad bin Ismail", "Ahmad bin Yusof", "MY", 0), ("Juan dela Cruz", "Juan dela Rosa", "PH", 0),
    ("Maria Santos", "Marites Santos", "PH", 0), ("Siti Aminah", "Siti Aisyah", "MY", 0),
    ("Mohd Faizal", "Mohd Fauzi", "MY", 0), ("Nur Haliza", "Nur Hamiza", "MY", 0),
    ("Abdul Rahman", "Abdul Rahim", "MY", 0), ("Ramon Reyes", "Ramil Reyes", "PH", 0),
    ("Agus Santoso", "Agus Setiawan", "ID", 0), ("Dewi Lestari", "Dewi Larasati", "ID", 0),
]  # fmt: skip
# Hokkien (and Teochew) names as Singapore, Malaysian and Taiwanese passports spell them: the
# family name in its dialect spelling and the given name read in Hokkien too (Boon for 文, Keng
# for 慶, Ah for 亞/阿, Kow for 九/狗, Hock for 福, Chye for 財, Geok for 玉, Siew for 秀).
HOKKIEN = [  # (characters, romanised, nationality, sex)
    ("陳文慶", "Tan Boon Keng", "SG", "M"), ("林金發", "Lim Kim Huat", "MY", "M"),
    ("黃亞九", "Ng Ah Kow", "SG", "M"), ("吳嘉和", "Goh Kah Hoe", "MY", "M"),
    ("王福財", "Ong Hock Chye", "SG", "M"), ("張順興", "Teo Soon Heng", "SG", "M"),
    ("李美玲", "Lee Bee Leng", "MY", "F"), ("鄭德發", "Tay Teck Huat", "SG", "M"),
    ("楊玉珠", "Yeo Geok Choo", "SG", "F"), ("許清泉", "Koh Cheng Chuan", "MY", "M"),
    ("蔡春花", "Chua Choon Hua", "SG", "F"), ("林志強", "Lim Chee Keong", "MY", "M"),
    ("陳瑞明", "Tan Swee Beng", "SG", "M"), ("黃金龍", "Wee Kim Leong", "SG", "M"),
    ("洪國良", "Ang Kok Leong", "MY", "M"), ("吳秀英", "Goh Siew Eng", "SG", "F"),
    ("蘇文華", "Soh Boon Hua", "SG", "M"), ("莊水生", "Chng Chwee Seng", "SG", "M"),
    ("林惠珍", "Lim Hui Tin", "MY", "F"), ("沈麗雲", "Sim Lay Hoon", "SG", "F"),
    ("方添財", "Png Thiam Chye", "SG", "M"), ("柯龍興", "Kua Liong Heng", "MY", "M"),
    ("陈文庆", "Boon Keng Tan", "SG", "M"), ("吴亚狗", "Goh Ah Kow", "MY", "M"),
    ("郑玉珠", "Tay Geok-Choo", "MY", "F"), ("陳金發", "Tan Kimhuat", "SG", "M"),
    ("郭明輝", "Kok Beng Hui", "TW", "M"),
]  # fmt: skip
HOKKIEN_NEGATIVES = [  # (characters, romanised, sex and age of each, kind)
    ("林文慶", "Tan Boon Keng", "different family name, same given name"),
    ("吳嘉和", "Ong Kah Hoe", "different family name, same given name"),
    ("陳瑞明", "Lim Swee Beng", "different family name, same given name"),
    ("黃亞九", "Goh Ah Kow", "different family name, same given name"),
    ("李美玲", "Lim Bee Leng", "different family name, same given name"),
    ("張順興", "Tay Soon Heng", "different family name, same given name"),
    ("陳文慶", "Tan Boon Kiat", "same family name, other given name"),
    ("林金發", "Lim Kim Hock", "same family name, other given name"),
    ("王福財", "Ong Hock Seng", "same family name, other given name"),
    ("楊玉珠", "Yeo Geok Lan", "same family name, other given name"),
    ("李美玲", "Lee Bee Lian", "near spelling, other name"),
    ("蔡春花", "Chua Choon Hui", "near spelling, other name"),
    ("林志強", "Lim Chee Kiong", "same name, far ages"),
    ("陳文慶", "Tan Boon Keng", "same name, other sex"),
]  # fmt: skip
MAINLAND = [  # Vietnamese, Thai, Khmer
    ("Nguyễn Thị Hoa", "Nguyen Thi Hoa", "VN", 1), ("Nguyễn Thị Hoa", "Hoa Nguyen", "VN", 1),
    ("Trần Văn Minh", "Minh Tran", "VN", 1), ("Lê Thị Thu Hằng", "Le Thi Thu Hang", "VN", 1),
    ("Phạm Quốc Bảo", "Pham Quoc Bao", "VN", 1), ("Đặng Văn Đức", "Dang Van Duc", "VN", 1),
    ("สมชาย ใจดี", "Somchai Jaidee", "TH", 1), ("สมศักดิ์ สุขใจ", "Somsak Sukjai", "TH", 1),
    ("มาลี ศรีสุข", "Malee Srisuk", "TH", 1), ("សុខ ចាន់", "Sok Chan", "KH", 1),
    ("ចាន់ ដារ៉ា", "Chan Dara", "KH", 1), ("សុខ ពិសី", "Sok Pisey", "KH", 1),
    ("Nguyễn Thị Hoa", "Nguyen Thi Hoai", "VN", 0), ("Trần Văn Minh", "Tran Van Manh", "VN", 0),
    ("Lê Thị Lan", "Le Thi Lien", "VN", 0), ("Phạm Văn Nam", "Pham Van Lam", "VN", 0),
    ("สมชาย ใจดี", "Somsak Jaidee", "TH", 0), ("มาลี ศรีสุข", "Mali Sriwong", "TH", 0),
    ("សុខ ចាន់", "Sok Dara", "KH", 0), ("ចាន់ ដារ៉ា", "Chan Sophea", "KH", 0),
]  # fmt: skip


def row(a, nat_a, age_a, sex_a, b, nat_b, age_b, sex_b, same, family, kind):
    return [a, nat_a, age_a, sex_a, b, nat_b, age_b, sex_b, same, family, kind]


def person_age() -> int:
    return rng.randint(18, 45)


def chinese_rows() -> list[list]:
    rows = []
    used = set()
    while len(rows) < 70:
        fam = rng.choice(FAMILIES)
        given = rng.sample(GIVEN, rng.choice([1, 2, 2]))
        key = (fam[0], tuple(g[0] for g in given))
        if key in used:
            continue
        used.add(key)
        simp = fam[0] + "".join(g[0] for g in given)
        trad = fam[1] + "".join(g[1] for g in given)
        age, sex = person_age(), rng.choice("MF")
        pinyin_given = "".join(g[2] for g in given).capitalize()
        wg_given = "-".join(g[3] for g in given).capitalize()
        canto_given = " ".join(g[4].capitalize() for g in given)
        kind = len(rows) % 7
        if kind == 0:
            rows.append(
                row(
                    simp,
                    "CN",
                    age,
                    sex,
                    f"{fam[2]} {pinyin_given}",
                    "CN",
                    age + 1,
                    sex,
                    1,
                    "chinese",
                    "pinyin",
                )
            )
        elif kind == 1:
            rows.append(
                row(
                    trad,
                    "HK",
                    age,
                    sex,
                    f"{fam[4]} {canto_given}",
                    "HK",
                    age,
                    sex,
                    1,
                    "chinese",
                    "cantonese",
                )
            )
        elif kind == 2:
            rows.append(
                row(
                    trad,
                    "TW",
                    age,
                    sex,
                    f"{fam[3]} {wg_given}",
                    "TW",
                    age,
                    sex,
                    1,
                    "chinese",
                    "wade-giles",
                )
            )
        elif kind == 3:
            rows.append(
                row(
                    simp,
                    "MY",
                    age,
                    sex,
                    f"{fam[5]} {' '.join(g[2].capitalize() for g in given)}",
                    "MY",
                    age,
                    sex,
                    1,
                    "chinese",
                    "hokkien family name",
                )
            )
        elif kind == 4:
            rows.append(
                row(
                    trad,
                    "CN",
                    age,
                    sex,
                    simp,
                    "CN",
                    age,
                    sex,
                    1,
                    "chinese",
                    "traditional and simplified",
                )
            )
        elif kind == 5:
            other = rng.choice([f for f in FAMILIES if f[0] != fam[0] and f[2] != fam[2]])
            rows.append(
                row(
                    simp,
                    "CN",
                    age,
                    sex,
                    other[0] + simp[len(fam[0]) :],
                    "CN",
                    age,
                    sex,
                    0,
                    "chinese",
                    "different family name, same given name",
                )
            )
        else:
            other_given = rng.sample([g for g in GIVEN if g not in given], len(given))
            rows.append(
                row(
                    simp,
                    "CN",
                    age,
                    sex,
                    fam[0] + "".join(g[0] for g in other_given),
                    "CN",
                    age,
                    sex,
                    0,
                    "chinese",
                    "same family name, other given name",
                )
            )
    # same name, other sex or far ages; near spellings of different names
    for fam, g1, g2 in [
        (FAMILIES[2], GIVEN[0], GIVEN[7]),
        (FAMILIES[3], GIVEN[1], GIVEN[0]),
        (FAMILIES[0], GIVEN[4], GIVEN[5]),
    ]:
        rows.append(
            row(
                fam[0] + g1[0],
                "CN",
                30,
                "M",
                f"{fam[2]} {g1[2].capitalize()}",
                "CN",
                30,
                "F",
                0,
                "chinese",
                "same name, other sex",
            )
        )
        rows.append(
            row(
                fam[0] + g1[0],
                "CN",
                24,
                "M",
                f"{fam[2]} {g1[2].capitalize()}",
                "CN",
                58,
                "M",
                0,
                "chinese",
                "same name, far ages",
            )
        )
        rows.append(
            row(
                f"{fam[2]} {g1[2].capitalize()}",
                "CN",
                30,
                "M",
                f"{fam[2]} {g2[2].capitalize()}",
                "CN",
                30,
                "M",
                0,
                "chinese",
                "near spelling, other name",
            )
        )
    return rows  # fmt: skip


def burmese_rows() -> list[list]:
    rows = []
    for i in range(24):
        sex = "M" if i % 2 else "F"
        parts = rng.sample(BURMESE, rng.choice([2, 2, 3]))
        script = "".join(p[0] for p in parts)
        latin = " ".join(p[1] for p in parts)
        age = person_age()
        if i % 3 == 0:
            title_script, _title_latin = rng.choice(BURMESE_TITLES[sex])
            rows.append(
                row(
                    title_script + script,
                    "MM",
                    age,
                    sex,
                    latin,
                    "MM",
                    age,
                    sex,
                    1,
                    "burmese",
                    "title and name",
                )
            )
        elif i % 3 == 1:
            rows.append(
                row(
                    script,
                    "MM",
                    age,
                    sex,
                    latin,
                    "MM",
                    age + 1,
                    sex,
                    1,
                    "burmese",
                    "script and spelling",
                )
            )
        else:
            other = rng.sample([p for p in BURMESE if p not in parts], len(parts))
            mixed = [parts[0], *other[1:]]
            rows.append(
                row(
                    script,
                    "MM",
                    age,
                    sex,
                    " ".join(p[1] for p in mixed),
                    "MM",
                    age,
                    sex,
                    0,
                    "burmese",
                    "first syllable in common",
                )
            )
    for a, b in [("အောင်ကျော်", "Kyaw Aung"), ("ဇော်မင်း", "Min Zaw"), ("ဝင်းနိုင်", "Naing Win")]:
        rows.append(
            row(a, "MM", 30, "M", b, "MM", 30, "M", 0, "burmese", "syllables in another order")
        )
    for a, b in [("အောင်ကျော်", "Aung Kyaw"), ("သန့်ဇင်", "Thant Zin")]:
        rows.append(row(a, "MM", 25, "M", b, "MM", 60, "M", 0, "burmese", "same name, far ages"))
    return rows  # fmt: skip


def hokkien_rows() -> list[list]:
    rows = []
    for han, latin, nationality, sex in HOKKIEN:
        age = person_age()
        rows.append(
            row(han, nationality, age, sex, latin, nationality, age, sex, 1, "hokkien",
                "hokkien reading")
        )  # fmt: skip
    for han, latin, kind in HOKKIEN_NEGATIVES:
        age, other_age = 30, 30
        sex, other_sex = "M", "M"
        if kind == "same name, far ages":
            age, other_age = 24, 58
        if kind == "same name, other sex":
            other_sex = "F"
        rows.append(row(han, "SG", age, sex, latin, "SG", other_age, other_sex, 0, "hokkien", kind))
    return rows


# Korean, Japanese, the scripts of South India, Punjab, Gujarat, Odisha and Sri Lanka, and
# Cyrillic (issue 16, names in scripts the first set did not have). Spellings written by hand
# from the conventions: Revised Romanization and McCune-Reischauer (with breves or without), the
# usual spellings of Korean family names (Lee, Park, Choi, Jung); Hepburn and Kunrei romaji with
# long vowels as o, ō, ou, oh; the common Latin spellings of Tamil, Telugu, Kannada, Malayalam,
# Punjabi, Gujarati, Oriya and Sinhala names; Russian and Ukrainian names as passports (ICAO Doc
# 9303), BGN/PCGN and GOST write them. Names are combinations of common name parts.
SPELLED = {  # family: [(a, b, nationality, same, kind)]
    "korean": [
        ("김민준", "Kim Min-jun", "KR", 1, "revised romanization"),
        ("김민준", "Minjun Kim", "KR", 1, "family name last, joined"),
        ("이서연", "Lee Seo-yeon", "KR", 1, "revised romanization"),
        ("이서연", "Yi Sŏyŏn", "KR", 1, "mccune-reischauer"),
        ("박지훈", "Park Ji-hoon", "KR", 1, "passport spelling"),
        ("박지훈", "Pak Chihun", "KR", 1, "mccune-reischauer"),
        ("최수빈", "Choi Su-bin", "KR", 1, "passport spelling"),
        ("최수빈", "Choe Su Bin", "KR", 1, "revised romanization, spaced"),
        ("정하늘", "Jung Ha-neul", "KR", 1, "passport spelling"),
        ("정하늘", "Chŏng Ha-nŭl", "KR", 1, "mccune-reischauer"),
        ("강동현", "Kang Dong-hyun", "KR", 1, "passport spelling"),
        ("조현우", "Cho Hyun Woo", "KR", 1, "passport spelling"),
        ("윤서준", "Yoon Seo-joon", "KR", 1, "passport spelling"),
        ("장민서", "Jang Minseo", "KR", 1, "revised romanization"),
        ("임지은", "Lim Ji-eun", "KR", 1, "passport spelling"),
        ("한예린", "Han Ye-rin", "KR", 1, "revised romanization"),
        ("오승민", "Oh Seung-min", "KR", 1, "passport spelling"),
        ("신유진", "Shin Yu-jin", "KR", 1, "passport spelling"),
        ("권도윤", "Kwon Do-yun", "KR", 1, "passport spelling"),
        ("황민재", "Hwang Min-jae", "KR", 1, "revised romanization"),
        ("안수아", "Ahn Su-ah", "KR", 1, "passport spelling"),
        ("류하은", "Ryu Ha-eun", "KR", 1, "passport spelling"),
        ("홍성민", "Hong Sung Min", "KR", 1, "passport spelling"),
        ("김영수", "Kim Young-soo", "KR", 1, "passport spelling"),
        ("남궁민수", "Namgoong Min-su", "KR", 1, "family name of two syllables"),
        ("김민준", "Lee Min-jun", "KR", 0, "different family name, same given name"),
        ("박지훈", "Choi Ji-hoon", "KR", 0, "different family name, same given name"),
        ("정하늘", "Kang Ha-neul", "KR", 0, "different family name, same given name"),
        ("윤서준", "Jang Seo-joon", "KR", 0, "different family name, same given name"),
        ("김민준", "Kim Min-seok", "KR", 0, "same family name, other given name"),
        ("최수빈", "Choi Su-jin", "KR", 0, "same family name, other given name"),
        ("박지훈", "Park Ji-hyun", "KR", 0, "near spelling, other name"),
        ("강동현", "Kang Dong-hoon", "KR", 0, "near spelling, other name"),
        ("김민준", "Kim Jun-min", "KR", 0, "syllables in another order"),
        ("김민준", "Kim Min-jun", "KR", 0, "same name, other sex"),
        ("이서연", "Lee Seo-yeon", "KR", 0, "same name, far ages"),
    ],
    "japanese": [
        ("田中 太郎", "Tanaka Taro", "JP", 1, "kanji, hepburn"),
        ("田中太郎", "Taro Tanaka", "JP", 1, "kanji, given name first"),
        ("佐藤 花子", "Sato Hanako", "JP", 1, "kanji, long vowel unmarked"),
        ("佐藤花子", "Satoh Hanako", "JP", 1, "kanji, long vowel oh"),
        ("佐藤 花子", "Satō Hanako", "JP", 1, "kanji, macron"),
        ("鈴木 一郎", "Suzuki Ichiro", "JP", 1, "kanji, hepburn"),
        ("高橋 裕子", "Takahashi Yuko", "JP", 1, "kanji, one of two readings"),
        ("高橋 裕子", "Takahashi Hiroko", "JP", 1, "kanji, one of two readings"),
        ("伊藤 健", "Itoh Takeshi", "JP", 1, "kanji, long vowel oh"),
        ("渡辺 直樹", "Watanabe Naoki", "JP", 1, "kanji, hepburn"),
        ("山本 美咲", "Yamamoto Misaki", "JP", 1, "kanji, hepburn"),
        ("中村 大輔", "Nakamura Daisuke", "JP", 1, "kanji, hepburn"),
        ("小林 翔太", "Kobayashi Shouta", "JP", 1, "kanji, long vowel ou"),
        ("加藤 陽子", "Kato Yoko", "JP", 1, "kanji, hepburn"),
        ("吉田 拓也", "Yoshida Takuya", "JP", 1, "kanji, hepburn"),
        ("山田 恵子", "Yamada Keiko", "JP", 1, "kanji, hepburn"),
        ("松本 亮", "Matsumoto Ryo", "JP", 1, "kanji, hepburn"),
        ("木村 健太", "Kimura Kenta", "JP", 1, "kanji, hepburn"),
        ("山口浩二", "Koji Yamaguchi", "JP", 1, "kanji, given name first"),
        ("たなか たろう", "Tanaka Taro", "JP", 1, "hiragana"),
        ("サトウ ユキ", "Sato Yuki", "JP", 1, "katakana"),
        ("すずき しょうた", "Suzuki Syota", "JP", 1, "hiragana, kunrei"),
        ("やまだ けいこ", "Yamada Keiko", "JP", 1, "hiragana"),
        ("田中 さくら", "Tanaka Sakura", "JP", 1, "kanji and hiragana"),
        ("キム ミンジュン", "Kim Minjun", "JP", 1, "katakana, a foreign name"),
        ("マリア サントス", "Maria Santos", "JP", 1, "katakana, a foreign name"),
        ("マリア サントス", "Marta Santos", "JP", 0, "near spelling, other name"),
        ("田中 太郎", "Yamada Taro", "JP", 0, "different family name, same given name"),
        ("佐藤 花子", "Kato Hanako", "JP", 0, "different family name, same given name"),
        ("鈴木 一郎", "Suzuki Jiro", "JP", 0, "same family name, other given name"),
        ("高橋 裕子", "Takahashi Yoko", "JP", 0, "near spelling, other name"),
        ("さとう ゆうき", "Saito Yuki", "JP", 0, "near spelling, other name"),
        ("中村 大輔", "Nakamura Daisuke", "JP", 0, "same name, far ages"),
        ("山田 恵子", "Yamada Keiko", "JP", 0, "same name, other sex"),
    ],
    "south-indian-sinhala": [
        ("முருகன் செல்வம்", "Murugan Selvam", "IN", 1, "tamil"),
        ("சுப்பிரமணியன்", "Subramanian", "IN", 1, "tamil"),
        ("கார்த்திக் ராஜா", "Karthik Raja", "IN", 1, "tamil"),
        ("கிருஷ்ணன் ராமசாமி", "Krishnan Ramasamy", "IN", 1, "tamil"),
        ("சரவணன் கணேஷ்", "Saravanan Ganesh", "IN", 1, "tamil"),
        ("லக்ஷ்மி நாராயணன்", "Lakshmi Narayanan", "IN", 1, "tamil"),
        ("வெங்கட ரமணா", "Venkata Ramana", "IN", 1, "tamil"),
        ("వెంకట రమణ", "Venkata Ramana", "IN", 1, "telugu"),
        ("శ్రీనివాస రావు", "Srinivasa Rao", "IN", 1, "telugu"),
        ("సురేష్ రెడ్డి", "Suresh Reddy", "IN", 1, "telugu"),
        ("ಅನಿಲ್ ಕುಮಾರ್", "Anil Kumar", "IN", 1, "kannada"),
        ("ದೀಪಾ ರಾವ್", "Deepa Rao", "IN", 1, "kannada"),
        ("ಪ್ರಕಾಶ್ ಹೆಗ್ಡೆ", "Prakash Hegde", "IN", 1, "kannada"),
        ("മനു തോമസ്", "Manu Thomas", "IN", 1, "malayalam"),
        ("ശ്രീജിത്ത് മേനോൻ", "Sreejith Menon", "IN", 1, "malayalam"),
        ("അനിത നായർ", "Anitha Nair", "IN", 1, "malayalam"),
        ("කමල් පෙරේරා", "Kamal Perera", "LK", 1, "sinhala"),
        ("නිමල් සිල්වා", "Nimal Silva", "LK", 1, "sinhala"),
        ("චමිලා ජයසිංහ", "Chamila Jayasinghe", "LK", 1, "sinhala"),
        ("දිලිනි රත්නායක", "Dilini Rathnayake", "LK", 1, "sinhala"),
        ("முருகன் செல்வம்", "Murugan Selvaraj", "IN", 0, "same first name, other name"),
        ("கார்த்திக் ராஜா", "Karthik Raman", "IN", 0, "same first name, other name"),
        ("వెంకట రమణ", "Venkata Ravi", "IN", 0, "same first name, other name"),
        ("ಅನಿಲ್ ಕುಮಾರ್", "Sunil Kumar", "IN", 0, "near spelling, other name"),
        ("කමල් පෙරේරා", "Kamala Perera", "LK", 0, "near spelling, other name"),
        ("කමල් පෙරේරා", "Kamal Fernando", "LK", 0, "different family name, same given name"),
        ("අනිත නායර්", "Anitha Pillai", "LK", 0, "different family name, same given name"),
        ("மனு தோமஸ்", "Manu Thomas", "IN", 0, "same name, far ages"),
    ],
    "punjabi-gujarati-oriya": [
        ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Harpreet Singh", "IN", 1, "gurmukhi"),
        ("ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "Gurpreet Kaur", "IN", 1, "gurmukhi"),
        ("ਮਨਜੀਤ ਸਿੰਘ", "Manjeet Singh", "IN", 1, "gurmukhi"),
        ("ਜਸਵਿੰਦਰ ਕੌਰ", "Jaswinder Kaur", "IN", 1, "gurmukhi"),
        ("ਅਮਨਦੀਪ ਸਿੰਘ", "Amandeep Singh", "IN", 1, "gurmukhi"),
        ("ગીતા પટેલ", "Geeta Patel", "IN", 1, "gujarati"),
        ("ગીતા પટેલ", "Gita Patel", "IN", 1, "gujarati"),
        ("રાજેશ શાહ", "Rajesh Shah", "IN", 1, "gujarati"),
        ("નીલા દેસાઈ", "Neela Desai", "IN", 1, "gujarati"),
        ("ଅନିଲ କୁମାର", "Anil Kumar", "IN", 1, "oriya"),
        ("ସୁନୀତା ଦାସ", "Sunita Das", "IN", 1, "oriya"),
        ("ପ୍ରିୟଙ୍କା ମହାପାତ୍ର", "Priyanka Mohapatra", "IN", 1, "oriya"),
        ("ସୁରେଶ ପଣ୍ଡା", "Suresh Panda", "IN", 1, "oriya"),
        ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Gurpreet Singh", "IN", 0, "near spelling, other name"),
        ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Harjeet Singh", "IN", 0, "near spelling, other name"),
        ("ਮਨਜੀਤ ਸਿੰਘ", "Manjeet Kaur", "IN", 0, "same name, other sex"),
        ("ગીતા પટેલ", "Geeta Shah", "IN", 0, "different family name, same given name"),
        ("રાજેશ શાહ", "Rakesh Shah", "IN", 0, "near spelling, other name"),
        ("ସୁନୀତା ଦାସ", "Sunita Panda", "IN", 0, "different family name, same given name"),
        ("ଅନିଲ କୁମାର", "Anil Kumar", "IN", 0, "same name, far ages"),
    ],
    "cyrillic": [
        ("Иван Петров", "Ivan Petrov", "RU", 1, "passport"),
        ("Александр Щербаков", "Aleksandr Shcherbakov", "RU", 1, "bgn/pcgn"),
        ("Александр Щербаков", "Alexander Shcherbakov", "RU", 1, "usual spelling"),
        ("Юлия Журавлёва", "Yulia Zhuravleva", "RU", 1, "usual spelling, ё as e"),
        ("Юлия Журавлёва", "Iuliia Zhuravleva", "RU", 1, "passport (icao 9303)"),
        ("Юлия Журавлёва", "Yuliya Zhuravlyova", "RU", 1, "bgn/pcgn"),
        ("Дмитрий Иванов", "Dmitry Ivanov", "RU", 1, "usual spelling"),
        ("Дмитрий Иванов", "Dmitrii Ivanov", "RU", 1, "passport (icao 9303)"),
        ("Наталья Ковалёва", "Natalya Kovaleva", "UA", 1, "bgn/pcgn, ё as e"),
        ("Олена Шевченко", "Olena Shevchenko", "UA", 1, "ukrainian"),
        ("Сергей Смирнов", "Sergei Smirnov", "RU", 1, "usual spelling"),
        ("Евгений Козлов", "Yevgeniy Kozlov", "RU", 1, "bgn/pcgn"),
        ("Евгений Козлов", "Evgenii Kozlov", "RU", 1, "passport (icao 9303)"),
        ("Ксения Соколова", "Kseniya Sokolova", "RU", 1, "bgn/pcgn"),
        ("Алексей Фёдоров", "Alexey Fyodorov", "RU", 1, "usual spelling"),
        ("Айгерим Нурланова", "Aigerim Nurlanova", "KZ", 1, "kazakh name"),
        ("Петров Иван Сергеевич", "Ivan Petrov", "RU", 1, "patronymic left out"),
        ("Иван Петров", "Ivan Popov", "RU", 0, "different family name, same given name"),
        ("Сергей Смирнов", "Sergei Sokolov", "RU", 0, "different family name, same given name"),
        ("Наталья Ковалёва", "Natalya Kovalenko", "UA", 0, "near spelling, other name"),
        ("Дмитрий Иванов", "Dmitry Ivanova", "RU", 0, "near spelling, other name"),
        ("Юлия Журавлёва", "Yulia Zhuravleva", "RU", 0, "same name, far ages"),
        ("Евгений Козлов", "Yevgeniy Kozlov", "RU", 0, "same name, other sex"),
    ],
    "arabic": [
        ("محمد علي", "Mohammed Ali", "EG", 1, "arabic"),
        ("أحمد حسن", "Ahmed Hassan", "EG", 1, "arabic"),
        ("عبد الرحمن يوسف", "Abdul Rahman Youssef", "EG", 1, "article with the word before"),
        ("عبد الرحمن يوسف", "Abdelrahman Yousef", "SY", 1, "article joined"),
        ("نور الدين خليل", "Nour Eldin Khalil", "EG", 1, "article assimilated"),
        ("مصطفى إبراهيم", "Mostafa Ibrahim", "EG", 1, "final alif maqsura"),
        ("فاطمة الزهراء", "Fatima Zahra", "MA", 1, "article dropped"),
        ("خالد عبد الله", "Khaled Abdullah", "JO", 1, "arabic"),
        ("ياسمين حسين", "Yasmeen Hussein", "SY", 1, "arabic"),
        ("هشام عمر", "Hesham Omar", "EG", 1, "arabic"),
        ("محمد علي", "Mahmoud Ali", "EG", 0, "near spelling, other name"),
        ("أحمد حسن", "Ahmed Hussein", "EG", 0, "near spelling, other name"),
        ("خالد عبد الله", "Khaled Abdelaziz", "JO", 0, "same first name, other name"),
        ("هشام عمر", "Hesham Omar", "EG", 0, "same name, far ages"),
        ("ياسمين حسين", "Yasmeen Khalil", "SY", 0, "different family name, same given name"),
        # added 4 Dec: Pakistani spellings of Urdu names, Egyptian g for ج, initial hamza;
        # different names with the same consonants (Hamad and Ahmad, Tariq Mahmood and Muhammad)
        ("جمال حسن", "Gamal Hassan", "EG", 1, "egyptian g for jim"),
        ("إبراهيم يوسف", "Ibrahim Youssef", "EG", 1, "initial hamza"),
        ("طارق محمود", "Tariq Mahmood", "PK", 1, "urdu"),
        ("شاہد حسین", "Shahid Hussain", "PK", 1, "urdu"),
        ("سعید احمد", "Saeed Ahmad", "PK", 1, "urdu"),
        ("محمد عمر", "Muhammad Umar", "PK", 1, "urdu, initial ain"),
        ("علی رضا", "Ali Raza", "PK", 1, "urdu, initial ain"),
        ("حمد علي", "Ahmad Ali", "AE", 0, "near spelling, other name"),
        ("طارق محمود", "Tariq Muhammad", "PK", 0, "near spelling, other name"),
        ("حسن علی", "Hussain Ali", "PK", 0, "near spelling, other name"),
        ("سعید احمد", "Saad Ahmad", "PK", 0, "near spelling, other name"),
        ("شاہد حسین", "Shahid Hassan", "PK", 0, "different family name, same given name"),
        ("شاہد حسین", "Sajid Hussain", "PK", 0, "near spelling, other name"),
    ],
    "ethiopic-hebrew": [
        ("አበበ ከበደ", "Abebe Kebede", "ET", 1, "amharic"),
        ("ትግስት ሃይሉ", "Tigist Hailu", "ET", 1, "amharic, sixth form"),
        ("ሰላም ተስፋዬ", "Selam Tesfaye", "ER", 1, "tigrinya"),
        ("ዮሐንስ ብርሃን", "Yohannes Berhane", "ET", 1, "amharic"),
        ("ፀሐይ ገብሩ", "Tsehay Gebru", "ET", 1, "amharic"),
        ("דוד כהן", "David Cohen", "IL", 1, "hebrew"),
        ("שרה לוי", "Sarah Levi", "IL", 1, "hebrew"),
        ("יוסף מזרחי", "Yosef Mizrahi", "IL", 1, "hebrew"),
        ("מרים פרץ", "Miriam Peretz", "IL", 1, "hebrew"),
        ("ትግስት ሃይሉ", "Tigist Haile", "ET", 0, "different family name, same given name"),
        ("አበበ ከበደ", "Abebe Bekele", "ET", 0, "different family name, same given name"),
        ("ሰላም ተስፋዬ", "Selam Tesfaye", "ER", 0, "same name, far ages"),
        ("דוד כהן", "David Katz", "IL", 0, "different family name, same given name"),
        ("שרה לוי", "Sara Levin", "IL", 0, "near spelling, other name"),
        # added 4 Dec: ח as ch, כ as ch, פ as f, ב as v, א and ע where a vowel is said
        ("רחל כהן", "Rachel Cohen", "IL", 1, "hebrew, het as ch"),
        ("מיכאל לוי", "Michael Levi", "IL", 1, "hebrew, kaf as ch"),
        ("חיים פרידמן", "Chaim Friedman", "IL", 1, "hebrew, pe as f"),
        ("אברהם לוי", "Avraham Levi", "IL", 1, "hebrew, bet as v"),
        ("יעקב כץ", "Yaakov Katz", "IL", 1, "hebrew, ayin"),
        ("רחל כהן", "Rachel Katz", "IL", 0, "different family name, same given name"),
        ("חיים פרידמן", "Chaim Feldman", "IL", 0, "different family name, same given name"),
        ("אברהם לוי", "Avraham Levin", "IL", 0, "near spelling, other name"),
    ],
    # English and European names transcribed into Thai script (the Royal Institute's rules for
    # foreign words and the spellings of Thai newspapers: ์ over a letter not said, ล for l,
    # ร for r, ว for v and w) and into katakana (the gairaigo conventions: ー for a long
    # vowel, ッ before a doubled consonant, バ or ヴ for v, ラ行 for l and r, u or o after a
    # consonant with no vowel of its own); the Latin side as the person writes it.
    # Korean names in hanja (as on a family register or an older identity card) against the
    # Latin and Hangul spellings: each character's Korean reading, the initial-sound rule at the
    # start of the family and given name (李 이, 柳 유 or 류, 林 임, 盧 노, 羅 나), the family
    # names read otherwise than the character (金 김, 沈 심)
    "korean-hanja": [
        ("金民俊", "Kim Min-jun", "KR", 1, "hanja, passport spelling"),
        ("金民俊", "김민준", "KR", 1, "hanja and hangul"),
        ("李瑞妍", "Lee Seo-yeon", "KR", 1, "hanja, initial-sound rule"),
        ("李瑞妍", "이서연", "KR", 1, "hanja and hangul"),
        ("朴智勳", "Park Ji-hoon", "KR", 1, "hanja, passport spelling"),
        ("崔秀彬", "Choe Su-bin", "KR", 1, "hanja, revised romanization"),
        ("鄭夏恩", "Jung Ha-eun", "KR", 1, "hanja, passport spelling"),
        ("黃美香", "Hwang Mi-hyang", "KR", 1, "hanja"),
        ("柳夏恩", "Ryu Ha-eun", "KR", 1, "hanja, family name as written"),
        ("柳夏恩", "Yoo Ha-eun", "KR", 1, "hanja, initial-sound rule"),
        ("姜東賢", "Kang Dong-hyun", "KR", 1, "hanja"),
        ("尹瑞俊", "Yoon Seo-joon", "KR", 1, "hanja"),
        ("林智恩", "Lim Ji-eun", "KR", 1, "hanja"),
        ("南宮民秀", "Namgoong Min-su", "KR", 1, "hanja, family name of two syllables"),
        ("趙賢宇", "Cho Hyun-woo", "KR", 1, "hanja"),
        ("申惟眞", "Shin Yu-jin", "KR", 1, "hanja, a character outside gb 2312 and big5"),
        ("沈秀彬", "Shim Su-bin", "KR", 1, "hanja, family name read otherwise"),
        ("盧敏浩", "Noh Min-ho", "KR", 1, "hanja, initial-sound rule"),
        ("金民俊", "Lee Min-jun", "KR", 0, "different family name, same given name"),
        ("朴智勳", "Choi Ji-hoon", "KR", 0, "different family name, same given name"),
        ("金民俊", "이민준", "KR", 0, "different family name, same given name"),
        ("金民俊", "Kim Min-seok", "KR", 0, "same family name, other given name"),
        ("金民俊", "Kim Jun-min", "KR", 0, "syllables in another order"),
        ("黃美香", "Hwang Mi-hyun", "KR", 0, "near spelling, other name"),
        ("姜東賢", "Kang Dong-hoon", "KR", 0, "near spelling, other name"),
        ("李瑞妍", "Lee Seo-yeon", "KR", 0, "same name, far ages"),
        ("金民俊", "Kim Min-jun", "KR", 0, "same name, other sex"),
    ],
    "thai-katakana-foreign": [
        ("ไมเคิล จอห์นสัน", "Michael Johnson", "TH", 1, "thai transcription"),
        ("วิลเลียม สมิธ", "William Smith", "TH", 1, "thai transcription"),
        ("เอลิซาเบธ เทย์เลอร์", "Elizabeth Taylor", "TH", 1, "thai transcription, silent ย์ ร์"),
        ("โรเบิร์ต บราวน์", "Robert Brown", "TH", 1, "thai transcription, silent ร์ น์"),
        ("ปีเตอร์ วิลสัน", "Peter Wilson", "TH", 1, "thai transcription"),
        ("จอร์จ แฮร์ริส", "George Harris", "TH", 1, "thai transcription"),
        ("แอนดรูว์ คลาร์ก", "Andrew Clark", "TH", 1, "thai transcription"),
        ("แดเนียล วอล์คเกอร์", "Daniel Walker", "TH", 1, "thai transcription, silent ล์"),
        ("แคทเธอรีน ไวต์", "Catherine White", "TH", 1, "thai transcription"),
        ("ริชาร์ด แอนเดอร์สัน", "Richard Anderson", "TH", 1, "thai transcription"),
        ("สตีเวน สก็อตต์", "Steven Scott", "TH", 1, "thai transcription"),
        ("ชาร์ลส์ อดัมส์", "Charles Adams", "TH", 1, "thai transcription, final ส์"),
        ("มาเรีย การ์เซีย", "Maria Garcia", "TH", 1, "thai transcription, spanish name"),
        ("เจมส์ ฮอลล์", "James Hall", "TH", 1, "thai transcription, final ส์"),
        ("คริสโตเฟอร์ ลี", "Christopher Lee", "TH", 1, "thai transcription"),
        ("เจนนิเฟอร์ กรีน", "Jennifer Green", "TH", 1, "thai transcription"),
        ("เดวิด มิลเลอร์", "David Miller", "TH", 1, "thai transcription, ว for v"),
        ("สมิธ", "Smith", "TH", 1, "thai transcription, one word"),
        ("マイケル・ジョンソン", "Michael Johnson", "JP", 1, "katakana transcription"),
        ("ジョン・スミス", "John Smith", "JP", 1, "katakana transcription"),
        ("デイビッド", "David", "JP", 1, "katakana transcription, b for v"),
        ("ウィリアム・スミス", "William Smith", "JP", 1, "katakana transcription"),
        ("ロバート・ブラウン", "Robert Brown", "JP", 1, "katakana transcription, long vowel"),
        ("トーマス・ミラー", "Thomas Miller", "JP", 1, "katakana transcription"),
        ("ダニエル・ウォーカー", "Daniel Walker", "JP", 1, "katakana transcription"),
        ("キャサリン・ホワイト", "Catherine White", "JP", 1, "katakana transcription"),
        ("スティーブン・スコット", "Steven Scott", "JP", 1, "katakana transcription, ッ"),
        ("チャールズ・アダムズ", "Charles Adams", "JP", 1, "katakana transcription"),
        ("ホセ・ロドリゲス", "Jose Rodriguez", "JP", 1, "katakana transcription, spanish name"),
        ("デヴィッド・ルイス", "David Lewis", "JP", 1, "katakana transcription, ヴ for v"),
        ("ヴィクトリア・ヤング", "Victoria Young", "JP", 1, "katakana transcription"),
        ("エミリー・ムーア", "Emily Moore", "JP", 1, "katakana transcription"),
        ("ハンス・ミュラー", "Hans Muller", "JP", 1, "katakana transcription, german name"),
        ("ピエール・デュポン", "Pierre Dupont", "JP", 1, "katakana transcription, french name"),
        ("イワン・ペトロフ", "Ivan Petrov", "JP", 1, "katakana transcription, russian name"),
        (
            "ソフィア・ウィリアムズ",
            "Joseph Williams",
            "JP",
            0,
            "same family name, other given name",
        ),
        ("ไมเคิล จอห์นสัน", "Michael Jackson", "TH", 0, "different family name, same given name"),
        ("เดวิด มิลเลอร์", "David Moore", "TH", 0, "different family name, same given name"),
        ("ジョン・スミス", "John Brown", "JP", 0, "different family name, same given name"),
        ("ピーター・ウィルソン", "Peter Watson", "JP", 0, "different family name, same given name"),
        ("ローラ・ベイカー", "Laura Parker", "JP", 0, "different family name, same given name"),
        ("ไมค์ จอห์นสัน", "Mark Johnson", "TH", 0, "same family name, other given name"),
        ("จอห์น สมิธ", "Jane Smith", "TH", 0, "same family name, other given name"),
        ("แอนนา สมิธ", "Ian Smith", "TH", 0, "same family name, other given name"),
        ("เดวิด มิลเลอร์", "Daniel Miller", "TH", 0, "same family name, other given name"),
        ("マーク・スミス", "Mike Smith", "JP", 0, "same family name, other given name"),
        ("ジェームズ・ホール", "James Hill", "JP", 0, "near spelling, other name"),
        ("ローラ・ベイカー", "Lara Baker", "JP", 0, "near spelling, other name"),
        ("โรเบิร์ต บราวน์", "Robert Brand", "TH", 0, "near spelling, other name"),
        ("สมใจ ใจดี", "Somchai Jaidee", "TH", 0, "thai name, other given name"),
        ("ไมเคิล จอห์นสัน", "Michael Johnson", "TH", 0, "same name, other sex"),
        ("マイケル・ジョンソン", "Michael Johnson", "JP", 0, "same name, far ages"),
    ],
}


def spelled_rows() -> list[list]:
    rows = []
    for family, pairs in SPELLED.items():
        for a, b, nationality, same, kind in pairs:
            age, other_age, sex, other_sex = 30, 30, "M", "M"
            if kind == "same name, far ages":
                other_age = 62
            if kind == "same name, other sex":
                other_sex = "F"
            rows.append(
                row(a, nationality, age, sex, b, nationality, other_age, other_sex, same,
                    family, kind)
            )  # fmt: skip
    return rows


def main() -> None:
    rows = chinese_rows() + burmese_rows()
    for family, (nationality, pairs) in SCRIPT_POSITIVES.items():
        for a, b in pairs:
            age = person_age()
            rows.append(
                row(
                    a,
                    nationality,
                    age,
                    "",
                    b,
                    nationality,
                    age,
                    "",
                    1,
                    family,
                    "script and spelling",
                )
            )
        for a, b in SCRIPT_NEGATIVES[family]:
            age = person_age()
            rows.append(
                row(a, nationality, age, "", b, nationality, age, "", 0, family, "other name")
            )
    for a, b, nationality, same in MALAY_FILIPINO:
        age = person_age()
        rows.append(
            row(
                a,
                nationality,
                age,
                "",
                b,
                nationality,
                age,
                "",
                same,
                "malay-filipino",
                "convention" if same else "other name",
            )
        )
    for a, b, nationality, same in MAINLAND:
        age = person_age()
        rows.append(
            row(
                a,
                nationality,
                age,
                "",
                b,
                nationality,
                age,
                "",
                same,
                "vietnamese-thai-khmer",
                "script and spelling" if same else "near spelling, other name",
            )
        )
    rows += hokkien_rows()
    rows += spelled_rows()
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["name_a", "nationality_a", "age_a", "sex_a", "name_b", "nationality_b",
                         "age_b", "sex_b", "same", "family", "kind"])  # fmt: skip
        writer.writerows(rows)
    print(f"{len(rows)} pairs written to {OUT}")


if __name__ == "__main__":
    main()
