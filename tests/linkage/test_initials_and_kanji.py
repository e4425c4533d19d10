"""Classes of miss that the fifth labelled set (fifth_pairs.tsv) found: an initial in a romanised
name against a name in another script, and the Mongolian patronymic written as its initial or
left out; Japanese kanji in their old, new and variant forms; long vowels between two romanised
Japanese names. Synthetic names, not the set's pairs (docs/linkage.md)."""

import unicodedata

import pytest

from seri.linkage import chinese, conventions, japanese, scripts
from seri.linkage.records import keys_of
from seri.linkage.scoring import record
from tests.linkage.pairs import scored_pair

SAME = "same words, any script or order"
SOUND = "all words found in the other name, allowing typos"


def scored(a: str, b: str, nationality: str = "XX"):
    result, name = scored_pair(a, b, nationality, age=34)
    return result.probability, name


def keyed(a: str, b: str) -> bool:
    """The two names share a stored key: the candidate search proposes the pair."""
    return bool(keys_of(record(a)) & keys_of(record(b)))


# --- an initial against a name read from its script ---------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("सीता कुमारी थापा", "Sita K. Thapa", "NP"),  # Devanagari (skeletons)
        ("সুমন চন্দ্র দাস", "Suman C. Das", "BD"),  # Bengali
        ("Ольга Петровна Смирнова", "Olga P. Smirnova", "RU"),  # Cyrillic (unit by unit)
        ("Петрова Ольга Андреевна", "Olga A. Petrova", "RU"),  # the family name moved last
        ("முருகன் ஆறுமுகம் செல்வம்", "Murugan A. Selvam", "IN"),  # Tamil
        ("ហេង សុវណ្ណ ដារា", "Heng S. Dara", "KH"),  # Khmer (read by its words)
        ("عبد الكريم ناصر", "Abdul K. Nasser", "EG"),  # the article with the word before
    ],
)
def test_an_initial_stands_for_a_word_read_from_another_script(a, b, nationality):
    probability, name = scored(a, b, nationality)
    assert probability >= 0.5, name
    assert name.level == SOUND  # no more than between two romanised names
    assert conventions.INITIAL in name.reading


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("सीता कुमारी थापा", "Sita R. Thapa", "NP"),  # no word of the name starts with R
        ("सीता कुमारी थापा", "S. K. Thapa", "NP"),  # initials beside one whole word
        ("सीता थापा गुरुङ", "Sita T. Thapa", "NP"),  # Thapa cannot be both
        ("Ольга Петровна Смирнова", "Olga S. Petrovna", "RU"),  # not an order names take
        ("ហេង សុវណ្ណ ដារា", "Heng K. Dara", "KH"),
    ],
)
def test_an_initial_across_scripts_keeps_the_limits_of_romanised_names(a, b, nationality):
    probability, name = scored(a, b, nationality)
    assert probability < 0.5, name


def test_an_initial_letter_is_a_first_letter_of_the_words_spellings():
    assert scripts.first_letters(scripts._cyrillic("юрий")) >= {"y", "i", "j"}
    assert {"b", "v"} <= scripts.skeleton_first_letters(scripts.romanise("बहादुर", "devanagari"))
    # a vowel there or not (an Arabic article, said or left out): the next letter too
    assert "m" in scripts.skeleton_first_letters("Lmhmd")


# --- Mongolian: the patronymic as an initial, or left out ----------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Батсүхийн Мөнхбат", "B. Munkhbat"),
        ("Батсүхийн Мөнхбат", "Munkhbat B."),
        ("Батсүхийн Мөнхбат", "Munkhbat"),  # the given name alone
        ("Сүрэнгийн Тэмүүлэн", "S. Temuulen"),  # -гийн after н
        ("Батсайханы Ганзориг", "Ganzorig"),  # -ы after н
    ],
)
def test_a_mongolian_patronymic_written_as_its_initial_or_left_out(a, b):
    probability, name = scored(a, b, "MN")
    assert probability >= 0.5, name
    assert keyed(a, b)
    assert name.level == SOUND
    assert scripts.MONGOLIAN_PATRONYMIC in name.reading


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Батсүхийн Мөнхбат", "B. Ganbaatar"),  # another given name, the same father
        ("Батсүхийн Мөнхбат", "Batsukhiin Ganbaatar"),
        ("Батсүхийн Мөнхбат", "D. Munkhbat"),  # another father
        ("Батсүхийн Мөнхбат", "Batsukh"),  # the father's name alone
    ],
)
def test_mongolian_given_names_that_differ_stay_apart(a, b):
    probability, name = scored(a, b, "MN")
    assert probability < 0.5, name


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("Батсүхийн Мөнхбат", "Б. Мөнхбат", "MN"),  # both in Cyrillic
        ("Батсүхийн Мөнхбат", "Мөнхбат", "MN"),
        ("Ольга Петровна Смирнова", "Ольга П. Смирнова", "RU"),
    ],
)
def test_an_initial_between_two_names_in_cyrillic(a, b, nationality):
    probability, name = scored(a, b, nationality)
    assert probability >= 0.5, name
    assert name.level == SOUND
    assert keyed(a, b)


@pytest.mark.parametrize(
    ("a", "b", "nationality"),
    [
        ("Батсүхийн Мөнхбат", "Д. Мөнхбат", "MN"),
        ("Батсүхийн Мөнхбат", "Б. Ганбаатар", "MN"),
        ("Ольга Петровна Смирнова", "О. П. Смирнова", "RU"),  # noqa: RUF001 - Cyrillic letters
    ],
)
def test_an_initial_between_two_names_in_cyrillic_keeps_the_limits(a, b, nationality):
    probability, name = scored(a, b, nationality)
    assert probability < 0.5, name


