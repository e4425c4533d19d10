"""Synthetic names for the benchmark coalition: plausible for each nationality, in the native
script and romanised. Common given and family names only, combined at random: no real person.

Each nationality has family names and given names as (native, romanised) pairs, the order in
which a full name is written (family first or given first), and the script code of its native
form (`seri.cases.models.Script`). Latin-script nationalities have native == romanised.
"""

from typing import NamedTuple


class NameSet(NamedTuple):
    script: str  # Script code of the native form
    family_first: bool
    family: tuple[tuple[str, str], ...]
    given: tuple[tuple[str, str], ...]
    calling_code: str
    mobile_prefixes: tuple[str, ...]
    national_digits: int  # digits after the mobile prefix


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'native:roman native:roman …' → pairs (a word without ':' is its own romanisation)."""
    out = []
    for item in text.split():
        native, _, roman = item.partition(":")
        out.append((native.replace("_", " "), (roman or native).replace("_", " ")))
    return tuple(out)


NAMES: dict[str, NameSet] = {
    "CN": NameSet(
        "Hani",
        True,
        _pairs(
            "王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou "
            "徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 林:Lin 罗:Luo 高:Gao 郑:Zheng "
            "梁:Liang 谢:Xie 宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng 邓:Deng 曹:Cao"
        ),
        _pairs(
            "伟:Wei 芳:Fang 娜:Na 敏:Min 静:Jing 丽:Li 强:Qiang 磊:Lei 军:Jun 洋:Yang "
            "勇:Yong 艳:Yan 杰:Jie 娟:Juan 涛:Tao 明:Ming 超:Chao 秀英:Xiuying 霞:Xia "
            "平:Ping 刚:Gang 桂英:Guiying 建华:Jianhua 志强:Zhiqiang 海燕:Haiyan 子涵:Zihan "
            "浩然:Haoran 宇轩:Yuxuan 欣怡:Xinyi 俊杰:Junjie 晓东:Xiaodong 文博:Wenbo"
        ),
        "86",
        ("138", "139", "150", "151", "186", "187", "135", "136"),
        8,
    ),
    "VN": NameSet(
        "Latn",
        True,
        _pairs(
            "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh "
            "Trương Lâm Mai"
        ),
        _pairs(
            "Văn_An Thị_Lan Văn_Hùng Thị_Hương Minh_Tuấn Thị_Mai Đức_Anh Thu_Trang Quốc_Bảo "
            "Thị_Hoa Văn_Nam Ngọc_Ánh Thanh_Tùng Thị_Thảo Hoàng_Long Phương_Linh Văn_Dũng "
            "Thị_Ngọc Minh_Châu Gia_Huy Bảo_Ngọc Văn_Sơn Thị_Hằng Quang_Hải"
        ),
        "84",
        ("90", "91", "93", "94", "96", "97", "98", "86", "70", "77"),
        7,
    ),
    "ID": NameSet(
        "Latn",
        False,
        _pairs(
            "Pratama Saputra Wijaya Santoso Hidayat Nugroho Kusuma Setiawan Gunawan Siregar "
            "Hutapea Lubis Wibowo Purnomo Halim Rahman Syahputra Utami Lestari Permana"
        ),
        _pairs(
            "Budi Agus Siti Dewi Rizky Putri Eko Adi Indah Andi Fajar Nur Sri Yusuf Dian "
            "Rina Hendra Wahyu Ayu Bayu Fitri Rudi Intan Arief"
        ),
        "62",
        ("811", "812", "813", "821", "822", "852", "853", "857", "878"),
        8,
    ),
    "TH": NameSet(
        "Thai",
        False,
        _pairs(
            "สมบัติ:Sombat ศรีสุข:Srisuk วงศ์ใหญ่:Wongyai แสงทอง:Saengthong บุญมา:Boonma "
            "ทองดี:Thongdee สุขสวัสดิ์:Suksawat จันทร์เพ็ญ:Chanphen ใจดี:Jaidee รุ่งเรือง:Rungruang "
            "พรหมมา:Phromma แก้วมณี:Kaewmanee ศรีวงศ์:Sriwong ชัยมงคล:Chaimongkol"
        ),
        _pairs(
            "สมชาย:Somchai สมศักดิ์:Somsak ประเสริฐ:Prasert สุดา:Suda มาลี:Malee "
            "วิชัย:Wichai นิภา:Nipha อนันต์:Anan กมล:Kamon ปรีชา:Preecha สุนีย์:Sunee "
            "ธนากร:Thanakorn พิมพ์ชนก:Pimchanok ณัฐวุฒิ:Nattawut อรุณี:Arunee ชัยวัฒน์:Chaiwat"
        ),
        "66",
        ("81", "82", "83", "84", "86", "89", "61", "62", "91", "95"),
        7,
    ),
    "MY": NameSet(
        "Latn",
        False,
        _pairs(
            "bin_Abdullah binti_Ahmad bin_Ismail binti_Hassan bin_Ibrahim Tan Lim Lee Wong "
            "Ng a/l_Muthu a/p_Raman bin_Omar binti_Yusof Chong"
        ),
        _pairs(
            "Muhammad Nur Ahmad Siti Aiman Farah Hafiz Aisyah Wei_Ling Kok_Wai Mei_Ling "
            "Kumar Priya Zainal Nadia Amir"
        ),
        "60",
        ("12", "16", "19"),
        7,
    ),
    "PH": NameSet(
        "Latn",
        False,
        _pairs(
            "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Tomas Andrada "
            "Castillo Flores Villanueva Ramos Castro Rivera Aquino Navarro Salazar Mercado"
        ),
        _pairs(
            "Juan Maria Jose Mark Angelica John_Paul Kristine Rodel Jennifer Michael "
            "Mary_Grace Ronaldo Jocelyn Christian Rowena Jerome Lovely Arnel"
        ),
        "63",
        ("917", "918", "919", "920", "927", "939", "905", "995"),
        7,
    ),
    "MM": NameSet(
        "Mymr",
        False,
        # Burmese names have no family name: "family" here is a name's last syllables.
        _pairs(
            "အောင်:Aung ဝင်း:Win ထွန်း:Tun ကျော်:Kyaw မြင့်:Myint စိုး:Soe နိုင်:Naing ဇော်:Zaw လွင်:Lwin ဦး:Oo"
        ),
        _pairs(
            "မောင်မောင်:Maung_Maung သန်းသန်း:Than_Than ခင်ခင်:Khin_Khin မြမြ:Mya_Mya "
            "ဇော်ဇော်:Zaw_Zaw အေးအေး:Aye_Aye သူဇာ:Thu_Zar နန္ဒာ:Nandar ကိုကို:Ko_Ko "
            "မင်းမင်း:Min_Min ဖြိုး:Phyo သက်:Thet"
        ),
        "95",
        ("979", "978", "977", "976", "996", "997", "995", "925", "926", "940", "945"),
        7,
    ),
    "LA": NameSet(
        "Laoo",
        False,
        _pairs(
            "ພົມມະຈັນ:Phommachanh ສີສຸວັນ:Sisouvanh ແກ້ວມະນີ:Keomany ວົງສະຫວັນ:Vongsavanh "
            "ສຸລິຍະ:Souliya ພັນທະວົງ:Phanthavong ອິນທະວົງ:Inthavong"
        ),
        _pairs(
            "ສົມພອນ:Somphone ບຸນມີ:Bounmy ຄຳພອນ:Khamphone ວັນນາ:Vanna ສີດາ:Sida "
            "ຈັນທະລາ:Chanthala ພອນສະຫວັນ:Phonsavanh ນາລີ:Naly"
        ),
        "856",
        ("2055", "2056", "2077", "2022", "2095"),
        6,
    ),
    "KH": NameSet(
        "Khmr",
        True,
        _pairs(
            "សុខ:Sok ចាន់:Chan ហេង:Heng លី:Ly ញឹម:Nhim សែម:Sem ជា:Chea គឹម:Kim ម៉ៅ:Mao "
            "ស៊ុន:Sun ប៉ែន:Pen ខៀវ:Khiev ឈឹម:Chhim សាយ:Say"
        ),
        _pairs(
            "សុភា:Sophea ដារ៉ា:Dara សុខា:Sokha ចន្ធូ:Chanthou វណ្ណា:Vanna បុប្ផា:Bopha "
            "រតនា:Rathana សំណាង:Samnang ពិសិដ្ឋ:Piseth សុភ័ក្រ:Sopheak ស្រីពៅ:Sreypov "
            "វិចិត្រ:Vichet ធារី:Theary គន្ធា:Kunthea"
        ),
        "855",
        ("12", "17", "77", "89", "92", "95", "97", "10", "15", "16"),
        6,
    ),
    "BD": NameSet(
        "Beng",
        False,
        _pairs(
            "হোসেন:Hossain রহমান:Rahman আহমেদ:Ahmed ইসলাম:Islam খান:Khan চৌধুরী:Chowdhury "
            "মিয়া:Miah সরকার:Sarkar আলী:Ali বেগম:Begum"
        ),
        _pairs(
            "মোহাম্মদ:Mohammad আব্দুল:Abdul রফিক:Rafiq ফাতেমা:Fatema নাসরিন:Nasrin "
            "কামাল:Kamal শাহিদ:Shahid রুবিনা:Rubina জাহিদ:Zahid সুমন:Sumon"
        ),
        "880",
        ("17", "18", "19", "15", "16", "13"),
        8,
    ),
    "IN": NameSet(
        "Deva",
        False,
        _pairs(
            "शर्मा:Sharma सिंह:Singh कुमार:Kumar वर्मा:Verma यादव:Yadav गुप्ता:Gupta "
            "पटेल:Patel मिश्रा:Mishra दास:Das रेड्डी:Reddy"
        ),
        _pairs(
            "राहुल:Rahul अमित:Amit प्रिया:Priya सुनील:Sunil पूजा:Pooja विकास:Vikas "
            "अंजलि:Anjali राजेश:Rajesh दीपक:Deepak नेहा:Neha अर्जुन:Arjun"
        ),
        "91",
        ("98", "97", "96", "95", "94", "93", "90", "88", "70"),
        8,
    ),
    "KE": NameSet(
        "Latn",
        False,
        _pairs(
            "Otieno Odhiambo Mwangi Kamau Wanjiru Kiprop Chebet Ochieng Njoroge Mutua "
            "Wafula Kiptoo Achieng Omondi"
        ),
        _pairs("Brian Faith Kevin Mercy Dennis Esther Collins Grace Victor Purity Daniel Joy"),
        "254",
        ("70", "71", "72", "74", "79", "11"),
        7,
    ),
    "UG": NameSet(
        "Latn",
        False,
        _pairs("Okello Namutebi Ssemakula Nakato Mugisha Atwine Opio Nansubuga Kato Byaruhanga"),
        _pairs("Ronald Sarah Isaac Patience Moses Brenda Emmanuel Sharon Joseph Prossy"),
        "256",
        ("70", "71", "75", "77", "78"),
        7,
    ),
    "ET": NameSet(
        "Ethi",
        False,
        _pairs(
            "ተስፋዬ:Tesfaye ገብሬ:Gebre ኃይሉ:Hailu በቀለ:Bekele ታደሰ:Tadesse ወልደ:Wolde "
            "አለሙ:Alemu መንግስቱ:Mengistu"
        ),
        _pairs(
            "አበበ:Abebe ሰላም:Selam ዳዊት:Dawit ሄለን:Helen ዮሐንስ:Yohannes ትዕግስት:Tigist "
            "ሙሉጌታ:Mulugeta መሰረት:Meseret"
        ),
        "251",
        ("91", "92", "93", "94", "97"),
        7,
    ),
    "LK": NameSet(
        "Latn",
        False,
        _pairs("Perera Fernando Silva Jayasinghe Bandara Wickramasinghe Dissanayake"),
        _pairs("Nimal Kumari Saman Chathura Dilani Ruwan Nadeesha"),
        "94",
        ("71", "72", "76", "77"),
        7,
    ),
    "NP": NameSet(
        "Deva",
        False,
        _pairs("श्रेष्ठ:Shrestha तामाङ:Tamang गुरुङ:Gurung राई:Rai थापा:Thapa"),
        _pairs("राम:Ram सीता:Sita बिकाश:Bikash सुनिता:Sunita प्रकाश:Prakash"),
        "977",
        ("980", "981", "984", "986"),
        7,
    ),
}

# Nationalities of people held in the compounds, roughly as reported across the region
# (UNODC/OHCHR 2023 reports; synthetic proportions, not statistics).
NATIONALITY_WEIGHTS: dict[str, float] = {
    "CN": 22,
    "VN": 15,
    "ID": 10,
    "TH": 8,
    "KH": 8,
    "MM": 6,
    "PH": 6,
    "MY": 5,
    "LA": 3,
    "BD": 3,
    "IN": 4,
    "KE": 3,
    "UG": 2,
    "ET": 2,
    "LK": 1.5,
    "NP": 1.5,
}

LANGUAGE_OF = {
    "CN": "zh",
    "VN": "vi",
    "ID": "id",
    "TH": "th",
    "KH": "km",
    "MM": "my",
    "PH": "tl",
    "MY": "ms",
    "LA": "lo",
    "BD": "bn",
    "IN": "hi",
    "KE": "sw",
    "UG": "en",
    "ET": "am",
    "LK": "si",
    "NP": "ne",
}

PROVINCES: tuple[tuple[str, float, float], ...] = (
    ("Preah Sihanouk", 10.63, 103.52),
    ("Phnom Penh", 11.56, 104.92),
    ("Koh Kong", 11.61, 102.98),
    ("Kampot", 10.61, 104.18),
    ("Pursat", 12.53, 103.92),
    ("Svay Rieng", 11.08, 105.80),
    ("Banteay Meanchey", 13.59, 102.97),
    ("Oddar Meanchey", 14.16, 103.51),
    ("Kandal", 11.47, 104.94),
    ("Takeo", 10.99, 104.79),
    ("Kep", 10.48, 104.32),
    ("Battambang", 13.10, 103.20),
)

COMPOUND_WORDS = (
    "Golden",
    "Fortune",
    "Star",
    "Dragon",
    "Royal",
    "Jin Bei",
    "Kaibo",
    "Long Bay",
    "Huang Le",
    "Crown",
    "Victory",
    "White Sand",
    "Lucky",
    "Ocean",
    "Prince",
    "Blue Sky",
    "Phoenix",
    "Oriental",
    "Harbour",
    "Diamond",
)
COMPOUND_KINDS = (
    "Compound",
    "Casino",
    "Tower",
    "Building",
    "Resort",
    "Plaza",
    "Park",
    "City",
    "Garden",
    "Industrial Zone",
)
