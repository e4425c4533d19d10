"""Writes holdout_pairs.tsv: 50 more cross-script pairs, written on 4 Dec 2026 after the fixes the
probe (make_probe_pairs.py) led to, and scored once before and after them without changing
the code for them (docs/linkage.md, "A second labelled set"). Synthetic names; spellings from the
same public conventions. Run from the repository root."""

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("holdout_pairs.tsv")
rng = random.Random(77)
T, F = 1, 0
P = [
    ("thai", "ธนากร ศรีวงศ์", "Thanakorn Sriwong", "TH", "M", T),
    ("thai", "พรทิพย์ สายทอง", "Pornthip Saithong", "TH", "F", T),
    ("thai", "อภิชาติ มณีรัตน์", "Apichat Maneerat", "TH", "M", T),
    ("thai", "สุภาพร แสงอรุณ", "Supaporn Sang-arun", "TH", "F", T),
    ("thai", "ชัยวัฒน์ ทองคำ", "Chaiwat Thongkham", "TH", "M", T),
    ("thai", "ธนากร ศรีวงศ์", "Thanakit Sriwong", "TH", "M", F),
    ("lao", "ພອນສະຫວັນ ວົງວິຈິດ", "Phonsavanh Vongvichit", "LA", "M", T),
    ("lao", "ນາລີ ສີຫາລາດ", "Naly Sihalath", "LA", "F", T),
    ("khmer", "ស៊ុន ស្រីល័ក្ខ", "Sun Sreyleak", "KH", "F", T),
    ("khmer", "ពេជ្រ ដារ៉ា", "Pich Dara", "KH", "M", T),
    ("khmer", "ពេជ្រ ដារ៉ា", "Pich Dalin", "KH", "M", F),
    ("burmese", "ဇော်မျိုးထွန်း", "Zaw Myo Htun", "MM", "M", T),
    ("burmese", "ဦးသိန်းဇော်", "U Thein Zaw", "MM", "M", T),
    ("burmese", "ခင်မြတ်နိုး", "Khin Myat Noe", "MM", "F", T),
    ("burmese", "ဇော်မျိုးထွန်း", "Htun Myo Zaw", "MM", "M", F),
    ("vietnamese", "Đỗ Thị Kim Oanh", "Do Thi Kim Oanh", "VN", "F", T),
    ("vietnamese", "Ngô Quang Vinh", "Vinh Ngo", "VN", "M", T),
    ("chinese", "周建华", "Zhou Jianhua", "CN", "M", T),
    ("chinese", "郭淑惠", "Kuo Shu-hui", "TW", "F", T),
    ("chinese", "馮志豪", "Fung Chi Ho", "HK", "M", T),
    ("chinese", "蔡文祥", "Chua Boon Siang", "SG", "M", T),
    ("chinese", "周建华", "邹建华", "CN", "M", F),
    ("korean", "송민재", "Song Min-jae", "KR", "M", T),
    ("korean", "류하늘", "Ryu Ha-neul", "KR", "F", T),
    ("korean", "오경철", "O Kyong Chol", "KP", "M", T),
    ("korean", "송민재", "Song Jae-min", "KR", "M", F),
    ("japanese", "山口 陽子", "Yamaguchi Yoko", "JP", "F", T),
    ("japanese", "木村 拓也", "Kimura Takuya", "JP", "M", T),
    ("cyrillic", "Баттулга Эрдэнэ", "Battulga Erdene", "MN", "M", T),
    ("cyrillic", "Гүлнара Тоқтарова", "Gulnara Toktarova", "KZ", "F", T),
    ("cyrillic", "Анастасия Павленко", "Anastasiia Pavlenko", "UA", "F", T),
    ("cyrillic", "Владимир Ефимов", "Vladimir Yefimov", "RU", "M", T),
    ("arabic", "حسن عبد الرحيم", "Hassan Abdelrahim", "SD", "M", T),
    ("arabic", "شبانه کریمی", "Shabana Karimi", "AF", "F", T),
    ("arabic", "عبدالقادر نوری", "Abdul Qadir Noori", "AF", "M", T),
    ("arabic", "حسن عبد الرحيم", "Hassan Abdelkarim", "SD", "M", F),
    ("south-asian", "মাহমুদুল হক", "Mahmudul Haque", "BD", "M", T),
    ("south-asian", "সাবিনা ইয়াসমিন", "Sabina Yasmin", "BD", "F", T),
    ("south-asian", "गीता कुमारी", "Geeta Kumari", "NP", "F", T),
    ("south-asian", "செல்வி முருகேசன்", "Selvi Murugesan", "IN", "F", T),
    ("south-asian", "රුවන් කුමාර", "Ruwan Kumara", "LK", "M", T),
    ("malay", "Nurul Izzah binti Kamarudin", "Nurul Izzah Kamaruddin", "MY", "F", T),
    ("malay", "Mohd. Hafiz bin Osman", "Muhammad Hafiz Othman", "MY", "M", T),
    ("malay", "Soekarno Wibowo", "Sukarno Wibowo", "ID", "M", T),
    ("filipino", "Ma. Angelica Reyes-Santos", "Maria Angelica Reyes Santos", "PH", "F", T),
    ("filipino", "Jose Miguel delos Reyes Jr.", "Jose Miguel Delos Reyes", "PH", "M", T),
    ("ethiopic", "መስፍን ገብረየሱስ", "Mesfin Gebreyesus", "ET", "M", T),
    ("ethiopic", "ሄለን ጸጋይ", "Helen Tsegay", "ER", "F", T),
    ("hebrew", "אליהו בן דוד", "Eliyahu Ben David", "IL", "M", T),
    ("hebrew", "תמר גולדברג", "Tamar Goldberg", "IL", "F", T),
]
with OUT.open("w", encoding="utf-8", newline="") as h:
    w = csv.writer(h, delimiter="\t", lineterminator="\n")
    w.writerow(
        [
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
    )
    for fam, a, b, nat, sex, same in P:
        age = rng.randint(18, 50)
        w.writerow(
            [
                a,
                nat,
                age,
                sex,
                b,
                nat,
                age + (rng.choice((0, 1)) if same else 0),
                sex,
                same,
                fam,
                "holdout",
            ]
        )
