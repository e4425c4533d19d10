"""Names in another order: the orders a name is written in agree, the given name's syllables in
another order are another name (issue 16; the fourth labelled set's 陈伟明 / 陈明伟 and
윤서영 / 윤영서). And Mg, Maung shortened, in romanised Burmese names."""

import pytest

from seri.linkage.scoring import record, score

SAME = "same words, any script or order"


def _name_level(a: str, b: str, nationality: str) -> tuple[str, float]:
    result = score(
        record(a, age=30, sex="M", nationalities=[nationality]),
        record(b, age=30, sex="M", nationalities=[nationality]),
    )
    name = next(f for f in result.fields if f.comparison == "name")
    return name.level, result.probability


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("陈伟明", "陈明伟", "CN"),  # the fourth set's
        ("林志玲", "林玲志", "TW"),
        ("윤서영", "윤영서", "KR"),  # the fourth set's
        ("김민준", "김준민", "KR"),
    ],
)
def test_given_syllables_in_another_order_are_another_name(a, b, nationality):
    level, probability = _name_level(a, b, nationality)
    assert level != SAME and probability < 0.5


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("陈伟明", "伟明 陈", "CN"),  # the family name written after the given name
        ("陈 伟明", "陳偉明", "CN"),  # spaced, traditional
        ("欧阳娜娜", "娜娜 欧阳", "CN"),
        ("윤서영", "서영 윤", "KR"),
        ("윤 서영", "윤서영", "KR"),
    ],
)
def test_the_orders_a_name_is_written_in_agree(a, b, nationality):
    level, probability = _name_level(a, b, nationality)
    assert probability >= 0.5
    # 서영 윤: its first word is also read as a family name of two syllables, so the units of
    # the two readings differ and the names are found by their words (allowing typos)
    assert level == SAME or (a, b) == ("윤서영", "서영 윤")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Mg Thet Naing", "Maung Thet Naing"), ("Mg Mg Htwe", "Maung Maung Htwe")],
)
def test_mg_is_maung(a, b):
    level, probability = _name_level(a, b, "MM")
    assert level == SAME and probability >= 0.5


def test_mg_does_not_make_other_names_agree():
    level, probability = _name_level("Mg Thet Naing", "Maung Thet Oo", "MM")
    assert level != SAME and probability < 0.5
