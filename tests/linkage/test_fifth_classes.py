"""One test per class of miss that the fifth labelled set (fifth_pairs.tsv) found in Thai,
Burmese and Central Asian names, with pairs of its own (synthetic names): each failed before
the fix it names (docs/linkage.md)."""

import pytest

from seri.linkage import burmese
from seri.linkage.scoring import record, score

SAME = "same words, any script or order"
TYPOS = "all words found in the other name, allowing typos"


def scored(a: str, b: str, nationality_a: str, nationality_b: str | None = None):
    """(probability, name level, reading) of two records of one age and sex."""
    other = nationality_a if nationality_b is None else nationality_b
    result = score(
        record(a, age=34, sex="M", nationalities=[nationality_a] if nationality_a else []),
        record(b, age=34, sex="M", nationalities=[other] if other else []),
    )
    name = next(f for f in result.fields if f.comparison == "name")
    return result.probability, name.level, name.reading


# --- Burmese: stacked consonants, the order of romanised names -------------------------------


@pytest.mark.parametrize(
    ("burmese_name", "latin"),
    [
        ("နန္ဒာဝင်း", "Nandar Win"),
        ("သန္တာအေး", "Thandar Aye"),
        ("သန္တာအေး", "Thanda Aye"),
        ("ဝဏ္ဏအောင်", "Wunna Aung"),
    ],
)
def test_a_stacked_burmese_consonant_closes_the_syllable_before(burmese_name, latin):
    probability, level, _reading = scored(burmese_name, latin, "MM")
    assert probability >= 0.5 and level == SAME


def test_burmese_syllables_at_a_stack():
    assert burmese.syllables("သန္တာအေး") == ["သန္", "တာ", "အေး"]
    assert burmese.syllables("မင်္ဂလာ") == ["မင်္", "ဂ", "လာ"]  # kinzi
    assert burmese.spellings("မင်္")[0] == "min"
    assert burmese.spellings("နန္")[0] == "nan"
