"""Names in Korean, Japanese, Tamil, Sinhala, Gurmukhi, Cyrillic, Ethiopic, Arabic script and
Hebrew are found by the candidate search at intake from their Latin spellings and the other way
round, compared by the batch run's blocking and proposed by its name level for another reading:
the stored keys are made from every reading of the name (`seri.linkage.names.loose_fulls`), not
only the usual one."""

import pytest

from seri.cases.duplicates import intake_matches
from seri.cases.services import NameInput, PersonInput
from seri.linkage.names import parse_name
from seri.linkage.records import keys_of, loose_fulls
from seri.linkage.scoring import record
from tests.linkage.test_services import pair_of, person

# (written in the script, Latin spelling, nationality): one or more per script family
PAIRS = [
    ("이서연", "Yi Sŏyŏn", "KR"),  # McCune-Reischauer, the family name as Yi
    ("김민준", "Kim Minjun", "KR"),
    ("田中 太郎", "Tanaka Taro", "JP"),
    ("たなか たろう", "Tanaka Taro", "JP"),
    ("சுப்பிரமணியன்", "Subramanian", "IN"),  # Tamil, no b written, an i between p and r
    ("චමිලා ජයසිංහ", "Chamila Jayasinghe", "LK"),
    ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Harpreet Singh", "IN"),
    ("Алексей Фёдоров", "Alexey Fyodorov", "RU"),  # x for кс, yo for ё
    ("Юлия", "Iuliia", "RU"),  # the passport's ICAO spelling
    ("ትግስት ሃይሉ", "Tigist Hailu", "ET"),  # sixth forms read with a vowel
    ("محمد علی", "Muhammad Ali", "PK"),  # Urdu: ع starts Ali with a vowel
    ("عمران خان", "Imran Khan", "PK"),
    ("דוד כהן", "David Cohen", "IL"),  # Hebrew: vav also v, kaf also c
]
# found at intake (by their sounds), not yet proposed by the batch's blocking: a hanja name's
# Korean reading and a katakana transcription make no loose form of their own
INTAKE_ONLY = [
    ("黄 美香", "Hwang Mi-hyang", "KR"),  # a Korean name in hanja
    ("ジョン スミス", "John Smith", "GB"),  # an English name in katakana
]
IDS = [latin for _n, latin, _c in PAIRS]
IDS[3] = "Tanaka Taro (kana)"


def _ask(user, org, name, nat):
    return intake_matches(
        user,
        org,
        PersonInput(names=[NameInput(value=name)], age_estimate=30, nationalities=[nat]),
        dismissed=set(),
    )


@pytest.mark.parametrize(
    ("native", "latin", "nat"), PAIRS + INTAKE_ONLY, ids=[*IDS, "hanja", "katakana"]
)
def test_intake_finds_the_latin_spelling_of_a_name_recorded_in_its_script(
    ngo, bob, native, latin, nat
):
    recorded = person(bob, ngo, native, age=30, nat=[nat])
    person(bob, ngo, "Somchai Jaidee", age=30, nat=["TH"])  # someone else, not proposed
    found = _ask(bob, ngo, latin, nat)
    assert [m.person.pk for m in found.matches] == [recorded.pk]


@pytest.mark.parametrize(
    ("native", "latin", "nat"), PAIRS + INTAKE_ONLY, ids=[*IDS, "hanja", "katakana"]
)
def test_intake_finds_the_script_of_a_name_recorded_in_latin(ngo, bob, native, latin, nat):
    recorded = person(bob, ngo, latin, age=30, nat=[nat])
    person(bob, ngo, "Somchai Jaidee", age=30, nat=["TH"])
    found = _ask(bob, ngo, native, nat)
    assert [m.person.pk for m in found.matches] == [recorded.pk]
    # and recording the second proposes the pair for review, as every intake does
    second = person(bob, ngo, native, age=30, nat=[nat])
    assert pair_of(recorded, second).probability >= 0.5


# English names transcribed into Thai script or katakana: no stored key in common with their
# Latin spelling before the transcription's forms were stored (records.transcribed_fulls)
TRANSCRIBED = [
    ("ไมเคิล จอห์นสัน", "Michael Johnson", "GB"),  # ch read k, ห์ unsaid
    ("แคทเธอรีน ไวต์", "Catherine White", "GB"),  # th read t
    ("ロバート・ブラウン", "Robert Brown", "GB"),  # an r after a vowel unsaid
    ("ダニエル・ウォーカー", "Daniel Walker", "GB"),  # Walker's l unsaid
    ("ホセ・ロドリゲス", "Jose Rodriguez", "ES"),  # Spanish j unsaid
]


