# ruff: noqa: RUF001 - rows of data, one pair per line; letters of other scripts
"""Writes probe_pairs.tsv: a second labelled set of cross-script name pairs (issue 16).

Run from the repository root: `python tests/linkage/data/make_probe_pairs.py`. Written on 4 Dec
2026 by another hand than name_pairs.tsv and Seri's reading tables, without looking at them:
the spellings come from public romanisation standards and naming conventions (RTGS and Thai
passport habits; Lao as Lao passports write it, with French ou/x/y/nh; Khmer UNGEGN and passport
spellings; Myanmar passport spellings, Burmese honorifics and Zawgyi text; Vietnamese with and
without diacritics in either order; Hanyu pinyin, Wade-Giles as Taiwan writes it, Hong Kong
Cantonese, Malaysian and Singaporean Hokkien, Teochew and Hakka spellings; Revised
Romanization, McCune-Reischauer and North Korean spellings; Hepburn with long vowels; Mongolian
Cyrillic; Russian, Ukrainian and Kazakh passports; Arabic, Urdu, Persian and Pashto; Bengali,
Hindi, Nepali, Tamil and Sinhala; Indonesian old and new spellings, Malay bin/binti and Abd.,
Filipino Ma./dela/Jr.; Amharic and Tigrinya; Hebrew). Names are random combinations of common
name parts: synthetic, no real person's record. Zawgyi strings are written from the Unicode ones
by python-myanmar's converter once (kept literally below).

Columns: the eight of `seri linkage score`, then `same`, `family` and `kind`.
"""

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("probe_pairs.tsv")
rng = random.Random(1604)

T, F = 1, 0
# kinds of different-people pairs
SURNAME = "different family name, same given name"
SEX = "same name, other sex"
AGES = "same name, far ages"
NEAR = "near spelling, other name"
REVERSED = "given syllables reversed"
GIVEN = "same family name, other given name"

