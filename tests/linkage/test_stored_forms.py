"""The names' comparable forms stored at write time (`PersonNameForms`): the intake scorer
reads them back instead of reading every candidate's names again, and gets the same scores;
forms made by other code, or from a name since changed, are read afresh and stored anew."""

import base64
import csv
import json
from pathlib import Path

import pytest

from seri.cases.services import NameInput, PersonInput, person_create
from seri.linkage.models import PersonNameForms
from seri.linkage.names import parse_name
from seri.linkage.records import (
    decode_parsed,
    encode_parsed,
    find_candidates,
    forms_version,
    read_names_forget,
    record_of_parsed,
    records_and_names_of,
    records_of,
)
from seri.linkage.scoring import Parameters, record, score
from seri.linkage.services import linkage_forms_store, linkage_reindex

PAIRS = Path(__file__).with_name("data") / "name_pairs.tsv"


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _stored(text: str):
    """A name's forms as they come back from the database: through JSON, as stored."""
    return decode_parsed(json.loads(json.dumps(encode_parsed(parse_name(text)))))


def test_every_labelled_name_comes_back_from_storage_as_it_was_read():
    names = {row[side] for row in _pairs() for side in ("name_a", "name_b")}
    assert len(names) > 400
    for text in sorted(names):
        assert _stored(text) == parse_name(text), text


def test_the_labelled_pairs_score_the_same_from_stored_forms():
    params = Parameters.default()
    for row in _pairs():
        fresh_a, fresh_b = (
            record(row[f"name_{s}"], age=int(row[f"age_{s}"]), sex=row[f"sex_{s}"],
                   nationalities=[row[f"nationality_{s}"]])
            for s in "ab"
        )  # fmt: skip
        stored_a, stored_b = (
            record_of_parsed([_stored(row[f"name_{s}"])], age=int(row[f"age_{s}"]),
                             sex=row[f"sex_{s}"], nationalities=[row[f"nationality_{s}"]])
            for s in "ab"
        )  # fmt: skip
        assert stored_a == fresh_a
        assert score(stored_a, stored_b, params) == score(fresh_a, fresh_b, params), row


def person(actor, org, *names, age=30, nat=("VN",)):
    return person_create(
        actor=actor,
        organisation=org,
        data=PersonInput(
            names=[NameInput(value=n) for n in names], age_estimate=age, nationalities=list(nat)
        ),
    )


def test_a_person_recorded_has_their_forms_stored_encrypted(ngo, bob):
    hoa = person(bob, ngo, "Nguyễn Thị Hoa", "阮氏花")
    row = PersonNameForms.objects.get(person=hoa)
    assert row.reader_hash == forms_version()
    assert [text for text, _form in row.forms] == ["Nguyễn Thị Hoa", "阮氏花"]
    raw = PersonNameForms.objects.filter(person=hoa).values_list("forms", flat=True)
    # the column holds ciphertext: read without the field's decryption, no word shows
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT forms FROM linkage_personnameforms WHERE person_id = %s", [hoa.pk])
        (stored,) = cursor.fetchone()
    # (not a search of the base64 text for "hoa": random ciphertext spells it now and then)
    prefix, _key, payload = stored.split(":", 2)
    ciphertext = base64.b64decode(payload + "=" * (-len(payload) % 4))
    assert prefix == "enc1" and "阮" not in stored and "Nguyễn" not in stored
    for word in ("nguyen", "Nguyen", "Hoa", "hoa", "阮氏花", "Nguyễn"):
        assert word.encode() not in ciphertext
    assert list(raw)  # and the field reads it back


