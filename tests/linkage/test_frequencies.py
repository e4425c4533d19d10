"""Common names count for less: the word-frequency (term-frequency) adjustment of the name
comparison, in the scorer, at intake (counts over keyed sound keys) and in batch linkage."""

import pytest
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.linkage.models import KeyKind, NameFrequencies, NameWordFrequency, PersonNameKey
from seri.linkage.records import find_candidates, records_of, sound_key, word_frequencies
from seri.linkage.scoring import WordFrequencies, record, score
from seri.linkage.services import linkage_frequencies_refresh
from seri.orgs.models import Role
from tests.factories import UserFactory
from tests.linkage.test_services import person

GIVEN = ["An", "Binh", "Chi", "Dung", "Giang", "Hanh", "Khanh", "Linh", "Minh", "Nam"]


def _population() -> list:
    """Forty people named Nguyen Van (a common family name and middle name), one Quach Van
    (a rare family name)."""
    people = [record(f"Nguyen Van {GIVEN[i % 10]}", age=30) for i in range(40)]
    return [*people, record("Quach Van Lan", age=30)]


def test_a_shared_common_word_counts_for_less_than_a_rare_one_all_else_equal():
    frequencies = WordFrequencies.of_records(_population())
    common = (record("Nguyen Van", age=30, sex="M"), record("Nguyen Van", age=30, sex="M"))
    rare = (record("Quach Van", age=30, sex="M"), record("Quach Van", age=30, sex="M"))
    # without counts the two pairs are the same to the model
    assert score(*common).probability == pytest.approx(score(*rare).probability)
    with_common = score(*common, frequencies=frequencies)
    with_rare = score(*rare, frequencies=frequencies)
    assert with_common.probability < with_rare.probability

    def name(result):
        return next(f for f in result.as_dict()["fields"] if f["field"] == "name")

    # the difference is the name's frequency adjustment, shown in the explanation
    assert name(with_common)["frequency_adjustment"] < name(with_rare).get(
        "frequency_adjustment", 0
    )
    # a name of the common word only counts for less than the model's average
    nguyen = record("Nguyen", age=30)
    assert score(nguyen, nguyen, frequencies=frequencies).match_weight < (
        score(nguyen, nguyen).match_weight
    )


def test_different_names_are_not_adjusted():
    frequencies = WordFrequencies.of_records(_population())
    a, b = record("Nguyen Lan", age=30), record("Tran Minh", age=30)
    assert score(a, b, frequencies=frequencies).match_weight == score(a, b).match_weight


def test_the_adjustment_is_bounded():
    import dataclasses

    from seri.linkage.scoring import TF_CEILING, TF_LIMIT

    counts = {"s:a": 1, "s:b": 1, "s:c": 99_990, "s:d": 99_990}
    frequencies = WordFrequencies.from_counts(counts, 100_000)
    assert frequencies.adjustment({"s:a", "s:b"}) == TF_CEILING
    assert frequencies.adjustment({"s:unknown"}) == TF_CEILING  # never counted: one person's
    full = dataclasses.replace(frequencies, weight=1.0, ceiling=6.0)
    assert full.adjustment({"s:a", "s:b"}) == 6.0
    assert full.adjustment({"s:c"}) < 0
    many = WordFrequencies.from_counts({f"s:{i}": 100_000 for i in range(50)}, 100_000)
    many = dataclasses.replace(many, expected=0.001)
    assert many.adjustment({f"s:{i}" for i in range(50)}) == -TF_LIMIT


@pytest.fixture
def crowd(ngo, bob):
    """Many Nguyen Vans at intake."""
    for i in range(30):
        person(bob, ngo, f"Nguyen Van {GIVEN[i % 10]}", age=20 + i, nat=["VN"])
    return ngo


