"""The Splink side of the match model: the same comparisons as `seri.linkage.scoring`, as
Splink comparison levels (labels identical, so trained m and u read back into the Python scorer).

Backends: DuckDB in process (default), or Spark (`SERI_LINKAGE_BACKEND=spark`,
`SERI_SPARK_MASTER=spark://host:7077` or `local[2]`). See docs/linkage.md.
"""

import math

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

from seri.linkage.scoring import DEFAULT_LEVELS, NEAR, REPORTED_DAYS, REPORTED_LABELS

L = {name: {label: (m, u) for label, m, u in levels} for name, levels in DEFAULT_LEVELS.items()}
# A name level of the batch only: a name read unit by unit (Korean, Japanese, Cyrillic,
# Ethiopic, Indic, Sinhala) whose loose form (records.loose_fulls: every reading's consonants)
# is another name's, where neither the same words nor all words allowing typos agree. Vowels
# left out, it also takes Tigist Haile for ትግስት ሃይሉ (Hailu): `batch.readings_checked` gives
# each pair at this level the intake scorer's name level instead, which reads the units with
# their vowels. m and u from tests/linkage/data/name_pairs.tsv: 20 of its 285 same-person
# pairs reach this level, 28 of 180,200 pairs of different rows' names (random pairs).
# Training re-estimates u by random sampling, as for every level. See docs/linkage.md.
ANOTHER_READING = "the same name in another reading"
L["name"][ANOTHER_READING] = (0.07, 0.000155)


def _lvl(creator, comparison: str, label: str):
    m, u = L[comparison][label]
    return creator.configure(label_for_charts=label, m_probability=m, u_probability=u)


def _sets(comparison: str, column: str, label: str):
    return cl.CustomComparison(
        output_column_name=comparison,
        comparison_levels=[
            cll.NullLevel(column),
            _lvl(cll.ArrayIntersectLevel(column, 1), comparison, label),
            _lvl(cll.ElseLevel(), comparison, "different"),
        ],
    )


def _contained_sql(size: str, dialect: str = "duckdb", *, near: bool = True) -> str:
    """The SQL twin of scoring._contained (`near`: with near spellings, else by sound only), in
    DuckDB's or Spark's dialect (Spark: Splink's Jaro-Winkler UDF from its similarity jar)."""
    if dialect == "spark":
        length, keep, jaro = "size", "filter", "jaro_winkler"
    else:
        length, keep, jaro = "len", "list_filter", "jaro_winkler_similarity"

    # scoring.near_spelling and scoring.same_sound (translate drops the letters it has no
    # replacement for, in both dialects: the consonants)
    close = f"(length(x) >= 4 AND abs(length(x) - length(y)) <= 1 AND {jaro}(x, y) >= 0.88)"
    sound = f"(x = y OR ({close} AND translate(x, 'aeiou', '') = translate(y, 'aeiou', '')))"
    match = f"(x = y OR {close})" if near else sound  # with near spellings, sound adds nothing

    def side(first: str, words: str) -> str:
        found = f"{length}({keep}({words}, y -> {match})) > 0"
        count = f"{length}({first}) >= 2" if size == "many" else f"{length}({first}) = 1"
        return f"({count} AND {length}({keep}({first}, x -> {found})) = {length}({first}))"

    # The columns are also named outside the lambdas, so that Splink selects them.
    q = "`" if dialect == "spark" else '"'
    first_l, first_r, words_l, words_r = (
        f"{q}{c}{q}" for c in ("name_first_l", "name_first_r", "name_words_l", "name_words_r")
    )
    return (
        f"({words_l} IS NOT NULL AND {words_r} IS NOT NULL AND "
        f"{first_l} IS NOT NULL AND {first_r} IS NOT NULL AND "
        f"({side(first_l, words_r)} OR {side(first_r, words_l)}))"
    )


