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
