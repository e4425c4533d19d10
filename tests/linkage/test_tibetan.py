"""Names in Tibetan script (Tibetans of China, Nepal and India; Dzongkha names of Bhutan)
against the spellings people's names are written in: THL phonetics and the usual Indian,
Nepali and Bhutanese spellings, not Wylie (seri.linkage.tibetan). Synthetic names."""

import random

import pytest

from seri.cases.duplicates import intake_matches
from seri.cases.services import NameInput, PersonInput
from seri.linkage import tibetan
from seri.linkage.records import keys_of
from seri.linkage.scoring import record, score
from tests.linkage.pairs import scored_pair
from tests.linkage.test_services import pair_of, person

SAME_WORDS = "same words, any script or order"


def pair(a: str, b: str, nationality: str):
    return scored_pair(a, b, nationality)


SAME = [
    # two syllables, one name
    ("ཚེ་དབང", "Tsewang", "IN"),  # དབ w
    ("ཚེ་དབང", "Tshewang", "BT"),  # ཚ tsh in Bhutan
    ("པ་སངས", "Pasang", "NP"),  # a post-suffix ས unsaid
    ("ཉི་མ", "Nima", "NP"),  # ཉ n in Nepal
    ("ཉི་མ", "Nyima", "CN"),
    ("སྒྲོལ་མ", "Drolma", "IN"),  # སྒྲ dr, ལ written
    ("སྒྲོལ་མ", "Dölma", "CN"),
    ("དོན་གྲུབ", "Döndrub", "CN"),  # ö from o before ན
    ("དོན་གྲུབ", "Dhondup", "IN"),  # ད dh, གྲ d, བ p
    ("ཕུན་ཚོགས", "Phuntsho", "BT"),  # ག unwritten
    ("བློ་བཟང", "Losang", "IN"),
    ("བློ་བཟང", "Lobzang", "IN"),  # the prefix བ heard after an open syllable
    ("པད་མ", "Padma", "IN"),
    ("པདྨ", "Pema", "BT"),  # a Sanskrit stack: pad + ma, ä written e
    ("ཀུན་ལེགས", "Kinlay", "BT"),  # ü written i, ག unwritten, e written ay
    ("ཡེ་ཤེས", "Yeshey", "BT"),
    ("བསྟན་འཛིན", "Tendzin", "IN"),
    ("བསྟན་འཛིན", "Tandin", "BT"),  # Dzongkha
    ("སྤེན་པ", "Pemba", "NP"),  # ན m before p, པ b after a nasal
    ("ལྷུན་གྲུབ", "Lhendup", "BT"),
    # four syllables: two names, spaced or joined
    ("ཟླ་བ་དབྱངས་ཅན", "Dawa Yangchen", "IN"),  # ཟླ d, བ wa after the first syllable, དབྱ y
    ("ཟླ་བ་དབྱངས་ཅན", "Dawayangchen", "IN"),
    ("ནོར་བུ་བདེ་ཆེན", "Norbu Dechen", "CN"),
    ("ནོར་བུ་བདེ་ཆེན", "Norboo Dechhen", "IN"),
    ("ཀརྨ་འཆི་མེད", "Karma Chimi", "BT"),  # ཀརྨ: the superscript ར heard after ka
    ("ཕྲིན་ལས་དཔལ་ལྡན", "Thinley Pelden", "BT"),
    ("ཕྲིན་ལས་དཔལ་ལྡན", "Trinle Palden", "IN"),
    ("ཚེ་རིང་དབང་མོ", "Tshering Wangmo", "BT"),
    ("རྡོ་རྗེ་ལྷ་མོ", "Dorji Lhamo", "BT"),  # རྡོ་རྗེ Dorje, Dorjee, Dorji
    ("རྡོ་རྗེ་ལྷ་མོ", "Dorjee Lhamo", "IN"),
    ("ཤེས་རབ་ཆོས་ལྡན", "Sherab Choeden", "BT"),
    ("ཨོ་རྒྱན་སྐལ་བཟང", "Ugyen Kelsang", "BT"),
    ("ཨོ་རྒྱན་སྐལ་བཟང", "Orgyen Kalsang", "IN"),
    ("བསོད་ནམས་སངས་རྒྱས", "Sonam Sangay", "BT"),  # ng + gy written once
    ("རྣམ་རྒྱལ་རྒྱ་མཚོ", "Namgyel Gyamtsho", "BT"),  # the prefix མ heard after rgya
    ("ལྷག་པ་རིན་ཆེན", "Lhakpa Rinchen", "NP"),
    ("ཐུབ་བསྟན་ཡེ་ཤེས", "Thupten Yeshi", "IN"),
    ("འཆི་མེད་དབང་ཕྱུག", "Chimi Wangchuck", "BT"),
    ("ཀུན་ལེགས་སྒྲོལ་དཀར", "Kinley Dolkar", "BT"),
    ("ཀུན་བཟང་བདེ་སྐྱིད", "Kuenzang Dekyi", "BT"),
    ("ཕུན་ཚོགས་ལྷ་མོ", "Phuntsok Lhamo", "IN"),
    ("ཕུན་ཚོགས་ལྷ་མོ", "Phuntsog Lhamo", "IN"),
    ("བཀྲ་ཤིས སྒྲོལ་མ", "Tashi Dolma", "IN"),  # a space between the names
    ("ཨང་ཉི་མ", "Ang Nima", "NP"),  # three syllables
    ("ཚེ་རིང་ཆོས་འཕེལ", "Chhiring Chophel", "NP"),  # Sherpa chh, e written i
    ("མཁའ་འགྲོ་ཚེ་རིང", "Khandro Tsering", "IN"),  # the prefix འ heard as n after kha
    ("མི་འགྱུར་དབང་མོ", "Mingyur Wangmo", "BT"),
]


