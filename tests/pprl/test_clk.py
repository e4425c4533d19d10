"""The CLK encoding against the properties of the method (Schnell et al. 2009) and of the
hardening (balancing: constant weight; salting and keys: encodings differ per project)."""

import numpy as np

from seri.linkage.names import name_forms
from seri.pprl import clk

KEY = bytes(range(32))


def person(*names, year=1990, sex="m", nat=("HK",)):
    readings = []
    for n in names:
        readings += [r for r in name_forms(n).readings if r not in readings]
    return clk.Person(tuple(readings), year, sex, nat)


def best(a, b):
    return max(clk.dice(x, y) for x in a for y in b)


def weight(f: bytes) -> int:
    return int(np.unpackbits(np.frombuffer(f, dtype=np.uint8)).sum())


def test_balanced_filters_have_constant_weight_and_fixed_count():
    enc = clk.Encoder(KEY, "p").encode(person("Nguyen Van An"))
    assert len(enc) == clk.VARIANTS
    assert {len(f) for f in enc} == {clk.BYTES}
    assert {weight(f) for f in enc} == {clk.L}  # padding included: weight tells nothing


def test_same_person_same_encoding_other_key_or_project_unrelated():
    p = person("Chan Ka Ho")
    a = clk.Encoder(KEY, "p").encode(p)[0]
    assert clk.Encoder(KEY, "p").encode(p)[0] == a
    other_key = clk.Encoder(clk.project_key(KEY, "p", 2), "p").encode(p)[0]
    other_project = clk.Encoder(KEY, "q").encode(p)[0]
    assert clk.dice(a, other_key) < 0.7
    assert clk.dice(a, other_project) < 0.7


def test_han_name_matches_its_cantonese_romanisation():
    enc = clk.Encoder(KEY, "p")
    han = enc.encode(person("陳家豪"))
    latin = enc.encode(person("Chan Ka Ho"))
    other = enc.encode(person("Lee Wai Man"))
    assert best(han, latin) == 1.0
    assert best(han, other) < 0.9


def test_similarity_falls_with_differences():
    enc = clk.Encoder(KEY, "p")
    a = enc.encode(person("Somchai Jaidee"))
    typo = enc.encode(person("Somchai Jaide"))
    year = enc.encode(person("Somchai Jaidee", year=1991))
    sex = enc.encode(person("Somchai Jaidee", sex="f"))
    other = enc.encode(person("Sokha Chan"))
    assert 1.0 > best(a, typo) > 0.9
    assert 1.0 > best(a, year) > 0.9
    assert best(a, other) < best(a, sex) < 1.0
    assert best(a, other) < 0.9


def test_padding_is_unlike_anything():
    pad = clk.random_filter()
    assert weight(pad) == clk.L
    assert 0.4 < clk.dice(pad, clk.Encoder(KEY, "p").encode(person("Sokha Chan"))[0]) < 0.6


def test_a_wrong_letter_costs_less_in_a_long_name():
    # bitsPerFeature: the name's positions are spread over its bigrams
    enc = clk.Encoder(KEY, "p")
    short = best(enc.encode(person("Li Na")), enc.encode(person("Li Ma")))
    long = best(
        enc.encode(person("Nguyen Thi Thanh Huong")), enc.encode(person("Nguyen Thi Thanh Hung"))
    )
    assert short < long < 1.0


def test_the_birth_year_is_told_with_tolerance():
    enc = clk.Encoder(KEY, "p")
    a = enc.encode(person("Somchai Jaidee", year=1990))
    by_gap = [best(a, enc.encode(person("Somchai Jaidee", year=1990 + d))) for d in range(9)]
    assert by_gap[0] == 1.0
    assert all(by_gap[d] > by_gap[d + 1] for d in range(clk.YEAR_WINDOW * 2 + 1))
    # beyond the window nothing is shared: seven or eight years apart is the same
    beyond = by_gap[2 * clk.YEAR_WINDOW + 1 :]
    assert max(beyond) - min(beyond) < 0.005  # (positions of different years may collide)


def test_a_shared_compound_raises_similarity_a_different_one_lowers_it():
    enc = clk.Encoder(KEY, "p")

    def with_(compounds=()):
        p = person("Nguyen Thi Lan", year=1998, sex="f", nat=("VN",))
        return enc.encode(clk.Person(**{**p.__dict__, "compounds": compounds}))

    plain = with_()
    compound = with_(compounds=("star park|koh kong",))
    other_compound = with_(compounds=("dragon city|kandal",))
    assert best(compound, compound) == 1.0
    # one side without a compound sits halfway between the same and another compound
    assert best(compound, other_compound) < best(compound, plain) < 1.0


def test_phone_and_date_tokens_are_equal_only_for_equal_values():
    enc = clk.Encoder(KEY, "p")

    def tokens(phones=(), day=None, year=1998):
        return enc.tokens(clk.Person((), year, "f", ("VN",), day, phones=phones))

    (two_phones, dob) = tokens(("+84901234567", "+84907654321"), (6, 1))
    (one_phone, same_dob) = tokens(("+84907654321",), (6, 1))
    (no_phone, no_dob) = tokens()
    (_, other_dob) = tokens(day=(6, 2))
    assert len(two_phones) == len(one_phone) == len(no_phone) == clk.PHONES
    assert {len(t) for t in [*two_phones, *one_phone, *no_phone, dob]} == {clk.TOKEN_BYTES}
    assert len(set(two_phones) & set(one_phone)) == 1  # the shared number
    assert dob == same_dob != other_dob
    # a missing value is the MISSING token (the service tells missing from different)
    assert no_phone == [clk.MISSING] * clk.PHONES and no_dob == clk.MISSING
    assert one_phone[1] == clk.MISSING and clk.MISSING not in two_phones
    # salted and keyed: another project or key gives other tokens for the same values
    for other in (clk.Encoder(KEY, "q"), clk.Encoder(clk.project_key(KEY, "p", 2), "p")):
        phones, day = other.tokens(clk.Person((), 1998, "f", ("VN",), (6, 1), ("+84901234567",)))
        assert not set(phones) & set(two_phones) and day != dob


def test_padding_sets_as_many_ones_as_a_reading_in_either_half():
    # a curious service that learnt which half of the permuted bits is the filter (from their
    # frequencies over many records) still finds as many ones in a padding as in a reading
    enc = clk.Encoder(KEY, "p")
    filter_half = enc.permutation < clk.L  # where the filter's own bits went
    encoded = enc.encode(person("Nguyen Van An"))
    ones = [
        int(np.unpackbits(np.frombuffer(f, dtype=np.uint8))[filter_half].sum()) for f in encoded
    ]
    assert len(set(ones)) == 1
