"""Blocking: which record pairs reach the comparison (seri.pprl.linking.scored_pairs)."""

import itertools
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


def reference_scored(datasets, *, bands, band_bits, floor, dob_floor, max_bucket, max_token):
    """What scored_pairs must find, by the definition and in plain Python: every pair of
    encodings of different installations whose sampled bits agree in a band (buckets over
    the cap skipped), at or above the floor, the best per record pair; record pairs sharing a
    known phone token; record pairs sharing a known date token whose best Dice over every
    pair of readings is at or above the date floor."""
    rows = [c for d in datasets for c in d.clks]  # record k's readings: rows 12k … 12k + 11
    owner = [n for n, d in enumerate(datasets) for _ in d.ids]
    bits = np.unpackbits(np.array(rows), axis=1)
    best: dict[tuple[int, int], float] = {}
    skipped = [0, 0]
    for band, _mask in linking.band_positions(bands, band_bits):
        # the band's bytes, all their bits but the last byte's first band_bits % 8 only
        cols = [8 * int(byte) + k for byte in band for k in range(8)][:band_bits]
        buckets: dict[bytes, list[int]] = {}
        for r, row in enumerate(bits[:, cols]):
            buckets.setdefault(row.tobytes(), []).append(r)
        for members in buckets.values():
            if len(members) > max_bucket:
                skipped[0] += 1
                skipped[1] += len(members)
                continue
            for x, y in itertools.combinations(members, 2):
                a, b = x // clk.VARIANTS, y // clk.VARIANTS
                dice = clk.dice(rows[x].tobytes(), rows[y].tobytes())
                if owner[a] != owner[b] and dice >= floor:
                    best[(a, b)] = max(dice, best.get((a, b), 0.0))
    lsh = set(best)

    def best_dice(a, b):
        return max(
            clk.dice(rows[a * clk.VARIANTS + i].tobytes(), rows[b * clk.VARIANTS + j].tobytes())
            for i in range(clk.VARIANTS)
            for j in range(clk.VARIANTS)
        )

    def sharing(tokens_of):
        holders: dict[bytes, set[int]] = {}
        for record, tokens in enumerate(tokens_of):
            for token in {t.tobytes() for t in tokens if t.any()}:
                holders.setdefault(token, set()).add(record)
        pairs = set()
        for members in holders.values():
            if len(members) > max_token:
                skipped[0] += 1
                skipped[1] += len(members)
                continue
            pairs |= {(a, b) for a, b in itertools.combinations(sorted(members), 2)}
        return {(a, b) for a, b in pairs if owner[a] != owner[b]}

    phones = [p for d in datasets for p in d.phones]
    dobs = [d_[None] for d in datasets for d_ in d.dobs]
    by_phone, by_dob = sharing(phones), sharing(dobs)
    for pair in (by_phone | by_dob) - lsh:
        best[pair] = best_dice(*pair)

    def level(agree, known_a, known_b):
        return (
            linking.AGREE if agree else linking.DIFFER if known_a and known_b else linking.MISSING
        )

    out = {}
    for (a, b), dice in best.items():
        dob = level((a, b) in by_dob, dobs[a].any(), dobs[b].any())
        phone = level((a, b) in by_phone, phones[a].any(), phones[b].any())
        if phone == linking.AGREE or dob != linking.AGREE or dice >= dob_floor:
            out[(a, b)] = (dice, phone, dob)
    return out, skipped, len(lsh), len(by_phone)


def with_tokens(rng: random.Random, k: int) -> clk.Person:
    p = someone(rng)
    phones = (f"+8490{k % 25:07d}",) if k % 3 else ()  # some phones shared by chance
    birth_day = (1 + k % 12, 1 + k % 5) if k % 2 else None
    return clk.Person(**{**p.__dict__, "phones": phones, "birth_day": birth_day})


def test_streamed_blocking_finds_exactly_what_the_definition_does(monkeypatch):
    # Short bands so that many encodings meet (alike people and unrelated ones of one cohort),
    # small caps so that some buckets are skipped, band values counted in a hash table first
    # and merges every few pairs: the blocking
    # band by band, with the repeats dropped on the way and encodings read in chunks, gives
    # the same pairs, similarities, token levels and counts as the plain definition.
    monkeypatch.setattr(linking, "MERGE_EVERY", 50)
    monkeypatch.setattr(linking, "HASHED_FROM", 10)
    monkeypatch.setattr(linking, "ROWS_AT_ONCE", 97)
    monkeypatch.setattr(linking, "PAIRS_AT_ONCE", 101)
    monkeypatch.setattr(linking, "BEST_DICE_CHUNK", 7)
    rng = random.Random(5)
    shelter = {f"s{k}": with_tokens(rng, k) for k in range(40)}
    embassy = {f"e{k}": with_tokens(rng, k + 40) for k in range(30)}
    for k in range(1, 40, 4):  # the same people at both, one a letter off
        words = sorted(shelter[f"s{k}"].readings[0])
        words[-1] = words[-1][:-1] + "x"
        embassy[f"m{k}"] = clk.Person(
            **{**shelter[f"s{k}"].__dict__, "readings": (frozenset(words),)}
        )
    police = {f"p{k}": with_tokens(rng, k + 70) for k in range(30)}
    datasets = [encoded("shelter", shelter), encoded("embassy", embassy), encoded("police", police)]
    settings = {"bands": 30, "band_bits": 12, "floor": 0.6, "dob_floor": 0.8, "max_bucket": 6}
    scored = linking.scored_pairs(datasets, **settings, max_token_bucket=3)
    expected, skipped, lsh, phone_pairs = reference_scored(datasets, **settings, max_token=3)
    got = {
        (a, b): (d, p, o)
        for a, b, d, p, o in zip(
            scored.a.tolist(),
            scored.b.tolist(),
            scored.dice.tolist(),
            scored.phone.tolist(),
            scored.dob.tolist(),
            strict=True,
        )
    }
    assert len(got) == len(scored.a)  # each record pair once
    assert got == expected
    assert len(expected) > 200 and skipped[0] > 0  # the settings did exercise the paths
    assert {p for _, p, _ in expected.values()} == {linking.AGREE, linking.DIFFER, linking.MISSING}
    assert linking.AGREE in {o for _, _, o in expected.values()}
    stats = scored.blocking
    assert [stats.skipped_buckets, stats.skipped_members] == skipped
    assert (stats.lsh_pairs, stats.phone_pairs) == (lsh, phone_pairs)
    assert stats.dob_pairs == sum(o == linking.AGREE for _, _, o in expected.values())