def test_candidates_and_scores_are_the_same_with_and_without_stored_forms(ngo, bob):
    people = [
        person(bob, ngo, "Nguyễn Thị Hoa", nat=["VN"]),
        person(bob, ngo, "Hoa Nguyen", nat=["VN"]),
        person(bob, ngo, "黄健芳", nat=["CN"]),
        person(bob, ngo, "Huang Jianfang", nat=["CN"]),
        person(bob, ngo, "이서연", nat=["KR"]),
        person(bob, ngo, "Yi Sŏyŏn", nat=["KR"]),
        person(bob, ngo, "Алексей Фёдоров", nat=["RU"]),
        person(bob, ngo, "Alexey Fyodorov", nat=["RU"]),
    ]
    ids = [p.pk for p in people]
    assert PersonNameForms.objects.filter(person_id__in=ids).count() == len(ids)
    stored, fresh = records_of(ids), records_of(ids, fresh=True)
    assert stored == fresh
    for pid in ids:
        read_names_forget()
        with_forms = find_candidates(stored[pid], exclude=pid)
        PersonNameForms.objects.all().delete()
        read_names_forget()
        without = find_candidates(fresh[pid], exclude=pid)
        linkage_forms_store(actor=None)
        assert with_forms == without
        assert with_forms, pid  # each has its other spelling


def test_stored_forms_are_what_the_scorer_reads(ngo, bob):
    """Proof that the forms come from the table: forms stored for a name are used for it."""
    hoa = person(bob, ngo, "Nguyễn Thị Hoa")
    PersonNameForms.objects.filter(person=hoa).update(
        forms=[["Nguyễn Thị Hoa", encode_parsed(parse_name("Tran Van Minh"))]]
    )
    read_names_forget()  # the process read her name when she was recorded
    assert records_of([hoa.pk])[hoa.pk].names == (parse_name("Tran Van Minh"),)
    # once read, a name is not read again in this process
    PersonNameForms.objects.filter(person=hoa).delete()
    assert records_of([hoa.pk])[hoa.pk].names == (parse_name("Tran Van Minh"),)
    read_names_forget()
    assert records_of([hoa.pk], fresh=True)[hoa.pk].names == (parse_name("Nguyễn Thị Hoa"),)


def test_forms_of_another_version_or_another_text_are_read_afresh_and_stored_anew(ngo, bob):
    hoa = person(bob, ngo, "Nguyễn Thị Hoa")
    minh = person(bob, ngo, "Trần Văn Minh")
    wrong = [["Nguyễn Thị Hoa", encode_parsed(parse_name("Somebody Else"))]]
    PersonNameForms.objects.filter(person=hoa).update(forms=wrong, reader_hash="0" * 16)
    # a name edited without its forms (as by an older version): they are not used for it
    PersonNameForms.objects.filter(person=minh).update(
        forms=[["Tran Van Minh (old)", encode_parsed(parse_name("Somebody Else"))]]
    )
    read_names_forget()
    records, names = records_and_names_of([hoa.pk, minh.pk])
    assert records[hoa.pk].names == (parse_name("Nguyễn Thị Hoa"),)
    assert records[minh.pk].names == (parse_name("Trần Văn Minh"),)
    assert names[minh.pk] == [("Trần Văn Minh", parse_name("Trần Văn Minh"))]

    assert linkage_forms_store(actor=None) == 1  # the stale version; minh's is current
    row = PersonNameForms.objects.get(person=hoa)
    assert row.reader_hash == forms_version()
    assert decode_parsed(row.forms[0][1]) == parse_name("Nguyễn Thị Hoa")

    linkage_reindex(actor=None)  # the full re-index stores every person's forms anew
    row = PersonNameForms.objects.get(person=minh)
    assert row.forms[0][0] == "Trần Văn Minh"


def test_the_version_changes_with_the_reading_code():
    from seri.linkage import records

    assert len(forms_version()) == 16
    modules = {m.__name__ for m in records._reading_modules()}
    # what reads names is counted; what compares them is not
    assert {"seri.linkage.names", "seri.linkage.chinese", "seri.linkage.scripts"} <= modules
    assert "seri.linkage.scoring" not in modules and "seri.linkage.records" not in modules
    codec = records.FORMS_CODEC
    assert records.reading_hash(codec + 1) != records.reading_hash(codec)


@pytest.mark.parametrize("text", ["", "   ", "🙂"])
def test_names_without_forms_are_stored_too(text):
    assert _stored(text) == parse_name(text)
