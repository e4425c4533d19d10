# ruff: noqa: RUF001, RUF002, RUF003 - Cyrillic letters that look like Latin ones are the data
"""Mongolian names in Latin letters, and initials of two letters for one Cyrillic letter: the
patronymic in the genitive romanised (-iin, -yn), written as its initial or left out, or as a
passport's surname; the Latin spellings of MNS 5217 and older ones (kh = h, ts = c); Ts., Kh.,
Yu. for Ц, Х, Ю. Synthetic names, not the labelled sets' pairs (docs/linkage.md)."""

import pytest

from seri.linkage import conventions, scripts
from seri.linkage.records import keys_of
from seri.linkage.scoring import record, score

TYPOS = "all words found in the other name, allowing typos"


def records(a: str, b: str, nationality_a: str = "MN", nationality_b: str | None = None):
    other = nationality_a if nationality_b is None else nationality_b
    return (
        record(a, age=31, sex="F", nationalities=[nationality_a] if nationality_a else []),
        record(b, age=31, sex="F", nationalities=[other] if other else []),
    )


def scored(a: str, b: str, nationality_a: str = "MN", nationality_b: str | None = None):
    """(probability, name level, reading) of two records of one age and sex."""
    result = score(*records(a, b, nationality_a, nationality_b))
    name = next(f for f in result.fields if f.comparison == "name")
    return result.probability, name.level, name.reading


def keyed(a: str, b: str, nationality_a: str = "MN", nationality_b: str | None = None) -> bool:
    """The two records share a stored key: the candidate search proposes the pair."""
    x, y = records(a, b, nationality_a, nationality_b)
    return bool(keys_of(x) & keys_of(y))


# --- the patronymic romanised ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tumurbaatariin Saruul", "T. Saruul"),  # -iin
        ("Ochiryn Altantsetseg", "Altantsetseg O."),  # -yn, the initial after
        ("Surengiin Temuulen", "S. Temuulen"),  # -giin after n
        ("Batsaikhany Nomin", "Nomin"),  # -y after n; left out
        ("Tumenii Saruul", "Saruul"),  # -ii after n
        ("Tsogtyn Bilguun", "Ts. Bilguun"),  # an initial of two letters (Ц)
        ("Khurelbaatariin Zoljargal", "H. Zoljargal"),  # kh = h
        ("Ochiryn Munkh-Erdene", "O. Munkherdene"),  # a given name joined or split
    ],
)
def test_a_romanised_patronymic_written_as_its_initial_or_left_out(a, b):
    probability, level, reading = scored(a, b)
    assert probability >= 0.5 and level == TYPOS
    assert reading == scripts.MONGOLIAN_PATRONYMIC
    assert keyed(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ochiryn Altantsetseg", "Altantsetseg Ochir"),  # the passports' order, no ending
        ("Tumurbaatariin Saruul", "Saruul Tumurbaatar"),
        ("Surengiin Temuulen", "Temuulen Suren"),
    ],
)
def test_a_romanised_patronymic_as_the_surname(a, b):
    probability, level, _reading = scored(a, b)
    assert probability >= 0.5 and level == TYPOS
    assert keyed(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Altantsetseg Ochir", "O. Altantsetseg"),  # given name and surname, of two words
        ("Ochir Altantsetseg", "Altantsetseg O."),
        ("Zoljargal Khurelbaatar", "Kh. Zoljargal"),
    ],
)
def test_a_name_of_two_words_with_either_as_an_initial(a, b):
    probability, level, reading = scored(a, b)
    assert probability >= 0.5 and level == TYPOS
    assert reading == scripts.MONGOLIAN_PATRONYMIC


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ochiryn Altantsetseg", "Ochiryn Altangerel"),  # another given name, the same father
        ("Ochiryn Altantsetseg", "Altangerel"),
        ("Ochiryn Altantsetseg", "D. Altantsetseg"),  # another father
        ("Ochiryn Altantsetseg", "Dashiin Altantsetseg"),
        ("Ochiryn Altantsetseg", "Ochir"),  # the father's name alone
        ("Tumurbaatariin Saruul", "Ts. Saruul"),  # Ts. is Ц, not Т
        ("Tsogtyn Bilguun", "Ch. Bilguun"),
        ("Altantsetseg Ochir", "Altantsetseg"),  # which word is the given name is not known
        ("Altantsetseg Ochir", "D. Altantsetseg"),
        ("Bat-Ochir Ganbold", "Ochirbat Ganbold"),  # a name's parts in another order
        ("Bat-Ochir", "Ochirbat"),
        ("Ochiryn Bat-Ochir", "O. Ochirbat"),
    ],
)
def test_other_mongolian_names_stay_apart(a, b):
    assert scored(a, b)[0] < 0.5


def test_the_romanised_patronymic_is_read_for_mongolian_nationals():
    assert scored("Ochiryn Altantsetseg", "O. Altantsetseg", "MN", "")[0] >= 0.5
    assert scored("Ochiryn Altantsetseg", "O. Altantsetseg", "")[0] < 0.5
    # elsewhere -yn and -iin end names (Evelyn) and an initial stands beside two whole words
    assert scored("Evelyn Carter", "E. Carter", "US")[0] < 0.5
    assert scored("Ochiryn Altantsetseg", "O. Altantsetseg", "MN", "RU")[0] < 0.5