# family: [(name a, name b, nationality, sex, same, kind)]
PAIRS: dict[str, list[tuple[str, str, str, str, int, str]]] = {
    "thai": [
        ("สมศักดิ์ แก้วมณี", "Somsak Kaewmanee", "TH", "M", T, "passport spelling"),
        ("สมศักดิ์ แก้วมณี", "Somsak Kaeomani", "TH", "M", T, "RTGS"),
        ("ประเสริฐ ศรีสุข", "Prasert Srisuk", "TH", "M", T, "passport spelling"),
        ("ประเสริฐ ศรีสุข", "Prasoet Sisuk", "TH", "M", T, "RTGS"),
        ("วิชัย บุญมา", "Wichai Boonma", "TH", "M", T, "passport oo for u"),
        ("สุนิสา ทองดี", "Sunisa Thongdee", "TH", "F", T, "passport ee for i"),
        ("อรุณี พรหมมา", "Arunee Phromma", "TH", "F", T, "passport spelling"),
        ("ณัฐพล จันทร์เพ็ญ", "Nattaphon Chanphen", "TH", "M", T, "RTGS"),
        ("ณัฐพล จันทร์เพ็ญ", "Nattapon Janpen", "TH", "M", T, "passport j for ch"),
        ("กาญจนา สุขสวัสดิ์", "Kanjana Suksawad", "TH", "F", T, "passport spelling"),
        ("ไมเคิล สมิธ", "Michael Smith", "GB", "M", T, "foreign name in Thai script"),
        ("เดวิด บราวน์", "David Brown", "US", "M", T, "foreign name in Thai script"),
        ("แอนนา มิลเลอร์", "Anna Miller", "US", "F", T, "foreign name in Thai script"),
        ("โรเบิร์ต เทย์เลอร์", "Robert Taylor", "GB", "M", T, "foreign name in Thai script"),
        ("สมศักดิ์ แก้วมณี", "Somsak Kaewkla", "TH", "M", F, "same given name, other family name"),
        ("วิชัย บุญมา", "Wichit Boonma", "TH", "M", F, NEAR),
        ("ไมเคิล สมิธ", "Mitchell Smith", "GB", "M", F, NEAR),
        ("สุนิสา ทองดี", "Sunisa Thongdee", "TH", "F", F, AGES),
    ],
    "lao": [
        ("ສົມພອນ ພົມມະວົງ", "Somphone Phommavong", "LA", "M", T, "Lao passport spelling"),
        ("ສົມພອນ ພົມມະວົງ", "Somphon Phommavong", "LA", "M", T, "without final e"),
        ("ບຸນມີ ສີສຸວັນ", "Bounmy Sisouvanh", "LA", "M", T, "ou, y, nh"),
        ("ຄຳພອນ ແກ້ວມະນີ", "Khamphone Keomany", "LA", "F", T, "ae as e"),
        ("ວັນນະ ໄຊຍະວົງ", "Vanna Xayavong", "LA", "M", T, "x for s"),
        ("ທອງດີ ອິນທະວົງ", "Thongdy Inthavong", "LA", "M", T, "Lao passport spelling"),
        ("ຈັນທະລາ ສຸກສະຫວັນ", "Chanthala Souksavanh", "LA", "F", T, "Lao passport spelling"),
        ("ແສງດາວ ພິລາວົງ", "Sengdao Philavong", "LA", "F", T, "Lao passport spelling"),
        ("ສົມພອນ ພົມມະວົງ", "Somphet Phommavong", "LA", "M", F, GIVEN),
        ("ບຸນມີ ສີສຸວັນ", "Bounmy Sisavath", "LA", "M", F, SURNAME),
        ("ທອງດີ ອິນທະວົງ", "Thongdy Inthavong", "LA", "M", F, AGES),
    ],
    "khmer": [
        ("សុខ ចាន់ធី", "Sok Chanthy", "KH", "F", T, "passport spelling"),
        ("សុខ ចាន់ធី", "Sokh Chanthi", "KH", "F", T, "UNGEGN"),
        ("ចាន់ សុភាព", "Chan Sopheap", "KH", "F", T, "passport spelling"),
        ("ហេង សុវណ្ណ", "Heng Sovann", "KH", "M", T, "passport spelling"),
        ("គឹម សុផល", "Kim Sophal", "KH", "M", T, "passport spelling"),
        ("ម៉ៅ ស្រីពៅ", "Mao Sreypov", "KH", "F", T, "passport spelling"),
        ("ឈឹម វណ្ណា", "Chhim Vanna", "KH", "M", T, "passport spelling"),
        ("សំ រតនា", "Sam Rathana", "KH", "F", T, "passport spelling"),
        ("ហេង សុវណ្ណ", "Sovann Heng", "KH", "M", T, "given name first"),
        ("សុខ ចាន់ធី", "Sok Chanthou", "KH", "F", F, NEAR),
        ("គឹម សុផល", "Kim Sophea", "KH", "M", F, NEAR),
        ("ឈឹម វណ្ណា", "Chhim Vanna", "KH", "M", F, SEX),
    ],
    "burmese": [
        ("ဒေါ်ခင်သီတာ", "Daw Khin Thida", "MM", "F", T, "honorific Daw"),
        ("ဒေါ်ခင်သီတာ", "Khin Thidar", "MM", "F", T, "without title, final ar"),
        ("ကိုရဲနောင်", "Ye Naung", "MM", "M", T, "honorific Ko"),
        ("ဆုမြတ်မွန်", "Su Myat Mon", "MM", "F", T, "passport spelling"),
        ("မောင်ထူးခန့်", "Mg Htoo Khant", "MM", "M", T, "Mg for Maung"),
        ("စောလှထွန်း", "Saw Hla Htun", "MM", "M", T, "Karen honorific Saw"),
        ("ရီရီမွန်", "Yee Yee Mon", "MM", "F", T, "ee for i"),
        ("ဖြိုးဝေယံ", "Phyo Wai Yan", "MM", "M", T, "passport spelling"),
        ("ကောင်းခန့်ကျော်", "Kaung Khant Kyaw", "MM", "M", T, "passport spelling"),
        ("မျိုးမင်းလင်း", "Myo Min Linn", "MM", "M", T, "doubled final n"),
        ("ဝေဖြိုးအောင်", "Wai Phyo Aung", "MM", "M", T, "passport spelling"),
        ("နော်ဆုဆုဝင်း", "Naw Su Su Win", "MM", "F", T, "Karen honorific Naw"),
        ("ကိုရဲေနာင္", "Ko Ye Naung", "MM", "M", T, "Zawgyi"),
        ("ၿဖိဳးေဝယံ", "Phyo Wai Yan", "MM", "M", T, "Zawgyi"),
        ("ရီရီမြန္", "Yi Yi Mon", "MM", "F", T, "Zawgyi"),
        ("ေကာင္းခန္႔ေက်ာ္", "ကောင်းခန့်ကျော်", "MM", "M", T, "Zawgyi and Unicode"),
        ("ဖြိုးဝေယံ", "Yan Wai Phyo", "MM", "M", F, REVERSED),
        ("ကောင်းခန့်ကျော်", "Kyaw Khant Kaung", "MM", "M", F, REVERSED),
        ("ရီရီမွန်", "Yi Yi Myint", "MM", "F", F, NEAR),
        ("ကိုရဲနောင်", "Ye Naung", "MM", "M", F, AGES),
        ("ဆုမြတ်မွန်", "Su Myat Noe", "MM", "F", F, NEAR),
    ],
    "vietnamese": [
        ("Nguyễn Văn Hùng", "Nguyen Van Hung", "VN", "M", T, "without diacritics"),
        ("Nguyễn Văn Hùng", "Hung Nguyen Van", "VN", "M", T, "given name first"),
        ("Trần Thị Thu Hà", "Tran Thi Thu Ha", "VN", "F", T, "without diacritics"),
        ("Phạm Minh Tuấn", "Tuan Minh Pham", "VN", "M", T, "western order"),
        ("Lê Thị Ngọc Ánh", "Ngoc Anh Le Thi", "VN", "F", T, "given name first"),
        ("Đặng Quốc Bảo", "Dang Quoc Bao", "VN", "M", T, "đ as d"),
        ("Võ Thanh Tâm", "VO THANH TAM", "VN", "F", T, "passport capitals"),
        ("Huỳnh Thị Mỹ Linh", "Huynh Thi My Linh", "VN", "F", T, "without diacritics"),
        ("Bùi Đức Thắng", "Bui Duc Thang", "VN", "M", T, "without diacritics"),
        ("Trần Văn Nam", "Trần Văn Hải", "VN", "M", F, GIVEN),
        ("Nguyễn Thị Lan", "Nguyen Thi Lan", "VN", "F", F, AGES),
        ("Phạm Minh Tuấn", "Phan Minh Tuấn", "VN", "M", F, SURNAME),
        ("Bùi Đức Thắng", "Bui Duc Thang", "VN", "M", F, SEX),
    ],
    "chinese": [
        ("李建国", "Li Jianguo", "CN", "M", T, "pinyin"),
        ("王秀英", "Wang Xiuying", "CN", "F", T, "pinyin"),
        ("赵丽娟", "Zhao Li Juan", "CN", "F", T, "pinyin, syllables spaced"),
        ("孙浩然", "Haoran Sun", "CN", "M", T, "pinyin, family name last"),
        ("杨帆", "YANG FAN", "CN", "M", T, "pinyin capitals"),
        ("林志明", "Lin Chih-ming", "TW", "M", T, "Wade-Giles"),
        ("黃淑芬", "Huang Shu-fen", "TW", "F", T, "Wade-Giles"),
        ("蔡宜君", "Tsai Yi-chun", "TW", "F", T, "Wade-Giles"),
        ("許文雄", "Hsu Wen-hsiung", "TW", "M", T, "Wade-Giles"),
        ("陳志偉", "Chan Chi Wai", "HK", "M", T, "Cantonese"),
        ("黃嘉欣", "Wong Ka Yan", "HK", "F", T, "Cantonese"),
        ("李國強", "Lee Kwok Keung", "HK", "M", T, "Cantonese"),
        ("張美玲", "Cheung Mei Ling", "HK", "F", T, "Cantonese"),
        ("何家樂", "Ho Ka Lok", "HK", "M", T, "Cantonese"),
        ("梁偉文", "Leung Wai Man", "HK", "M", T, "Cantonese"),
        ("陈伟明", "陳偉明", "MY", "M", T, "simplified and traditional"),
        ("李明", "黎明", "CN", "M", F, SURNAME),
        ("王伟", "汪伟", "CN", "M", F, SURNAME),
        ("黃志明", "吳志明", "HK", "M", F, SURNAME),
        ("张伟", "张玮", "CN", "M", F, NEAR),
        ("陈志明", "Chen Mingzhi", "CN", "M", F, REVERSED),
        ("陳志偉", "Chan Chi Man", "HK", "M", F, NEAR),
        ("李建国", "Li Jianguo", "CN", "M", F, AGES),
        ("张美玲", "Zhang Meiling", "CN", "F", F, SEX),
        ("梁偉文", "Leung Man Wai", "HK", "M", F, REVERSED),
    ],
    "chinese-dialects": [
        ("陳文華", "Tan Boon Hua", "SG", "M", T, "Hokkien"),
        ("林志成", "Lim Chee Seng", "MY", "M", T, "Hokkien"),
        ("黃美玲", "Ng Bee Leng", "SG", "F", T, "Hokkien"),
        ("王建國", "Ong Kian Kok", "MY", "M", T, "Hokkien"),
        ("蔡明華", "Chua Meng Hua", "SG", "M", T, "Teochew"),
        ("林秀珍", "Lim Siew Chin", "MY", "F", T, "Hokkien, Malaysian"),
        ("劉文福", "Liew Voon Fook", "MY", "M", T, "Hakka, Sabah"),
        ("張志強", "Chong Chi Keong", "MY", "M", T, "Hakka family name, Cantonese given"),
        ("黃偉明", "Wong Wai Ming", "MY", "M", T, "Cantonese, Malaysian"),
        ("陳偉明", "Tan Wei Ming", "SG", "M", T, "Hokkien family name, pinyin given"),
        ("陳偉明", "Jonathan Tan Wei Ming", "SG", "M", T, "English name before the Chinese name"),
        ("郭美珠", "Kuek Bee Choo", "SG", "F", T, "Teochew"),
        ("陳文華", "Lim Boon Hua", "SG", "M", F, SURNAME),
        ("林志成", "Lim Seng Chee", "MY", "M", F, REVERSED),
        ("王建國", "Ong Kian Kok", "MY", "M", F, AGES),
    ],
    "korean": [
        ("박서준", "Park Seo-jun", "KR", "M", T, "Revised Romanization"),
        ("최지우", "Choi Ji-woo", "KR", "F", T, "passport"),
        ("정하은", "Jeong Ha-eun", "KR", "F", T, "Revised Romanization"),
        ("강민호", "Kang Minho", "KR", "M", T, "joined given name"),
        ("윤서아", "Yoon Seo Ah", "KR", "F", T, "passport, spaced"),
        ("임재현", "Lim Jae-hyun", "KR", "M", T, "Lim for 임"),
        ("조현우", "Jo Hyeon-u", "KR", "M", T, "Revised Romanization"),
        ("신동욱", "Shin Dong-wook", "KR", "M", T, "passport"),
        ("리철남", "Ri Chol Nam", "KP", "M", T, "North Korean"),
        ("김성철", "Kim Song Chol", "KP", "M", T, "North Korean"),
        ("박영호", "Pak Yong Ho", "KP", "M", T, "North Korean"),
        ("최명순", "Choe Myong Sun", "KP", "F", T, "North Korean"),
        ("한은정", "Han Un Jong", "KP", "F", T, "North Korean"),
        ("로경희", "Ro Kyong Hui", "KP", "F", T, "North Korean 로 for 노"),
        ("박서준", "Park Jun-seo", "KR", "M", F, REVERSED),
        ("박서준", "Park Seo-jin", "KR", "M", F, NEAR),
        ("강민호", "Kang Min-hyuk", "KR", "M", F, NEAR),
        ("최지우", "Choi Ji-woo", "KR", "F", F, SEX),
        ("김성철", "Pak Song Chol", "KP", "M", F, SURNAME),
    ],
    "japanese": [
        ("佐藤 健太", "Sato Kenta", "JP", "M", T, "Hepburn"),
        ("鈴木 美咲", "Suzuki Misaki", "JP", "F", T, "Hepburn"),
        ("高橋 大輔", "Daisuke Takahashi", "JP", "M", T, "given name first"),
        ("伊藤 翔太", "Itou Shouta", "JP", "M", T, "long vowels ou"),
        ("渡辺 直美", "Watanabe Naomi", "JP", "F", T, "Hepburn"),
        ("中村 翔", "Nakamura Sho", "JP", "M", T, "Hepburn, long vowel dropped"),
        ("小林 恵", "Kobayashi Megumi", "JP", "F", T, "Hepburn"),
        ("さとう はなこ", "Satoh Hanako", "JP", "F", T, "hiragana, oh"),
        ("ヤマダ タロウ", "Yamada Taro", "JP", "M", T, "katakana"),
        ("加藤 裕太", "Katoh Yuuta", "JP", "M", T, "oh, uu"),
        ("佐藤 健太", "Sato Kenji", "JP", "M", F, NEAR),
        ("鈴木 美咲", "Suzuki Misato", "JP", "F", F, NEAR),
        ("渡辺 直美", "Watanabe Naomi", "JP", "F", F, AGES),
    ],
    "mongolian": [
        ("Батбаярын Ганбаатар", "Ganbaatar Batbayar", "MN", "M", T, "patronymic genitive"),
        ("Оюунчимэг Дорж", "Oyunchimeg Dorj", "MN", "F", T, "passport"),
        ("Энхтуяа Болд", "Enkhtuya Bold", "MN", "F", T, "passport"),
        ("Мөнхбат Ганзориг", "Munkhbat Ganzorig", "MN", "M", T, "ө as u"),
        ("Түмэнжаргал Баатар", "Tumenjargal Baatar", "MN", "F", T, "ү as u"),
        ("Цэцэг Сүхбат", "Tsetseg Sukhbat", "MN", "F", T, "passport"),
        ("Мөнхбат Ганзориг", "Monkhbat Ganzorig", "MN", "M", T, "ө as o"),
        ("Энхтуяа Болд", "Enkhtuya Bat", "MN", "F", F, SURNAME),
        ("Мөнхбат Ганзориг", "Munkhbayar Ganzorig", "MN", "M", F, NEAR),
    ],
    "cyrillic": [
        ("Дмитрий Соколов", "Dmitriy Sokolov", "RU", "M", T, "passport iy"),
        ("Дмитрий Соколов", "Dmitrii Sokolov", "RU", "M", T, "ICAO ii"),
        ("Наталья Кузнецова", "Natalia Kuznetsova", "RU", "F", T, "usual"),
        ("Сергей Васильев", "Sergey Vasilyev", "RU", "M", T, "passport"),
        ("Екатерина Морозова", "Yekaterina Morozova", "RU", "F", T, "BGN/PCGN ye"),
        ("Олександр Шевченко", "Oleksandr Shevchenko", "UA", "M", T, "Ukrainian"),
        ("Юрій Ковальчук", "Yurii Kovalchuk", "UA", "M", T, "Ukrainian"),
        ("Ганна Бондаренко", "Hanna Bondarenko", "UA", "F", T, "Ukrainian г as h"),
        ("Іванна Мельник", "Ivanna Melnyk", "UA", "F", T, "Ukrainian"),
        ("Ержан Қасымов", "Yerzhan Kassymov", "KZ", "M", T, "Kazakh"),
        ("Айгүл Сейткалиева", "Aigul Seitkaliyeva", "KZ", "F", T, "Kazakh"),
        ("Дәурен Жұмабеков", "Dauren Zhumabekov", "KZ", "M", T, "Kazakh"),
        ("Асқар Нұрланұлы", "Askar Nurlanuly", "KZ", "M", T, "Kazakh"),
        ("Дмитрий Соколов", "Dmitry Sobolev", "RU", "M", F, NEAR),
        ("Наталья Кузнецова", "Natalia Kuznetsova", "RU", "F", F, AGES),
        ("Сергей Васильев", "Sergey Vasin", "RU", "M", F, NEAR),
    ],
    "arabic-script": [
        ("أحمد حسن", "Ahmed Hassan", "EG", "M", T, "Arabic"),
        ("خالد عبد الله", "Khaled Abdallah", "JO", "M", T, "Arabic"),
        ("يوسف إبراهيم", "Youssef Ibrahim", "SY", "M", T, "Arabic"),
        ("مريم سالم", "Mariam Salem", "YE", "F", T, "Arabic"),
        ("عمر الخطيب", "Omar Al Khatib", "LB", "M", T, "Arabic article"),
        ("محمد عثمان", "Muhammad Usman", "PK", "M", T, "Urdu"),
        ("علی رضا", "Ali Raza", "PK", "M", T, "Urdu"),
        ("شاہد اقبال", "Shahid Iqbal", "PK", "M", T, "Urdu"),
        ("نازیہ پروین", "Nazia Parveen", "PK", "F", T, "Urdu"),
        ("فاطمه رضایی", "Fatemeh Rezaei", "IR", "F", T, "Persian"),
        ("زهرا احمدی", "Zahra Ahmadi", "IR", "F", T, "Persian"),
        ("محمدرضا حسینی", "Mohammad Reza Hosseini", "IR", "M", T, "Persian, joined"),
        ("گل احمد", "Gul Ahmad", "AF", "M", T, "Pashto/Dari"),
        ("نجیب الله", "Najibullah", "AF", "M", T, "Pashto/Dari, joined"),
        ("خوشحال خان", "Khushal Khan", "AF", "M", T, "Pashto"),
        ("أحمد حسن", "Ahmed Hussein", "EG", "M", F, NEAR),
        ("محمد عثمان", "Muhammad Usama", "PK", "M", F, NEAR),
        ("زهرا احمدی", "Zahra Ahmadi", "IR", "F", F, AGES),
        ("مريم سالم", "Mariam Salim", "YE", "F", F, NEAR),
    ],
    "south-asian": [
        ("মোহাম্মদ রফিকুল ইসলাম", "Md. Rafiqul Islam", "BD", "M", T, "Bengali, Md."),
        ("তানভীর হাসান", "Tanvir Hasan", "BD", "M", T, "Bengali"),
        ("শাহনাজ বেগম", "Shahnaz Begum", "BD", "F", T, "Bengali"),
        ("রহিমা খাতুন", "Rahima Khatun", "BD", "F", T, "Bengali"),
        ("সুমন দাস", "Suman Das", "BD", "M", T, "Bengali"),
        ("राम बहादुर थापा", "Ram Bahadur Thapa", "NP", "M", T, "Nepali"),
        ("सीता गुरुङ", "Sita Gurung", "NP", "F", T, "Nepali ङ"),
        ("बिकास श्रेष्ठ", "Bikash Shrestha", "NP", "M", T, "Nepali"),
        ("लक्ष्मी तामाङ", "Laxmi Tamang", "NP", "F", T, "Nepali, x for ksh"),
        ("अमित शर्मा", "Amit Sharma", "IN", "M", T, "Hindi"),
        ("கார்த்திக் ராஜா", "Karthik Raja", "IN", "M", T, "Tamil"),
        ("பிரியா செல்வராஜ்", "Priya Selvaraj", "IN", "F", T, "Tamil"),
        ("லட்சுமி நாராயணன்", "Lakshmi Narayanan", "IN", "F", T, "Tamil"),
        ("அருண் பாண்டியன்", "Arun Pandian", "LK", "M", T, "Tamil"),
        ("නිමල් පෙරේරා", "Nimal Perera", "LK", "M", T, "Sinhala"),
        ("ගයාන් සිල්වා", "Gayan Silva", "LK", "M", T, "Sinhala"),
        ("කුමාරි බණ්ඩාර", "Kumari Bandara", "LK", "F", T, "Sinhala"),
        ("චමින්ද රත්නායක", "Chaminda Rathnayake", "LK", "M", T, "Sinhala"),
        ("রফিকুল ইসলাম", "Shafiqul Islam", "BD", "M", F, NEAR),
        ("अमित शर्मा", "Amit Verma", "IN", "M", F, SURNAME),
        ("सीता गुरुङ", "Sita Gurung", "NP", "F", F, AGES),
        ("சுரேஷ் குமார்", "Ramesh Kumar", "IN", "M", F, NEAR),
        ("නිමල් පෙරේරා", "Kamal Perera", "LK", "M", F, NEAR),
    ],
    "malay-indonesian-filipino": [
        ("Djoko Santoso", "Joko Santoso", "ID", "M", T, "old spelling dj"),
        ("Soetrisno", "Sutrisno", "ID", "M", T, "old spelling oe, single name"),
        ("Tjahjono", "Cahyono", "ID", "M", T, "old spelling tj, j"),
        ("Sri Wahjuni", "Sri Wahyuni", "ID", "F", T, "old spelling j for y"),
        ("Muhammad Faiz bin Abdul Rahman", "Mohd Faiz Abd Rahman", "MY", "M", T, "Mohd, Abd."),
        ("Nur Aisyah binti Ahmad", "Nur Aisyah Ahmad", "MY", "F", T, "binti left out"),
        (
            "Siti Nor Azizah binti Ismail",
            "Siti Noorazizah Ismail",
            "MY",
            "F",
            T,
            "Nor/Noor, joined",
        ),
        ("Ahmad Zaki bin Yusof", "Ahmad Zaki Yusoff", "MY", "M", T, "Yusof/Yusoff"),
        ("Rajesh a/l Subramaniam", "Rajesh Subramaniam", "MY", "M", T, "a/l"),
        ("Ma. Cristina dela Cruz", "Maria Cristina De La Cruz", "PH", "F", T, "Ma., dela"),
        ("Juan Carlos Santos Jr.", "Juan Carlos Santos", "PH", "M", T, "Jr."),
        ("Roberto delos Santos", "Roberto De Los Santos", "PH", "M", T, "delos"),
        ("Ana Marie Villanueva", "Anamarie Villanueva", "PH", "F", T, "joined given name"),
        ("Jhon Paul Garcia", "John Paul Garcia", "PH", "M", T, "Jh spelling"),
        ("Ma. Luisa Dela Rosa", "Maria Luisa Delarosa", "PH", "F", T, "Ma., Delarosa"),
        ("Ma. Cristina dela Cruz", "Maria Cristina de la Paz", "PH", "F", F, SURNAME),
        ("Juan Carlos Santos Jr.", "Juan Carlos Santos Sr.", "PH", "M", F, AGES),
        ("Muhammad Faiz bin Abdul Rahman", "Muhammad Fariz bin Abdul Rahman", "MY", "M", F, NEAR),
        ("Nur Aisyah binti Ahmad", "Nur Aisyah binti Hamid", "MY", "F", F, SURNAME),
        ("Sri Wahyuni", "Sri Rahayu", "ID", "F", F, NEAR),
    ],
    "ethiopic-hebrew": [
        ("ሀና ተስፋዬ", "Hanna Tesfaye", "ET", "F", T, "Amharic"),
        ("ዮሐንስ ገብረመድህን", "Yohannes Gebremedhin", "ER", "M", T, "Tigrinya"),
        ("ሰላማዊት ኃይሌ", "Selamawit Haile", "ET", "F", T, "Amharic"),
        ("ፀጋ ብርሃኑ", "Tsega Berhanu", "ET", "F", T, "Amharic"),
        ("ተኽለ ሃብተ", "Tekle Habte", "ER", "M", T, "Tigrinya"),
        ("ሙሴ ኪዳነ", "Mussie Kidane", "ER", "M", T, "Tigrinya, doubled s"),
        ("ሳባ ተወልደ", "Saba Tewolde", "ER", "F", T, "Tigrinya"),
        ("ዮሐንስ ገብረመድህን", "Yohannes Gebre Medhin", "ER", "M", T, "Gebre split"),
        ("יוסף לוי", "Yosef Levi", "IL", "M", T, "Hebrew"),
        ("שרה כהן", "Sara Kohen", "IL", "F", T, "Hebrew"),
        ("רחל אברהם", "Rachel Avraham", "IL", "F", T, "Hebrew"),
        ("יעקב מזרחי", "Yaakov Mizrahi", "IL", "M", T, "Hebrew"),
        ("נועה שפירא", "Noa Shapira", "IL", "F", T, "Hebrew"),
        ("ሀና ተስፋዬ", "Hanna Tesfay", "ET", "F", T, "final e dropped"),
        ("ሰላማዊት ኃይሌ", "Selam Haile", "ET", "F", F, NEAR),
        ("ሳባ ተወልደ", "Saba Tekle", "ER", "F", F, SURNAME),
        ("יוסף לוי", "Yosef Lavi", "IL", "M", F, NEAR),
        ("רחל אברהם", "Rachel Avraham", "IL", "F", F, AGES),
    ],
}


def rows() -> list[list]:
    out = []
    for family, pairs in PAIRS.items():
        for a, b, nationality, sex, same, kind in pairs:
            age = rng.randint(18, 52)
            other_age, other_sex = (age + rng.choice((0, 0, 1)), sex) if same else (age, sex)
            if kind == AGES:
                other_age = age + rng.choice((22, 25, 30))
            if kind == SEX:
                other_sex = "F" if sex == "M" else "M"
            out.append(
                [a, nationality, age, sex, b, nationality, other_age, other_sex, same, family, kind]
            )
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["name_a", "nationality_a", "age_a", "sex_a", "name_b", "nationality_b",
                         "age_b", "sex_b", "same", "family", "kind"])  # fmt: skip
        writer.writerows(rows())


if __name__ == "__main__":
    main()
