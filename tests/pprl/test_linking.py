import numpy as np
import pytest

from seri.pprl import linking

from .helpers import encodings, person

SHELTER = {
    "s1": person("陳家豪"),
    "s2": person("Nguyen Thi Lan", 1998, "f", ("VN",)),
    "s3": person("Sokha Chan", 2001, "f", ("KH",)),
}
EMBASSY = {
    "e1": person("Chan Ka Ho"),
    "e2": person("Tran Van Minh", 1985, "m", ("VN",)),
}
POLICE = {
    "p1": person("Nguyen Thi Lan", 1998, "f", ("VN",)),
    "p2": person("Ka Ho Chan", 1990, "m", ("HK",)),  # order of words does not matter
    "p3": person("Aung Ko Ko", 1995, "m", ("MM",)),
}


def datasets():
    return [
        linking.dataset_from(encodings(name, people), name=name)
        for name, people in (("shelter", SHELTER), ("embassy", EMBASSY), ("police", POLICE))
    ]


def as_sets(groups):
    return {frozenset((m.installation, m.record) for m, _ in g) for g in groups}


def test_groups_across_three_installations_and_scripts():
    groups = linking.link(datasets())
    assert as_sets(groups) == {
        frozenset({("shelter", "s1"), ("embassy", "e1"), ("police", "p2")}),
        frozenset({("shelter", "s2"), ("police", "p1")}),
    }
    assert all(linking.THRESHOLD <= s <= 1.0 for g in groups for _, s in g)
    # the pair in two scripts, with the same birth year, sex and nationality, is very likely
    assert probability_of(groups, "s1") > 0.9


def probability_of(groups, record):
    return next(s for g in groups for m, s in g if m.record == record)


def test_a_typo_lowers_the_probability_and_a_higher_threshold_drops_it():
    exact = linking.link(datasets(), threshold=0.1)
    ds = datasets()
    typo = {**SHELTER, "s2": person("Nguyen Thi Lam", 1998, "f", ("VN",))}
    ds[0] = linking.dataset_from(encodings("shelter", typo), name="shelter")
    with_typo = linking.link(ds, threshold=0.1)
    assert len(with_typo) == 2
    assert probability_of(with_typo, "s2") < probability_of(exact, "s2")
    between = (probability_of(with_typo, "s2") + probability_of(exact, "s2")) / 2
    assert len(linking.link(ds, threshold=between)) == 1
    assert len(linking.link(datasets(), threshold=between)) == 2


def test_a_shared_phone_links_what_the_names_alone_would_not():
    shelter = {"s1": person("Nguyen Thi Lan", 1998, "f", ("VN",), phones=("+84901234567",))}
    police = {"p1": person("Lan", 1990, "f", ("VN",), phones=("+84901234567",))}
    ds = [
        linking.dataset_from(encodings("shelter", shelter), name="shelter"),
        linking.dataset_from(encodings("police", police), name="police"),
    ]
    scored = linking.scored_pairs(ds)
    assert scored.phone.tolist() == [linking.AGREE] and scored.dice[0] < 0.8
    assert as_sets(linking.link(ds)) == {frozenset({("shelter", "s1"), ("police", "p1")})}
    without = {"p1": person("Lan", 1990, "f", ("VN",))}
    ds[1] = linking.dataset_from(encodings("police", without), name="police")
    assert len(linking.scored_pairs(ds).a) == 0  # the filters alone do not meet in a band
    assert linking.link(ds) == []


