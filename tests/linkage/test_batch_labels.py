"""The review decisions a batch run trains on: only pairs confirmed as the same person. Splink's
`estimate_m_from_pairwise_labels` takes every row of its labels as a match (it ignores
clerical_match_score), so a pair decided "different people" must not be among them."""

from seri.linkage.batch import _labels
from seri.linkage.models import Decision
from seri.linkage.services import decision_record
from tests.linkage.test_services import coordinator, pair_of, person  # noqa: F401


def test_only_pairs_confirmed_as_the_same_person_are_labels(ngo, bob, coordinator):  # noqa: F811
    first = person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    second = person(bob, ngo, "Nguyen Thi Hoa", age=23, nat=["VN"], sex="Feminine")
    third = person(bob, ngo, "Hoa Nguyen", age=24, nat=["VN"], sex="Feminine")
    decision_record(actor=coordinator, candidate=pair_of(first, second), decision=Decision.SAME)
    decision_record(actor=coordinator, candidate=pair_of(first, third), decision=Decision.DIFFERENT)
    labels = _labels()
    assert [
        tuple(sorted(pair)) for pair in zip(labels.unique_id_l, labels.unique_id_r, strict=True)
    ] == [tuple(sorted((first.pk, second.pk)))]
    assert set(labels.clerical_match_score) == {1.0}
