"""Korean, Japanese, Cyrillic and the scripts of South India, Punjab, Gujarat, Odisha and Sri
Lanka against their common Latin spellings (seri.linkage.scripts, korean, japanese, indic)."""

import pytest

from seri.linkage import indic, japanese, korean
from seri.linkage.scoring import record, score

KOREAN = "Korean reading (Revised Romanization, McCune-Reischauer)"
JAPANESE = "Japanese reading (Hepburn, Kunrei)"
CYRILLIC = "Cyrillic reading (passport, BGN/PCGN, GOST)"


def pair(a: str, b: str, nationality: str, *, sex_b: str = "M", age_b: int = 30):
    result = score(
        record(a, age=30, sex="M", nationalities=[nationality]),
        record(b, age=age_b, sex=sex_b, nationalities=[nationality]),
    )
    return result, result.fields[0]


SAME = [
    # Korean: Revised Romanization, McCune-Reischauer (with and without breves), the family
    # names' usual spellings; given names joined, hyphenated or spaced; family name first or last
    ("김민준", "Kim Min-jun", "KR", KOREAN),
    ("김민준", "Minjun Kim", "KR", KOREAN),
    ("김민준", "Gim Min Jun", "KR", KOREAN),
    ("이서연", "Lee Seo-yeon", "KR", KOREAN),
    ("이서연", "Yi Sŏyŏn", "KR", KOREAN),
    ("이민호", "Rhee Min Ho", "KR", KOREAN),
    ("박지훈", "Park Ji-hoon", "KR", KOREAN),
    ("박지훈", "Pak Chi-hun", "KR", KOREAN),
    ("최수빈", "Choi Su-bin", "KR", KOREAN),
    ("최수빈", "Choe Subin", "KR", KOREAN),
    ("정하늘", "Chŏng Ha-nŭl", "KR", KOREAN),
    ("정하늘", "Jung Haneul", "KR", KOREAN),
    ("김영수", "Kim Young Soo", "KR", KOREAN),
    ("남궁민수", "Namgoong Min-su", "KR", KOREAN),
    ("류하은", "Yoo Ha-eun", "KR", KOREAN),
    # Japanese: kana, and kanji through the table of name readings; long vowels any way
    ("田中 太郎", "Tanaka Taro", "JP", JAPANESE),
    ("田中太郎", "Taro Tanaka", "JP", JAPANESE),
    ("佐藤花子", "Satoh Hanako", "JP", JAPANESE),
    ("佐藤 花子", "Satō Hanako", "JP", JAPANESE),
    ("佐藤 花子", "Satou Hanako", "JP", JAPANESE),
    ("高橋 裕子", "Takahashi Hiroko", "JP", JAPANESE),
    ("高橋 裕子", "Takahashi Yuko", "JP", JAPANESE),
    ("たなか たろう", "Tanaka Taro", "JP", JAPANESE),
    ("サトウ ユキ", "Sato Yuki", "JP", JAPANESE),
    ("すずき しょうた", "Suzuki Syota", "JP", JAPANESE),
    ("田中 さくら", "Tanaka Sakura", "JP", JAPANESE),
    # Indic scripts and Sinhala
    ("முருகன் செல்வம்", "Murugan Selvam", "IN", "Tamil reading"),
    ("சுப்பிரமணியன்", "Subramanian", "IN", "Tamil reading"),
    ("கார்த்திக் ராஜா", "Karthik Raja", "IN", "Tamil reading"),
    ("కృష్ణ", "Krishna", "IN", "Telugu reading"),
    ("వెంకట రమణ", "Venkata Ramana", "IN", "Telugu reading"),
    ("శ్రీనివాస రావు", "Srinivasa Rao", "IN", "Telugu reading"),
    ("ಅನಿಲ್ ಕುಮಾರ್", "Anil Kumar", "IN", "Kannada reading"),
    ("ಸುಮಾ ಶೆಟ್ಟಿ", "Suma Shetty", "IN", "Kannada reading"),
    ("മനു തോമസ്", "Manu Thomas", "IN", "Malayalam reading"),
    ("ശ്രീജിത്ത് മേനോൻ", "Sreejith Menon", "IN", "Malayalam reading"),
    ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Harpreet Singh", "IN", "Gurmukhi reading"),
    ("ਜਸਵਿੰਦਰ ਕੌਰ", "Jaswinder Kaur", "IN", "Gurmukhi reading"),
    ("ગીતા પટેલ", "Geeta Patel", "IN", "Gujarati reading"),
    ("ଅନିଲ କୁମାର", "Anil Kumar", "IN", "Oriya reading"),
    ("ପ୍ରିୟଙ୍କା ମହାପାତ୍ର", "Priyanka Mohapatra", "IN", "Oriya reading"),
    ("කමල් පෙරේරා", "Kamal Perera", "LK", "Sinhala reading"),
    ("චමිලා ජයසිංහ", "Chamila Jayasinghe", "LK", "Sinhala reading"),
    # Cyrillic: passports (ICAO Doc 9303), BGN/PCGN, GOST, and the usual short forms
    ("Юлия Журавлёва", "Yulia Zhuravleva", "RU", CYRILLIC),
    ("Юлия Журавлёва", "Iuliia Zhuravleva", "RU", CYRILLIC),
    ("Юлия Журавлёва", "Yuliya Zhuravlyova", "RU", CYRILLIC),
    ("Александр Щербаков", "Alexander Shcherbakov", "RU", CYRILLIC),
    ("Дмитрий Иванов", "Dmitrii Ivanov", "RU", CYRILLIC),
    ("Евгений Козлов", "Yevgeniy Kozlov", "RU", CYRILLIC),
]


