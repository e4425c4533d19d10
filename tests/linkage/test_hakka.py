"""Hakka names read wholly in Hakka, as Malaysia and Indonesia spell them (劉文福 = Liew Voon
Fook), one system kept apart from the others; and the Teochew/Zhangzhou -iang of 祥."""

import pytest

from seri.linkage.chinese import HAKKA_READING, HOKKIEN_READING, hakka_spellings
from seri.linkage.scoring import record, score


def pair(a: str, b: str, nationality: str = "MY"):
    one = record(a, age=30, sex="M", nationalities=[nationality])
    other = record(b, age=30, sex="M", nationalities=[nationality])
    result = score(one, other)
    return result, next(f for f in result.fields if f.comparison == "name")


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("劉文福", "Liew Voon Fook"),  # 文 vun = Voon, 福 fug = Fook
        ("張志強", "Chong Chi Keong"),  # 志 zii = Chi, 強 kiong = Keong
        ("溫金華", "Voon Kim Fah"),
        ("曾秀英", "Chen Siew Yin"),  # 秀 xiu = Siew, 英 in = Yin
        ("鍾玉珍", "Choong Nyuk Chin"),  # 玉 ngiug = Nyuk, 珍 ziin = Chin
        ("黃德興", "Vong Tet Hin"),
        ("李發財", "Lee Fatt Choy"),
        ("古春梅", "Koo Chun Moi"),
        ("賴光明", "Lai Kong Min"),
        ("葉雲芳", "Yap Yun Fong"),
        ("邱新生", "Hiew Sin Sang"),
        ("劉玉蘭", "Liew Nyuk Lan"),
        ("彭安清", "Phang On Chin"),
        ("羅龍勝", "Loh Loong Sin"),
        ("范德強", "Fam Tet Khiong"),
        ("張國光", "Chong Kwet Kong"),  # 國 gued = Kwet
        ("陳金梅", "Chin Kim Moi"),
        ("刘文福", "Voon Fook Liew"),  # simplified, family name last
        ("温文华", "Woon Voon Wah"),
        ("钟玉兰", "Choong Nyuk-Lan"),  # hyphenated
        ("黃華興", "Wong Fahhin"),  # joined
    ],
)
def test_a_name_written_wholly_in_hakka_matches_under_the_hakka_reading(han, latin):
    result, name = pair(han, latin)
    assert result.probability >= 0.9, result.as_dict()
    assert name.level == "same words, any script or order"
    assert name.reading == HAKKA_READING


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("黃文福", "Liew Voon Fook"),
        ("溫秀英", "Chen Siew Yin"),  # 溫 Voon, 曾 Chen
        ("張志強", "Choong Chi Keong"),  # 張 Chong, 鍾 Choong
        ("林玉珍", "Choong Nyuk Chin"),
        ("羅龍勝", "Liew Loong Sin"),
    ],
)
def test_another_family_name_with_the_same_hakka_given_name_is_another_person(han, latin):
    result, name = pair(han, latin)
    assert result.probability < 0.5
    assert name.level == "different family name" and name.outcome == "disagrees"


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("劉文福", "Liew Voon Fatt"),  # 發 Fatt, not 福 Fook
        ("鍾玉珍", "Choong Nyuk Moi"),  # 梅 Moi, not 珍 Chin
        ("劉文福", "Liew Fook Voon"),  # the given syllables reversed
        # a Cantonese family name with a Hakka given name: two systems (劉 Lau is also the
        # Hokkien spelling, and a Hokkien family name may have a Hakka given name: 陳 Chan is
        # Cantonese only)
        ("陳文福", "Chan Voon Fook"),
    ],
)
def test_another_given_name_or_two_systems_in_one_name_is_not_the_same_name(han, latin):
    result, name = pair(han, latin)
    assert name.outcome != "agrees" and result.probability < 0.5


def test_hakka_spellings_from_hakka_pinyin():
    assert hakka_spellings("vun")[:2] == ("vun", "voon")
    assert "fook" in hakka_spellings("fug")
    assert "liew" in hakka_spellings("liu")
    assert "nyuk" in hakka_spellings("ngiug")
    assert "yin" in hakka_spellings("in")
    assert "kwet" in hakka_spellings("gued")
    assert "chin" in hakka_spellings("ziin")  # the apical vowel ii written i
    assert "fatt" in hakka_spellings("fad")
    assert "choy" in hakka_spellings("coi")


def test_the_mandarin_ang_rhyme_is_also_iang_in_hokkien():
    # 祥 siông in the dictionary, siang in Teochew and Zhangzhou (Penang) Hokkien
    result, name = pair("蔡文祥", "Chua Boon Siang")
    assert result.probability >= 0.9 and name.reading == HOKKIEN_READING
    # 忠 (Mandarin zhong) stays tiong
    assert pair("蔡文忠", "Chua Boon Tiang")[1].outcome != "agrees"
    assert pair("林文祥", "Chua Boon Siang")[1].level == "different family name"


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("韋志輝", "Vui Chi Fui"),  # 韋 vi and vui, 輝 fi and fui
        ("溫惠英", "Voon Fui Yin"),  # 惠 fi and fui
        ("黃偉明", "Wong Vui Min"),  # 偉 vi and vui
        ("溫惠英", "Voon Fee Yin"),  # Sixian's fi still read
    ],
)
def test_sixian_fi_and_vi_are_also_the_rounded_fui_and_vui_of_the_other_accents(han, latin):
    result, name = pair(han, latin)
    assert result.probability >= 0.9 and name.reading == HAKKA_READING


def test_the_rounded_reading_is_for_fi_and_vi_only():
    assert hakka_spellings("fui")[:1] == ("fui",)
    # 美 mi is not mui: the unrounded m, p, b are read as the table has them
    assert pair("溫美英", "Voon Mui Yin")[1].outcome != "agrees"
