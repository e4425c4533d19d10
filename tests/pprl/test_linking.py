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


def test_a_higher_threshold_keeps_only_exact_readings():
    assert len(linking.link(datasets(), threshold=0.999)) == 2
    SHELTER2 = {**SHELTER, "s2": person("Nguyen Thi Lann", 1998, "f", ("VN",))}
    ds = datasets()
    ds[0] = linking.dataset_from(encodings("shelter", SHELTER2), name="shelter")
    assert len(linking.link(ds, threshold=0.999)) == 1
    assert len(linking.link(ds, threshold=0.9)) == 2


def test_capture_histories_count_each_record_once():
    ds = datasets()
    names, counts = linking.capture_histories(ds, linking.link(ds))
    assert names == ["shelter", "embassy", "police"]
    assert counts == {(1, 1, 1): 1, (1, 0, 1): 1, (1, 0, 0): 1, (0, 1, 0): 1, (0, 0, 1): 1}
    assert sum(counts.values()) == 8 - 3  # 8 records, 3 linked away
    csv = linking.histories_csv(names, counts)
    assert csv.splitlines()[0] == "shelter,embassy,police,count"


def test_files_that_cannot_be_linked_are_refused_with_file_and_record():
    doc = encodings("shelter", SHELTER)
    doc["records"][1]["clks"] = doc["records"][1]["clks"][:3]
    with pytest.raises(linking.EncodingsRefused, match=r"shelter\.json, record 2"):
        linking.dataset_from(doc, name="shelter.json")
    with pytest.raises(linking.EncodingsRefused, match="not a seri-pprl/2"):
        linking.dataset_from({"format": "x"}, name="a.json")
    with pytest.raises(linking.EncodingsRefused, match="not a seri-pprl/2"):  # older encoder
        linking.dataset_from({**doc, "format": "seri-pprl/1"}, name="a.json")
    other = encodings("embassy", EMBASSY, project="another")
    with pytest.raises(linking.EncodingsRefused, match="same project"):
        linking.link([datasets()[0], linking.dataset_from(other, name="b")])


def test_pairs_scored_once_give_the_groups_of_each_threshold():
    ds = datasets()
    scored = linking.scored_pairs(ds, floor=0.5)
    for threshold in (0.6, linking.THRESHOLD, 0.95, 0.999):
        assert as_sets(linking.link(ds, threshold=threshold, scored=scored)) == as_sets(
            linking.link(ds, threshold=threshold)
        )
