# ruff: noqa: RUF003 - letters of other scripts in the pairs and their comments
"""Uyghur and Kazakh names in Arabic script, read letter by letter (seri.linkage.uyghur): every
vowel is written, so they are not the unvowelled skeletons of Arabic, Persian and Urdu."""

import pytest

from seri.linkage import uyghur
from seri.linkage.names import parse_name
from seri.linkage.records import keys_of
from seri.linkage.scoring import record
from tests.linkage.pairs import scored_pair

UYGHUR = "Uyghur reading (Uyghur Latin, passport spellings)"
KAZAKH = "Kazakh reading (Arabic script)"


def pair(a: str, b: str, nationality: str = "CN"):
    return scored_pair(a, b, nationality, sex="M")


@pytest.mark.parametrize(
    ("script", "latin", "reading"),
    [
        ("ئابدۇكېرىم ياقۇپ", "Abdukerim Yaqup", UYGHUR),  # Uyghur Latin (ULY)
        ("ئابدۇكېرىم ياقۇپ", "Abdukarim Yakup", UYGHUR),  # é as the Arabic name's a, q k
        ("ئابدۇكېرىم ياقۇپ", "Yakup Abdukerim", UYGHUR),  # the other order
        ("گۈلزىرە ئابلىز", "Gülzire Abliz", UYGHUR),  # ü
        ("گۈلزىرە ئابلىز", "Gulzira Abliz", UYGHUR),  # ە as a
        ("ئۆتكۈر تۇرغۇن", "Otkur Turghun", UYGHUR),  # ö, gh
        ("ئۆتكۈر تۇرغۇن", "Ötkür Turgun", UYGHUR),
        ("مۇھەممەتجان خوجا", "Muhemmetjan Xoja", UYGHUR),  # x for خ
        ("مۇھەممەتجان خوجا", "Muhemetjan Khoja", UYGHUR),  # a doubled letter once; kh
        ("ۋاھىت شىرىپ", "Vahit Shirip", UYGHUR),  # ۋ w or v
        ("ئەلى ھەسەن", "Eli Hesen", UYGHUR),  # ە alone marks the name Uyghur
        ("نۇرلان ەرلان", "Nurlan Yerlan", UYGHUR),  # a Kazakh name without its front vowels
        ("ٴابىلقايىر سەيىتقازى", "Abilkaiyr Seyitkazy", KAZAKH),  # ٴ: front vowels, ى y
    ],
)
def test_uyghur_and_kazakh_names_in_arabic_script_match_their_latin_spellings(
    script, latin, reading
):
    result, name = pair(script, latin)
    assert name.level == "same words, any script or order", result.as_dict()
    assert name.reading == reading
    assert keys_of(record(script)) & keys_of(record(latin))  # found at intake


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        ("ئابدۇكېرىم ياقۇپ", "Abdurehim Yaqup"),  # another first name
        ("گۈلزىرە ئابلىز", "Gulnara Abliz"),  # its vowels are written: Gulnara is not گۈلزىرە
        ("ئۆتكۈر تۇرغۇن", "Otkur Tursun"),
    ],
)
def test_other_uyghur_names_stay_apart(script, latin):
    assert pair(script, latin)[0].probability < 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ئابدۇكېرىم ياقۇپ", "uyghur"),  # ۇ ې
        ("ئابلىز", "uyghur"),  # ى inside a word
        ("ئەخمەت", "uyghur"),  # ە, with no letter of Kurdish or Arabic
        ("ٴابىلقايىر", "kazakh"),
        ("محمد علی", ""),  # Urdu, Persian
        ("مصطفى", ""),  # Arabic: ى last
        ("ئەحمەد کەریم", ""),  # Kurdish (Sorani): ە with ح, ک, ی
    ],
)
def test_which_names_in_arabic_script_are_uyghur(text, expected):
    assert uyghur.kind(text) == expected
    script = parse_name(text).script
    assert script == (expected or "arabic")
