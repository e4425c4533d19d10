"""Generate fresh_pairs.tsv: an independent third labelled set of name pairs.

Written from public romanisation standards and naming conventions only,
without looking at the matcher or the other pair files, so that it measures
the matcher on pairs it was never tuned for. All names are synthetic
combinations of common given names and family names.

Each tuple: (family, name_a, name_b, nationality ISO2, sex, same[, flag])
  sex  "M"/"F" for both records, or "MF"/"FM" when the two records differ.
  flag "far" = deliberate negative with ages 25+ apart.
Run: python tests/linkage/data/make_fresh_pairs.py
"""

import csv
import random
from pathlib import Path

# Zawgyi-encoded Burmese (legacy font encoding, not Unicode Myanmar):
ZG_AUNG_KYAW = "\u1031\u1021\u102c\u1004\u1039\u1031\u1000\u103a\u102c\u1039"  # ေအာင္ေက်ာ္
ZG_ZAW_MIN = "\u1031\u1007\u102c\u1039\u1019\u1004\u1039\u1038"  # ေဇာ္မင္း

PAIRS = [
    # ---- Thai: native vs passport / RTGS spellings -------------------------
    ("thai", "สมชาย ใจดี", "Somchai Jaidee", "TH", "M", 1),
    ("thai", "สุนทร แก้วมณี", "Soonthorn Kaewmanee", "TH", "M", 1),
    ("thai", "วิไลวรรณ ทองดี", "Wilaiwan Thongdee", "TH", "F", 1),
    ("thai", "ประเสริฐ บุญมา", "Prasert Boonma", "TH", "M", 1),
    ("thai", "กาญจนา ศรีสุข", "Kanchana Srisuk", "TH", "F", 1),
    ("thai", "ธนวัฒน์ ศรีสมบูรณ์", "Thanawat Sisombun", "TH", "M", 1),  # RTGS
    ("thai", "ณัฐพล วงศ์ใหญ่", "Nattapol Wongyai", "TH", "M", 1),
    ("thai", "Chatchai Phromma", "Chatchai Promma", "TH", "M", 1),
    ("thai", "สมชาย ใจดี", "Somchit Jaidee", "TH", "M", 0),  # Somchai/Somchit
    ("thai", "ประเสริฐ บุญมา", "Prasert Boonmee", "TH", "M", 0),  # บุญมี
    ("thai", "วิไลวรรณ ทองดี", "Wilaiwan Thongdee", "TH", "F", 0, "far"),
    # ---- Lao: native vs Lao passport (French-influenced) spellings ---------
    ("lao", "ສົມສັກ ພົມມະວົງ", "Somsack Phommavong", "LA", "M", 1),
    ("lao", "ບຸນມີ ສີສຸວັນ", "Bounmy Sisouvanh", "LA", "M", 1),
    ("lao", "ຄຳພອນ ແກ້ວມະນີ", "Khamphone Keomany", "LA", "M", 1),
    ("lao", "ວິໄລພອນ ຈັນທະລາ", "Vilayphone Chanthala", "LA", "F", 1),
    ("lao", "ມະນີວັນ ສີປະເສີດ", "Manivanh Sipaseuth", "LA", "F", 1),
    ("lao", "ແສງທອງ ວົງໄຊ", "Sengthong Vongxay", "LA", "M", 1),
    ("lao", "ພອນທິບ ໄຊຍະວົງ", "Phonethip Xayavong", "LA", "F", 1),
    ("lao", "Khamphet Phommachanh", "Khamphet Phommachan", "LA", "M", 1),
    ("lao", "ບຸນມາ ສີສຸວັນ", "Bounmy Sisouvanh", "LA", "M", 0),  # Bounma/Bounmy
    ("lao", "ສົມສັກ ພົມມະວົງ", "Somsack Phommachanh", "LA", "M", 0),
    ("lao", "ແສງທອງ ວົງໄຊ", "Sengthong Vongxay", "LA", "MF", 0),
    # ---- Khmer: native vs passport spellings (family name first) -----------
    ("khmer", "សុខ ចាន់ធី", "Sok Chanthy", "KH", "F", 1),
    ("khmer", "ហេង សុភាព", "Heng Sopheap", "KH", "F", 1),
    ("khmer", "គឹម ដារ៉ា", "Kim Dara", "KH", "M", 1),
    ("khmer", "ម៉ៅ វណ្ណា", "Mao Vanna", "KH", "M", 1),
    ("khmer", "ឈឹម បុប្ផា", "Chhim Bopha", "KH", "F", 1),
    ("khmer", "លី ពិសិដ្ឋ", "Ly Piseth", "KH", "M", 1),
    ("khmer", "អ៊ុក សុខា", "Sokha Ouk", "KH", "M", 1),  # western order
    ("khmer", "ចាន់ រតនា", "Chan Rathana", "KH", "F", 1),
    ("khmer", "សុខ ចាន់ធី", "Sok Chanthou", "KH", "F", 0),  # Chanthy/Chanthou
    ("khmer", "ហេង សុភាព", "Pen Sopheap", "KH", "F", 0),
    ("khmer", "គឹម ដារ៉ា", "Kim Dara", "KH", "M", 0, "far"),
    # ---- Burmese: honorifics, Unicode vs Zawgyi ----------------------------
    ("burmese", "ဦးအောင်ကျော်", "U Aung Kyaw", "MM", "M", 1),
    ("burmese", "ဒေါ်ခင်မာဝင်း", "Daw Khin Mar Win", "MM", "F", 1),
    ("burmese", "မောင်ဇော်မင်း", "Mg Zaw Min", "MM", "M", 1),
    ("burmese", "နော်ပေါ်ထူး", "Naw Paw Htoo", "MM", "F", 1),
    ("burmese", "စောကျော်ဦး", "Saw Kyaw Oo", "MM", "M", 1),
    ("burmese", ZG_AUNG_KYAW, "Aung Kyaw", "MM", "M", 1),
    ("burmese", ZG_ZAW_MIN, "ဇော်မင်း", "MM", "M", 1),
    ("burmese", "ဒေါ်စန်းစန်းမြင့်", "Ma San San Myint", "MM", "F", 1),
    ("burmese", "ကျော်အောင်", "U Aung Kyaw", "MM", "M", 0),  # reversed name
    ("burmese", "ဇော်ဝင်း", "Zaw Min", "MM", "M", 0),  # Zaw Win/Zaw Min
    ("burmese", "ခင်ဝင်း", "Khin Win", "MM", "MF", 0),
    # ---- Vietnamese: diacritics, order ------------------------------------
    ("vietnamese", "Nguyễn Văn An", "Nguyen Van An", "VN", "M", 1),
    ("vietnamese", "Trần Thị Hương", "Tran Thi Huong", "VN", "F", 1),
    ("vietnamese", "Lê Văn Hùng", "Hung Le Van", "VN", "M", 1),
    ("vietnamese", "Phạm Thị Lan", "Lan Thi Pham", "VN", "F", 1),
    ("vietnamese", "Đặng Quốc Bảo", "Dang Quoc Bao", "VN", "M", 1),
    ("vietnamese", "Huỳnh Văn Phúc", "Huynh Van Phuc", "VN", "M", 1),
    ("vietnamese", "Bùi Ngọc Ánh", "Bui Ngoc Anh", "VN", "F", 1),
    ("vietnamese", "Ngo Thi Mai", "Mai Ngo Thi", "VN", "F", 1),
    ("vietnamese", "Nguyễn Minh Tuấn", "Nguyen Tuan Minh", "VN", "M", 0),  # swapped
    ("vietnamese", "Lê Thị Hương", "Tran Thi Huong", "VN", "F", 0),
    ("vietnamese", "Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "VN", "M", 0),  # Hùng/Hưng
    # ---- Chinese: pinyin, Wade-Giles, Cantonese, Hokkien/Teochew, Hakka ----
    ("chinese", "張志明", "Chang Chih-ming", "TW", "M", 1),
    ("chinese", "陳美玲", "Chen Mei-ling", "TW", "F", 1),
    ("chinese", "陳家豪", "Chan Ka Ho", "HK", "M", 1),
    ("chinese", "黃嘉欣", "Wong Ka Yan", "HK", "F", 1),
    ("chinese", "林志强", "Lim Chee Keong", "MY", "M", 1),  # Hokkien
    ("chinese", "黄美玲", "Ng Bee Ling", "SG", "F", 1),  # Hokkien/Teochew
    ("chinese", "蔡美华", "Chua Bee Hua", "SG", "F", 1),  # Hokkien
    ("chinese", "劉志明", "Liew Chee Min", "MY", "M", 1),  # Hakka
    ("chinese", "陈国华", "陳國華", "CN", "M", 1),  # simplified/traditional
    ("chinese", "Zhang Zhiqiang", "Chang Chih-chiang", "TW", "M", 1),
    ("chinese", "Chan Chi Wai", "Chen Zhiwei", "HK", "M", 1),  # 陳志偉
    ("chinese", "黃美玲", "Ng Mei Ling", "HK", "F", 0),  # Cantonese Ng = 吳
    ("chinese", "何家明", "賀家明", "CN", "M", 0),  # both He / Ho
    ("chinese", "張偉", "章偉", "CN", "M", 0),  # both Zhang / Cheung
    ("chinese", "林志強", "Ling Chi Keung", "HK", "M", 0),  # 凌, not 林 (Lam)
    ("chinese", "王明华", "Wang Huaming", "CN", "M", 0),  # 王华明
    ("chinese", "李文", "Li Wen", "CN", "MF", 0),
    # ---- Korean: RR, McCune-Reischauer, North Korean ------------------------
    ("korean", "김민준", "Kim Minjun", "KR", "M", 1),
    ("korean", "이서연", "Lee Seo-yeon", "KR", "F", 1),
    ("korean", "정현우", "Jung Hyun-woo", "KR", "M", 1),
    ("korean", "강성민", "Kang Sŏng-min", "KR", "M", 1),  # McCune-Reischauer
    ("korean", "Gang Seongmin", "Kang Sung-min", "KR", "M", 1),
    ("korean", "리영철", "Ri Yong Chol", "KP", "M", 1),
    ("korean", "Ri Yong Chol", "Lee Young-chul", "KP", "M", 1),
    ("korean", "김은희", "Kim Un Hui", "KP", "F", 1),
    ("korean", "김지민", "Kim Min-ji", "KR", "F", 0),  # 김민지
    ("korean", "이서윤", "Lee Seo-yeon", "KR", "F", 0),
    ("korean", "한지수", "Han Ji-su", "KR", "MF", 0),
    # ---- Japanese: Hepburn, long vowels, kana, order -----------------------
    ("japanese", "佐藤 健太", "Sato Kenta", "JP", "M", 1),
    ("japanese", "鈴木 花子", "Suzuki Hanako", "JP", "F", 1),
    ("japanese", "伊藤 大輔", "Itoh Daisuke", "JP", "M", 1),
    ("japanese", "大野 翔太", "Ohno Shota", "JP", "M", 1),
    ("japanese", "タカハシ ユウキ", "Takahashi Yuki", "JP", "M", 1),
    ("japanese", "小林 美咲", "Misaki Kobayashi", "JP", "F", 1),
    ("japanese", "山本 浩二", "Yamamoto Kouji", "JP", "M", 1),
    ("japanese", "Ōta Megumi", "Ohta Megumi", "JP", "F", 1),
    ("japanese", "佐藤 健太", "Kato Kenta", "JP", "M", 0),
    ("japanese", "鈴木 春子", "Suzuki Hanako", "JP", "F", 0),  # Haruko
    ("japanese", "小野 健太", "Ohno Kenta", "JP", "M", 0),  # Ono vs Ōno
    # ---- Cyrillic: Russian, Ukrainian, Mongolian, Kazakh -------------------
    ("cyrillic", "Алексей Кузнецов", "Aleksei Kuznetsov", "RU", "M", 1),
    ("cyrillic", "Наталья Соловьёва", "Natalia Soloveva", "RU", "F", 1),
    ("cyrillic", "Олександр Шевчук", "Oleksandr Shevchuk", "UA", "M", 1),
    ("cyrillic", "Юлія Коваленко", "Yuliia Kovalenko", "UA", "F", 1),
    ("cyrillic", "Ганболд Батбаяр", "Ganbold Batbayar", "MN", "M", 1),
    ("cyrillic", "Сарангэрэл Дорж", "Sarangerel Dorj", "MN", "F", 1),
    ("cyrillic", "Айгүл Нұрланова", "Aigul Nurlanova", "KZ", "F", 1),
    ("cyrillic", "Ерлан Сейтқалиев", "Yerlan Seitkaliyev", "KZ", "M", 1),
    ("cyrillic", "Евгения Орлова", "Evgenii Orlov", "RU", "FM", 0),
    ("cyrillic", "Ганболд Батбаяр", "Ganbold Batbold", "MN", "M", 0),
    ("cyrillic", "Олександр Шевчук", "Oleksandr Shevchuk", "UA", "M", 0, "far"),
    # ---- Arabic / Persian / Urdu / Pashto ----------------------------------
    ("arabic", "محمد أحمد", "Mohamed Ahmed", "EG", "M", 1),
    ("arabic", "Fatma Aly", "Fatima Ali", "EG", "F", 1),
    ("arabic", "رضا محمدی", "Reza Mohammadi", "IR", "M", 1),
    ("arabic", "زهرا حسینی", "Zahra Hosseini", "IR", "F", 1),
    ("arabic", "محمد عثمان", "Muhammad Usman", "PK", "M", 1),
    ("arabic", "عائشہ بی بی", "Ayesha Bibi", "PK", "F", 1),
    ("arabic", "گل احمد", "Gul Ahmad", "AF", "M", 1),
    ("arabic", "Mohammed Abdul Rahman", "Muhammad Abdulrahman", "SA", "M", 1),
    ("arabic", "حسين علي", "Hassan Ali", "IQ", "M", 0),  # Hussein/Hassan
    ("arabic", "نور حسن", "Nour Hassan", "JO", "MF", 0),
    ("arabic", "زهرا حسینی", "Zahra Hosseini", "IR", "F", 0, "far"),
    # ---- South Asian: Bengali, Hindi, Nepali, Tamil, Sinhala ----------------
    ("south-asian", "মোহাম্মদ রহিম", "Mohammad Rahim", "BD", "M", 1),
    ("south-asian", "সুমি আক্তার", "Sumi Akter", "BD", "F", 1),
    ("south-asian", "Md. Abdul Karim", "Mohammad Abdul Karim", "BD", "M", 1),
    ("south-asian", "राहुल शर्मा", "Rahul Sharma", "IN", "M", 1),
    ("south-asian", "राम बहादुर थापा", "Ram Bahadur Thapa", "NP", "M", 1),
    ("south-asian", "सीता गुरुङ", "Sita Gurung", "NP", "F", 1),
    ("south-asian", "முருகன் செல்வம்", "Murugan Selvam", "IN", "M", 1),
    ("south-asian", "லட்சுமி சுப்பிரமணியம்", "Lakshmi Subramaniam", "IN", "F", 1),
    ("south-asian", "නිමල් පෙරේරා", "Nimal Perera", "LK", "M", 1),
    ("south-asian", "राहुल शर्मा", "Rahul Verma", "IN", "M", 0),
    ("south-asian", "गीता गुरुङ", "Sita Gurung", "NP", "F", 0),  # Gita/Sita
    ("south-asian", "නිමල් පෙරේරා", "Nimal Perera", "LK", "M", 0, "far"),
    # ---- Malay: bin/binti, Mohd/Muhd, Jawi ---------------------------------
    ("malay", "Muhammad Faiz bin Abdullah", "Mohd Faiz Abdullah", "MY", "M", 1),
    ("malay", "Nur Aisyah binti Ahmad", "Nur Aisyah Ahmad", "MY", "F", 1),
    ("malay", "محمد حافظ بن إسماعيل", "Mohd Hafiz bin Ismail", "BN", "M", 1),
    ("malay", "Siti Aminah binti Yusof", "Siti Aminah bt Yusoff", "MY", "F", 1),
    ("malay", "Ahmad Zulkifli bin Hassan", "Ahmad Zulkifli b. Hassan", "SG", "M", 1),
    ("malay", "Muhd Amirul bin Rosli", "Muhammad Amirul Rosli", "MY", "M", 1),
    ("malay", "نور حياتي بنت عثمان", "Nur Hayati binti Osman", "MY", "F", 1),
    ("malay", "Muhammad Faiz bin Abdullah", "Muhammad Faiz bin Ismail", "MY", "M", 0),
    ("malay", "Nur Iman bin Hassan", "Nur Iman binti Hassan", "MY", "MF", 0),
    ("malay", "Siti Aminah binti Yusof", "Siti Amirah binti Yusof", "MY", "F", 0),
    # ---- Indonesian: single names, old spellings (oe/u, dj/j, tj/c, j/y) ---
    ("indonesian", "Soeparman", "Suparman", "ID", "M", 1),
    ("indonesian", "Djoko Prasetyo", "Joko Prasetyo", "ID", "M", 1),
    ("indonesian", "Tjahjono", "Cahyono", "ID", "M", 1),
    ("indonesian", "Sri Wahjoeni", "Sri Wahyuni", "ID", "F", 1),
    ("indonesian", "Endang Soesanti", "Endang Susanti", "ID", "F", 1),
    ("indonesian", "Suparman", "Sudarman", "ID", "M", 0),
    # ---- Filipino: Ma., dela/delos, Jr., middle names ----------------------
    ("filipino", "Maria Cristina Santos", "Ma. Cristina Santos", "PH", "F", 1),
    ("filipino", "Jose Miguel dela Cruz", "Jose Miguel De La Cruz", "PH", "M", 1),
    ("filipino", "Mark Anthony Reyes Jr.", "Mark Anthony Reyes", "PH", "M", 1),
    ("filipino", "Rosario delos Santos", "Rosario De Los Santos", "PH", "F", 1),
    ("filipino", "Ma. Luisa Bautista", "Maria Luisa Bautista", "PH", "F", 1),
    ("filipino", "Angelica Mendoza Garcia", "Angelica M. Garcia", "PH", "F", 1),
    ("filipino", "Ramon Villanueva Jr.", "Ramon Villanueva Sr.", "PH", "M", 0, "far"),
    ("filipino", "Maria Cristina Santos", "Maria Cristina Reyes", "PH", "F", 0),
    ("filipino", "Jose Miguel dela Cruz", "Jose Manuel dela Cruz", "PH", "M", 0),
    # ---- Ethiopic: Amharic / Tigrinya --------------------------------------
    ("ethiopic", "ዮሐንስ ተስፋዬ", "Yohannes Tesfaye", "ET", "M", 1),
    ("ethiopic", "መሰረት አለሙ", "Meseret Alemu", "ET", "F", 1),
    ("ethiopic", "ሰላም ገብረመድህን", "Selam Gebremedhin", "ER", "F", 1),
    ("ethiopic", "Dawit Gebremariam", "Dawit Gebre Mariam", "ER", "M", 1),
    ("ethiopic", "ዮናስ ተስፋዬ", "Yohannes Tesfaye", "ET", "M", 0),  # Yonas
    # ---- Hebrew --------------------------------------------------------------
    ("hebrew", "יוסף כהן", "Yosef Cohen", "IL", "M", 1),
    ("hebrew", "מיכל לוי", "Michal Levi", "IL", "F", 1),
    ("hebrew", "Yossef Kohen", "Yosef Cohen", "IL", "M", 1),
    ("hebrew", "מיכל לוי", "Michael Levi", "IL", "FM", 0),  # Michal/Michael
]

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


def main():
    rng = random.Random(20250317)
    out = Path(__file__).with_name("fresh_pairs.tsv")
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(HEADER)
        for family, a, b, nat, sex, same, *flag in PAIRS:
            sex_a, sex_b = (sex[0], sex[1]) if len(sex) == 2 else (sex, sex)
            if flag and flag[0] == "far":
                age_a = rng.randint(19, 30)
                age_b = age_a + rng.randint(25, 35)
            else:
                age_a = rng.randint(18, 52)
                age_b = age_a + rng.choice([0, 0, 0, 1, -1])
            w.writerow([a, nat, age_a, sex_a, b, nat, age_b, sex_b, same, family, "fresh"])
    print(f"wrote {len(PAIRS)} pairs to {out}")


if __name__ == "__main__":
    main()
