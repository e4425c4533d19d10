"""Khmer names read letter by letter (`seri.linkage.khmer.units`) besides the transducer: a
given name of two syllables written as one Khmer word and as two Latin words, and the vowels
and consonants in their UNGEGN and passport spellings."""

from dataclasses import replace

import pytest

from seri.linkage import khmer, scripts
from seri.linkage.names import parse_name
from seri.linkage.records import loose_fulls
from tests.linkage.pairs import scored_pair

SAME = "same words, any script or order"
READING = scripts.SPELLED["khmer"]


def scored(a: str, b: str, nationality: str = "KH"):
    result, name = scored_pair(a, b, nationality)
    return result.probability, name


@pytest.mark.parametrize(
    ("khmer_name", "latin"),
    [
        ("ញឹម ស្រីនាង", "Nhem Srey Neang"),
        ("ហេង ស្រីពៅ", "Heng Srey Pov"),
        ("ម៉ៅ សុខហេង", "Mao Sok Heng"),
        ("ស្រីលក្ខ លឹម", "Lim Srey Leak"),  # the family name first in Latin
    ],
)
def test_a_given_name_of_one_khmer_word_written_as_two_latin_words(khmer_name, latin):
    # one word sounded alike before (0.01): the transducer reads ស្រីនាង as one word
    probability, name = scored(khmer_name, latin)
    assert probability >= 0.9 and name.level == SAME and name.reading == READING
    assert scored(khmer_name, latin, "")[0] >= 0.5


@pytest.mark.parametrize(
    ("khmer_name", "latin"),
    [
        ("សោម វិសាល", "Som Visal"),  # ោ o (the transducer: sorm)
        ("ខឹម ចិន្តា", "Khem Chenda"),  # ឹ e (khoem); ត said d
        ("ឃឹម ធីតា", "Khim Thida"),  # ឹ i, ី i
        ("ញឹម រដ្ឋា", "Nhim Rotha"),  # the unwritten vowel of រ o
        ("តាំង ប៊ុនធឿន", "Taing Bunthoeun"),  # ាំ before ង ai (tang); ឿ oeu (bunthern)
        ("អុំ សុជាតិ", "Um Socheat"),  # ុំ um; a last ិ unsaid
        ("ពៅ ឧស្សាហ៍", "Pov Ousa"),  # ៍: the consonant under it unsaid
        ("ម៉ៅ ពេជ្រ", "Mao Pich"),  # a subscript after a word's final unsaid
    ],
)
def test_khmer_vowels_and_consonants_in_their_usual_spellings(khmer_name, latin):
    probability, name = scored(khmer_name, latin)
    assert probability >= 0.9 and name.level == SAME


@pytest.mark.parametrize(
    ("khmer_name", "latin"),
    [
        ("សោម វិសាល", "Sam Visal"),  # ោ is no a
        ("ហេង ស្រីពៅ", "Heng Srey Mom"),  # another second syllable
        ("ញឹម ស្រីនាង", "Lim Srey Neang"),  # another family name
        ("វណ្ណៈ ហេង", "Vanna Heng"),  # ៈ closes វណ្ណៈ Vannak: Vanna is វណ្ណា
    ],
)
def test_other_khmer_names_stay_apart(khmer_name, latin):
    assert scored(khmer_name, latin)[0] < 0.5


def test_units_follow_the_series_of_the_consonant():
    assert "ea" in khmer.units("នា")[-1] and "ea" not in khmer.units("ណា")[-1]
    assert khmer.units("ម៉ៅ")[-1][0] == "ao"  # ៉: the first series
    assert khmer.units("ស៊ុន")[1][0] == "u"  # ៊: the second series
    assert scripts.spells(khmer.units("ស្រីមុំ"), ("srey", "mom"))
    assert scripts.spells(khmer.units("ស្រីមុំ"), ("sreimom",))


def test_a_khmer_name_is_keyed_by_its_transducer_readings_only():
    parsed = parse_name("ញឹម ស្រីនាង")
    assert parsed.parsings  # compared letter by letter
    assert loose_fulls(parsed) == loose_fulls(replace(parsed, parsings=(), script=""))
