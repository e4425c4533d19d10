"""Editing a person after intake: every field, with history, audited, and the duplicate
candidates found again on save (issue #14's item 1)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from seri.audit.models import AuditEvent
from seri.cases import services
from seri.cases.models import Person, PersonChange, PersonNameToken, PhoneNumber
from seri.cases.people import person_input_of, person_update
from seri.cases.services import HandleInput, NameInput
from seri.core import crypto
from seri.linkage.models import MatchCandidate
from tests.conftest import login
from tests.factories import CaseFactory


def _record(org, actor, name, phone):
    person = services.person_create(
        actor=actor,
        organisation=org,
        data=services.PersonInput(names=[NameInput(value=name)], phones=[phone]),
    )
    return CaseFactory(organisation=org, person=person, assigned_to=actor)


def _candidates(person: Person) -> set[int]:
    return {
        c.person_b_id if c.person_a_id == person.pk else c.person_a_id
        for c in MatchCandidate.objects.filter(person_a=person)
        | MatchCandidate.objects.filter(person_b=person)
    }


def test_a_changed_phone_and_name_change_the_duplicate_candidates(ngo, bob):
    first = _record(ngo, bob, "Testperson Quokka Aardvark", "+84 912 000 111")
    second = _record(ngo, bob, "Zzsynthetic Wombat", "+84 912 000 222")
    assert second.person.pk not in _candidates(first.person)

    data = person_input_of(second.person)
    data.phones = ["+84 912 000 111"]
    person_update(actor=bob, person=second.person, data=data, reason="synthetic: number confirmed")
    assert first.person.pk in _candidates(second.person)

    # the number was a mistake after all: the candidate that only the number supported goes
    data.phones = ["+84 912 000 333"]
    person_update(actor=bob, person=second.person, data=data, reason="synthetic: wrong number")
    assert first.person.pk not in _candidates(second.person)
    assert PhoneNumber.objects.get(person=second.person).e164 == "+84912000333"


def test_the_history_keeps_who_why_and_the_previous_values_encrypted(ngo, bob, bobs_case):
    person = bobs_case.person
    data = person_input_of(person)
    data.names = [NameInput(value="Testperson Alphonse"), NameInput(value="Alfa", kind="alias")]
    data.handles = [HandleInput(platform="Zalo", handle="0912345678")]
    data.gender = "Feminine"
    person_update(actor=bob, person=person, data=data, reason="synthetic: spelling confirmed")
    change = PersonChange.objects.get(person=person)
    assert change.changed_by == bob
    assert set(change.fields) == {"names", "handles", "gender"}
    assert change.previous["names"][0]["value"] == "Testperson Alpha"
    with connection.cursor() as cursor:
        cursor.execute("SELECT previous, reason FROM cases_personchange WHERE id = %s", [change.pk])
        previous, reason = cursor.fetchone()
    assert "Testperson Alpha" not in previous and "spelling" not in reason
    # the name search tokens follow the new names, and the old spelling no longer finds them
    tokens = set(PersonNameToken.objects.filter(person=person).values_list("token", flat=True))
    assert crypto.name_tokens("Alphonse") <= tokens
    assert not crypto.name_tokens("Alpha") <= tokens


def test_nothing_changed_writes_nothing(bob, bobs_case):
    events = AuditEvent.objects.count()
    data = person_input_of(bobs_case.person)
    person_update(actor=bob, person=bobs_case.person, data=data, reason="synthetic")
    assert not PersonChange.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_reason_and_valid_values_are_required(bob, bobs_case):
    data = person_input_of(bobs_case.person)
    data.phones = ["not a phone"]
    with pytest.raises(ValidationError) as exc:
        person_update(actor=bob, person=bobs_case.person, data=data, reason=" ")
    assert {"phones", "reason"} <= set(exc.value.message_dict)


def test_who_may_not_edit_the_case_may_not_edit_the_person(vera, charlie, bobs_case):
    data = person_input_of(bobs_case.person)
    data.gender = "Masculine"
    for user in (vera, charlie):
        with pytest.raises(PermissionError):
            person_update(actor=user, person=bobs_case.person, data=data, reason="synthetic")


def test_the_audit_row_is_written_and_undone_with_the_change(bob, bobs_case):
    person = bobs_case.person
    data = person_input_of(person)
    data.age_estimate = 31
    with transaction.atomic():
        person_update(actor=bob, person=person, data=data, reason="synthetic")
        assert AuditEvent.objects.filter(object_id=str(person.public_id), action="update").exists()
        transaction.set_rollback(True)
    assert not PersonChange.objects.exists()
    assert not AuditEvent.objects.filter(object_id=str(person.public_id), action="update").exists()
    person_update(actor=bob, person=person, data=data, reason="synthetic")
    assert PersonChange.objects.count() == 1
    assert AuditEvent.objects.filter(object_id=str(person.public_id), action="update").exists()


def test_the_edit_page_saves_and_the_case_page_shows_the_history(bob, vera, bobs_case):
    client = login(bob)
    url = f"/cases/{bobs_case.reference}/person/"
    page = client.get(url)
    assert page.status_code == 200 and "Testperson Alpha" in page.content.decode()
    post = {
        "names-TOTAL_FORMS": "2",
        "names-INITIAL_FORMS": "1",
        "names-0-value": "Testperson Alpha",
        "names-0-kind": "full",
        "names-0-script": "Latn",
        "names-1-value": "Ալֆա Testspelling",
        "names-1-kind": "alias",
        "names-1-script": "",
        "handles-TOTAL_FORMS": "1",
        "handles-INITIAL_FORMS": "0",
        "handles-0-platform": "Signal",
        "handles-0-handle": "+84912345678",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-kind": "passport",
        "documents-0-number": "TEST12345",
        "documents-0-issuing_country": "VN",
        "gender": "Feminine",
        "date_of_birth": "1999-02-03",
        "age_estimate": "",
        "nationalities": ["VN", "KH"],
        "phones": "+84912345678\n0912 345 679",
        "languages": ["vi", "km"],
        "reason": "",
    }
    failed = client.post(url, post)
    assert failed.status_code == 400 and 'aria-invalid="true"' in failed.content.decode()
    post["reason"] = "synthetic: details confirmed by phone"
    response = client.post(url, post)
    assert response.status_code == 302
    person = Person.objects.get(pk=bobs_case.person.pk)
    assert person.gender == "Feminine" and str(person.date_of_birth) == "1999-02-03"
    assert sorted(person.nationalities.values_list("country", flat=True)) == ["KH", "VN"]
    assert person.handles.get().platform == "Signal"
    assert person.documents.get().number == "TEST12345"
    assert set(person.phones.values_list("e164", flat=True)) == {"+84912345678", "+84912345679"}
    html = client.get(f"/cases/{bobs_case.reference}/").content.decode()
    assert "synthetic: details confirmed by phone" in html
    assert 'href="tel:+84912345679"' in html
    # a viewer sees the person but neither the edit link nor the previous values
    html = login(vera).get(f"/cases/{bobs_case.reference}/").content.decode()
    assert "synthetic: details confirmed by phone" not in html
    assert login(vera).get(url).status_code == 403
