"""Blocking: which record pairs reach the comparison (seri.pprl.linking.scored_pairs)."""

import random

import numpy as np

from seri.pprl import clk, linking

from .helpers import KEY

GIVEN = ["lan", "minh", "sokha", "dara", "mai", "hoa", "thu", "aung", "kyaw", "somchai", "nok"]
GIVEN += ["ploy", "vanna", "sreymom", "linh", "hung", "tuan", "phuong", "chanthy", "malee"]
FAMILY = ["nguyen", "tran", "le", "pham", "chan", "sok", "keo", "win", "htun", "saelim"]
FAMILY += ["srisuk", "wong", "ly", "vo", "dang", "meas", "chea", "thein", "boonmee", "kaew"]


def encoded(installation: str, people: dict[str, clk.Person]) -> linking.Dataset:
    enc = clk.Encoder(KEY, "coalition")
    doc = {
        "format": linking.FORMAT,
        "project": "coalition",
        "installation": installation,
        "key_fingerprint": clk.key_digest(KEY),
        "records": [clk.record_of(enc, rid, p) for rid, p in people.items()],
    }
    return linking.dataset_from(doc, name=installation)


def someone(rng: random.Random, **changes) -> clk.Person:
    words = frozenset({rng.choice(FAMILY), rng.choice(GIVEN), rng.choice(GIVEN)})
    fields = {
        "readings": (words,),
        "birth_year": rng.randint(1975, 2008),
        "sex": rng.choice("fm"),
        "nationalities": (rng.choice(["VN", "KH", "MM", "TH", "LA"]),),
    }
    return clk.Person(**{**fields, **changes})


def candidates(scored: linking.Scored, datasets) -> set[tuple[str, str]]:
    ids = [i for d in datasets for i in d.ids]
    return {(ids[a], ids[b]) for a, b in zip(scored.a.tolist(), scored.b.tolist(), strict=True)}


def test_pairs_alike_enough_to_link_all_meet_and_most_others_do_not():
    # 150 people at the shelter, the same 150 at the embassy spelt a little differently, and
    # 150 others there: every cross pair whose encodings are alike enough to be linked
    # without a shared token (Dice >= 0.94 for some reading) is found by the bands, and few
    # of the other pairs are compared.
    rng = random.Random(3)
    shelter, embassy = {}, {}
    for k in range(150):
        p = someone(rng)
        shelter[f"s{k}"] = p
        words = sorted(p.readings[0])
        if k % 3 == 1:  # a letter off in one word
            words[0] = words[0][:-1] + ("a" if words[0][-1] != "a" else "e")
        embassy[f"e{k}"] = clk.Person(**{**p.__dict__, "readings": (frozenset(words),)})
        embassy[f"x{k}"] = someone(rng)
    datasets = [encoded("shelter", shelter), encoded("embassy", embassy)]
    scored = linking.scored_pairs(datasets)
    found = candidates(scored, datasets)
    theirs = datasets[1].clks.reshape(1, -1, clk.BYTES)  # every reading of every record
    alike = set()
    for k, ours in enumerate(datasets[0].clks.reshape(-1, clk.VARIANTS, 1, clk.BYTES)):
        dice = np.bitwise_count(ours & theirs).sum(axis=-1) / clk.L  # (readings, their rows)
        best = dice.reshape(clk.VARIANTS, -1, clk.VARIANTS).max(axis=(0, 2))
        alike |= {(datasets[0].ids[k], datasets[1].ids[j]) for j in np.flatnonzero(best >= 0.94)}
    assert {(f"s{k}", f"e{k}") for k in range(0, 150, 3)} <= alike  # exact copies
    assert alike <= found
    assert len(found) < 0.05 * 150 * 300
    assert scored.blocking.lsh_pairs == len(found)  # no tokens here
    assert scored.blocking.skipped_buckets == 0


def test_a_shared_date_of_birth_brings_alike_names_below_the_bands_reach():
    # A family name dropped on one side: the bands need not meet, the date brings the pair; a
    # shared date with an unlike name does not (a date is a few people's in thousands).
    born = {"birth_year": 1998, "birth_day": (3, 14), "sex": "f", "nationalities": ("VN",)}
    shelter = {"s1": clk.Person((frozenset({"nguyen", "thi", "lan"}),), **born)}
    police = {
        "p1": clk.Person((frozenset({"thi", "lan"}),), **born),
        "p2": clk.Person((frozenset({"sokha", "chan"}),), **born),
    }
    datasets = [encoded("shelter", shelter), encoded("police", police)]
    scored = linking.scored_pairs(datasets, bands=0)  # no bands at all: the tokens alone
    assert candidates(scored, datasets) == {("s1", "p1")}
    assert scored.dob.tolist() == [linking.AGREE]
    assert scored.blocking.dob_pairs == 1 and scored.blocking.lsh_pairs == 0


def test_buckets_over_the_cap_are_skipped_and_counted():
    # Six identical people at each of two installations: every band value of their readings
    # is shared by twelve encodings. Over a cap of ten they are skipped in every band, and
    # counted; the pairs come only from their shared phone, whose token bucket is under its
    # own cap.
    person = clk.Person(
        (frozenset({"nguyen", "van", "an"}),), 1990, "m", ("VN",), phones=("+84901234567",)
    )
    a = encoded("shelter", {f"s{k}": person for k in range(6)})
    b = encoded("embassy", {f"e{k}": person for k in range(6)})
    capped = linking.scored_pairs([a, b], max_bucket=10)
    assert capped.blocking.lsh_pairs == 0
    assert capped.blocking.skipped_buckets >= linking.BANDS
    assert capped.blocking.skipped_members >= 12 * linking.BANDS
    assert capped.blocking.phone_pairs == 36 and len(capped.a) == 36
    assert set(capped.phone.tolist()) == {linking.AGREE}
    both = linking.scored_pairs([a, b], max_bucket=10, max_token_bucket=10)
    assert len(both.a) == 0 and both.blocking.phone_pairs == 0
    assert both.blocking.skipped_buckets == capped.blocking.skipped_buckets + 1
    uncapped = linking.scored_pairs([a, b])
    assert uncapped.blocking.lsh_pairs == 36 and uncapped.blocking.skipped_buckets == 0
    assert np.all(uncapped.dice == 1.0)
