"""Chinese names: one reading system at a time, never a union of every dialect's readings."""

import pytest

from seri.linkage.batch import frame_of, link_frame
from seri.linkage.chinese import (
    CANTONESE,
    HAKKA_CANTONESE,
    HAKKA_HOKKIEN,
    HOKKIEN,
    HOKKIEN_CANTONESE,
    HOKKIEN_HAKKA,
    HOKKIEN_READING,
    MANDARIN,
    WADE_GILES,
    fold,
    hk_spellings,
    hokkien_spellings,
)
from seri.linkage.scoring import record, score


def pair(a: str, b: str, nationality: str = "CN"):
    one = record(a, age=30, sex="M", nationalities=[nationality])
    other = record(b, age=30, sex="M", nationalities=[nationality])
    result = score(one, other)
    return result, next(f for f in result.fields if f.comparison == "name")


def test_different_family_names_with_the_same_given_name_are_not_one_person():
    # 黄 is Ng in Hokkien and 吴 is Ng in Cantonese: pooled, they were one word (0.973)
    result, name = pair("黄伟", "吴伟")
    assert result.probability < 0.5
    assert name.level == "different family name" and name.outcome == "disagrees"
    # traditional and simplified characters are the same name
    result, name = pair("黃偉", "黄伟")
    assert name.level == "same words, any script or order" and result.probability > 0.9


def test_one_family_name_with_another_given_name_is_not_all_words_found():
    result, name = pair("张强", "张浩")
    assert name.level != "all words found in the other name, allowing typos"
    assert name.outcome != "agrees" and result.probability < 0.5


@pytest.mark.parametrize(
    ("han", "latin", "reading"),
    [
        ("陳家豪", "Chan Ka Ho", CANTONESE),
        ("劉德華", "Lau Tak Wah", CANTONESE),
        ("张子健", "Cheung Tsz Kin", CANTONESE),
        ("司徒华", "Szeto Wah", CANTONESE),
        ("张伟", "Zhang Wei", MANDARIN),
        ("张家辉", "Jiahui Zhang", MANDARIN),
        ("张伟", "Chang Wei", WADE_GILES),
        ("陈伟明", "Tan Wei Ming", HOKKIEN),
        ("黄伟", "Ng Wei", HOKKIEN),
        ("吴伟", "Ng Wai", CANTONESE),
    ],
)
def test_a_romanised_name_matches_in_one_reading_which_is_named(han, latin, reading):
    result, name = pair(han, latin)
    assert result.probability >= 0.8, result.as_dict()
    assert name.level == "same words, any script or order"
    assert name.reading == reading
    assert result.as_dict()["fields"][0]["reading"] == reading


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("陳文慶", "Tan Boon Keng"),  # 文 bûn = Boon, 慶 khìng = Keng
        ("陈文庆", "Boon Keng Tan"),  # simplified, family name last
        ("吴阿九", "Goh Ah Kow"),  # 阿 a = Ah, 九 káu = Kow
        ("黃亞狗", "Ng Ah Kow"),
        ("王嘉和", "Ong Kah Hoe"),
        ("王福財", "Ong Hock Chye"),
        ("楊玉珠", "Yeo Geok-Choo"),  # hyphenated
        ("林金發", "Lim Kimhuat"),  # joined
        ("莊水生", "Chng Chwee Seng"),
        ("沈麗雲", "Sim Lay Hoon"),  # 云 read as 雲 (simplified stands for both)
    ],
)
def test_a_name_written_wholly_in_hokkien_matches_under_the_hokkien_reading(han, latin):
    result, name = pair(han, latin, "SG")
    assert result.probability >= 0.9, result.as_dict()
    assert name.level == "same words, any script or order"
    assert name.reading == HOKKIEN_READING


@pytest.mark.parametrize(
    ("han", "latin", "country"),
    [
        ("林文慶", "Tan Boon Keng", "SG"),
        ("黃亞九", "Goh Ah Kow", "SG"),  # 黄 is Ng or Wee in Hokkien, 吴 Goh: two family names
        ("吳嘉和", "Ong Kah Hoe", "SG"),
        ("陳瑞明", "Lim Swee Beng", "SG"),
        # a given name of another dialect than the family name's (Malaysia)
        ("林偉強", "Chong Wai Keong", "MY"),  # 林 Lim or Lam, not Chong
        ("黃偉強", "Chong Wai Keong", "MY"),
        ("張偉傑", "Tan Wai Kit", "MY"),
        ("吳文慶", "Liew Boon Keng", "MY"),
    ],
)
def test_another_family_name_with_the_same_given_name_is_another_person(han, latin, country):
    result, name = pair(han, latin, country)
    assert result.probability < 0.5
    assert name.level == "different family name" and name.outcome == "disagrees"


def test_the_same_hokkien_family_name_with_another_given_name_is_not_the_same_name():
    result, name = pair("陳文慶", "Tan Boon Kiat", "SG")
    assert name.outcome != "agrees" and result.probability < 0.5


def test_hokkien_spellings_from_tai_lo():
    assert hokkien_spellings("bun")[0] == "boon"
    assert hokkien_spellings("khing")[0] == "keng"
    assert "hock" in hokkien_spellings("hok")
    assert "chye" in hokkien_spellings("tsai")
    assert "kow" in hokkien_spellings("kau")
    assert "teo" in hokkien_spellings("tiunn")  # nasal vowel written without its mark
    assert "wee" in hokkien_spellings("ui")
    assert "goh" in hokkien_spellings("goo")