@pytest.mark.parametrize(("native", "latin", "nat"), TRANSCRIBED, ids=[t[1] for t in TRANSCRIBED])
def test_intake_finds_an_english_name_transcribed_into_thai_or_katakana(
    ngo, bob, native, latin, nat
):
    assert keys_of(record(native), asking=True) & keys_of(record(latin))
    assert keys_of(record(latin), asking=True) & keys_of(record(native))
    recorded = person(bob, ngo, native, age=30, nat=[nat])
    person(bob, ngo, "Somchai Jaidee", age=30, nat=["TH"])
    assert [m.person.pk for m in _ask(bob, ngo, latin, nat).matches] == [recorded.pk]
    recorded = person(bob, ngo, latin, age=30, nat=[nat])
    assert recorded.pk in [m.person.pk for m in _ask(bob, ngo, native, nat).matches]


def test_a_romanised_name_has_few_transcription_forms():
    """Every romanised name may be the other side of a transcription, so it gets at most
    MAX_TRANSCRIBED_LATIN forms (a name in Thai script or katakana up to eight); one whose words
    all read as Hepburn (a Japanese name) gets none."""
    from seri.linkage.records import (
        MAX_TRANSCRIBED_LATIN,
        ROMANISED,
        TRANSCRIPTION,
        keys_of,
        transcribed_of,
    )

    assert 0 < len(transcribed_of(record("Christopher Jonathan Smith"))) <= MAX_TRANSCRIBED_LATIN
    # each side stores its own forms and asks for the other's: two romanised names never meet
    # through them, nor two transcriptions
    assert all(f.startswith(ROMANISED) for f in transcribed_of(record("Michael Smith")))
    assert all(f.startswith(TRANSCRIPTION) for f in transcribed_of(record("ไมเคิล สมิธ")))
    latin, thai = record("Michael Smith"), record("ไมเคิล สมิธ")
    assert keys_of(latin, asking=True) & keys_of(thai) - keys_of(latin)
    assert not (keys_of(latin, asking=True) - keys_of(latin)) & keys_of(record("Michael Smith"))
    assert not transcribed_of(record("Sato Yuki"))
    assert not transcribed_of(record("张伟"))


def test_the_batch_blocking_compares_each_pair_with_names_alone():
    """Names alone, ages a year apart: each pair meets in a blocking rule (Splink scores every
    pair its rules propose; threshold 0 keeps them all), and no two different people do."""
    from seri.linkage.batch import frame_of, link_frame

    records = {}
    for i, (native, latin, nat) in enumerate(PAIRS):
        records[2 * i + 1] = record(native, age=30, nationalities=[nat])
        records[2 * i + 2] = record(latin, age=31, nationalities=[nat])
    _linker, predictions, _settings = link_frame(frame_of(records), train=False, threshold=0.0)
    frame = predictions.as_pandas_dataframe()
    pairs = {
        tuple(sorted((int(a), int(b))))
        for a, b in zip(frame.unique_id_l, frame.unique_id_r, strict=True)
    }
    missing = [PAIRS[i][1] for i in range(len(PAIRS)) if (2 * i + 1, 2 * i + 2) not in pairs]
    assert not missing
    # nothing but the pairs themselves (the two Tanaka Taro pairs are one person)
    tanaka = {5, 6, 7, 8}
    assert all((b - a == 1 and a % 2 == 1) or {a, b} <= tanaka for a, b in pairs)


def test_the_keys_of_a_name_are_bounded():
    """A long name in a script whose units have several spellings makes a few keys, not one
    per combination of spellings."""
    long = "சுப்பிரமணியன் " * 6 + "Алексей Фёдоров Юлия 이서연 ትግስት ሃይሉ"
    assert len(loose_fulls(parse_name(long))) <= 8
    assert len(keys_of(record(long))) <= 80


def test_loose_keys_keep_different_names_apart():
    def shared(a, b):
        return loose_fulls(parse_name(a)) & loose_fulls(parse_name(b))

    assert shared("Алексей Фёдоров", "Aleksei Fedorov")
    assert not shared("Алексей Фёдоров", "Alexey Smirnov")
    assert not shared("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Gurpreet Singh")
    assert not shared("김민준", "Kim Minji")


