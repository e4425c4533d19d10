"""Names across scripts, and the match model on the pairs the issue names."""

import datetime as dt

import pytest

from seri.linkage.names import name_forms
from seri.linkage.scoring import LIKELY, compare, record, score, word_found


def test_chinese_names_are_read_in_pinyin_and_wade_giles_in_any_order():
    zhang = name_forms("张伟")
    assert frozenset({"zhang", "wei"}) in zhang.readings
    assert frozenset({"chang", "wei"}) in zhang.readings
    assert name_forms("Wei ZHANG").fulls == name_forms("zhang wei").fulls
    # a heteronym keeps every reading; southern spellings of the family name are kept too
    assert {"dan", "shan", "chan"} <= name_forms("单伟").words
    assert "tan" in name_forms("陈伟明").words


def test_vietnamese_thai_khmer_and_burmese_are_romanised():
    assert name_forms("Nguyễn Thị Hoa").fulls == {"hoa nguyen thi"}
    assert name_forms("Đặng Văn Đức").fulls == {"dang duc van"}
    assert name_forms("สมชาย ใจดี").words == {"somchai", "chaidi"}
    assert {"sok", "chan"} <= name_forms("សុខ ចាន់").words
    assert name_forms("မောင်မောင်").words  # letter by letter, but something to compare


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "🙂 ✨", "???", "\u200b", "𓀀𓀁", "Ⅻ", "٣"])
def test_bad_input_never_raises(text):
    forms = name_forms(text)
    assert isinstance(forms.words, frozenset)
    result = score(record(text, age=30), record("Zhang Wei", age=30))
    assert 0 <= result.probability < LIKELY


def test_emoji_are_dropped_and_the_rest_compared():
    assert name_forms("Hoa 🌸 Nguyen").fulls == name_forms("Nguyen Hoa").fulls


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("张伟", "Zhang Wei", "CN"),
        ("张伟", "Wei ZHANG", "CN"),
        ("张伟", "Chang Wei", "CN"),
        ("Zhang Wei", "Chang Wei", "CN"),
        ("Nguyễn Thị Hoa", "Nguyen Thi Hoa", "VN"),
        ("Nguyễn Thị Hoa", "Hoa Nguyen", "VN"),
        ("สมชาย ใจดี", "Somchai Jaidee", "TH"),
        ("សុខ ចាន់", "Sok Chan", "KH"),
    ],
)
def test_the_same_person_across_scripts_is_a_likely_match(a, b, nationality):
    one = record(a, age=25, sex="M", nationalities=[nationality])
    other = record(b, age=26, sex="M", nationalities=[nationality])
    result = score(one, other)
    assert result.probability >= LIKELY, result.as_dict()
    name = next(f for f in result.fields if f.comparison == "name")
    assert name.outcome == "agrees"


def test_same_common_name_with_other_age_and_nationality_is_not_a_match():
    result = score(
        record("Zhang Wei", age=24, sex="M", nationalities=["CN"]),
        record("张伟", age=51, sex="M", nationalities=["MY"]),
    )
    assert result.probability < 0.05
    outcomes = {f.comparison: f.outcome for f in result.fields}
    assert outcomes == {
        "name": "agrees",
        "birth_year": "disagrees",
        "sex": "agrees",
        "nationality": "disagrees",
        "compound": "missing",
        "identifiers": "missing",
        "reported": "missing",
        "organisation": "missing",
    }


def test_different_names_do_not_match():
    result = score(
        record("Nguyen Thi Hoa", age=23, sex="F", nationalities=["VN"]),
        record("Tran Van Minh", age=23, sex="M", nationalities=["VN"]),
    )
    assert result.probability < 0.01


def test_first_reports_years_apart_count_against_a_match():
    def pair(days: int):
        first = dt.date(2025, 1, 10)
        return score(
            record("Nguyen Thi Hoa", age=23, sex="F", nationalities=["VN"], reported=first),
            record(
                "Hoa Nguyen",
                age=23,
                sex="F",
                nationalities=["VN"],
                reported=first + dt.timedelta(days=days),
            ),
        )

    soon, later = pair(20), pair(3 * 365)
    levels = {f.comparison: f.level for f in soon.fields} | {
        "later": next(f.level for f in later.fields if f.comparison == "reported")
    }
    assert levels["reported"] == "within 90 days"
    assert levels["later"] == "more than a year apart"
    assert later.probability < soon.probability


def test_a_full_date_of_birth_counts_more_than_a_year():
    def pair(**other):
        return score(
            record("Nguyen Thi Hoa", date_of_birth=dt.date(1998, 4, 2), sex="F",
                   nationalities=["VN"]),
            record("Hoa Nguyen", sex="F", nationalities=["VN"], **other),
        )  # fmt: skip

    same = pair(date_of_birth=dt.date(1998, 4, 2))
    year = pair(birth_year=1998)
    other_date = pair(date_of_birth=dt.date(1998, 9, 17))
    level = {
        name: next(f.level for f in result.fields if f.comparison == "birth_year")
        for name, result in (("same", same), ("year", year), ("other", other_date))
    }
    assert level == {
        "same": "same date of birth",
        "year": "same year",
        "other": "different dates of birth",
    }
    assert same.probability > year.probability > other_date.probability


def test_ages_one_and_two_years_apart_are_separate_levels():
    one = record("Somchai Jaidee", birth_year=1990)
    levels = [
        compare(one, record("Somchai Jaidee", birth_year=1990 + gap))["birth_year"]
        for gap in (0, 1, 2, 4, 9)
    ]
    assert levels == ["same year", "1 year apart", "2 years apart", "3 to 6 years apart",
                      "different"]  # fmt: skip


def test_same_reporting_organisation_counts_somewhat_against_a_match():
    def pair(organisation: int):
        return score(
            record("Nguyen Thi Hoa", age=23, sex="F", nationalities=["VN"], organisation=1),
            record("Hoa Nguyen", age=23, sex="F", nationalities=["VN"],
                   organisation=organisation),
        )  # fmt: skip

    same, other = pair(1), pair(2)
    assert next(f.level for f in same.fields if f.comparison == "organisation") == (
        "same organisation"
    )
    assert same.probability < other.probability


def test_a_typo_is_one_letter_more_or_less_at_most():
    assert word_found("qunag", ["quang"], near=True)
    assert word_found("mednoza", ["mendoza"], near=True)
    # a long word does not match a short one that only shares its start
    assert not word_found("siaodong", ["sian"], near=True)
    # consonants swapped are a near spelling, not the same sound
    assert not word_found("mednoza", ["mendoza"])
