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
