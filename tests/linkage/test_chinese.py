"""Chinese names: one reading system at a time, never a union of every dialect's readings."""

import pytest

from seri.linkage.batch import frame_of, link_frame
from seri.linkage.chinese import CANTONESE, HOKKIEN, MANDARIN, WADE_GILES, fold, hk_spellings
from seri.linkage.scoring import record, score


def pair(a: str, b: str, nationality: str = "CN"):
    one = record(a, age=30, sex="M", nationalities=[nationality])
    other = record(b, age=30, sex="M", nationalities=[nationality])
    result = score(one, other)
    return result, next(f for f in result.fields if f.comparison == "name")


def test_different_family_names_with_the_same_given_name_are_not_one_person():
    # 黄 is Ng in Hokkien and 吴 is Ng in Cantonese: pooled, they were one word (0.973)
    result, name = pair("黄伟", "吴伟")
    assert result.probability < 0.5
    assert name.level == "different family name" and name.outcome == "disagrees"
    # traditional and simplified characters are the same name
    result, name = pair("黃偉", "黄伟")
    assert name.level == "same words, any script or order" and result.probability > 0.9


def test_one_family_name_with_another_given_name_is_not_all_words_found():
    result, name = pair("张强", "张浩")
    assert name.level != "all words found in the other name, allowing typos"
    assert name.outcome != "agrees" and result.probability < 0.5


@pytest.mark.parametrize(
    ("han", "latin", "reading"),
    [
        ("陳家豪", "Chan Ka Ho", CANTONESE),
        ("劉德華", "Lau Tak Wah", CANTONESE),
        ("张子健", "Cheung Tsz Kin", CANTONESE),
        ("司徒华", "Szeto Wah", CANTONESE),
        ("张伟", "Zhang Wei", MANDARIN),
        ("张家辉", "Jiahui Zhang", MANDARIN),
        ("张伟", "Chang Wei", WADE_GILES),
        ("陈伟明", "Tan Wei Ming", HOKKIEN),
        ("黄伟", "Ng Wei", HOKKIEN),
        ("吴伟", "Ng Wai", CANTONESE),
    ],
)
def test_a_romanised_name_matches_in_one_reading_which_is_named(han, latin, reading):
    result, name = pair(han, latin)
    assert result.probability >= 0.8, result.as_dict()
    assert name.level == "same words, any script or order"
    assert name.reading == reading
    assert result.as_dict()["fields"][0]["reading"] == reading


def test_readings_of_two_systems_do_not_mix_in_one_name():
    # a dialect family name with a pinyin given name is a convention (Chan Jia Hao, Wong Wei);
    # a Mandarin family name with a Cantonese given name is none
    assert pair("黄伟", "Huang Wai")[1].outcome != "agrees"
    assert pair("陈家豪", "Chen Ka Ho")[1].outcome != "agrees"


def test_hong_kong_spellings_from_jyutping():
    assert hk_spellings("can")[0] == "chan"
    assert hk_spellings("zoeng")[0] == "cheung"
    assert "tsz" in hk_spellings("zi")
    assert hk_spellings("hou")[0] == "ho"
    assert hk_spellings("jyun")[0] == "yuen"
    assert fold("陳家輝") == "陈家辉"


def test_batch_linkage_keeps_the_readings_apart_too():
    records = {
        1: record("黄伟", age=30, sex="M", nationalities=["CN"]),
        2: record("吴伟", age=30, sex="M", nationalities=["CN"]),
        3: record("陳家豪", age=30, sex="M", nationalities=["HK"]),
        4: record("Chan Ka Ho", age=30, sex="M", nationalities=["HK"]),
    }
    _linker, predictions, _settings = link_frame(frame_of(records), train=False, threshold=0.0)
    frame = predictions.as_pandas_dataframe()
    scores = {
        (int(a), int(b)): p
        for a, b, p in zip(
            frame.unique_id_l, frame.unique_id_r, frame.match_probability, strict=True
        )
    }
    assert scores.get((1, 2), 0) < 0.5
    assert scores[(3, 4)] >= 0.8
