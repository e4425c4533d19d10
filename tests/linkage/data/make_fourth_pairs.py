"""Write fourth_pairs.tsv: an independent labelled set of name pairs, for measuring only.

Written from public romanisation standards and naming conventions, without reference to
the matcher's code, its tests or the other pair files. Every name is synthetic: common
given and family names put together, not any real person.

Each entry is (family, name_a, name_b, nationality, sex, same[, flag]).

- sex is "M" or "F", or "MF"/"FM" when the two records differ.
- same is 1 for one person written two ways, 0 for two different people.
- flag, for different pairs only, says what makes them a trap:
  "fam"  different family name, same given name
  "sex"  same name, other sex (sex is then "MF" or "FM")
  "far"  same name, ages 25 or more years apart
  "near" near spelling of another name
  "rev"  given-name syllables in the other order

Run: python tests/linkage/data/make_fourth_pairs.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20250404
OUT = Path(__file__).with_name("fourth_pairs.tsv")

HEADER = [
    "name_a",
    "nationality_a",
    "age_a",
    "sex_a",
    "name_b",
    "nationality_b",
    "age_b",
    "sex_b",
    "same",
    "family",
    "kind",
]

KINDS = {
    "fam": "different family name, same given name",
    "sex": "same name, other sex",
    "far": "same name, far ages",
    "near": "near spelling, other name",
    "rev": "given syllables reversed",
}

# Burmese in Zawgyi encoding: "Aung Min Htun" (ေအာင္မင္းထြန္း), written with escapes so the
# legacy code points are exact: e-vowel first, U+1039 as asat, U+103C as medial wa.
ZAWGYI_AUNG_MIN_HTUN = (
    "\u1031\u1021\u102c\u1004\u1039"  # ေအာင္  aung
    "\u1019\u1004\u1039\u1038"  # မင္း  min
    "\u1011\u103c\u1014\u1039\u1038"  # ထြန္း  htun
)

PAIRS: list[tuple[str, ...]] = [
    # ---- Thai: Thai script vs RTGS / passport spellings --------------------------------
    ("thai", "ประเสริฐ วงศ์สวัสดิ์", "Prasert Wongsawad", "TH", "M", "1"),
    ("thai", "สุภาพร แก้วมณี", "Suphaphon Kaeomani", "TH", "F", "1"),  # RTGS
    ("thai", "Supaporn Kaewmanee", "Suphaphon Kaeomani", "TH", "F", "1"),  # -porn/-phon
    ("thai", "วีระพงษ์ ทองคำ", "Veerapong Thongkam", "TH", "M", "1"),  # ว as v
    ("thai", "สมพร บุญมา", "Somphon Bunma", "TH", "M", "1"),  # final ร as n, u for ุ
    ("thai", "วิชัย พรหมมา", "Vichay Phromma", "TH", "M", "1"),  # -chai as -chay
    ("thai", "ธนพล เกษมสุข", "Tanapol Kasemsuk", "TH", "M", "1"),  # RTGS Thanaphon
    ("thai", "วรากร แสงทอง", "Warakon Saengthong", "TH", "M", "1"),  # final ร as n
    ("thai", "กิตติพงษ์ สุวรรณรัตน์", "Kittipong Rattanawong", "TH", "M", "0", "fam"),
    ("thai", "สมพร บุญมา", "Somporn Boonma", "TH", "MF", "0", "sex"),
    ("thai", "Chaiwat Srisuk", "Chaiwut Srisuk", "TH", "M", "0", "near"),  # ชัยวัฒน์/ชัยวุฒิ
    # ---- Lao: Lao script vs passport spellings -------------------------------------------
    ("lao", "ສຸກສະຫວັນ ພົມມະຈັນ", "Souksavanh Phommachanh", "LA", "M", "1"),
    ("lao", "Souksavanh Phommachanh", "Suksavan Phommachan", "LA", "M", "1"),  # ou/u, -vanh
    ("lao", "ບຸນມີ ໄຊຍະວົງ", "Bounmy Xayavong", "LA", "M", "1"),
    ("lao", "Xaysana Inthavong", "Saisana Inthavong", "LA", "M", "1"),  # ຊ as x/s
    ("lao", "Phetsamone Vongsavath", "Petsamone Vongsavat", "LA", "F", "1"),  # ph/p
    ("lao", "Phonsavanh Sisouphanh", "Phonsavath Sisouphanh", "LA", "M", "0", "near"),
    ("lao", "Bounmy Xayavong", "Bounmy Xayavong", "LA", "M", "0", "far"),
    # ---- Khmer: family name first; Khmer script vs passport/UNGEGN ---------------------
    ("khmer", "ជា សុផល", "Chea Sophal", "KH", "M", "1"),
    ("khmer", "Chea Sophal", "Sophal Chea", "KH", "M", "1"),  # order swapped
    ("khmer", "គីម ស្រីមុំ", "Kim Sreymom", "KH", "F", "1"),
    ("khmer", "កែវ សុធា", "Keo Sothea", "KH", "F", "1"),
    ("khmer", "Mao Sovannara", "Mao Sovanara", "KH", "M", "1"),
    ("khmer", "Heng Vanna", "Heng Vannak", "KH", "M", "0", "near"),  # វណ្ណា / វណ្ណៈ
    # ---- Burmese: no family names; honorifics; Unicode and Zawgyi ---------------------
    ("burmese", "ကျော်ဇင်ထွန်း", "U Kyaw Zin Htun", "MM", "M", "1"),
    ("burmese", "ခင်မြတ်နိုး", "Daw Khin Myat Noe", "MM", "F", "1"),
    ("burmese", "ဇော်မင်းဦး", "Ko Zaw Min Oo", "MM", "M", "1"),
    ("burmese", "Ma Thin Thin Aye", "Thin Thin Aye", "MM", "F", "1"),
    ("burmese", "Mg Thet Naing", "Maung Thet Naing", "MM", "M", "1"),
    ("burmese", "Naw Eh Paw", "Eh Paw", "MM", "F", "1"),  # Karen female honorific
    ("burmese", "Sai Tun Aung", "Sai Htun Aung", "MM", "M", "1"),  # Shan; ထွန်း tun/htun
    ("burmese", ZAWGYI_AUNG_MIN_HTUN, "Aung Min Htun", "MM", "M", "1"),
    ("burmese", ZAWGYI_AUNG_MIN_HTUN, "အောင်မင်းထွန်း", "MM", "M", "1"),  # Zawgyi/Unicode
    ("burmese", "Zaw Min Oo", "Min Zaw Oo", "MM", "M", "0", "rev"),
    ("burmese", "Khin Myat Noe", "Khin Myat Mon", "MM", "F", "0", "near"),
    ("burmese", "Nyein Chan Aung", "Nyein Chan Aung", "MM", "MF", "0", "sex"),
    ("burmese", "ကျော်ဇင်ထွန်း", "Kyaw Zin Htun", "MM", "M", "0", "far"),
    # ---- Vietnamese: diacritics, order, Thị/Văn ----------------------------------------
    ("vietnamese", "Trần Thị Ngọc Ánh", "Tran Thi Ngoc Anh", "VN", "F", "1"),
    ("vietnamese", "Phạm Văn Đức", "Duc Van Pham", "VN", "M", "1"),  # Western order
    ("vietnamese", "Võ Thị Kim Liên", "Vo Kim Lien", "VN", "F", "1"),  # Thị dropped
    ("vietnamese", "Huỳnh Minh Tâm", "Minh Tam Huynh", "VN", "M", "1"),
    ("vietnamese", "Bùi Thị Hồng Nhung", "Hong Nhung Bui", "VN", "F", "1"),
    ("vietnamese", "Đỗ Thanh Tùng", "DO THANH TUNG", "VN", "M", "1"),
    ("vietnamese", "Đinh Văn Hải", "Đoàn Văn Hải", "VN", "M", "0", "fam"),
    ("vietnamese", "Do Thanh Tung", "Do Thanh Tu", "VN", "M", "0", "near"),
    ("vietnamese", "Trần Thị Ngọc Ánh", "Trần Thị Ánh Ngọc", "VN", "F", "0", "rev"),
    ("vietnamese", "Le Minh Khoa", "Le Khoa Minh", "VN", "M", "0", "rev"),
    # ---- Chinese: simplified/traditional, pinyin, Wade-Giles, dialect romanisations ---
    ("chinese", "陈建华", "陳建華", "CN", "M", "1"),
    ("chinese", "陳建華", "Chen Jianhua", "CN", "M", "1"),
    ("chinese", "张志强", "Zhiqiang Zhang", "CN", "M", "1"),  # given name first
    ("chinese", "張偉強", "Chang Wei-chiang", "TW", "M", "1"),  # Wade-Giles
    ("chinese", "許嘉欣", "Hsu Chia-hsin", "TW", "F", "1"),  # Wade-Giles
    ("chinese", "陳家豪", "Chan Ka Ho", "HK", "M", "1"),  # Cantonese
    ("chinese", "黃詠詩", "Wong Wing Sze", "HK", "F", "1"),
    ("chinese", "Vincent Leung Chi Wai", "梁志偉", "HK", "M", "1"),  # Western + Chinese
    ("chinese", "陈文发", "Tan Boon Huat", "MY", "M", "1"),  # Hokkien
    ("chinese", "黄秀英", "Ng Siew Eng", "SG", "F", "1"),  # Hokkien/Teochew Ng for 黄
    ("chinese", "张国良", "Chong Kok Leong", "MY", "M", "1"),  # Hakka/Cantonese Chong
    ("chinese", "林志强", "Lim Chee Keong", "SG", "M", "1"),  # Hokkien
    ("chinese", "王志偉", "黃志偉", "HK", "M", "0", "fam"),  # both Wong in Cantonese
    ("chinese", "张建国", "章建国", "CN", "M", "0", "fam"),  # both Zhang in pinyin
    ("chinese", "许丽娟", "徐丽娟", "CN", "F", "0", "fam"),  # both Xu in pinyin
    ("chinese", "陈伟明", "陈明伟", "CN", "M", "0", "rev"),
    ("chinese", "Zhou Jianguo", "Zhou Guojian", "CN", "M", "0", "rev"),
    ("chinese", "Zhang Weiqiang", "Zhang Weigang", "CN", "M", "0", "near"),
    ("chinese", "陈静", "陈静", "CN", "MF", "0", "sex"),
    ("chinese", "刘海涛", "Liu Haitao", "CN", "M", "0", "far"),
    # ---- Korean: Hangul vs RR, McCune-Reischauer, passport, North Korean --------------
    ("korean", "최영수", "Choi Young-soo", "KR", "M", "1"),  # RR Choe Yeongsu
    ("korean", "Jung Hye-jin", "Chŏng Hye-jin", "KR", "F", "1"),  # McCune-Reischauer
    ("korean", "강동현", "Kang Dong-hyun", "KR", "M", "1"),
    ("korean", "Gang Donghyeon", "Kang Dong-hyun", "KR", "M", "1"),  # RR vs passport
    ("korean", "리영철", "Ri Yong Chol", "KP", "M", "1"),  # North Korean
    ("korean", "조명희", "Jo Myong Hui", "KP", "F", "1"),
    ("korean", "송민석", "Song Minsŏk", "KR", "M", "1"),  # McCune-Reischauer
    ("korean", "정혜진", "장혜진", "KR", "F", "0", "fam"),
    ("korean", "윤서영", "윤영서", "KR", "F", "0", "rev"),
    ("korean", "Choi Young-soo", "Choi Young-woo", "KR", "M", "0", "near"),
    ("korean", "강동현", "Kang Dong-hyun", "KR", "M", "0", "far"),
    # ---- Japanese: Hepburn with/without long vowels, order, kana ----------------------
    ("japanese", "高橋優子", "Yuko Takahashi", "JP", "F", "1"),
    ("japanese", "Ohno Shota", "Shōta Ōno", "JP", "M", "1"),
    ("japanese", "大野翔太", "Shota Ono", "JP", "M", "1"),
    ("japanese", "中村浩二", "Nakamura Kōji", "JP", "M", "1"),
    ("japanese", "キムラ ケンタ", "Kenta Kimura", "JP", "M", "1"),
    ("japanese", "Yuko Takahashi", "Yuko Takayama", "JP", "F", "0", "fam"),
    ("japanese", "Yuki Matsumoto", "Yuki Matsumoto", "JP", "FM", "0", "sex"),
    # ---- Indonesian: single names, old spellings ----------------------------------------
    ("indonesian", "Sutrisno", "Soetrisno", "ID", "M", "1"),
    ("indonesian", "Djoko Purwanto", "Joko Purwanto", "ID", "M", "1"),
    ("indonesian", "Tjahjono Hadi", "Cahyono Hadi", "ID", "M", "1"),
    ("indonesian", "Soeparmi", "Suparmi", "ID", "F", "1"),
    ("indonesian", "Suparmi", "Suparni", "ID", "F", "0", "near"),
    # ---- Malay: bin/binti, Mohd/Muhammad/Md, Nor/Noor/Nur -------------------------------
    ("malay", "Mohd Faizal bin Abdullah", "Muhammad Faizal Abdullah", "MY", "M", "1"),
    ("malay", "Nur Aisyah binti Ahmad", "Noor Aishah Ahmad", "MY", "F", "1"),
    ("malay", "Md Rizal bin Hassan", "Mohamad Rizal Hasan", "MY", "M", "1"),
    ("malay", "Nor Azlina binti Ismail", "Nur Azlina Ismail", "MY", "F", "1"),
    ("malay", "Mohd Faizal bin Abdullah", "Mohd Faizal bin Ibrahim", "MY", "M", "0", "fam"),
    ("malay", "Nor Azlina binti Ismail", "Nor Azliza binti Ismail", "MY", "F", "0", "near"),
    # ---- Malaysian / Singaporean Indian: a/l, a/p, s/o, d/o -----------------------------
    ("malaysian_indian", "Ravi a/l Subramaniam", "Ravi Subramaniam", "MY", "M", "1"),
    ("malaysian_indian", "Kavitha a/p Muniandy", "Kavitha Muniandy", "MY", "F", "1"),
    ("malaysian_indian", "Suresh s/o Krishnan", "Suresh a/l Krishnan", "SG", "M", "1"),
    ("malaysian_indian", "Devi a/p Rajendran", "Devi d/o Rajendran", "MY", "F", "1"),
    (
        "malaysian_indian",
        "Ravi a/l Subramaniam",
        "Ravi a/l Muthusamy",
        "MY",
        "M",
        "0",
        "fam",
    ),
    # ---- Filipino: Ma., dela/de la, Jr., middle names -----------------------------------
    ("filipino", "Ma. Cristina Reyes Santos", "Maria Cristina Santos", "PH", "F", "1"),
    ("filipino", "Rodel dela Peña", "Rodel De La Pena", "PH", "M", "1"),
    ("filipino", "Jose Miguel Bautista Jr.", "Jose Miguel Bautista", "PH", "M", "1"),
    ("filipino", "Jonathan Santos Garcia", "Jonathan S. Garcia", "PH", "M", "1"),
    ("filipino", "Rodel dela Peña", "Rodel dela Rosa", "PH", "M", "0", "fam"),
    ("filipino", "Jose Miguel Bautista Jr.", "Jose Miguel Bautista Sr.", "PH", "M", "0", "far"),
    # ---- Arabic / Urdu / Persian script vs Latin ----------------------------------------
    ("arabic", "يوسف خالد العمري", "Yousef Khaled Al-Omari", "JO", "M", "1"),
    ("arabic", "عبد الرحمن منصور", "Abdel Rahman Mansour", "EG", "M", "1"),
    ("arabic", "Mohamed Ahmed Ibrahim", "Muhammad Ahmad Ibrahim", "SD", "M", "1"),
    ("arabic", "محمد عرفان", "Muhammad Irfan", "PK", "M", "1"),  # Urdu
    ("arabic", "عائشہ بی بی", "Ayesha Bibi", "PK", "F", "1"),  # Urdu
    ("arabic", "زهرا حسینی", "Zahra Hosseini", "IR", "F", "1"),  # Persian
    ("arabic", "Reza Mohammadi", "Reza Ahmadi", "IR", "M", "0", "fam"),
    ("arabic", "زهرا حسینی", "Zohreh Hosseini", "IR", "F", "0", "near"),  # زهره is other
    ("arabic", "Nour Haddad", "Nour Haddad", "LB", "FM", "0", "sex"),
    # ---- South Asian: Bengali, Devanagari (Hindi, Nepali), Tamil, Sinhala ---------------
    ("south_asian", "মোহাম্মদ রফিকুল ইসলাম", "Mohammad Rafiqul Islam", "BD", "M", "1"),
    ("south_asian", "শারমিন আক্তার", "Sharmin Akter", "BD", "F", "1"),
    ("south_asian", "पूजा यादव", "Pooja Yadav", "IN", "F", "1"),
    ("south_asian", "राम बहादुर थापा", "Ram Bahadur Thapa", "NP", "M", "1"),
    ("south_asian", "ரவி சுப்பிரமணியம்", "Ravi Subramaniam", "IN", "M", "1"),
    ("south_asian", "නිමල් පෙරේරා", "Nimal Perera", "LK", "M", "1"),
    ("south_asian", "Rakesh Kumar Singh", "Rajesh Kumar Singh", "IN", "M", "0", "near"),
    # ---- Cyrillic: Russian, Ukrainian, Kazakh, Mongolian --------------------------------
    ("cyrillic", "Юлия Кузнецова", "Iuliia Kuznetsova", "RU", "F", "1"),  # ICAO 2013
    ("cyrillic", "Павлов Сергей Николаевич", "Sergey Pavlov", "RU", "M", "1"),
    ("cyrillic", "Наталія Шевчук", "Nataliia Shevchuk", "UA", "F", "1"),
    ("cyrillic", "Ерлан Жұмабаев", "Yerlan Zhumabayev", "KZ", "M", "1"),
    ("cyrillic", "Дорж Батбаяр", "Batbayar Dorj", "MN", "M", "1"),
    ("cyrillic", "Ганболд Оюунчимэг", "Oyunchimeg Ganbold", "MN", "F", "1"),
    ("cyrillic", "Лилия Кузнецова", "Yulia Kuznetsova", "RU", "F", "0", "near"),
    ("cyrillic", "Ерлан Жұмабаев", "Yerlan Zhumabayev", "KZ", "M", "0", "far"),
    # ---- Ethiopic: Amharic, Tigrinya ----------------------------------------------------
    ("ethiopic", "ተስፋይ ገብረሚካኤል", "Tesfay Gebremichael", "ER", "M", "1"),
    ("ethiopic", "ሰላማዊት ታደሰ", "Selamawit Tadesse", "ET", "F", "1"),
    ("ethiopic", "ዮሐንስ በቀለ", "Yohannes Bekele", "ET", "M", "1"),
    ("ethiopic", "ሳባ ተኽለ", "Saba Tekle", "ER", "F", "1"),
    ("ethiopic", "Yohannes Bekele", "Yohannes Bekele", "ET", "M", "0", "far"),
    # ---- Hebrew --------------------------------------------------------------------------
    ("hebrew", "נועה פרידמן", "Noa Friedman", "IL", "F", "1"),
    ("hebrew", "איתי שפירא", "Itay Shapira", "IL", "M", "1"),
    ("hebrew", "דוד מזרחי", "David Mizrahi", "IL", "M", "1"),
    ("hebrew", "נועם ביטון", "Noam Biton", "IL", "MF", "0", "sex"),
    # ---- African (Latin only): Nigerian, Kenyan, Ugandan --------------------------------
    ("african", "Adeyemi Oluwaseun", "Oluwaseun Adeyemi", "NG", "M", "1"),
    ("african", "Chiamaka Blessing Nwosu", "Nwosu Chiamaka", "NG", "F", "1"),
    ("african", "Mary Wanjiru Kamau", "Wanjiru Kamau", "KE", "F", "1"),
    ("african", "Mukasa Joseph", "Joseph Mukasa", "UG", "M", "1"),
    ("african", "Brian Otieno", "Brian Ochieng", "KE", "M", "0", "fam"),
    ("african", "Olumide Bakare", "Olamide Bakare", "NG", "M", "0", "near"),
    # ---- Latin American (Latin only): accents, double surnames ---------------------------
    ("latin_american", "María José García López", "Maria Jose Garcia", "MX", "F", "1"),
    ("latin_american", "José Luis Hernández Ramírez", "Jose Luis Hernandez", "MX", "M", "1"),
    ("latin_american", "Ana Lucía Torres Vargas", "Ana Lucia Torres", "CO", "F", "1"),
    ("latin_american", "Juan Pablo Muñoz", "Juan Pablo Munoz", "CL", "M", "1"),
    ("latin_american", "José Luis Hernández", "José Luis Fernández", "MX", "M", "0", "fam"),
    ("latin_american", "Guadalupe Morales", "Guadalupe Morales", "MX", "FM", "0", "sex"),
]


def rows(rng: random.Random) -> list[list[str]]:
    out = []
    for family, name_a, name_b, nat, sex, same, *rest in PAIRS:
        flag = rest[0] if rest else ""
        if same == "1":
            if flag or len(sex) != 1:
                raise ValueError(f"same pair with a flag or two sexes: {name_a} / {name_b}")
            kind = "same"
            age_a = rng.randint(19, 60)
            age_b = age_a + rng.choice((0, 0, 1, -1))
        else:
            if flag not in KINDS:
                raise ValueError(f"different pair needs a kind flag: {name_a} / {name_b}")
            if (flag == "sex") != (len(sex) == 2):
                raise ValueError(f"sex flag and sex field disagree: {name_a} / {name_b}")
            kind = KINDS[flag]
            if flag == "far":
                age_a = rng.randint(18, 32)
                age_b = age_a + rng.randint(25, 35)
                if rng.random() < 0.5:
                    age_a, age_b = age_b, age_a
            else:
                age_a = rng.randint(20, 60)
                age_b = age_a + rng.randint(-2, 2)
        sex_a, sex_b = (sex, sex) if len(sex) == 1 else (sex[0], sex[1])
        out.append(
            [
                name_a,
                nat,
                str(age_a),
                sex_a,
                name_b,
                nat,
                str(age_b),
                sex_b,
                same,
                family,
                kind,
            ]
        )
    return out


def main() -> None:
    rng = random.Random(SEED)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows(rng))


if __name__ == "__main__":
    main()
