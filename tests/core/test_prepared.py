"""Prepared querysets (seri.core.prepared): built once per process, run with new values, and
answering what the queryset built the ordinary way answers."""

import pytest
from django.db.models import Q
from django.utils import timezone

from seri.cases.models import CaseCaller, Person, PersonName, Task
from seri.core.prepared import prepared
from seri.intake.models import Report
from tests.factories import CaseFactory, PersonFactory


@pytest.fixture
def three_cases(ngo, bob):
    cases = []
    for n, name in enumerate(("Testperson Alpha", "Testperson Beta", "Testperson Gamma")):
        case = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name=name))
        PersonName.objects.create(person=case.person, value=f"Alias {n}", kind="alias")
        for title in ("Call the family", "Ask the embassy")[: n + 1]:
            Task.objects.create(
                case=case, organisation=ngo, assigned_to=bob, created_by=bob, title=title
            )
        cases.append(case)
    return cases


def test_a_prepared_list_answers_what_its_queryset_answers(three_cases):
    builds = []

    @prepared
    def names_of(person_id):
        builds.append(person_id)
        return PersonName.objects.filter(person_id=person_id).order_by("-id")

    for case in [*three_cases, *three_cases]:
        assert names_of.list(case.person_id) == list(names_of.queryset(case.person_id))
    assert names_of.list(three_cases[1].person_id)[0].value == "Alias 1"
    assert names_of.list(-1) == []
    # Built twice with stand-ins at first use, then once more each time `.queryset` was
    # asked: `.list` never builds again.
    assert len([b for b in builds if b < -1_000_000]) == 2


def test_its_relations_and_prefetches_come_with_it(
    three_cases, django_assert_num_queries, ngo, bob
):
    case = three_cases[2]
    Report.objects.create(
        organisation=ngo, case=case, channel="hotline", original_text="Synthetic report"
    )
    tasks_of = prepared(
        lambda case_id: Task.objects.filter(case_id=case_id).select_related("assigned_to")
    )
    reports_of = prepared(
        lambda case_id: Report.objects.filter(case_id=case_id).prefetch_related("attachments")
    )
    tasks_of.list(case.pk), reports_of.list(case.pk)  # compiled
    with django_assert_num_queries(3):  # tasks with their users; reports; attachments
        tasks = tasks_of.list(case.pk)
        reports = reports_of.list(case.pk)
        assert sorted(t.title for t in tasks) == ["Ask the embassy", "Call the family"]
        assert {t.assigned_to.username for t in tasks} == {"bob"}
        assert [list(r.attachments.all()) for r in reports] == [[]]


def test_an_argument_may_stand_in_several_places(three_cases):
    either = prepared(
        lambda person_id: Person.objects.filter(
            Q(pk=person_id) | Q(names__person_id=person_id)
        ).distinct()
    )
    for case in three_cases:
        assert [p.pk for p in either.list(case.person_id)] == [case.person_id]


def test_a_query_that_reads_the_clock_is_refused(db):
    since_now = prepared(
        lambda case_id: Task.objects.filter(case_id=case_id, created_at__lte=timezone.now())
    )
    with pytest.raises(ValueError, match="changes between two builds"):
        since_now.list(1)


def test_an_argument_that_is_not_a_parameter_is_refused(db):
    unused = prepared(lambda case_id: CaseCaller.objects.all())
    with pytest.raises(ValueError, match="must be a plain parameter"):
        unused.list(1)
    with pytest.raises(TypeError):
        prepared(lambda public_id: Task.objects.filter(public_id=public_id)).list(1.5)


def test_a_tuple_is_an_in_list_compiled_once_per_length(three_cases):
    builds = []

    @prepared
    def names_of_people(person_ids):
        builds.append(person_ids)
        return PersonName.objects.filter(person_id__in=person_ids).values_list("value", flat=True)

    a, b, c = (case.person_id for case in three_cases)
    for ids in [(a,), (b,), (a, c), (b, c), (a, b, c), ()]:
        assert sorted(names_of_people.list(ids)) == sorted(names_of_people.queryset(ids))
    assert "Alias 2" in names_of_people.list((c,))
    stand_in_builds = [ids for ids in builds if ids and ids[0] < -1_000_000]
    assert sorted(len(ids) for ids in stand_in_builds) == [1, 1, 2, 2, 3, 3]