@pytest.mark.parametrize(("script", "latin", "nationality", "reading"), SAME)
def test_each_script_matches_its_common_latin_spellings(script, latin, nationality, reading):
    result, name = pair(script, latin, nationality)
    assert result.probability >= 0.9, result.as_dict()
    assert name.level == "same words, any script or order"
    assert name.reading == reading


@pytest.mark.parametrize(
    ("script", "latin", "nationality", "level"),
    [
        ("김민준", "Lee Min-jun", "KR", "different family name"),
        ("박지훈", "Choi Ji-hoon", "KR", "different family name"),
        ("김민준", "Kim Min-seok", "KR", None),
        ("김민준", "Kim Jun-min", "KR", None),  # the given syllables in another order
        ("박지훈", "Park Ji-hyun", "KR", None),
        ("田中 太郎", "Yamada Taro", "JP", "different family name"),
        ("田中 太郎", "Tanaka Jiro", "JP", None),
        ("高橋 裕子", "Takahashi Yoko", "JP", None),
        ("さとう ゆうき", "Saito Yuki", "JP", None),
        ("முருகன் செல்வம்", "Murugan Selvaraj", "IN", None),
        ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Gurpreet Singh", "IN", None),
        ("කමල් පෙරේරා", "Kamala Perera", "LK", None),
        ("ગીતા પટેલ", "Geeta Shah", "IN", None),
        ("Иван Петров", "Ivan Popov", "RU", None),
        ("Дмитрий Иванов", "Dmitry Ivanova", "RU", None),
    ],
)
def test_other_names_in_these_scripts_do_not_match(script, latin, nationality, level):
    result, name = pair(script, latin, nationality)
    assert result.probability < 0.5, result.as_dict()
    if level:
        assert name.level == level


def test_same_name_other_sex_or_far_ages_do_not_match():
    assert pair("김민준", "Kim Min-jun", "KR", sex_b="F")[0].probability < 0.5
    assert pair("田中 太郎", "Tanaka Taro", "JP", age_b=64)[0].probability < 0.5


def test_a_patronymic_left_out_is_still_found():
    result, name = pair("Петров Иван Сергеевич", "Ivan Petrov", "RU")
    assert name.level == "all words found in the other name, allowing typos"
    assert result.probability >= 0.5


def test_korean_syllables_are_spelled_every_usual_way():
    assert {"jun", "joon", "chun"} <= set(korean.spellings("준"))
    assert {"seo", "so", "suh"} <= set(korean.spellings("서"))
    assert {"park", "pak", "bak"} <= set(korean.family_spellings("박"))
    assert korean.split("남궁민수") == ["남궁", "민수"]
    assert korean.split("김민준") == ["김", "민준"]


def test_japanese_long_vowels_and_readings():
    assert set(japanese.morae("さとう")[-1]) >= {"to", "tou", "too", "toh"}
    assert japanese.morae("はっとり")[1][0] == "tto"
    assert ("高橋", "裕子") in japanese.splits("高橋裕子")
    assert japanese.parsings("龘龘") == ()  # kanji the table does not read: no Japanese reading