@pytest.mark.parametrize(("native", "latin", "nationality"), SAME, ids=[s[1] for s in SAME])
def test_a_tibetan_name_matches_its_usual_latin_spellings(native, latin, nationality):
    result, name = pair(native, latin, nationality)
    assert result.probability >= 0.9, result.as_dict()
    assert name.level == SAME_WORDS
    assert name.reading == tibetan.READING


@pytest.mark.parametrize(
    ("native", "latin", "nationality", "level"),
    [
        ("བཀྲ་ཤིས་རྡོ་རྗེ", "Tashi Dolma", "CN", "one word sounds alike"),
        ("བཀྲ་ཤིས་སྒྲོལ་མ", "Tashi Dorje", "IN", "one word sounds alike"),
        ("ཚེ་རིང་ལྷ་མོ", "Tsering Wangmo", "BT", "one word sounds alike"),
        ("ཀུན་ལེགས་དབང་མོ", "Kinley Wangchuk", "BT", "one word sounds alike"),
        # the order is part of a Tibetan name: the same names in another order are another
        ("བསྟན་འཛིན་ནོར་བུ", "Norbu Tenzin", "IN", "two or more words sound alike"),
        ("ཟླ་བ་ཚེ་རིང", "Tshering Dawa", "BT", "two or more words sound alike"),
        ("པདྨ", "Pemba", "NP", "different"),
        ("ཉི་མ", "Dawa", "NP", "different"),
        ("རྡོ་རྗེ", "Dolma", "CN", "different"),
        ("བསོད་ནམས", "Sonam Dorji", "BT", "a one-word name found in the other name"),
    ],
)
def test_other_tibetan_names_are_kept_apart(native, latin, nationality, level):
    result, name = pair(native, latin, nationality)
    assert result.probability < 0.5, result.as_dict()
    assert name.level == level


