"""Burmese names: Zawgyi, syllables, the spellings people use, titles."""

import pytest
from myanmar.converter import convert

from seri.linkage import burmese
from seri.linkage.names import parse_name
from seri.linkage.scoring import record, score


def pair(a: str, b: str):
    result = score(
        record(a, age=30, sex="M", nationalities=["MM"]),
        record(b, age=30, sex="M", nationalities=["MM"]),
    )
    return result, result.fields[0]


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        ("အောင်ကျော်", "Aung Kyaw"),
        ("ဦးအောင်ကျော်", "Aung Kyaw"),
        ("ဦးအောင်ကျော်", "U Aung Kyaw"),
        ("ဒေါ်အေးအေးခိုင်", "Daw Aye Aye Khaing"),
        ("ကိုဇော်မင်းထက်", "Ko Zaw Min Htet"),
        ("မသန့်သန့်လှိုင်", "Ma Thant Thant Hlaing"),
        ("နော်ငြိမ်းငြိမ်း", "Naw Nyein Nyein"),
        ("စောထွန်းဝင်း", "Saw Tun Win"),
        ("မြင့်မြတ်ကျော်", "Myint Myat Kyaw"),
        ("မောင်မောင်", "Mg Maung"),
    ],
)
def test_burmese_script_matches_the_usual_spelling(script, latin):
    result, name = pair(script, latin)
    assert result.probability >= 0.8, result.as_dict()
    assert name.level == "same words, any script or order" and name.reading == "Burmese reading"


def test_zawgyi_is_converted_before_anything_else():
    zawgyi = convert("အောင်ကျော်", "unicode", "zawgyi")
    assert zawgyi != "အောင်ကျော်"
    assert burmese.to_unicode(zawgyi) == "အောင်ကျော်"
    assert burmese.to_unicode("အောင်ကျော်") == "အောင်ကျော်"  # Unicode is left alone
    assert pair(zawgyi, "Aung Kyaw")[0].probability >= 0.8
    assert pair(zawgyi, "အောင်ကျော်")[1].level == "same words, any script or order"


def test_syllables_and_titles():
    assert burmese.syllables("မသန့်သန့်လှိုင်") == ["မ", "သန့်", "သန့်", "လှိုင်"]
    parsed = parse_name("ဒေါ်အေးအေးခိုင်")
    assert parsed.title == "ဒေါ်" and parsed.script_syllables == ("အေး", "အေး", "ခိုင်")
    # rules for syllables outside the table
    assert burmese.spellings("ကြိုင်")[0] == "kyaing"
    assert "htun" in burmese.spellings("ထွန်း")


def test_other_burmese_names_do_not_match():
    assert pair("အောင်ကျော်", "Aung Ko")[0].probability < 0.5
    assert pair("အောင်ကျော်", "Zaw Min")[0].probability < 0.5
    # the syllables in another order are another name
    assert pair("အောင်ကျော်", "Kyaw Aung")[1].level != "same words, any script or order"
