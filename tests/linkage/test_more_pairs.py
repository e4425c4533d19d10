"""The third to sixth labelled sets (tests/linkage/data/fresh_pairs.tsv, fourth_pairs.tsv,
fifth_pairs.tsv, sixth_pairs.tsv), each written by another hand without looking at the
readings or at the other sets. The third led to the fixes of 5 Dec (docs/linkage.md, "A third
and a fourth labelled set"); the fourth was written to measure them and led to four more; the
fifth led to the fifth pass's, and the sixth, kept apart until that pass was done, measured it
("A fifth and a sixth labelled set"). The misses left are named, so that a new one fails the
test and a fixed one is taken off the list."""

import csv
from pathlib import Path

import pytest

from seri.linkage.records import keys_of
from seri.linkage.scoring import record
from tests.linkage.test_name_pairs import figures, scored

DATA = Path(__file__).with_name("data")

# true pairs scored below 0.5, and different people at 0.5 or more
MISSED = {
    "fresh_pairs": set(),
    "fourth_pairs": {
        # ገብረሚካኤል read gebremikael: Michael's ch said k is not read
        ("ተስፋይ ገብረሚካኤል", "Tesfay Gebremichael"),
    },
    "fifth_pairs": {
        # Tamil த is t, th, d and dh alike; between two romanised names only th = t is read
        ("Tharshini Sivakumar", "Dharshini Sivakumar"),
    },
    "sixth_pairs": {
        # a short word two vowels apart (ei / ai): Sheikh, Shaikh; the sound skeleton allows
        # vowels apart only in words of 4 letters or more with a near spelling
        ("Abdul Karim Sheikh", "Shaikh Abdul Karim"),
    },
}
AGREED = {
    "fresh_pairs": set(),
    # a vowel apart between two romanised names, inside the word: a typo as often as another
    # name (a final vowel apart is another name: test_final_vowels.py)
    "fourth_pairs": {("Olumide Bakare", "Olamide Bakare")},
    "fifth_pairs": {
        ("Lorna Bautista", "Lorena Bautista"),
        ("Rania Haddad", "Rana Haddad"),
        # حامد is Hamed in Persian, Hamid in Arabic and Dari: the reading cannot tell
        ("Hamid Karimi", "حامد کریمی"),
    },
    "sixth_pairs": {
        ("Nurul Ain binti Rahman", "Nurul Aini binti Rahman"),
        ("Alina Pavlova", "Alena Pavlova"),
    },
}
SETS = list(MISSED)


def _rows(name: str) -> list[dict]:
    with (DATA / f"{name}.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("name", SETS)
def test_the_set_scores_every_pair_but_the_named_ones(db, name):
    rows, results, missed, agreed = scored(DATA / f"{name}.tsv")
    assert len(rows) >= 150
    assert missed == MISSED[name]
    assert agreed == AGREED[name]
    for family, f in figures(rows, results).items():
        assert f["recall"] >= 0.66 and f["precision"] >= 0.75, (family, f)


# true pairs sharing no stored key (intake's candidate search would not propose them): Thai
# names whose reading is not the name's RTGS spelling (ธนวัฒน์ read thonwat), two romanised names in
# two systems (the scorer reads them back to characters; no key does), an Arabic name whose
# article is joined on one side only
UNKEYED = {
    "fresh_pairs": {
        ("ธนวัฒน์ ศรีสมบูรณ์", "Thanawat Sisombun"),
        ("ณัฐพล วงศ์ใหญ่", "Nattapol Wongyai"),
        ("Chan Chi Wai", "Chen Zhiwei"),
    },
    "fourth_pairs": set(),
    "fifth_pairs": set(),
    # بن between the names and عثمان's ث: no loose form of the one is one of the other's
    "sixth_pairs": {("محمد حافظ بن عثمان", "Muhammad Hafiz bin Othman")},
}


@pytest.mark.parametrize("name", SETS)
def test_intake_search_shares_a_key_for_every_true_pair_but_the_named_ones(name):
    def rec(row, side):
        return record(row[f"name_{side}"], age=int(row[f"age_{side}"]), sex=row[f"sex_{side}"],
                      nationalities=[row[f"nationality_{side}"]])  # fmt: skip

    true = [row for row in _rows(name) if row["same"] == "1"]
    unkeyed = {
        (row["name_a"], row["name_b"])
        for row in true
        if not keys_of(rec(row, "a")) & keys_of(rec(row, "b"))
    }
    assert unkeyed == UNKEYED[name]


@pytest.mark.parametrize(
    ("hebrew", "latin"),
    [
        ("איתי שפירא", "Itay Shapira"),  # the fourth set's
        ("אורי כהן", "Uri Cohen"),
        ("אילנה לוי", "Ilana Levi"),
        ("איתן ברק", "Eitan Barak"),
    ],
)
def test_a_hebrew_aleph_before_yod_or_vav_carries_their_vowel(hebrew, latin):
    # an aleph starting a word before yod or vav is no sound of its own (the fourth set's class)
    from seri.linkage.scoring import score

    result = score(
        record(hebrew, age=30, sex="M", nationalities=["IL"]),
        record(latin, age=30, sex="M", nationalities=["IL"]),
    )
    assert result.probability >= 0.5


@pytest.mark.parametrize(
    ("a", "b", "nationality_b"),
    [
        ("Wanchai Phonsawat", "Wanchai Ponsawad", "TH"),  # ph = p, a final d = t
        ("Kittiporn Saengthong", "Kittiphon Saengthong", "TH"),  # porn = phon
        ("Somjit Kaewkham", "Somchit Kaeokham", ""),  # j = ch, aew = aeo; unknown nationality
        ("สมจิตร แก้วคำ", "Somjit Kaewkham", "TH"),
    ],
)
def test_two_spellings_of_a_thai_name_share_a_stored_key(a, b, nationality_b):
    # the Royal Institute's and a passport's spelling (records.thai_of): intake proposes them
    keys = [
        keys_of(record(name, age=30, nationalities=[n] if n else []))
        for name, n in ((a, "TH"), (b, nationality_b))
    ]
    assert keys[0] & keys[1]


def test_a_thai_key_only_for_thai_or_unknown_nationals():
    from seri.linkage.records import thai_of

    assert thai_of(record("Somjit Kaewkham", nationalities=["TH"]))
    assert thai_of(record("Somjit Kaewkham"))
    assert not thai_of(record("Somjit Kaewkham", nationalities=["LA"]))


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("طارق عمر الأمين", "Tarek Omer Elamin"),  # the article joined to a later word
        ("خالد إبراهيم الشريف", "Khaled Ibrahim Elsherif"),
        ("ماجد عثمان النور", "Majed Osman Elnour"),
        ("عبد الرحمن حسن", "Abdulrahman Hasan"),  # Abd and the name after it, one word
        ("عبد الرحيم صالح", "Abdelrahim Saleh"),
        ("عبد الكريم ناصر", "Abdelkarim Nasser"),
    ],
)
def test_a_romanised_arabic_name_with_its_article_shares_a_key(arabic, latin):
    # records._without_article: the skeletons of an Arabic-script name leave the article out
    a = record(arabic, age=30, nationalities=["EG"])
    b = record(latin, age=30, nationalities=["EG"])
    assert keys_of(a) & keys_of(b)