def test_reindex_writes_the_loose_keys_of_people_recorded_before_them(ngo, bob):
    """People recorded before the loose keys existed are found once `seri linkage reindex`
    has run (here: their keys removed, as an older version stored them)."""
    from seri.linkage.models import PersonNameKey
    from seri.linkage.records import loose_key, loose_of
    from seri.linkage.services import linkage_reindex

    recorded = person(bob, ngo, "Алексей Фёдоров", age=30, nat=["RU"])
    loose = [loose_key(f) for f in loose_of(record("Алексей Фёдоров"))]
    PersonNameKey.objects.filter(person=recorded, key__in=loose).delete()
    assert not _ask(bob, ngo, "Alexey Fyodorov", "RU").matches

    linkage_reindex(actor=None)
    assert set(loose) <= set(
        PersonNameKey.objects.filter(person=recorded).values_list("key", flat=True)
    )
    assert [m.person.pk for m in _ask(bob, ngo, "Alexey Fyodorov", "RU").matches] == [recorded.pk]


def test_a_shared_whole_name_ranks_above_a_shared_word(ngo, bob):
    """이서연 shares one key with Yi Sŏyŏn, its loose form; people recorded after her share the
    word Yi. The search keeps the best CANDIDATE_LIMIT: she comes first."""
    from seri.linkage.records import candidate_ids

    seoyeon = person(bob, ngo, "이서연", age=30, nat=["KR"])
    for name in ("Yi Minho", "Yi Jiwoo", "Yi Hana"):
        person(bob, ngo, name, age=30, nat=["KR"])
    assert candidate_ids(record("Yi Sŏyŏn"), limit=1) == [seoyeon.pk]


# the pairs the batch scored 0.00-0.07 before it had a name level for another reading
BATCH_PAIRS = [
    ("이서연", "Yi Sŏyŏn", "KR"),
    ("சுப்பிரமணியன்", "Subramanian", "IN"),
    ("Алексей Фёдоров", "Alexey Fyodorov", "RU"),
    ("Юлия Журавлёва", "Iuliia Zhuravleva", "RU"),
    ("ትግስት ሃይሉ", "Tigist Hailu", "ET"),
]


def _batch(records):
    """The batch run's scores of these records (untrained: the model's priors), as
    `batch.link_everyone` computes them before the word-frequency adjustment: {pair:
    (probability, whether Splink put the names at the level for another reading)}."""
    import math

    from seri.linkage.batch import frame_of, link_frame, readings_checked
    from seri.linkage.splink_model import ANOTHER_READING, L

    _linker, predictions, trained = link_frame(frame_of(records), train=False, threshold=0.0)
    splink = predictions.as_pandas_dataframe()
    frame = readings_checked(splink, records, trained)
    reading = math.log2(L["name"][ANOTHER_READING][0] / L["name"][ANOTHER_READING][1])
    return {
        tuple(sorted((int(a), int(b)))): (p, abs(w - reading) < 1e-6)
        for a, b, p, w in zip(
            frame.unique_id_l, frame.unique_id_r, frame.match_probability, splink.mw_name,
            strict=True,
        )
    }  # fmt: skip


@pytest.mark.parametrize(("native", "latin", "nat"), BATCH_PAIRS, ids=[p[1] for p in BATCH_PAIRS])
def test_the_batch_proposes_a_name_and_its_spelling_in_another_script(native, latin, nat):
    """Names alone, with the same age, sex and nationality (as intake's scorer is asked)."""
    records = {
        1: record(native, age=30, sex="F", nationalities=[nat]),
        2: record(latin, age=30, sex="F", nationalities=[nat]),
        3: record("Somchai Jaidee", age=30, sex="F", nationalities=[nat]),
    }
    scores = _batch(records)
    assert scores[(1, 2)][0] >= 0.5
    assert all(p < 0.5 for pair, (p, _g) in scores.items() if pair != (1, 2))


def test_the_batch_reading_level_proposes_no_different_people_of_the_labelled_set():
    """The labelled set's different people (tests/linkage/data/name_pairs.tsv): none that the
    level for another reading catches is proposed. Two of them it does catch, vowels left out
    of its loose forms (ትግስት ሃይሉ and Tigist Haile, 高橋 裕子 and Takahashi Yoko): the intake
    scorer's name level, which reads the vowels, decides those."""
    import csv
    from pathlib import Path

    path = Path(__file__).with_name("data") / "name_pairs.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["same"] == "0"]
    records = {}
    for i, r in enumerate(rows):
        for j, side in ((1, "a"), (2, "b")):
            records[2 * i + j] = record(
                r[f"name_{side}"],
                age=int(r[f"age_{side}"]),
                sex=r[f"sex_{side}"] or None,
                nationalities=[r[f"nationality_{side}"]],
            )
    scores = _batch(records)
    caught = {
        pair: p for pair, (p, reading) in scores.items() if reading and pair[1] == pair[0] + 1
    }
    assert len(caught) >= 2
    assert all(p < 0.5 for p in caught.values()), caught