@pytest.mark.parametrize(
    ("kanji", "latin", "same"),
    [
        # given names the name table lacks, read kanji by kanji (裕 ゆう, 太 た), with or
        # without long vowels
        ("加藤 裕太", "Kato Yuta", True),
        ("加藤 裕太", "Katoh Yuuta", True),
        ("加藤 裕太", "Katō Yūta", True),
        ("加藤 颯太", "Kato Sota", True),  # 颯 そう (the dictionary's reading)
        ("加藤 陽菜", "Kato Hina", True),  # 陽 ひ, 菜 な
        ("大野 翔", "Ohno Sho", True),  # in the table: 大野 おおの, 翔 しょう
        ("大野 翔", "Ono Shou", True),
        ("大野 大輔", "Oono Daisuke", True),
        ("佐藤 裕太", "Kato Yuta", False),  # another family name
        ("加藤 裕太", "Kato Yusuke", False),  # another given name
        # written without a space: a family name of two kanji the table holds, the rest
        # kanji by kanji
        ("加藤裕太", "Kato Yuta", True),
        ("加藤裕太", "Yuta Kato", True),
        ("加藤颯太", "Katoh Souta", True),
        ("佐藤裕太", "Kato Yuta", False),
        ("加藤裕太", "Kato Yusuke", False),
    ],
)
def test_a_kanji_given_name_the_table_lacks_is_read_kanji_by_kanji(kanji, latin, same):
    result, name = pair(kanji, latin, "JP")
    assert (result.probability >= 0.5) is same, result.as_dict()
    if same:
        assert name.level == "same words, any script or order"


def test_a_name_without_a_space_is_read_kanji_by_kanji_only_after_a_long_family_name():
    assert "ゆうた" in japanese.composed("裕太")
    assert japanese.composed("龘") == ()
    # written without a space, a name the table knows both halves of is cut there; else after
    # a family name of two or three kanji the table holds (加藤), never of one: 林, 王, 陳
    # are Chinese family names too, and a Chinese name is not also read as a Japanese one
    assert japanese.splits("加藤裕太") == [("加藤", "裕太")]
    assert japanese.parsings("加藤裕太")
    for chinese_name in ("陳家豪", "林偉強", "高家豪", "王浩然", "张伟强", "黄伟"):
        assert japanese.parsings(chinese_name) == (), chinese_name
    assert japanese.splits("加藤龘") == []  # a kanji without a reading: no cut


def test_a_japanese_reading_of_its_own_keeps_chinese_surnames_apart():
    # the Chinese readings still apply to a name read as Japanese, and different Chinese
    # family names with the same given name stay apart (both in characters, and either
    # against a romanised name)
    _result, name = pair("加藤裕太", "Kato Yuta", "JP")
    assert name.reading == japanese.READING
    assert pair("高秀英", "Gao Xiuying", "CN")[0].probability >= 0.5
    assert pair("林秀英", "Gao Xiuying", "CN")[0].probability < 0.5
    assert pair("林秀英", "高秀英", "CN")[0].probability < 0.5
    assert pair("佐藤裕太", "加藤裕太", "JP")[0].probability < 0.5


def test_tamil_writes_no_voicing_and_inherent_vowels_may_go_unwritten():
    assert {"k", "g"} <= set(indic.units("முருகன்", "tamil")[4])
    assert "" in indic.units("ਹਰਪ੍ਰੀਤ", "gurmukhi")[1]
    assert indic.units("ਹਰਪ੍ਰੀਤ", "gurmukhi")[6][0] == "i"  # a written vowel is required


@pytest.mark.parametrize(
    ("script", "latin", "same"),
    [
        ("عبد الرحمن", "Abdul Rahman", True),  # the article with the word before
        ("عبد الرحمن", "Abdelrahman", True),
        ("نور الدين", "Nuruddin", True),  # the article assimilated (ad-Din)
        ("مصطفى", "Mustafa", True),  # a final ى is a
        ("فاطمة الزهراء", "Fatima Zahra", True),  # z and h are two letters here, not zh
        ("محمد", "Mahmoud", False),  # two unwritten short vowels are not a long one
        ("محمد علي", "Ahmed Ali", False),
    ],
)
def test_arabic_names(script, latin, same):
    result = pair(script, latin, "EG")[0]
    assert (result.probability >= 0.5) is same, result.as_dict()