def _name_levels(dialect: str) -> list:
    """The name levels of `scoring._words_level`, with names in Chinese characters compared by
    their characters first (`chinese.han_compare`, coarser here: same characters, a different
    family name, or else one word in common), so that the readings of two names in characters
    never meet (黄伟 read "ng wei" in Hokkien and 吴伟 in Cantonese)."""
    if dialect == "spark":
        length, common, jaro = "size", "array_intersect", "jaro_winkler"
    else:
        length, common, jaro = "len", "list_intersect", "jaro_winkler_similarity"

    def shared(column: str, n: int) -> str:
        return f"{length}({common}({column}_l, {column}_r)) >= {n}"

    def shared_across(left: str, right: str) -> str:
        return f"{length}({common}({left}_l, {right}_r)) >= 1"

    han = "(name_han_l IS NOT NULL AND name_han_r IS NOT NULL)"
    words = f"NOT {han}"

    def level(sql: str, label: str):
        return _lvl(cll.CustomLevel(sql, base_dialect_str=dialect), "name", label)

    return [
        cll.NullLevel("name_primary"),
        level(
            f"({han} AND {shared('name_han', 1)}) OR ({words} AND {shared('name_fulls', 1)})",
            "same words, any script or order",
        ),
        level(f"{han} AND NOT {shared('name_han_family', 1)}", "different family name"),
        level(
            f"{words} AND {_contained_sql('many', dialect, near=False)}",
            "all words found in the other name, allowing typos",
        ),
        # below the levels of the same words, above the weaker ones (a word or two sounding
        # alike, a similar spelling: "haylu tgst" and "hailu tigist"), which the intake scorer's
        # reading of the script decides instead (batch.readings_checked)
        level(
            f"{words} AND ({shared_across('name_read', 'name_unread')} OR "
            f"{shared_across('name_unread', 'name_read')})",
            ANOTHER_READING,
        ),
        level(f"{words} AND {shared('name_sounds', 2)}", "two or more words sound alike"),
        level(f"{words} AND {_contained_sql('many', dialect)}", NEAR),
        level(
            f"{words} AND {_contained_sql('one', dialect)}",
            "a one-word name found in the other name",
        ),
        level(f"{words} AND {jaro}(name_primary_l, name_primary_r) >= 0.9", "similar spelling"),
        level(f"{han} OR {shared('name_sounds', 1)}", "one word sounds alike"),
        _lvl(cll.ElseLevel(), "name", "different"),
    ]


def comparisons(*, raw_names: bool = False, dialect: str = "duckdb") -> list:
    """`raw_names`: the plain approach for the benchmarks - names compared as written, with no
    romanisation, word sets or phonetic keys."""
    if raw_names:
        name = cl.CustomComparison(
            output_column_name="name",
            comparison_levels=[
                cll.NullLevel("name_raw"),
                _lvl(cll.ExactMatchLevel("name_raw"), "name", "same words, any script or order"),
                _lvl(cll.JaroWinklerLevel("name_raw", 0.9), "name", "similar spelling"),
                _lvl(cll.ElseLevel(), "name", "different"),
            ],
        )
    else:
        name = cl.CustomComparison(
            output_column_name="name", comparison_levels=_name_levels(dialect)
        )
    birth = cl.CustomComparison(
        output_column_name="birth_year",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            _lvl(
                cll.CustomLevel("date_of_birth_l = date_of_birth_r"),
                "birth_year",
                "same date of birth",
            ),
            _lvl(
                cll.CustomLevel(
                    "date_of_birth_l IS NOT NULL AND date_of_birth_r IS NOT NULL "
                    "AND abs(birth_year_l - birth_year_r) <= 2"
                ),
                "birth_year",
                "different dates of birth",
            ),
            *(
                _lvl(
                    cll.CustomLevel(f"abs(birth_year_l - birth_year_r) <= {gap}"),
                    "birth_year",
                    label,
                )
                for gap, label in (
                    (0, "same year"),
                    (1, "1 year apart"),
                    (2, "2 years apart"),
                    (6, "3 to 6 years apart"),
                )
            ),
            _lvl(cll.ElseLevel(), "birth_year", "different"),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            _lvl(cll.ExactMatchLevel("sex"), "sex", "same"),
            _lvl(cll.ElseLevel(), "sex", "different"),
        ],
    )
    reported = cl.CustomComparison(
        output_column_name="reported",
        comparison_levels=[
            cll.NullLevel("reported"),
            *(
                _lvl(cll.CustomLevel(f"abs(reported_l - reported_r) <= {days}"), "reported", label)
                for days, label in zip(REPORTED_DAYS, REPORTED_LABELS, strict=True)
            ),
            _lvl(cll.ElseLevel(), "reported", "more than a year apart"),
        ],
    )
    out = [
        name,
        birth,
        sex,
        _sets("nationality", "nationalities", "a nationality in common"),
        _sets("compound", "compounds", "same compound"),
        _sets("identifiers", "identifiers", "a shared phone, handle or document"),
        reported,
    ]
    if "organisation" in L:
        out.append(
            cl.CustomComparison(
                output_column_name="organisation",
                comparison_levels=[
                    cll.NullLevel("organisation"),
                    _lvl(cll.ExactMatchLevel("organisation"), "organisation", "same organisation"),
                    _lvl(cll.ElseLevel(), "organisation", "different organisations"),
                ],
            )
        )
    return out