def test_only_a_genitive_is_read_as_a_patronymic():
    for word in ("Батсүхийн", "Сүрэнгийн", "Батсайханы", "Түмэний"):
        assert scripts.patronymic(scripts._cyrillic(word.lower())), word
    # a Russian given name ending in -ний or -ы is not one (no Mongolian front vowel)
    for word in ("евгений", "дмитрий", "нурланулы"):
        assert not scripts.patronymic(scripts._cyrillic(word)), word
    assert scored("Евгений Петров", "E. Petrov", "RU")[0] < 0.5
    assert scored("Евгений Петров", "Petrov", "RU")[0] < 0.5


# --- Japanese kanji: old, new and variant forms are one kanji -----------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("渡邉 美咲", "渡辺 美咲"),  # 邉 邊 辺
        ("渡边 美咲", "渡邉 美咲"),  # the simplified Chinese form too
        ("髙田 陽子", "高田 陽子"),
        ("山﨑 翔", "山崎 翔"),
        ("濱口 健", "浜口 健"),
        ("澤村 茜", "沢村 茜"),
        ("櫻井 真一", "桜井 真一"),
        ("眞鍋 恵子", "真鍋 惠子"),
        ("龍野 浩", "竜野 浩"),
        ("廣田 隆", "広田 隆"),
        ("斉藤 美咲", "齋藤 美咲"),  # two kanji, one family name between Japanese names
    ],
)
def test_a_kanji_in_its_old_new_or_variant_form_is_the_same_kanji(a, b):
    probability, name = scored(a, b, "JP")
    assert probability >= 0.5, name
    assert name.level == SAME
    assert name.reading == chinese.SAME_KANJI


def test_a_variation_selector_picks_a_glyph_and_is_not_a_letter():
    # Japanese registers write 邉's many glyphs with an ideographic variation selector
    assert scored("渡邉\U000e0101 美咲", "渡辺 美咲", "JP")[0] >= 0.5
    assert scored("渡邉\U000e0101 美咲", "Watanabe Misaki", "JP")[0] >= 0.5


def test_batch_linkage_compares_a_kanji_in_any_of_its_forms():
    # splink_model's name levels compare family names by `family_of`
    assert chinese.family_of("渡邉美咲") == chinese.family_of("渡辺美咲")
    assert chinese.family_of("髙田陽子") == chinese.family_of("高田陽子")


def test_kanji_forms_do_not_join_other_characters():
    assert scored("高田 陽子", "髙木 陽子", "JP")[0] < 0.5
    # 斋 and 齐 are two Chinese family names: only Japanese family names write one for the other
    probability, name = scored("齐伟", "斋伟", "CN")
    assert probability < 0.5
    assert name.level == "different family name"


@pytest.mark.parametrize(
    ("a", "b"),
    [("髙橋 陽子", "Takahashi Yoko"), ("𠮷田 茜", "Yoshida Akane"), ("山﨑 翔", "Yamazaki Sho")],
)
def test_a_variant_kanji_the_name_table_lacks_is_read_as_its_standard_form(a, b):
    assert scored(a, b, "JP")[0] >= 0.5
    assert keyed(a, b)


def test_the_kanji_table_puts_each_character_in_one_place():
    owner: dict[str, str] = {}
    for new, others in chinese.character_table(chinese._VARIANT_DATA).items():
        forms = {new, *others}
        assert len(forms) == 1 + len(others), new
        for form in forms | {chinese.fold(f) for f in forms}:
            assert owner.setdefault(form, new) == new, (form, new, owner[form])
            assert unicodedata.normalize("NFC", form) == form


# --- two romanised Japanese names: long vowels -------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nakamura Kōta", "Nakamura Kouta"),
        ("Matsumoto Yōko", "Matsumoto Youko"),
        ("Yamada Tōru", "Yamada Tooru"),
        ("Kimura Jōji", "Kimura Jouji"),
        ("Ōtsuka Mai", "Ootsuka Mai"),
        ("Ryou Hayashi", "Hayashi Ryō"),  # in the other order
    ],
)
def test_a_long_vowel_written_another_way_between_romanised_japanese_names(a, b):
    probability, name = scored(a, b, "JP")
    assert probability >= 0.5, name
    assert name.level == SOUND  # a long vowel written short may be a short one (Ono, Ōno)
    assert name.reading == japanese.LONG_VOWELS


def test_long_vowels_written_two_ways_are_the_same_name():
    name = scored("Endoh Kouhei", "Endoo Kouhei", "JP")[1]
    assert name.level == SAME
    assert name.reading == japanese.LONG_VOWELS


def test_long_vowels_only_between_japanese_names():
    # not when a known nationality is another (Korean 소 So and 수 Soo are two syllables)
    assert scored("Nakamura Kōta", "Nakamura Kouta", "KR")[1].reading != japanese.LONG_VOWELS
    assert scored("Nakamura Kōta", "Nakamura Kouta", "")[1].reading != japanese.LONG_VOWELS
    # nor for words that are not Japanese morae
    assert not japanese.romaji("zhou")
    assert not japanese.romaji("kim")
    assert japanese.romaji("shouta") and japanese.romaji("ohno") and japanese.romaji("hattori")
    # only o and u: a against o stays apart
    assert japanese.long_vowels("kata", short=True) != japanese.long_vowels("kato", short=True)
    assert japanese.long_vowels("ohno", short=True) == japanese.long_vowels("ono", short=True)


def test_ohno_is_still_not_the_kanji_ono():
    # between two Latin spellings Ōno, Ohno and Ono are one; against kanji, 小野 is Ono
    assert scored("小野 健太", "Ohno Kenta", "JP")[0] < 0.5
    assert scored("Ohno Kenta", "Ono Kenta", "JP")[0] >= 0.5