def test_readings_of_two_systems_do_not_mix_in_one_name():
    # a dialect family name with a pinyin given name is a convention (Chan Jia Hao, Wong Wei);
    # a Mandarin family name with a Cantonese given name is none
    assert pair("黄伟", "Huang Wai")[1].outcome != "agrees"
    assert pair("陈家豪", "Chen Ka Ho")[1].outcome != "agrees"
    # nor a Hokkien given name with a Cantonese family name (a Hokkien family name with a
    # Cantonese given name is a convention: test_a_dialect_family_name_with_a_given_name_…)
    assert pair("陳文慶", "Chan Boon Keng")[1].outcome != "agrees"
    # nor one given name read in two systems (文 Cantonese Man, 慶 Hokkien Keng)
    assert pair("陳文慶", "Tan Man Keng")[1].outcome != "agrees"


@pytest.mark.parametrize(
    ("han", "latin", "reading"),
    [
        ("張偉強", "Chong Wai Keong", HAKKA_CANTONESE),  # 張 Hakka Chong, 偉強 Cantonese
        ("张伟强", "Wai-Keong Chong", HAKKA_CANTONESE),  # simplified, family name last
        ("劉文慶", "Liew Boon Keng", HAKKA_HOKKIEN),  # 劉 Hakka Liew, 文慶 Hokkien
        ("陳偉傑", "Tan Wai Kit", HOKKIEN_CANTONESE),  # 陳 Hokkien Tan, 偉傑 Cantonese
        ("陳文慶", "Tan Man Hing", HOKKIEN_CANTONESE),
        ("郭文福", "Kuek Voon Fook", HOKKIEN_HAKKA),  # 郭 Hokkien Kuek, 文福 Hakka
    ],
)
def test_a_dialect_family_name_with_a_given_name_read_in_another_dialect(han, latin, reading):
    # Malaysia and Singapore: the family name in the family's dialect, the given name as it was
    # said where the child was registered (Cantonese in Kuala Lumpur, Hokkien in Penang)
    result, name = pair(han, latin, "MY")
    assert result.probability >= 0.9, result.as_dict()
    assert name.level == "same words, any script or order"
    assert name.reading == reading


def test_a_given_name_is_read_in_one_system_never_its_characters_in_two():
    # 偉 Cantonese Wai, 強 Hakka Khiong (Cantonese Keong); 文 Hakka Voon, 慶 Hokkien Keng
    for han, latin in (("張偉強", "Chong Wai Khiong"), ("劉文慶", "Liew Voon Keng")):
        result, name = pair(han, latin, "MY")
        assert name.outcome != "agrees" and result.probability < 0.5, (han, latin)


def test_hong_kong_spellings_from_jyutping():
    assert hk_spellings("can")[0] == "chan"
    assert hk_spellings("zoeng")[0] == "cheung"
    assert "tsz" in hk_spellings("zi")
    assert hk_spellings("hou")[0] == "ho"
    assert hk_spellings("jyun")[0] == "yuen"
    assert fold("陳家輝") == "陈家辉"


def test_batch_linkage_keeps_the_readings_apart_too():
    records = {
        1: record("黄伟", age=30, sex="M", nationalities=["CN"]),
        2: record("吴伟", age=30, sex="M", nationalities=["CN"]),
        3: record("陳家豪", age=30, sex="M", nationalities=["HK"]),
        4: record("Chan Ka Ho", age=30, sex="M", nationalities=["HK"]),
    }
    _linker, predictions, _settings = link_frame(frame_of(records), train=False, threshold=0.0)
    frame = predictions.as_pandas_dataframe()
    scores = {
        (int(a), int(b)): p
        for a, b, p in zip(
            frame.unique_id_l, frame.unique_id_r, frame.match_probability, strict=True
        )
    }
    assert scores.get((1, 2), 0) < 0.5
    assert scores[(3, 4)] >= 0.8


@pytest.mark.django_db
def test_intake_proposes_the_hokkien_spelling_of_a_name_in_characters(ngo, other_ngo, bob, charlie):
    from seri.cases.services import NameInput, PersonInput, person_create
    from seri.linkage.models import MatchCandidate

    def person(actor, org, name):
        return person_create(
            actor=actor,
            organisation=org,
            data=PersonInput(
                names=[NameInput(value=name)], age_estimate=40, nationalities=["SG"],
                gender="Masculine",
            ),
        )  # fmt: skip

    first = person(bob, ngo, "陳文慶")
    other = person(bob, ngo, "林文慶")
    second = person(charlie, other_ngo, "Tan Boon Keng")
    found = {frozenset((c.person_a_id, c.person_b_id)): c for c in MatchCandidate.objects.all()}
    candidate = found[frozenset((first.pk, second.pk))]
    assert candidate.probability >= 0.8
    assert "Hokkien reading" in str(candidate.explanation)
    assert frozenset((other.pk, second.pk)) not in found  # another family name: no candidate


def test_every_reading_system_is_named_in_the_users_language():
    from django.utils import translation

    from seri.linkage.chinese import systems
    from seri.linkage.templatetags.linkage import READINGS, _reading

    names = ("張偉強", "陳文慶", "劉文福", "周家豪")
    labels = {label for chars in names for label, _syllables in systems(chars)}
    assert {HAKKA_CANTONESE, HAKKA_HOKKIEN, HOKKIEN_CANTONESE, HOKKIEN_HAKKA} <= labels
    assert labels <= set(READINGS)
    with translation.override("zh-hans"):
        assert _reading(HAKKA_CANTONESE) == "客家话姓氏\uff0c粤语名字"  # a full-width comma
    with translation.override("km"):
        assert _reading(HOKKIEN_CANTONESE) == "នាមត្រកូលហុកគៀន/តេជីវ នាមខ្លួនកាតាំង"
