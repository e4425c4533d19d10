"""Lao, Devanagari, Bengali and Arabic-script (Urdu) names against their Latin spellings."""

import pytest

from seri.linkage.scoring import record, score
from seri.linkage.scripts import pattern, romanise


def pair(a: str, b: str, nationality: str):
    result = score(
        record(a, age=30, sex="M", nationalities=[nationality]),
        record(b, age=30, sex="M", nationalities=[nationality]),
    )
    return result, result.fields[0]


SAME = [
    ("ສົມສັກ ພົມມະຈັນ", "Somsak Phommachanh", "LA", "Lao reading"),
    ("ບຸນມີ ສີສຸພັນ", "Bounmy Sisouphanh", "LA", "Lao reading"),
    ("ພອນສະຫວັນ ໄຊຍະວົງ", "Phonsavanh Xayavong", "LA", "Lao reading"),
    ("ແກ້ວ ສີສະຫວາດ", "Keo Sisavath", "LA", "Lao reading"),
    ("ເພັດ ສຸລິຍະ", "Phet Souliya", "LA", "Lao reading"),
    ("राजेश कुमार", "Rajesh Kumar", "IN", "Devanagari reading"),
    ("सुनीता देवी", "Sunita Devi", "IN", "Devanagari reading"),
    ("प्रिया शर्मा", "Priya Sharma", "IN", "Devanagari reading"),
    ("রহিম উদ্দিন", "Rahim Uddin", "BD", "Bengali reading"),
    ("মোহাম্মদ আলী", "Mohammad Ali", "BD", "Bengali reading"),
    ("ফাতেমা বেগম", "Fatema Begum", "BD", "Bengali reading"),
    ("محمد علی", "Muhammad Ali", "PK", "Urdu (Arabic script) reading"),
    ("محمد علی", "Mohammed Ali", "PK", "Urdu (Arabic script) reading"),
    ("عائشہ بی بی", "Aisha Bibi", "PK", "Urdu (Arabic script) reading"),
    ("عمران خان", "Imran Khan", "PK", "Urdu (Arabic script) reading"),
    ("حسین احمد", "Hussain Ahmed", "PK", "Urdu (Arabic script) reading"),
]


@pytest.mark.parametrize(("script", "latin", "nationality", "reading"), SAME)
def test_each_script_matches_its_common_latin_spelling(script, latin, nationality, reading):
    result, name = pair(script, latin, nationality)
    assert result.probability >= 0.8, result.as_dict()
    assert name.reading == reading


@pytest.mark.parametrize(
    ("script", "latin", "nationality"),
    [
        ("محمود علی", "Muhammad Ali", "PK"),  # Mahmood is not Muhammad: the long vowel is written
        ("محمد علی", "Ali Khan", "PK"),
        ("राजेश कुमार", "Ramesh Kumar", "IN"),
        ("ສົມສັກ", "Somchai", "LA"),
        ("ফাতেমা বেগম", "Farida Begum", "BD"),
    ],
)
def test_other_names_in_these_scripts_do_not_match(script, latin, nationality):
    assert pair(script, latin, nationality)[0].probability < 0.5


def test_skeletons():
    assert romanise("محمد", "arabic") == "mhmd"
    assert romanise("محمود", "arabic") == "mhmUd"
    assert romanise("ເພັດ", "lao") == "phed"
    assert pattern("mhmd").fullmatch("muhammad") and not pattern("mhmUd").fullmatch("muhammad")


@pytest.mark.parametrize(
    ("script", "latin", "nationality", "reading"),
    [
        ("محمد علی", "Muhammad Ali", "PK", "Urdu (Arabic script) reading"),
        ("عمران خان", "Imran Khan", "PK", "Urdu (Arabic script) reading"),  # ع: a vowel
        ("إبراهيم يوسف", "Ibrahim Youssef", "EG", "Urdu (Arabic script) reading"),
        ("جمال حسن", "Gamal Hassan", "EG", "Urdu (Arabic script) reading"),  # Egyptian g for ج
        ("רחל כהן", "Rachel Cohen", "IL", "Hebrew reading"),  # ח as ch
        ("חיים פרידמן", "Chaim Friedman", "IL", "Hebrew reading"),  # פ as f, a doubled yod one y
        ("אברהם לוי", "Avraham Levi", "IL", "Hebrew reading"),  # א: a vowel
    ],
)
def test_arabic_script_and_hebrew_by_the_usual_spellings_are_the_same_words(
    script, latin, nationality, reading
):
    result, name = pair(script, latin, nationality)
    assert name.level == "same words, any script or order", result.as_dict()
    assert name.reading == reading


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        ("محمد علی", "Mahmoud Ali"),  # the long vowel of Mahmoud is written: not محمد
        ("حسن علی", "Hussain Ali"),  # nor the ی of Hussain
        ("حمد علي", "Ahmad Ali"),  # a written first consonant has no vowel before it
        ("طارق محمود", "Tariq Muhammad"),
    ],
)
def test_different_arabic_names_with_the_same_letters_stay_apart(script, latin):
    assert pair(script, latin, "PK")[0].probability < 0.5


def test_the_usual_spellings_are_stricter_than_the_loose_ones():
    assert pattern("mhmd").fullmatch("mohamad") and pattern("mhmd", strict=True).fullmatch(
        "mohamad"
    )
    assert pattern("hmd").fullmatch("ahmad") and not pattern("hmd", strict=True).fullmatch("ahmad")
    assert not pattern("hsn", strict=True).fullmatch("asan")  # a written h is spelled