def test_em_estimates_the_model_from_the_pairs_alone():
    # Synthetic comparisons of 20,000 candidate pairs: a tenth are matches (high similarity,
    # often a shared phone and date), the rest not (phones and dates mostly different). EM,
    # given only the levels, finds the share of matches and that a shared phone is strong
    # evidence.
    rng = np.random.default_rng(7)
    n, matches = 20_000, 2_000
    is_match = np.arange(n) < matches
    dice = np.where(is_match, rng.uniform(0.85, 1.0, n), rng.uniform(0.70, 0.92, n))

    def levels(agree_if_match, agree_otherwise):
        agree = np.where(is_match, rng.random(n) < agree_if_match, rng.random(n) < agree_otherwise)
        missing = rng.random(n) < 0.3
        return np.where(agree, linking.AGREE, np.where(missing, linking.MISSING, linking.DIFFER))

    phone, dob = levels(0.7, 0.0005), levels(0.6, 0.002)
    scored = linking.Scored(np.arange(n), np.arange(n), dice, phone, dob)
    model = linking.fit(scored)
    assert model.fitted
    assert 0.08 < model.prior < 0.12
    assert 0.6 < model.m[1][0] < 0.8 and model.u[1][0] < 0.005
    found = model.probabilities(scored) >= linking.THRESHOLD
    assert (found & is_match).sum() / found.sum() > 0.95
    assert (found & is_match).sum() / matches > 0.9
    # too few pairs to estimate anything: the defaults
    assert linking.fit(linking.Scored(*(x[:10] for x in (scored.a, scored.b, dice, phone, dob))))
    assert not linking.fit(
        linking.Scored(*(x[:10] for x in (scored.a, scored.b, dice, phone, dob)))
    ).fitted


def test_capture_histories_count_each_record_once():
    ds = datasets()
    names, counts = linking.capture_histories(ds, linking.link(ds))
    assert names == ["shelter", "embassy", "police"]
    assert counts == {(1, 1, 1): 1, (1, 0, 1): 1, (1, 0, 0): 1, (0, 1, 0): 1, (0, 0, 1): 1}
    assert sum(counts.values()) == 8 - 3  # 8 records, 3 linked away
    csv = linking.histories_csv(names, counts)
    assert csv.splitlines()[0] == "shelter,embassy,police,count"


def test_the_histories_are_counted_at_their_own_threshold():
    """The groups for caseworkers at one match probability, the counts for the estimate at
    another (decision 0031: false and missed links cancel lower down), from one scoring."""
    ds = datasets()
    assert linking.link(ds, threshold=0.999) != linking.link(ds, threshold=0.1)
    for groups_at, counted_at in ((0.999, 0.1), (0.1, 0.999), (0.5, 0.5)):
        groups, names, counts = linking.link_with_histories(
            ds, threshold=groups_at, estimate_threshold=counted_at
        )
        assert groups == linking.link(ds, threshold=groups_at)
        assert (names, counts) == linking.capture_histories(
            ds, linking.link(ds, threshold=counted_at)
        )
    assert linking.ESTIMATE_THRESHOLD <= linking.THRESHOLD


def test_files_that_cannot_be_linked_are_refused_with_file_and_record():
    doc = encodings("shelter", SHELTER)
    doc["records"][1]["clks"] = doc["records"][1]["clks"][:3]
    with pytest.raises(linking.EncodingsRefused, match=r"shelter\.json, record 2"):
        linking.dataset_from(doc, name="shelter.json")
    with pytest.raises(linking.EncodingsRefused, match="not a seri-pprl/3"):
        linking.dataset_from({"format": "x"}, name="a.json")
    for older in ("seri-pprl/1", "seri-pprl/2"):  # older encoders: other similarities
        with pytest.raises(linking.EncodingsRefused, match="not a seri-pprl/3"):
            linking.dataset_from({**doc, "format": older}, name="a.json")
    doc = encodings("shelter", SHELTER)
    doc["records"][0]["phones"] = doc["records"][0]["phones"][:1]
    with pytest.raises(linking.EncodingsRefused, match=r"shelter\.json, record 1: phones"):
        linking.dataset_from(doc, name="shelter.json")
    other = encodings("embassy", EMBASSY, project="another")
    with pytest.raises(linking.EncodingsRefused, match="same project"):
        linking.link([datasets()[0], linking.dataset_from(other, name="b")])


def test_pairs_scored_once_give_the_groups_of_each_threshold():
    ds = datasets()
    scored = linking.scored_pairs(ds)
    model = linking.fit(scored)
    for threshold in (0.1, linking.THRESHOLD, 0.9, 0.999):
        assert as_sets(
            linking.link(ds, threshold=threshold, scored=scored, model=model)
        ) == as_sets(linking.link(ds, threshold=threshold))
