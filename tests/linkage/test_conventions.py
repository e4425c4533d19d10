"""The conventions table: every rule's example pair agrees, and the explanation names it."""

import pytest

from seri.linkage.conventions import RULES
from seri.linkage.scoring import record, score


def pair(a: str, b: str, **other):
    result = score(
        record(a, age=30, sex="M", nationalities=["MY"], **other),
        record(b, age=30, sex="M", nationalities=["MY"]),
    )
    return result, result.fields[0]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.label)
def test_every_rule_makes_its_example_agree_and_is_named(rule):
    a, b = rule.example
    result, name = pair(a, b)
    assert result.probability >= 0.8, result.as_dict()
    assert name.level == "same words, any script or order"
    assert rule.label in name.reading


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Siti Nur Haliza", "Siti Nurhaliza"),
        ("Juan dela Cruz", "Juan De La Cruz"),
        ("Md. Karim", "Mohammed Karim"),
        ("Mohd. Rizal bin Ahmad", "Muhammad Rizal Ahmad"),
    ],
)
def test_joined_split_and_combined_conventions(a, b):
    assert pair(a, b)[0].probability >= 0.8


def test_conventions_do_not_make_different_names_agree():
    # another father's name after bin, another family name after dela
    assert pair("Ahmad bin Ismail", "Ahmad bin Yusof")[0].probability < 0.5
    assert pair("Juan dela Cruz", "Juan Santos")[0].probability < 0.5
    # a Chinese given name Bin is not the Malay marker
    assert pair("Wang Bin", "王斌")[1].level == "same words, any script or order"
