"""Duplicate detection as people are recorded, review decisions, identities and tracing."""

import pytest

from seri.cases.models import Person
from seri.cases.services import NameInput, PersonInput, person_create
from seri.linkage.models import Decision, MatchCandidate, PersonIdentity, PersonNameKey
from seri.linkage.selectors import candidate_panel, review_queue
from seri.linkage.services import (
    decision_record,
    decision_undo,
    linkage_reindex,
    review_request,
)
from seri.orgs.models import Role
from tests.factories import UserFactory


def person(actor, org, *names, age=None, nat=(), sex="NonSpecifiedUnknown", phones=()):
    return person_create(
        actor=actor,
        organisation=org,
        data=PersonInput(
            names=[NameInput(value=n) for n in names],
            age_estimate=age,
            nationalities=list(nat),
            gender=sex,
            phones=list(phones),
        ),
    )


def pair_of(p1, p2):
    a, b = sorted([p1.pk, p2.pk])
    return MatchCandidate.objects.get(person_a_id=a, person_b_id=b)


@pytest.fixture
def coordinator(ngo):
    return UserFactory(username="cora", membership=(ngo, Role.COORDINATOR))


def test_keys_are_blind_indexes_not_names(ngo, bob):
    hoa = person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    keys = list(PersonNameKey.objects.filter(person=hoa).values_list("key", flat=True))
    assert keys
    assert all(len(k) == 32 and "nguyen" not in k and "hoa" not in k for k in keys)


def test_three_reports_from_three_organisations_become_one_identity(
    ngo, other_ngo, embassy, bob, charlie, coordinator
):
    emma_writer = UserFactory(username="ed", membership=(embassy, Role.CASEWORKER))
    first = person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    second = person(emma_writer, embassy, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine")
    third = person(charlie, other_ngo, "Nguyen Thi Hoa", age=24, nat=["VN"], sex="Feminine")
    unrelated = person(bob, ngo, "Tran Van Minh", age=40, nat=["VN"], sex="Masculine")

    # found at intake, in the same transaction, with probability and explanation
    candidate = pair_of(first, second)
    assert candidate.probability >= 0.8
    assert {f["field"]: f["outcome"] for f in candidate.explanation}["name"] == "agrees"
    assert not MatchCandidate.objects.filter(person_b=unrelated).exists()

    # charlie sees that a possible match exists elsewhere, and nothing about it
    panel = candidate_panel(charlie, third)
    hidden = panel.hidden
    assert panel.cards == [] and len(hidden) == 2
    review_request(actor=charlie, candidate=hidden[0])
    assert hidden[0] in review_queue(coordinator)
    assert not review_queue(charlie).exists()

    # the coordinator confirms twice: one identity; the statistics count one person
    decision_record(
        actor=coordinator,
        candidate=pair_of(first, second),
        decision=Decision.SAME,
        reason="age, village",
    )
    decision = decision_record(
        actor=coordinator, candidate=pair_of(first, third), decision=Decision.SAME, reason="sister"
    )
    identities = {
        p.identity_link.identity_id
        for p in Person.objects.filter(pk__in=[first.pk, second.pk, third.pk])
    }
    assert len(identities) == 1
    assert Person.objects.count() == 4  # no record is destroyed

    # undoing the last merge restores the identities as they were
    decision_undo(actor=coordinator, candidate=decision.candidate)
    assert not PersonIdentity.objects.filter(person=third).exists()
    assert pair_of(first, third).status == Decision.OPEN
    assert first.identity_link.identity_id == PersonIdentity.objects.get(person=second).identity_id


def test_caseworkers_cannot_decide_on_people_they_cannot_see(ngo, other_ngo, bob, charlie):
    mine = person(bob, ngo, "张伟", age=30, nat=["CN"], sex="Masculine")
    theirs = person(charlie, other_ngo, "Chang Wei", age=30, nat=["CN"], sex="Masculine")
    candidate = pair_of(mine, theirs)
    with pytest.raises(PermissionError):
        decision_record(actor=bob, candidate=candidate, decision=Decision.SAME)
    assert not PersonIdentity.objects.exists()


def test_exact_phone_number_is_an_already_known_alert(ngo, other_ngo, bob, charlie):
    first = person(bob, ngo, "Somchai Jaidee", age=35, nat=["TH"], phones=["+66 81 234 5678"])
    second = person(charlie, other_ngo, "Mr. S", nat=["TH"], phones=["+66812345678"])
    assert pair_of(first, second).exact == ["phone"]


def test_same_common_name_other_age_and_nationality_is_no_candidate(ngo, bob):
    person(bob, ngo, "Zhang Wei", age=24, nat=["CN"], sex="Masculine")
    person(bob, ngo, "张伟", age=55, nat=["MY"], sex="Masculine")
    assert not MatchCandidate.objects.exists()


def test_reindex_rebuilds_keys_for_bulk_loaded_people(ngo, bob):
    p = person(bob, ngo, "สมชาย ใจดี", age=40, nat=["TH"])
    before = set(PersonNameKey.objects.filter(person=p).values_list("kind", "key"))
    PersonNameKey.objects.all().delete()
    assert linkage_reindex(actor=None, batch_size=1) == 1
    assert set(PersonNameKey.objects.filter(person=p).values_list("kind", "key")) == before


def test_a_persons_candidates_are_kept_in_a_few_queries_however_many(ngo, bob):
    """An intake with candidates wrote each pair by itself (get_or_create: a read, a
    savepoint, an insert; about four queries per pair): eight namesakes now cost what two do,
    and recording the person again updates the open pairs without making new ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seri.linkage.services import linkage_person_recorded

    def recorded_with(namesakes: int, name: str) -> tuple[int, Person]:
        for _ in range(namesakes):
            person(bob, ngo, name, age=30, nat=["VN"], sex="Feminine")
        new = person(bob, ngo, name, age=30, nat=["VN"], sex="Feminine")
        MatchCandidate.objects.filter(person_b=new).delete()
        with CaptureQueriesContext(connection) as queries:
            made = linkage_person_recorded(actor=bob, person=new)
        assert len(made) == namesakes
        return len(queries), new

    few, _ = recorded_with(2, "Testperson Quail Ivy")
    many, new = recorded_with(8, "Testperson Robin Jade")
    assert many <= few + 2, (few, many)
    assert MatchCandidate.objects.filter(person_b=new).count() == 8
    first = MatchCandidate.objects.filter(person_b=new).first()
    decision_record(actor=bob, candidate=first, decision=Decision.DIFFERENT, reason="checked")
    again = linkage_person_recorded(actor=bob, person=new)
    assert {c.pk for c in again} == set(
        MatchCandidate.objects.filter(person_b=new).values_list("pk", flat=True)
    )
    assert MatchCandidate.objects.get(pk=first.pk).status == Decision.DIFFERENT
