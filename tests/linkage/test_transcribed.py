"""English and European names transcribed into Thai script or katakana, against the Latin
spelling (seri.linkage.transcribed): a reading of its own, named in the explanation."""

import pytest

from seri.linkage import transcribed
from seri.linkage.scoring import record, score

READING = "transcribed foreign name (Thai, katakana)"


def pair(a: str, b: str, *, sex_b: str = "M"):
    result = score(
        record(a, age=30, sex="M", nationalities=["TH"]),
        record(b, age=30, sex=sex_b, nationalities=["TH"]),
    )
    return result, result.fields[0]


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        # Thai: ์ over a letter not said (ห์ in จอห์นสัน, ร์ in โรเบิร์ต), ว for v
        ("ไมเคิล จอห์นสัน", "Michael Johnson"),
        ("โรเบิร์ต บราวน์", "Robert Brown"),
        ("เดวิด มิลเลอร์", "David Miller"),
        ("ชาร์ลส์ อดัมส์", "Charles Adams"),
        ("แดเนียล วอล์คเกอร์", "Daniel Walker"),
        # katakana: ー, ッ, バ / ヴ for v, ラ行 for l and r, vowels added after consonants
        ("マイケル・ジョンソン", "Michael Johnson"),
        ("ジョン・スミス", "John Smith"),
        ("ジョン・スミス", "Smith John"),
        ("デイビッド", "David"),
        ("デヴィッド・ルイス", "David Lewis"),
        ("スティーブン・スコット", "Steven Scott"),
        ("ホセ・ロドリゲス", "Jose Rodriguez"),
    ],
)
def test_a_transcription_matches_the_latin_spelling(script, latin):
    result, name = pair(script, latin)
    assert result.probability >= 0.5, (script, latin, name)
    assert name.level == "all words found in the other name, allowing typos"
    assert name.reading == READING


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        ("ไมเคิล จอห์นสัน", "Michael Jackson"),  # another family name
        ("ジョン・スミス", "John Brown"),
        ("ไมค์ จอห์นสัน", "Mark Johnson"),  # same consonants, another vowel
        ("マーク・スミス", "Mike Smith"),
        ("จอห์น สมิธ", "Jane Smith"),
        ("ジェームズ・ホール", "James Hill"),
        ("ローラ・ベイカー", "Laura Parker"),  # b and p are two letters in both scripts
        ("สมใจ ใจดี", "Somchai Jaidee"),  # a Thai name: จ j and ช ch stay apart
        ("サトウ ユキ", "Saito Yuki"),  # read as Japanese: its vowels count
    ],
)
def test_other_names_stay_apart(script, latin):
    result, name = pair(script, latin)
    assert result.probability < 0.5, (script, latin, name)


def test_the_silent_letter_is_dropped_and_the_spoken_one_kept():
    assert transcribed.thai_keys("จอห์นสัน") == frozenset({"jnsn"})
    assert "jms" in transcribed.thai_keys("เจมส์")  # ส์: written silent, said in English
    assert transcribed.latin_keys("johnson") == frozenset({"jnsn"})


def test_a_romanised_japanese_name_is_left_to_the_japanese_reading():
    assert transcribed.hepburn_shaped("saito") and transcribed.hepburn_shaped("satoh")
    assert not transcribed.hepburn_shaped("smith")
    assert (
        transcribed.level(transcribed.word_keys(("サイトウ",), "katakana"), ("sato",), "katakana")
        is None
    )


def test_loose_forms_for_blocking_are_shared_by_the_transcription_and_the_latin_name():
    from seri.linkage.names import parse_name

    for script, latin in [("ไมเคิล จอห์นสัน", "Michael Johnson"), ("ジョン・スミス", "John Smith")]:
        mine = transcribed.loose_fulls(parse_name(script).foreign, ())
        other = transcribed.loose_fulls((), parse_name(latin).words)
        assert mine & other, (script, latin, mine, other)
    assert not transcribed.loose_fulls(
        parse_name("ไมเคิล จอห์นสัน").foreign, ()
    ) & transcribed.loose_fulls((), parse_name("Michael Jackson").words)
