"""Batch linkage of everyone with Splink: computation only (the results are stored by
`seri.linkage.services.linkage_batch_run`).

Names are decrypted in this process only, into an in-memory DuckDB database (no file: nothing
unencrypted reaches the disk), compared on their normalised forms, and discarded. What is kept:
the trained model (m and u, no names), candidate pairs (person ids, probability, explanation)
and identities only where a reviewer confirms.
"""

import math
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from django.conf import settings as django_settings

from seri.linkage import burmese, splink_model, thai
from seri.linkage.chinese import family_of, same_kanji
from seri.linkage.models import Decision, MatchCandidate, ModelVersion
from seri.linkage.records import loose_fulls, loose_of
from seri.linkage.scoring import (
    CANDIDATE,
    DEFAULT_PRIOR,
    MATCH,
    TF_CEILING,
    Parameters,
    Record,
    WordFrequencies,
    name_match,
    score,
)

MIN_LABELS = 200  # confirmed decisions before they update m
COMMON_PAIR = 1000  # people sharing two name words beyond which the pair is no blocking key
MIN_PAIRS = 100  # likely pairs (0.5 or more) a run needs before it re-estimates λ on them

COLUMNS = [
    "unique_id",
    "name_primary",
    "name_raw",
    "name_fulls",
    "name_sounds",
    "name_pairs",
    "name_loose",
    "name_read",
    "name_unread",
    "name_first",
    "name_words",
    "name_han",
    "name_han_family",
    "birth_year",
    "date_of_birth",
    "sex",
    "nationalities",
    "compounds",
    "identifiers",
    "reported",
    "organisation",
]


INTEGERS = ("unique_id", "birth_year", "date_of_birth", "reported", "organisation")