def test_intake_scores_a_common_name_lower_with_keyed_counts(crowd, bob, other_ngo, charlie):
    nguyen = person(bob, crowd, "Nguyen Van", age=30, nat=["VN"], sex="Masculine")
    quach = person(bob, crowd, "Quach Van", age=30, nat=["VN"], sex="Masculine")
    summary = linkage_frequencies_refresh(actor=None)
    assert summary.people == 32

    def best(name: str, pid: int) -> float:
        rec = record(name, age=30, nationalities=["VN"], sex="M")
        return next(p for cand, p, _x, _e in find_candidates(rec) if cand == pid)

    assert best("Nguyen Van", nguyen.pk) < best("Quach Van", quach.pk)
    # one query for the counts of the record's words
    rec = records_of([nguyen.pk])[nguyen.pk]
    frequencies = word_frequencies(rec)
    assert frequencies is not None and set(frequencies.share) == set(rec.sounds)
    # "Nguyen": 31 of the 32 people; "Van": all 32
    assert sorted(frequencies.share.values()) == [pytest.approx(31 / 32), 1.0]


def test_the_frequency_table_holds_keyed_sounds_and_counts_never_a_name(crowd, bob):
    person(bob, crowd, "Quach Lan", age=30)
    linkage_frequencies_refresh(actor=None)
    keys = set(NameWordFrequency.objects.values_list("key", flat=True))
    assert keys == set(
        PersonNameKey.objects.filter(kind=KeyKind.PHONETIC).values_list("key", flat=True)
    )
    rec = record("Quach Lan")
    plain = {w.lower() for w in ("Nguyen", "Van", "Quach", "Lan", *GIVEN)} | set(rec.sounds)
    assert all(len(k) == 32 for k in keys)
    assert not keys & plain and not any(word in key for key in keys for word in plain)
    assert {sound_key(s) for s in rec.sounds} <= keys


def test_before_the_first_count_intake_is_not_adjusted(crowd):
    assert word_frequencies(record("Nguyen Lan")) is None


def test_only_the_system_or_a_coordinator_counts_name_words(crowd, bob):
    with pytest.raises(PermissionError):
        linkage_frequencies_refresh(actor=bob)
    coordinator = UserFactory(username="cora", membership=(crowd, Role.COORDINATOR))
    assert linkage_frequencies_refresh(actor=coordinator).people == 30


def test_the_count_and_its_audit_row_are_one_transaction(crowd):
    with transaction.atomic():
        linkage_frequencies_refresh(actor=None)
        assert NameWordFrequency.objects.exists()
        assert AuditEvent.objects.filter(object_type="name_word_frequencies").exists()
        transaction.set_rollback(True)
    assert not NameWordFrequency.objects.exists() and not NameFrequencies.objects.exists()
    assert not AuditEvent.objects.filter(object_type="name_word_frequencies").exists()
    linkage_frequencies_refresh(actor=None)
    assert NameWordFrequency.objects.exists()
    assert AuditEvent.objects.filter(object_type="name_word_frequencies").count() == 1


def test_batch_predictions_are_adjusted_with_the_same_counts():
    from seri.linkage.batch import frame_of, frequency_adjusted, link_frame

    people = _population()
    records = dict(enumerate(people, 1))
    n = len(records)
    records[n + 1] = record("Nguyen Van", age=30, sex="M", nationalities=["VN"])
    records[n + 2] = record("Van Nguyen", age=30, sex="M", nationalities=["VN"])
    records[n + 3] = record("Quach Van", age=30, sex="M", nationalities=["VN"])
    records[n + 4] = record("Van Quach", age=30, sex="M", nationalities=["VN"])
    _linker, predictions, _trained = link_frame(frame_of(records), train=False, threshold=0.0001)
    pairs = predictions.as_pandas_dataframe()
    frequencies = WordFrequencies.of_records(records.values())
    adjusted = frequency_adjusted(pairs, records, frequencies)

    def probability(frame, a, b):
        hit = frame[(frame.unique_id_l == a) & (frame.unique_id_r == b)]
        return float(hit.match_probability.iloc[0])

    # unadjusted, the two pairs are alike; adjusted, the common name counts for less, by the
    # scorer's own adjustment
    assert probability(pairs, n + 1, n + 2) == pytest.approx(probability(pairs, n + 3, n + 4))
    assert probability(adjusted, n + 1, n + 2) < probability(adjusted, n + 3, n + 4)
    expected = score(records[n + 1], records[n + 2], frequencies=frequencies).fields[0].frequency
    row = adjusted[(adjusted.unique_id_l == n + 1) & (adjusted.unique_id_r == n + 2)]
    assert float(row.tf_adjustment_name.iloc[0]) == pytest.approx(expected)