def test_em_on_the_counts_of_each_combination_equals_em_on_the_pairs():
    # fit() runs EM on how many pairs show each combination of levels: the same estimates as
    # the textbook EM over every pair (Winkler 1988), which it replaced for speed.
    rng = np.random.default_rng(11)
    n = 6000
    match = rng.random(n) < 0.1
    dice = np.where(match, rng.uniform(0.85, 1.0, n), rng.uniform(0.6, 0.95, n))
    phone = np.where(
        match, rng.choice(3, n, p=[0.5, 0.05, 0.45]), rng.choice(3, n, p=[0.001, 0.6, 0.399])
    )
    dob = np.where(
        match, rng.choice(3, n, p=[0.5, 0.05, 0.45]), rng.choice(3, n, p=[0.01, 0.5, 0.49])
    )
    rivals = np.where(
        match, rng.choice(5, n, p=[0.8, 0.1, 0.05, 0.03, 0.02]), rng.choice(5, n)
    ).astype(np.int8)
    empty = np.zeros(n, dtype=np.int64)
    scored = linking.Scored(
        empty, empty, dice, phone.astype(np.int8), dob.astype(np.int8), rivals=rivals
    )
    fitted = linking.fit(scored)
    alike = linking.dice_level(dice) * (len(linking.RIVAL_EDGES) + 1) + rivals
    levels = [alike, phone, dob]
    start = linking.DEFAULT
    prior, m, u = start.prior, [np.asarray(x) for x in start.m], [np.asarray(x) for x in start.u]
    for _ in range(linking.EM_ROUNDS):
        w = np.full(n, np.log(prior / (1 - prior)))
        for lv, mc, uc in zip(levels, m, u, strict=True):
            w += np.log(mc)[lv] - np.log(uc)[lv]
        g = 1 / (1 + np.exp(-w))
        previous, prior = prior, float(np.clip(g.mean(), 1e-6, 1 - 1e-6))
        m = [np.bincount(lv, g, len(mc)) + 1e-9 for lv, mc in zip(levels, m, strict=True)]
        u = [np.bincount(lv, 1 - g, len(uc)) + 1e-9 for lv, uc in zip(levels, u, strict=True)]
        m, u = [x / x.sum() for x in m], [x / x.sum() for x in u]
        if abs(prior - previous) < 1e-7:
            break
    assert fitted.fitted and abs(fitted.prior - prior) < 1e-9
    assert 0.05 < prior < 0.2
    for ours, theirs in zip(fitted.m + fitted.u, m + u, strict=True):
        assert np.allclose(ours, theirs, atol=1e-9)


def test_a_pairs_rivals_are_the_records_of_the_other_installation_at_least_as_alike():
    # rival_level against counting by hand: for each side of a pair, the candidates of that
    # record in the other side's installation with a similarity at least the pair's
    rng = np.random.default_rng(5)
    owner = np.repeat(np.arange(3, dtype=np.int16), [40, 30, 30])
    pairs = {
        (int(x), int(y))
        for x, y in rng.integers(0, 100, size=(600, 2))
        if owner[x] != owner[y] and x < y
    }
    a, b = (np.array(side, dtype=np.int64) for side in zip(*sorted(pairs), strict=True))
    dice = rng.choice([0.8, 0.85, 0.9, 0.95, 1.0], size=len(a))
    levels = linking.rival_level(a, b, dice, owner)

    def count(record, other_installation, at_least):
        return sum(
            1
            for x, y, d in zip(a, b, dice, strict=True)
            if record in (x, y)
            and owner[y if x == record else x] == other_installation
            and d >= at_least
        )

    for k in range(len(a)):
        most = max(count(a[k], owner[b[k]], dice[k]), count(b[k], owner[a[k]], dice[k]))
        assert levels[k] == np.searchsorted(linking.RIVAL_EDGES, most, side="right")
    assert {0, 1} <= set(levels.tolist())