@pytest.mark.parametrize(
    ("script", "latin", "same"),
    [
        ("キム ミンジュン", "Kim Minjun", True),  # katakana: a foreign name, no added vowels
        ("マリア サントス", "Maria Santos", True),  # and l for r
        ("ファティマ", "Fatima", True),  # a small vowel replaces the mora's own
        ("サトウ ユキ", "Saito Yuki", False),
        ("マリア サントス", "Marta Santos", False),
    ],
)
def test_katakana_names(script, latin, same):
    result = pair(script, latin, "JP")[0]
    assert (result.probability >= 0.5) is same, result.as_dict()


def test_devanagari_letters_are_not_read_as_one_aspirate():
    # ब + ह (Bahadur) is not भ (bh): before, बहादुर did not match Bahadur
    assert pair("राम बहादुर थापा", "Ram Bahadur Thapa", "NP")[0].probability >= 0.5


@pytest.mark.parametrize(
    ("script", "latin", "same"),
    [
        ("ትግስት ሃይሉ", "Tigist Hailu", True),  # Ethiopic: the sixth form without a vowel or with i
        ("ሰላም ተስፋዬ", "Selam Tesfaye", True),
        ("ጊዮርጊስ", "Giorgis", True),
        ("ትግስት ሃይሉ", "Tigist Haile", False),
        ("አበበ ከበደ", "Abebe Bekele", False),
        ("דוד כהן", "David Cohen", True),  # Hebrew: short vowels unwritten
        ("מרים פרץ", "Miriam Peretz", True),
        ("דוד כהן", "David Katz", False),
        ("שרה לוי", "Sara Levin", False),
    ],
)
def test_ethiopic_and_hebrew_names(script, latin, same):
    result = pair(script, latin, "ET")[0]
    assert (result.probability >= 0.5) is same, result.as_dict()


HANJA = "Korean reading of hanja (Revised Romanization, McCune-Reischauer)"


@pytest.mark.parametrize(
    ("hanja", "other"),
    [
        ("金民俊", "Kim Min-jun"),  # 金 is 김 as a family name
        ("金民俊", "김민준"),
        ("李瑞妍", "Lee Seo-yeon"),  # 리 → 이 at the start of the name
        ("柳夏恩", "Ryu Ha-eun"),
        ("柳夏恩", "Yoo Ha-eun"),
        ("南宮民秀", "Namgoong Min-su"),
        ("申惟眞", "Shin Yu-jin"),
    ],
)
def test_a_korean_name_in_hanja_is_read_in_korean(hanja, other):
    result, name = pair(hanja, other, "KR")
    assert name.level == "same words, any script or order", result.as_dict()
    assert name.reading == HANJA


@pytest.mark.parametrize(
    ("hanja", "other"),
    [("金民俊", "Lee Min-jun"), ("朴智勳", "Choi Ji-hoon"), ("金民俊", "Kim Jun-min")],
)
def test_the_korean_reading_of_hanja_keeps_other_names_apart(hanja, other):
    assert pair(hanja, other, "KR")[0].probability < 0.5


def test_the_initial_sound_rule():
    assert korean.hanja_hangul("李瑞妍") == ("이 서연", "리 서연")
    assert korean.hanja_hangul("林龍洙")[0] == "임 용수"
    assert korean.hanja_hangul("金民俊") == ("김 민준",)


@pytest.mark.parametrize(
    ("tamil", "latin", "nationality"),
    [
        # Malaysian and Singaporean spellings: ட்ச tch with an e before it, the final u of
        # Tamil unwritten, a final a ah; a/l, s/o between the names
        ("லட்சுமணன் முனியாண்டி", "Letchumanan a/l Muniandy", "MY"),
        ("காளியம்மா ராஜு", "Kaliammah Raj", "MY"),
        ("கிருஷ்ணன் ராஜு", "Krishnan s/o Raj", "SG"),
        ("லட்சுமணன் ராஜு", "Lakshmanan Raju", "IN"),  # and the Indian ones
    ],
)
def test_malaysian_and_singaporean_tamil_spellings(tamil, latin, nationality):
    result, name = pair(tamil, latin, nationality)
    assert result.probability >= 0.9 and name.reading == indic.READINGS["tamil"]


@pytest.mark.parametrize(
    ("tamil", "latin"),
    [
        ("காளியம்மா ராஜு", "Kaliammah Ravi"),
        ("ராஜு கோபால்", "Ram Gopal"),  # the final u unwritten, not another consonant
        ("லட்சுமணன் முனியாண்டி", "Letchumi Muniandy"),
    ],
)
def test_other_tamil_names_stay_apart(tamil, latin):
    assert pair(tamil, latin, "MY")[0].probability < 0.5