def test_two_names_in_tibetan_script_compare_syllable_by_syllable_in_written_order():
    assert pair("བསྟན་འཛིན་ནོར་བུ", "བསྟན་འཛིན ནོར་བུ", "IN")[0].probability >= 0.9
    assert pair("པདྨ་ཚེ་རིང", "པད་མ་ཚེ་རིང", "IN")[0].probability >= 0.9
    assert pair("བསྟན་འཛིན་ནོར་བུ", "ནོར་བུ་བསྟན་འཛིན", "IN")[0].probability < 0.5
    assert pair("ཀུན་ལེགས་དབང་མོ", "ཀུན་ལེགས་ལྷ་མོ", "BT")[0].probability < 0.5


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("ཚེ་རིང་དབང་མོ", "Tshering Wangmo"),
        ("ཚེ་རིང་དབང་མོ", "Tsering Wangmo"),
        ("ཟླ་བ་དབྱངས་ཅན", "Dawa Yangchen"),
        ("ཟླ་བ་དབྱངས་ཅན", "Dawayangchen"),
        ("ཕྲིན་ལས་དཔལ་ལྡན", "Thinley Pelden"),
        ("ཀུན་ལེགས་སྒྲོལ་དཀར", "Kinley Dolkar"),
        ("བསོད་ནམས་སངས་རྒྱས", "Sonam Sangay"),
        ("རྡོ་རྗེ་ལྷ་མོ", "Dorji Lhamo"),
        ("པདྨ", "Pema"),
        ("པདྨ", "Padma"),
        ("བསྟན་འཛིན", "Tenzin"),
        ("ཉི་མ", "Nima"),
    ],
)
def test_a_tibetan_name_and_its_latin_spelling_share_a_stored_key(native, latin):
    assert keys_of(record(native), asking=True) & keys_of(record(latin))
    assert keys_of(record(latin), asking=True) & keys_of(record(native))


@pytest.mark.parametrize(
    ("native", "latin", "nat"),
    [("ཀུན་ལེགས་སྒྲོལ་དཀར", "Kinley Dolkar", "BT"), ("ཟླ་བ་དབྱངས་ཅན", "Dawa Yangchen", "IN")],
)
def test_intake_proposes_a_tibetan_name_and_its_latin_spelling_either_way(
    ngo, bob, native, latin, nat
):
    def ask(name):
        data = PersonInput(names=[NameInput(value=name)], age_estimate=30, nationalities=[nat])
        return [m.person.pk for m in intake_matches(bob, ngo, data, dismissed=set()).matches]

    recorded = person(bob, ngo, native, age=30, nat=[nat])
    person(bob, ngo, "Tashi Dorje", age=30, nat=[nat])  # someone else, not proposed
    assert ask(latin) == [recorded.pk]
    second = person(bob, ngo, latin, age=30, nat=[nat])
    assert pair_of(recorded, second).probability >= 0.5


def test_syllables_are_read_by_tibetan_spelling():
    (syllable,) = tibetan.syllables("བསྒྲུབས")
    assert (syllable.prefix, syllable.superscript, syllable.root) == ("བ", "ས", "ག")
    assert (syllable.subscripts, syllable.vowel, syllable.suffix) == ("ར", "u", "བ")
    # bare letters: the second of three is the root unless the first cannot be a prefix or
    # the third is a post-suffix after a suffix
    assert [s.root for s in tibetan.syllables("བཟང་ནམས་ལགས་དགའ")] == ["ཟ", "ན", "ལ", "ག"]
    # a Sanskrit stack is two syllables, its top letter the first one's final
    assert [(s.root, s.suffix) for s in tibetan.syllables("རཏྣ")] == [("ར", "ཏ"), ("ན", "")]
    # no tsheg between syllables: still cut
    assert len(tibetan.syllables("བཀྲཤིས")) == 2


def test_each_syllable_has_its_usual_spellings_the_most_common_first():
    ((tashi,),) = tibetan.parsings("བཀྲ་ཤིས")
    assert [unit[0] for unit in tashi] == ["ta", "shi"]
    assert "tra" in tashi[0]
    ((dawa,),) = tibetan.parsings("ཟླ་བ")
    assert dawa[1][0] == "wa"
    ((dorje,),) = tibetan.parsings("རྡོ་རྗེ")
    assert dorje[0][0] == "dor" and {"je", "jee", "ji"} <= set(dorje[1])


def test_random_tibetan_strings_score_and_key_without_an_error():
    rng = random.Random(108)
    letters = [chr(c) for c in range(0x0F00, 0x0FFF)] + ["\u0f0b"] * 20 + [" "] * 5
    for _ in range(800):
        a, b = (
            record(
                "".join(rng.choice(letters) for _ in range(rng.randint(0, 14))),
                age=30,
                nationalities=[rng.choice(("CN", "IN", "NP", "BT"))],
            )
            for _ in range(2)
        )
        for other in (b, record("Tashi Dorje"), record("T. Dorje Lhamo")):
            assert 0.0 <= score(a, other).probability <= 1.0
        keys_of(a, asking=True)
