"""The batch run does not propose different people whose names the intake scorer tells apart by
the order of their syllables or by a letter: Splink compares the words of each reading as a
sorted set, so 김민준 and Kim Jun-min, ဇော်မင်း and Min Zaw were "the same words" there (0.97),
where intake's scorer, which reads the units in order, says 0.02 and 0.42
(`batch.readings_checked`)."""

import pytest

from seri.linkage.batch import frame_of, link_frame, readings_checked
from seri.linkage.scoring import record

# the labelled set's different people (tests/linkage/data/name_pairs.tsv) the batch proposed
DIFFERENT = [
    ("김민준", "Kim Jun-min", "KR"),  # syllables in another order
    ("ဇော်မင်း", "Min Zaw", "MM"),
    ("အောင်ကျော်", "Kyaw Aung", "MM"),
    ("ဝင်းနိုင်", "Naing Win", "MM"),
    ("さとう ゆうき", "Saito Yuki", "JP"),  # a near spelling of another name
    ("කමල් පෙරේරා", "Kamala Perera", "LK"),
    ("Дмитрий Иванов", "Dmitry Ivanova", "RU"),
    # romanised names the scorer reads in order or by their letters (5 Dec): the given and
    # middle name swapped, a Vietnamese vowel letter, father and son
    ("Nguyễn Minh Tuấn", "Nguyen Tuan Minh", "VN"),
    ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "VN"),
    ("Jose Miguel Santos Jr.", "Jose Miguel Santos Sr.", "PH"),
    # two romanised names read by their nationality (6 Dec): a Burmese name's words in another
    # order, a Thai name a vowel apart
    ("Thet Naing", "Naing Thet", "MM"),
    ("Wanchai Thongmak", "Wanchai Thungmak", "TH"),
]
# and the same people, still proposed
SAME = [
    ("김민준", "Kim Min-jun", "KR"),
    ("ဇော်မင်း", "Zaw Min", "MM"),
    ("အောင်ကျော်", "Aung Kyaw", "MM"),
    ("さとう ゆうき", "Sato Yuki", "JP"),
    ("Дмитрий Иванов", "Dmitry Ivanov", "RU"),
    ("Nguyễn Minh Tuấn", "Minh Tuan Nguyen", "VN"),
    ("Nguyễn Văn Hùng", "Nguyen Van Hung", "VN"),
    ("Siti Aminah binti Yusof", "Siti Aminah bt Yusoff", "MY"),
    ("U Thet Naing", "Thet Naing", "MM"),
    ("Wanchai Thongmak", "Wanchai Tongmak", "TH"),
]


def _scores(pairs):
    """Each pair's probability in the batch (untrained: the model's priors), names alone with
    the same age, sex and nationality, as `batch.link_everyone` computes it before the
    word-frequency adjustment."""
    records = {}
    for i, (native, latin, nat) in enumerate(pairs):
        records[2 * i + 1] = record(native, age=30, sex="M", nationalities=[nat])
        records[2 * i + 2] = record(latin, age=30, sex="M", nationalities=[nat])
    _linker, predictions, trained = link_frame(frame_of(records), train=False, threshold=0.0)
    frame = readings_checked(predictions.as_pandas_dataframe(), records, trained)
    found = {
        tuple(sorted((int(a), int(b)))): float(p)
        for a, b, p in zip(
            frame.unique_id_l, frame.unique_id_r, frame.match_probability, strict=True
        )
    }
    return {pair[1]: found.get((2 * i + 1, 2 * i + 2), 0.0) for i, pair in enumerate(pairs)}


def test_the_batch_does_not_propose_names_the_intake_scorer_tells_apart():
    scores = _scores(DIFFERENT)
    assert all(p < 0.5 for p in scores.values()), scores


@pytest.mark.parametrize(("native", "latin", "nat"), SAME, ids=[p[1] for p in SAME])
def test_the_batch_still_proposes_the_same_names_in_order(native, latin, nat):
    assert _scores([(native, latin, nat)])[latin] >= 0.5
