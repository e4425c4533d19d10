"""Scoring one pair of names as the labelled sets do: both people of one age, sex and
nationality (none when empty), so that only the names differ."""

from seri.linkage.scoring import FieldExplanation, Score, record, score


def scored_pair(
    a: str, b: str, nationality: str = "", *, sex: str = "F", age: int = 30
) -> tuple[Score, FieldExplanation]:
    """The pair's score and its name comparison."""
    nationalities = [nationality] if nationality else []
    result = score(
        record(a, age=age, sex=sex, nationalities=nationalities),
        record(b, age=age, sex=sex, nationalities=nationalities),
    )
    return result, next(f for f in result.fields if f.comparison == "name")