def blocking_rules(*, raw_names: bool = False) -> list:
    if raw_names:
        return [
            block_on("name_raw"),
            block_on("birth_year", "sex", "first_nationality", "name_initial"),
        ]
    # Each rule keeps blocks small at a million people: a common name form ("andi",
    # "nguyen thi hoa") alone, or one sound key with a birth year, pairs thousands with
    # thousands (out of memory at 1,000,000). A rule therefore adds a second, discriminating
    # key: the birth year or the compound to a name form, a word's sound and sex to the
    # compound. Pairs that share none of these (a misspelt name, no compound, no phone, or no
    # age on one side) are left to intake, which searches the stored keys.
    return [
        # ages are estimates: a name form and birth years at most 2 apart (an equi-join on the
        # name form, filtered as it joins, so a common name's block is never materialised)
        CustomRule(
            "l.name_fulls = r.name_fulls AND abs(l.birth_year - r.birth_year) <= 2",
            arrays_to_explode=["name_fulls"],
        ),
        # two words of the name sounding the same (another order, a word left out: "Nguyễn
        # Thị Hoa" and "Hoa Nguyen"), birth years at most 2 apart. A pair of words that more
        # than batch.COMMON_PAIR people share ("nguyen|thi") is left out of the keys: with it
        # the rule ran out of memory at 1,000,000.
        CustomRule(
            "l.name_pairs = r.name_pairs AND abs(l.birth_year - r.birth_year) <= 2",
            arrays_to_explode=["name_pairs"],
        ),
        # a loose form of the name (every reading's consonants: 이서연 and Yi Sŏyŏn, Алексей
        # Фёдоров and Alexey Fyodorov, records.loose_fulls), birth years at most 2 apart; a
        # form more than batch.COMMON_PAIR people share is left out of the keys
        CustomRule(
            "l.name_loose = r.name_loose AND abs(l.birth_year - r.birth_year) <= 2",
            arrays_to_explode=["name_loose"],
        ),
        block_on("name_fulls", "compounds", arrays_to_explode=["name_fulls", "compounds"]),
        block_on("identifiers", arrays_to_explode=["identifiers"]),
        # a full date of birth is rare enough to block on with the nationality, whatever the
        # name (a name given in another script, or a given name only)
        block_on("date_of_birth", "nationalities", arrays_to_explode=["nationalities"]),
        block_on("compounds", "name_sounds", "sex", arrays_to_explode=["compounds", "name_sounds"]),
    ]


def settings(*, prior: float, raw_names: bool = False, dialect: str = "duckdb") -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(raw_names=raw_names, dialect=dialect),
        blocking_rules_to_generate_predictions=blocking_rules(raw_names=raw_names),
        probability_two_random_records_match=prior,
        # each comparison's level (gamma_*) with the pairs: batch.readings_checked reads the
        # name's (a few more columns of numbers per predicted pair, no names)
        # each comparison's match weight (mw_*) with the pairs: batch.readings_checked reads
        # the name's (a few more numbers per predicted pair, no names)
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


def match_weights(settings_dict: dict) -> list[dict]:
    """Rows for the match weights chart: comparison, level, m, u, weight (log2 m/u)."""
    rows = []
    prior = settings_dict.get("probability_two_random_records_match") or 0.001
    rows.append(
        {
            "comparison": "prior",
            "level": "",
            "m": None,
            "u": None,
            "weight": math.log2(prior / (1 - prior)),
        }
    )
    for comparison in settings_dict.get("comparisons", []):
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else None
            rows.append(
                {
                    "comparison": comparison["output_column_name"],
                    "level": level["label_for_charts"],
                    "m": m,
                    "u": u,
                    "weight": weight,
                }
            )
    return rows
