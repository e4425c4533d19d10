"""Two romanised names compared through the script they spell (issue 16, the third labelled
set): Korean names in two romanisations read back to Hangul, Chinese names in Cantonese and
in Mandarin read back to characters; and nationality narrowing the Chinese systems where the
convention of a dialect family name with a given name in another system does not hold. Each
positive pair, and each pair the nationality keeps apart, failed before (docs/linkage.md)."""

import pytest

from seri.linkage import chinese, korean
from seri.linkage.scoring import name_match, record, score


def probability(a: str, b: str, nationality: str = "", age_b: int = 34) -> float:
    nationalities = [nationality] if nationality else []
    return score(
        record(a, age=34, sex="M", nationalities=nationalities),
        record(b, age=age_b, sex="M", nationalities=nationalities),
    ).probability


def reading(a: str, b: str, nationality: str = "") -> str:
    nationalities = [nationality] if nationality else []
    match = name_match(
        record(a, nationalities=nationalities), record(b, nationalities=nationalities)
    )
    return match.reading if match else ""


# --- Korean: two romanisations of one Hangul name -----------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("Gang Seongmin", "Kang Sung-min", "KR"),  # 강성민: Revised Romanization, passport
        ("Ri Yong Chol", "Lee Young-chul", "KP"),  # 리영철 / 이영철: North and South
        ("Jeong Hyeonu", "Chung Hyun-woo", "KR"),  # 정현우
        ("Ro Myong Hui", "Noh Myung-hee", "KP"),  # 로명희 / 노명희
        ("Seonu Jiho", "Sunwoo Ji-ho", ""),  # 선우지호, nationality unknown
    ],
)
def test_korean_romanisations_read_back_to_hangul(a, b, nationality):
    assert probability(a, b, nationality) >= 0.5
    assert reading(a, b, nationality) == korean.READING_ROMANISED


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Park Seo-jun", "Bak Jun-seo"),  # given syllables reversed
        ("Gim Minjun", "Kim Min-seok"),  # another given name
        ("Kim Song Chol", "Pak Song Chol"),  # another family name
        ("Kang Dong-hyeon", "Gang Donghun"),  # 현 and 훈
    ],
)
def test_korean_romanisations_of_other_names_stay_apart(a, b):
    assert probability(a, b, "KR") < 0.5


def test_korean_romanisations_only_for_korean_or_unknown_nationality():
    assert probability("Gang Seongmin", "Kang Sung-min", "CN") < 0.5
    assert probability("Ko Ko Lwin", "Ko Ko Win", "MM") < 0.5  # a Burmese name is not read


def test_no_double_final_consonant_is_read():
    # 륽 (ㄹ written n or left out, ㄺ l or k) would make Neulji and Ukji one name
    assert not korean.romanised_agree(("shin", "neulji"), ("sin", "ukji"))


# --- Chinese: the same characters read in Cantonese and in Mandarin ------------------------


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("Chan Chi Wai", "Chen Zhiwei", "HK"),  # 陳志偉
        ("Leung Ka Ho", "Liang Jiahao", "HK"),  # 梁家豪
        ("Ka Ho Leung", "Chia-hao Liang", "TW"),  # family name last; Wade-Giles
        ("Tsang Chi Keung", "Zeng Zhiqiang", ""),  # 曾志強: 曾 read as a family name
    ],
)
def test_cantonese_and_mandarin_romanisations_of_one_name(a, b, nationality):
    assert probability(a, b, nationality, age_b=35) >= 0.5
    assert reading(a, b, nationality) == chinese.CROSS


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chan Wai Chi", "Chen Zhiwei"),  # given syllables reversed
        ("Chan Wai", "Chen Hui"),  # Wai is 偉 (Wei) far more often than 慧 (Hui)
        ("Wong Ka Ho", "Huang Jiahao"),  # Wong is 王 or 黃: not a match on its own
        ("Cheung Chi Keung", "Zhang Zhiqiang"),  # Cheung is 張 or 蔣
        ("Chan Chi Wai", "Lin Zhiwei"),  # another family name
    ],
)
def test_cantonese_and_mandarin_romanisations_that_may_differ(a, b):
    assert probability(a, b, "HK") < 0.5


def test_cantonese_and_mandarin_romanisations_not_for_other_nationalities():
    assert probability("Chan Chi Wai", "Chen Zhiwei", "KR") < 0.5


# --- Nationality narrows the dialect family name with a given name in another system -------


@pytest.mark.parametrize(
    ("han", "latin", "nationality"),
    [
        ("黃美玲", "Ng Mei Ling", "HK"),  # Hong Kong: 黃 is Wong; Ng is 吳 or 伍
        ("陳偉明", "Tan Wei Ming", "TW"),  # Taiwan: Chen Wei-ming, not Tan
        ("張偉強", "Chong Wai Keong", "MO"),  # Macau: Cheung Wai Keung
    ],
)
def test_mixed_dialect_names_not_read_where_the_nationality_does_not_write_them(
    han, latin, nationality
):
    assert probability(han, latin, nationality) < 0.5


@pytest.mark.parametrize("nationality", ["MY", "SG", ""])
def test_mixed_dialect_names_still_read_elsewhere(nationality):
    assert probability("陳偉明", "Tan Wei Ming", nationality) >= 0.5
    assert probability("張偉強", "Chong Wai Keong", nationality) >= 0.5


def test_one_record_of_another_nationality_keeps_every_system():
    match = name_match(
        record("黃美玲", nationalities=["HK"]), record("Ng Mei Ling", nationalities=["MY"])
    )
    assert match == chinese.Match("same words, any script or order", chinese.HOKKIEN)
    # one country's spellings (Indonesian, Macau) are read for that country's records only
    only = frozenset(chinese.WRITTEN_ONLY_BY)
    assert chinese.not_written(frozenset({"HK"}), frozenset()) == chinese.MIXED_CONVENTIONS | only
    assert chinese.not_written(frozenset({"HK"}), frozenset({"MY"})) == only