def test_a_genitive_gives_the_fathers_names_it_may_be():
    assert conventions.mongolian_stems("ganboldyn") == ("ganbold",)
    assert set(conventions.mongolian_stems("surengiin")) == {"suren", "sureng"}
    assert "ganzorig" in conventions.mongolian_stems("ganzorigiin")
    assert conventions.mongolian_stems("batsaikhany") == ("batsaikhan",)
    # not a genitive: a name ending otherwise, or too short to hold a name before the ending
    for word in ("temuujin", "altantsetseg", "ayn", "bold"):
        assert conventions.mongolian_stems(word) == (), word


# --- Latin spellings of Mongolian Cyrillic ---------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Enkhtuya Batkhuyag", "Enhtuya Bathuyag"),  # kh = h
        ("Enkhtuya Batkhuyag", "Enxtuya Batxuyag"),  # x = kh
        ("Bayarzhargal Tumur", "Bayarjargal Tumur"),  # zh = j
        ("Tsetsegmaa Dorj", "Cetsegmaa Dorj"),  # c = ts
    ],
)
def test_mongolian_latin_spellings_agree(a, b):
    probability, level, _reading = scored(a, b)
    assert probability >= 0.5 and level == TYPOS
    assert keyed(a, b)
    assert keyed(a, b, "", "MN") and keyed(a, b, "MN", "")  # a side of unknown nationality


def test_mongolian_latin_spellings_are_for_mongolian_nationals():
    assert scored("Enkhtuya Batkhuyag", "Enhtuya Bathuyag", "MN", "")[0] >= 0.5
    assert scored("Enkhtuya Batkhuyag", "Enhtuya Bathuyag", "")[0] < 0.5
    assert scored("Enkhtuya Batkhuyag", "Enhtuya Bathuyag", "MN", "KZ")[0] < 0.5
    # and other names stay apart
    assert scored("Enkhtuya Batkhuyag", "Enkhtuya Batkhuu")[0] < 0.5
    assert scored("Tsetsegmaa Dorj", "Tsetsegmaa Dorjsuren")[0] < 0.5
    assert conventions.mongolian("monkhzul") == conventions.mongolian("moenxzul") == "monhzul"


# --- a name in Cyrillic written as its given name --------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ochiryn Altantsetseg", "О. Алтанцэцэг"),
        ("Altantsetseg Ochir", "О.Алтанцэцэг"),
        ("Ochiryn Altantsetseg", "Алтанцэцэг"),
        ("Tsogt Bilguun", "Ц. Билгүүн"),
    ],
)
def test_a_name_in_cyrillic_with_its_patronymic_as_its_initial_or_left_out(a, b):
    probability, level, reading = scored(a, b)
    assert probability >= 0.5 and level == TYPOS
    assert scripts.MONGOLIAN_PATRONYMIC in reading
    assert keyed(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Altantsetseg Ochir", "Д.Алтанцэцэг"),
        ("Altantsetseg Ochir", "Алтанцэцэг"),
        ("Tsogtyn Bilguun", "Т. Билгүүн"),  # Т is not Ц (Ts)
        ("Ochiryn Bat-Ochir", "Очирбат"),
        ("Ганболдын Бат-Очир", "Ochirbat"),  # the given name as written, in Cyrillic too
    ],
)
def test_a_name_in_cyrillic_keeps_the_limits(a, b):
    assert scored(a, b)[0] < 0.5


# --- an initial of two letters for one Cyrillic letter ---------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("Цогтын Билгүүн", "Ts. Bilguun", "MN"),
        ("Хүрэлбаатарын Золжаргал", "Kh. Zoljargal", "MN"),
        ("Чулууны Сарнай", "Ch. Sarnai", "MN"),
        ("Жаргалын Номин", "Zh. Nomin", "MN"),
        ("Шинэбаярын Сүхээ", "Sukhee Sh.", "MN"),
        ("Анна Юрьевна Козлова", "Anna Yu. Kozlova", "RU"),
        ("Анна Шамилевна Козлова", "Anna Sh. Kozlova", "RU"),
        ("Anna Shamilevna Kozlova", "Anna Sh. Kozlova", "RU"),  # both romanised
    ],
)
def test_an_initial_of_two_letters_stands_for_one_cyrillic_letter(a, b, nationality):
    probability, level, _reading = scored(a, b, nationality)
    assert probability >= 0.5 and level == TYPOS
    assert keyed(a, b, nationality)


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("Тулгын Билгүүн", "Ts. Bilguun", "MN"),  # Т is t, not ts
        ("Цогтын Билгүүн", "Ch. Bilguun", "MN"),
        ("Анна Юрьевна Козлова", "Anna Ya. Kozlova", "RU"),
        ("Anna Timurovna Kozlova", "Anna Ts. Kozlova", "RU"),
        # Yu is a Korean and Chinese name, not an initial there
        ("윤민준", "Yu Min Jun", "KR"),
    ],
)
def test_an_initial_of_two_letters_is_that_letter_only(a, b, nationality):
    assert scored(a, b, nationality)[0] < 0.5


def test_a_two_letter_initial_is_a_first_spelling_of_the_word():
    assert scripts.initial_for("ts", scripts._cyrillic("цэрэн"))
    assert not scripts.initial_for("ts", scripts._cyrillic("тулга"))
    assert scripts.initial_for("yu", scripts._cyrillic("юрий"))
    assert scripts.initial_for("kh", scripts._cyrillic("хүрэл"))
    assert not scripts.is_initial("yu") and scripts.is_initial("yu", scripts.DIGRAPH_INITIALS)
