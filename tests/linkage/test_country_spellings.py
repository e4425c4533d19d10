"""Chinese names in the spellings of one country's documents, read for that country's records
and records of unknown nationality only: Indonesia's Dutch-based spelling of Hokkien and Hakka
(林秀美 = Liem Sioe Bie, 陳玉蘭 = Tjhin Njoek Lan) and Macau's Portuguese-based spelling of
Cantonese (梁家榮 = Leong Ka Veng)."""

import pytest

from seri.linkage import chinese
from tests.linkage.pairs import scored_pair

SAME = "same words, any script or order"


def scored(a: str, b: str, nationality: str):
    result, name = scored_pair(a, b, nationality)
    return result.probability, name


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("林秀美", "Liem Sioe Bie"),  # i ie, u oe
        ("黃金娘", "Oei Kiem Nio"),  # ui oei; Zhangzhou nio for niu
        ("蔡瑞福", "Tjoa Swie Hok"),  # tsh tj, ua oa, ui wie
        ("蔡瑞福", "Coa Swie Hok"),  # tj written c since 1972
        ("蕭秀珍", "Siauw Sioe Tjin"),  # au auw
        ("許美蘭", "Khouw Bie Lan"),  # the open o ouw
        ("鄭建國", "The Kian Kok"),  # a plain t th
        ("張義龍", "Thio Gie Liong"),  # Zhangzhou tio for tiunn
        ("王仁義", "Ong Djin Gie"),  # j dj
        ("潘源泉", "Phoa Goan Tjwan"),
        ("楊寶娘", "Njoo Po Nio"),  # 楊 Njoo, a family name's own spelling
        ("葉永和", "Jap Eng Ho"),  # the glide i j
        ("陳玉蘭", "Tjhin Njoek Lan"),  # Hakka: c tjh, ngi nj
        ("葉雲芳", "Jap Joen Fong"),
    ],
)
def test_indonesian_spellings_of_hokkien_and_hakka(han, latin):
    probability, name = scored(han, latin, "ID")
    assert probability >= 0.9 and name.level == SAME
    assert name.reading in (chinese.HOKKIEN_INDONESIAN, chinese.HAKKA_INDONESIAN)
    # unknown nationality: read too; Malaysian: not (oe, ie and tj are not its spellings)
    assert scored(han, latin, "")[0] >= 0.5
    assert scored(han, latin, "MY")[1].reading not in chinese.WRITTEN_ONLY_BY


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("林秀珍", "Liem Sioe Bie"),  # another given name
        ("郭秀美", "Liem Sioe Bie"),  # another family name
        ("林秀美", "Liem Bie Sioe"),  # the given syllables swapped
    ],
)
def test_other_names_in_the_indonesian_spelling_are_other_people(han, latin):
    assert scored(han, latin, "ID")[0] < 0.5


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("梁家榮", "Leong Ka Veng"),  # oeng eong, w v, ing eng
        ("劉美儀", "Lao Mei I"),  # au ao, ji i
        ("周麗英", "Chao Lai Ieng"),  # jing ieng
        ("郭石明", "Kuok Seac Meng"),  # gw ku, ek eac
        ("陳欣怡", "Chan Ian I"),  # jan ian
        ("鍾玉容", "Chong Iok Iong"),  # ung ong, juk iok, jung iong
        ("許順成", "Hoi Son Seng"),  # eoi oi, eon on
        ("余少華", "U Sio Va"),  # jyu u, iu io
    ],
)
def test_macau_spellings_of_cantonese(han, latin):
    probability, name = scored(han, latin, "MO")
    assert probability >= 0.9 and name.level == SAME and name.reading == chinese.MACAU
    assert scored(han, latin, "")[0] >= 0.5


def test_macau_spellings_are_not_read_for_hong_kong():
    assert chinese.MACAU in chinese.not_written(frozenset({"HK"}))
    assert scored("余少華", "U Sio Va", "HK")[0] < 0.5
    assert scored("黃少華", "U Sio Va", "MO")[0] < 0.5  # another family name


def test_syllable_spellings():
    assert "boen" in chinese.hokkien_indonesian_spellings("bun")
    assert "kwee" in chinese.hokkien_indonesian_spellings("kueh")
    assert "oei" in chinese.hokkien_indonesian_spellings("uinn")
    assert "tjhin" in chinese.hakka_indonesian_spellings("ciin")
    assert "njoek" in chinese.hakka_indonesian_spellings("ngiug")
    assert chinese.macau_spellings("jau")[0] == "iao"
    assert chinese.macau_spellings("jyu")[0] == "u"
    assert chinese.macau_spellings("wong")[0] == "vong"
