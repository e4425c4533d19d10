# ruff: noqa: RUF002, RUF003 - Cyrillic letters that look like Latin ones are the data
"""Mongolian names in Latin letters, and initials of two letters for one Cyrillic letter: the
patronymic in the genitive romanised (-iin, -yn), written as its initial or left out, or as a
passport's surname; the Latin spellings of MNS 5217 and older ones (kh = h, ts = c); Ts., Kh.,
Yu. for Ц, Х, Ю. Synthetic names, not the labelled sets' pairs (docs/linkage.md)."""

import pytest

from seri.linkage import scripts
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