def frame_of(records: dict[int, Record], raw_names: dict[int, str] | None = None) -> pd.DataFrame:
    def lst(values):
        return sorted(str(v) for v in values) or None

    def word_pairs(rec: Record) -> set[str]:
        words = sorted(set(rec.first_sounds))
        return {f"{a}|{b}" for i, a in enumerate(words) for b in words[i + 1 :]}

    # people per pair of words: a pair most people have ("nguyen|thi") is no key
    pairs = {pid: word_pairs(rec) for pid, rec in records.items()}
    seen = Counter(k for keys in pairs.values() for k in keys)
    # each name's loose forms (records.loose_fulls: every reading's consonants), but those more
    # than COMMON_PAIR people share
    loose = {pid: loose_of(rec) for pid, rec in records.items()}
    seen_loose = Counter(k for keys in loose.values() for k in keys)
    rows = []
    for pid, rec in records.items():
        rows.append(
            {
                "unique_id": pid,
                "name_primary": rec.name.primary or None,
                "name_raw": (raw_names or {}).get(pid) or None,
                "name_fulls": lst(rec.name.fulls),
                "name_sounds": lst(rec.sounds),
                # every two words' sound keys, but those shared by too many people:
                # "Hoa Nguyen" and "Nguyễn Thị Hoa" share "nguien|oa"
                "name_pairs": lst(k for k in pairs[pid] if seen[k] <= COMMON_PAIR),
                # every reading's loose form: "Yi Sŏyŏn" and 이서연 (Lee, Yi, Rhee Seoyeon),
                # "Subramanian" and சுப்பிரமணியன் (Suppiramaniyan) share "a sn", "sprmn"
                "name_loose": lst(k for k in loose[pid] if seen_loose[k] <= COMMON_PAIR),
                # the loose forms of the names read unit by unit (Korean, Japanese, Cyrillic,
                # Ethiopic, Indic, Sinhala) and of the others: the name level "the same name in
                # another reading" (splink_model) compares the one with the other
                "name_read": lst(set().union(*(loose_fulls(n) for n in rec.names if n.parsings))),
                "name_unread": lst(
                    set().union(*(loose_fulls(n) for n in rec.names if not n.parsings))
                ),
                "name_first": list(rec.first_sounds) or None,
                "name_words": list(rec.all_sounds) or None,
                # names in characters, compared by character (seri.linkage.chinese)
                "name_han": lst(same_kanji(n.han) for n in rec.names if n.han),
                "name_han_family": lst(family_of(n.han) for n in rec.names if n.han),
                "birth_year": rec.birth_year,
                "date_of_birth": rec.date_of_birth.toordinal() if rec.date_of_birth else None,
                "sex": rec.sex or None,
                "nationalities": lst(rec.nationalities),
                "compounds": lst(rec.compounds),
                "identifiers": lst(rec.identifiers),
                # days since 1 Jan of year 1: compared by difference
                "reported": rec.reported.toordinal() if rec.reported else None,
                "organisation": rec.organisation,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    for column in ("date_of_birth", "reported", "organisation"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _is_duckdb(db) -> bool:
    return type(db).__name__ == "DuckDBAPI"


def _typed(frame: pd.DataFrame):
    """An Arrow table with explicit types, so that a column with no values at all is still a
    list of strings for DuckDB."""
    import pyarrow as pa

    fields = []
    for column in frame.columns:
        if column in INTEGERS:
            fields.append(pa.field(column, pa.int64()))
        elif column in (
            "name_fulls",
            "name_sounds",
            "name_pairs",
            "name_loose",
            "name_read",
            "name_unread",
            "name_first",
            "name_words",
            "name_han",
            "name_han_family",
            "nationalities",
            "compounds",
            "identifiers",
        ):
            fields.append(pa.field(column, pa.list_(pa.string())))
        else:
            fields.append(pa.field(column, pa.string()))
    return pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)


def _spark_typed(frame: pd.DataFrame, db):
    """A Spark DataFrame with the same explicit types (a column with no values is not VOID)."""
    from pyspark.sql import types as T

    fields = []
    for column in frame.columns:
        kind: T.DataType
        if column in INTEGERS:
            kind = T.LongType()
        elif isinstance(_typed(frame.head(0)).schema.field(column).type, type(None)):
            kind = T.StringType()
        elif str(_typed(frame.head(0)).schema.field(column).type).startswith("list"):
            kind = T.ArrayType(T.StringType())
        else:
            kind = T.StringType()
        fields.append(T.StructField(column, kind, True))
    rows = [
        tuple(None if (v is pd.NA or (isinstance(v, float) and v != v)) else v for v in row)
        for row in frame.astype(object).itertuples(index=False)
    ]
    rows = [
        tuple(int(v) if f.dataType == T.LongType() and v is not None else v
              for v, f in zip(row, fields, strict=True))
        for row in rows
    ]  # fmt: skip
    return db.spark.createDataFrame(rows, schema=T.StructType(fields))


def backend():
    """Splink's database API from settings: DuckDB in memory by default, or Spark."""
    kind = django_settings.SERI_LINKAGE_BACKEND
    if kind == "spark":
        from pyspark.sql import SparkSession
        from splink import SparkAPI

        master = django_settings.SERI_SPARK_MASTER
        from splink.backends.spark import similarity_jar_location

        spark = (
            SparkSession.builder.master(master)
            .appName("seri-linkage")
            .config("spark.jars", similarity_jar_location())  # Jaro-Winkler etc. as UDFs
            .getOrCreate()
        )
        # Splink checkpoints intermediate tables (normalised names!) here: on a cluster, a
        # directory on encrypted storage that only the linkage job can read.
        checkpoints = django_settings.SERI_SPARK_CHECKPOINT_DIR or tempfile.mkdtemp(
            prefix="seri-spark-"
        )
        spark.sparkContext.setCheckpointDir(checkpoints)
        return SparkAPI(spark_session=spark)
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    # Never spill to disk (decrypted names stay in memory), and fail cleanly rather than
    # exhaust the machine's memory.
    connection.execute("SET temp_directory = ''")
    memory = django_settings.SERI_LINKAGE_MEMORY
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory):
        raise ValueError("SERI_LINKAGE_MEMORY is a size such as 8GB")
    connection.execute(f"SET memory_limit = '{memory}'")
    threads = django_settings.SERI_LINKAGE_THREADS
    if threads:
        connection.execute(f"SET threads={int(threads)}")
    return DuckDBAPI(connection=connection)


def link_frame(
    frame: pd.DataFrame,
    *,
    prior: float = DEFAULT_PRIOR,
    raw_names: bool = False,
    train: bool = True,
    labels: pd.DataFrame | None = None,
    threshold: float = CANDIDATE,
    db=None,
    em_rules=None,
    log: Callable[[str], None] = lambda _msg: None,
):
    """Train (u by random sampling, m by EM, λ from deterministic rules) and predict.
    Returns (linker, predictions as pandas, trained settings dict)."""
    from splink import Linker, block_on

    db = db or backend()
    if raw_names:
        frame = frame.assign(
            first_nationality=frame["nationalities"].map(lambda v: v[0] if v else None),
            name_initial=frame["name_raw"].map(lambda v: v[:1].lower() if v else None),
        )
    linker = Linker(
        db.register(_typed(frame) if _is_duckdb(db) else _spark_typed(frame, db)),
        splink_model.settings(
            prior=prior, raw_names=raw_names, dialect="duckdb" if _is_duckdb(db) else "spark"
        ),
    )
    if train and len(frame) >= 50:
        started = time.monotonic()
        try:
            name_rule = block_on("name_fulls", "birth_year", arrays_to_explode=["name_fulls"])
            # same name and birth year: few non-matches, about half of the true matches
            linker.training.estimate_probability_two_random_records_match(
                [block_on("name_raw", "birth_year") if raw_names else name_rule], recall=0.5
            )
        except Exception as exc:
            log(f"λ not estimated: {exc}")
        settings_obj = linker._settings_obj
        if not 0 < settings_obj._probability_two_random_records_match < 1:
            settings_obj._probability_two_random_records_match = prior  # no pair met the rule
        linker.training.estimate_u_using_random_sampling(max_pairs=min(2e6, len(frame) * 20))
        # m: the expert priors of scoring.DEFAULT_LEVELS, updated from confirmed review
        # decisions. EM is optional (SERI_LINKAGE_EM=1): on the generator's data it converged on
        # "same nationality" rather than "same person" and lowered precision and recall (see
        # docs/linkage.md). Never blocked on the exploded sound keys: Splink 5 drops a comparison
        # from the saved model when EM is blocked on an array column that comparison uses.
        rules = (
            em_rules
            if em_rules is not None
            else (
                (
                    block_on("name_raw" if raw_names else "name_primary"),
                    block_on("birth_year", "nationalities"),
                )
                if django_settings.SERI_LINKAGE_EM
                else ()
            )
        )
        for rule in rules:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )
            except Exception as exc:
                log(f"EM on {rule} skipped: {exc}")
        if labels is not None and len(labels) >= MIN_LABELS:
            try:
                linker.training.estimate_m_from_pairwise_labels(db.register(labels).physical_name)
            except Exception as exc:
                log(f"labels not used: {exc}")
        log(f"trained in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    log(f"predicted in {time.monotonic() - started:.1f} s")
    return linker, predictions, linker.misc.save_model_to_json()


def _labels() -> pd.DataFrame:
    """The pairs reviewers confirmed as the same person. Only these: Splink's
    `estimate_m_from_pairwise_labels` takes every row of its table as a match whatever its
    clerical_match_score, so a pair decided "different people" among them counted as one."""
    decided = MatchCandidate.objects.filter(status=Decision.SAME).values_list(
        "person_a_id", "person_b_id"
    )
    return pd.DataFrame(
        [{"unique_id_l": a, "unique_id_r": b, "clerical_match_score": 1.0} for a, b in decided],
        columns=["unique_id_l", "unique_id_r", "clerical_match_score"],
    )


def spelled(rec: Record) -> bool:
    """Whether intake's scorer reads one of this record's names in a way the Splink levels do
    not: unit by unit and in order (Korean, Japanese kana, Cyrillic, Ethiopic, the Indic scripts,
    Sinhala), syllable by syllable and in order (Burmese), or by the skeleton of its letters (Lao,
    Devanagari, Bengali, Arabic script, Hebrew). Splink compares the words of their readings as a
    sorted set: 김민준 and Kim Jun-min, ဇော်မင်း and Min Zaw are "the same words" there.

    And romanised names the scorer reads in order or by their letters (`scoring._latin_level`):
    one written with Vietnamese diacritics (Hùng is not Hưng), or of three words or more (the
    given and middle names swapped are another person; bin, binti and bt are one marker; Jr.
    and Sr. are father and son); and any of a person of Myanmar (in the order written: Zaw Min
    is not Min Zaw) or Thailand (a vowel apart: Chaiwat is not Chaiwut; `scoring._pair_level`)."""
    in_order = bool(rec.nationalities & _READ_BY_NATIONALITY)
    return any(
        ((n.parsings or n.spellings or n.skeletons) and not n.han)
        or n.letters
        or (n.ordered and (in_order or len(n.ordered[0][0]) >= 3))
        for n in rec.names
    )


# nationalities whose romanised names the scorer reads otherwise than Splink's levels do
_READ_BY_NATIONALITY = frozenset({burmese.NATIONALITY, thai.NATIONALITY})


# the name levels at which a pair with a spelled name gets the intake scorer's level instead
_NOT_CHECKED = ("different", "different family name")


def readings_checked(pairs: pd.DataFrame, records: dict[int, Record], trained: dict):
    """Splink's predictions with the intake scorer's name level (`scoring.name_match`) instead
    of Splink's for two kinds of pair:

    - at the level "the same name in another reading" (`splink_model.ANOTHER_READING`: loose
      forms, vowels left out): 이서연 and Yi Sŏyŏn keep "same words, any script or order",
      ትግስት ሃይሉ and Tigist Haile fall to "one word sounds alike";
    - at a level where the names agree, when either side has a name the scorer reads in order
      (`spelled`): 김민준 / Kim Jun-min and ဇော်မင်း / Min Zaw (syllables in another order) fall
      from "same words" to below it, さとう ゆうき / Saito Yuki and Дмитрий Иванов / Dmitry
      Ivanova from "all words found" to "different".

    Both levels' m and u are the trained model's; a pair's level is known by its name weight
    (mw_name, each level's log2(m/u))."""
    name = next(
        (c for c in trained.get("comparisons", []) if c["output_column_name"] == "name"), None
    )
    if pairs.empty or name is None or "mw_name" not in pairs:
        return pairs
    weight = {
        lvl["label_for_charts"]: math.log2(lvl["m_probability"] / lvl["u_probability"])
        for lvl in name["comparison_levels"]
        if not lvl.get("is_null_level") and lvl.get("m_probability") and lvl.get("u_probability")
    }
    mine = weight.get(splink_model.ANOTHER_READING)
    others = [w for label, w in weight.items() if label != splink_model.ANOTHER_READING]
    if mine is None or "different" not in weight or any(abs(w - mine) < 1e-6 for w in others):
        return pairs  # the level is not told apart by its weight
    agreeing = [w for label, w in weight.items() if label not in _NOT_CHECKED]
    disagreeing = [weight[label] for label in _NOT_CHECKED if label in weight]
    if any(abs(w - d) < 1e-6 for w in agreeing for d in disagreeing):
        agreeing = [mine]  # the levels are not told apart: only the reading level is checked
    out = pairs.copy()
    flags: dict[int, bool] = {}

    def flagged(pid: int) -> bool:
        found = flags.get(pid)
        if found is None:
            found = flags[pid] = spelled(records[pid])
        return found

    ids = zip(
        out.index,
        out["unique_id_l"].astype(int),
        out["unique_id_r"].astype(int),
        out["mw_name"].to_numpy(),
        strict=True,
    )
    for i, a, b, w in ids:
        if abs(w - mine) >= 1e-6 and not (
            any(abs(w - x) < 1e-6 for x in agreeing) and (flagged(a) or flagged(b))
        ):
            continue
        match = name_match(records[a], records[b])
        level = match.level if match else "different"
        change = weight.get(level, weight["different"]) - w
        if change:
            out.at[i, "mw_name"] = w + change
            out.at[i, "match_weight"] = out.at[i, "match_weight"] + change
    out["match_probability"] = 1 / (1 + 2 ** (-out["match_weight"].clip(-1000, 1000)))
    return out


def _logit2(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def calibrated_prior(pairs: pd.DataFrame, people: int, prior: float, rounds: int = 100) -> float:
    """λ, the probability that two records taken at random are one person, re-estimated on the
    run's own predicted pairs with m and u fixed: the λ at which the expected number of true
    pairs (the sum of the pairs' match probabilities under λ) is λ times the number of pairs of
    people (expectation maximisation of the prior alone). Pairs no blocking rule proposes, or
    predicted below the threshold, count as different people.

    Splink's deterministic-rule estimate (the pairs sharing a name form and a birth year,
    assumed to hold half the true pairs) counts namesakes as true pairs, and namesakes grow
    with the square of the people: on the generator's data it was 3.1 times the true λ at
    100,000 people and 24 times at 1,000,000, so a probability's meaning, and the precision at
    a fixed threshold, changed with the size of the coalition (decision 0038)."""
    if people < 2 or not 0 < prior < 1 or (pairs["match_probability"] >= 0.5).sum() < MIN_PAIRS:
        return prior  # too few likely pairs: the estimate would fall with the pairs left out
    total = people * (people - 1) / 2
    evidence = pairs["match_weight"].to_numpy(dtype=float) - _logit2(prior)
    current = prior
    for _ in range(rounds):
        weight = (evidence + _logit2(current)).clip(-1000, 1000)
        found = float((1 / (1 + 2 ** (-weight))).sum()) / total
        if not 0 < found < 1:
            return current
        if abs(found - current) <= 1e-4 * current:
            return found
        current = found
    return current


def with_prior(pairs: pd.DataFrame, old: float, new: float) -> pd.DataFrame:
    """The pairs' match weights and probabilities under the prior `new` instead of `old`."""
    if pairs.empty or old == new:
        return pairs
    out = pairs.copy()
    out["match_weight"] = out["match_weight"] + (_logit2(new) - _logit2(old))
    out["match_probability"] = 1 / (1 + 2 ** (-out["match_weight"].clip(-1000, 1000)))
    return out


def lowered(threshold: float, bits: float = TF_CEILING) -> float:
    """The probability `bits` below `threshold`: what Splink must predict at so that a pair
    the word-frequency adjustment raises (by at most TF_CEILING) to `threshold` is not left
    out."""
    weight = math.log2(threshold / (1 - threshold)) - bits
    return 1 / (1 + 2 ** (-weight))


def frequency_adjusted(
    pairs: pd.DataFrame,
    records: dict[int, Record],
    frequencies: WordFrequencies,
    threshold: float = 0.0,
) -> pd.DataFrame:
    """Splink's predictions with the word-frequency adjustment of `scoring.WordFrequencies`
    added to the match weight of pairs whose names agree at some level, and the pairs below
    `threshold` afterwards left out.

    Splink's own term-frequency adjustment works on one column holding one value (a surname);
    a name here is a set of words in any order and script, so the same formula
    (log2(u / tf), per shared word) is applied to the predictions, with the counts of the
    same records, as the intake scorer applies it. The name levels of `splink_model` that
    disagree are "different" (no word sound in common: nothing to adjust) and "different
    family name" (both in characters, no family character in common), left unadjusted here."""
    if pairs.empty:
        return pairs
    bits = [
        _pair_bits(records[int(a)], records[int(b)], frequencies)
        for a, b in zip(pairs.unique_id_l, pairs.unique_id_r, strict=True)
    ]
    out = pairs.copy()
    out["tf_adjustment_name"] = bits
    out["match_weight"] = out["match_weight"] + out["tf_adjustment_name"]
    out["match_probability"] = 1 / (1 + 2 ** (-out["match_weight"].clip(-1000, 1000)))
    return out[out["match_probability"] >= threshold].reset_index(drop=True)


def _pair_bits(a: Record, b: Record, frequencies: WordFrequencies) -> float:
    shared = a.sounds & b.sounds
    if not shared:
        return 0.0
    han_a = {family_of(n.han) for n in a.names if n.han}
    han_b = {family_of(n.han) for n in b.names if n.han}
    if han_a and han_b and not han_a & han_b:
        return 0.0
    return frequencies.adjustment(shared)


@dataclass(frozen=True)
class BatchResult:
    """What a batch run computed, before anything is stored (`services.linkage_run_store`)."""

    people: int
    pairs: int
    clusters: int
    threshold: float
    trained: dict  # the Splink settings with m and u: no names
    predictions: pd.DataFrame  # unique_id_l, unique_id_r, match_probability
    frequencies: WordFrequencies | None = None  # the name-word counts the run adjusted with


def link_everyone(
    records: dict[int, Record], *, threshold: float | None = None, log=lambda _m: None
) -> BatchResult:
    """Train and predict over these records (names only in memory); writes nothing."""
    frame = frame_of(records)
    log(f"{len(frame)} people loaded")
    previous = ModelVersion.objects.filter(is_active=True).first()
    threshold = threshold or (previous.threshold if previous else MATCH)
    frequencies = WordFrequencies.of_records(records.values())
    linker, predictions, trained = link_frame(
        frame, labels=_labels(), threshold=lowered(CANDIDATE), log=log
    )
    pairs = frequency_adjusted(
        readings_checked(predictions.as_pandas_dataframe(), records, trained),
        records,
        frequencies,
    )
    # λ for this run's people (decision 0038), kept with the model: intake scores with it too
    prior = float(trained.get("probability_two_random_records_match") or DEFAULT_PRIOR)
    calibrated = calibrated_prior(pairs, len(frame), prior)
    log(f"λ {prior:.3g} from the deterministic rule, {calibrated:.3g} on the run's pairs")
    trained = {**trained, "probability_two_random_records_match": calibrated}
    pairs = with_prior(pairs, prior, calibrated)
    pairs = pairs[pairs["match_probability"] >= CANDIDATE].reset_index(drop=True)
    adjusted = linker.table_management.register_table(
        pairs[["unique_id_l", "unique_id_r", "match_weight", "match_probability"]],
        "seri_adjusted_predictions",
        overwrite=True,
    )
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        adjusted, threshold
    ).as_pandas_dataframe()
    return BatchResult(
        people=len(frame),
        pairs=len(pairs),
        clusters=int(clusters["cluster_id"].nunique()) if len(clusters) else 0,
        threshold=threshold,
        trained=trained,
        predictions=pairs[["unique_id_l", "unique_id_r", "match_probability"]],
        frequencies=frequencies,
    )


def candidate_rows(result: BatchResult, records: dict[int, Record], model_id: int):
    """(a, b, probability, explanation, exact) for each predicted pair, a < b; the per-field
    explanation comes from the Python scorer with the trained parameters (the same levels)."""
    params = Parameters.from_splink(result.trained, version=model_id)
    for row in result.predictions.itertuples(index=False):
        a, b = sorted((int(row.unique_id_l), int(row.unique_id_r)))
        fields = score(records[a], records[b], params, result.frequencies).as_dict()["fields"]
        exact = (
            ["identifiers"]
            if any(f["field"] == "identifiers" and f["outcome"] == "agrees" for f in fields)
            else []
        )
        yield a, b, float(row.match_probability), fields, exact
