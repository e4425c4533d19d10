import base64
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.cases.models import ConsentRecord
from seri.pprl import clk, linking, services
from seri.pprl.models import PprlMatch, PprlProject, PprlRecord
from tests.factories import CaseFactory, PersonFactory

KEY = bytes(range(32))


@pytest.fixture
def project(ngo, alice):
    return services.project_create(
        actor=alice,
        name="coalition",
        installation="shelter",
        organisations=[ngo],
        legal_basis="Synthetic test basis",
    )


def test_project_needs_an_admin_of_every_organisation(ngo, other_ngo, alice, bob):
    with pytest.raises(PermissionError):
        services.project_create(
            actor=bob, name="x", installation="s", organisations=[ngo], legal_basis="b"
        )
    with pytest.raises(PermissionError):  # alice administers ngo, not other_ngo
        services.project_create(
            actor=alice, name="x", installation="s", organisations=[ngo, other_ngo], legal_basis="b"
        )
    with pytest.raises(ValidationError) as err:
        services.project_create(actor=alice, name="x", installation="s", organisations=[ngo])
    assert "legal_basis" in err.value.message_dict
    assert not PprlProject.objects.exists()


def test_project_and_its_audit_row_are_one_transaction(ngo, alice):
    with transaction.atomic():
        project = services.project_create(
            actor=alice, name="x", installation="s", organisations=[ngo], legal_basis="b"
        )
        assert AuditEvent.objects.filter(action="pprl.project_created").exists()
        transaction.set_rollback(True)
    assert not PprlProject.objects.exists()
    assert not AuditEvent.objects.filter(action="pprl.project_created").exists()
    project = services.project_create(
        actor=alice, name="x", installation="s", organisations=[ngo], legal_basis="b"
    )
    event = AuditEvent.objects.get(action="pprl.project_created")
    assert event.object_id == str(project.pk)


def test_encodings_hold_random_ids_no_names_and_follow_consent(ngo, other_ngo, alice, bob):
    here = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name="陳家豪"))
    refused = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name="Lee Wai"))
    CaseFactory(organisation=other_ngo, person=PersonFactory(organisation=other_ngo, name="Out"))
    ConsentRecord.objects.create(case=here, kind="share", given=True, recorded_by=bob)
    ConsentRecord.objects.create(case=refused, kind="share", given=True, recorded_by=bob)
    ConsentRecord.objects.create(case=refused, kind="share", given=False, recorded_by=bob)
    project = services.project_create(
        actor=alice, name="c", installation="shelter", organisations=[ngo], required_consent="share"
    )
    with pytest.raises(PermissionError):
        services.encodings_build(actor=bob, project=project, key=KEY)
    doc = services.encodings_build(actor=alice, project=project, key=KEY)
    assert doc["skipped"] == {"no consent recorded": 1}
    assert [r["id"] for r in doc["records"]] == [PprlRecord.objects.get().token]
    assert PprlRecord.objects.get().person_id == here.person_id
    text = json.dumps(doc, ensure_ascii=False)
    for leaked in ("陳", "Chan", "chan", str(here.person.public_id)):
        assert leaked not in text
    assert len(doc["records"][0]["id"]) == 16
    again = services.encodings_build(actor=alice, project=project, key=KEY)
    assert again["records"][0]["id"] == doc["records"][0]["id"]  # the same id within a key version
    services.project_rotate_key(actor=alice, project=project)
    rotated = services.encodings_build(actor=alice, project=project, key=KEY)
    assert rotated["records"][0]["id"] != doc["records"][0]["id"]
    dataset = linking.dataset_from(doc, name="doc")
    assert dataset.clks.shape == (clk.VARIANTS, clk.BYTES)
    assert base64.b64decode(doc["records"][0]["clks"][0])


def test_the_streamed_file_is_the_built_one_and_refuses_before_any_byte(ngo, alice, bob):
    # the web download streams the file a record at a time; who may encode is checked (and the
    # encoding audited) when the stream is made, not when its first piece is read
    for name in ("Sok Dara", "Chan Ka Ho"):
        CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name=name))
    project = services.project_create(
        actor=alice, name="c", installation="shelter", organisations=[ngo], legal_basis="b"
    )
    with pytest.raises(PermissionError):
        services.encodings_stream(actor=bob, project=project, key=KEY)
    audited = AuditEvent.objects.filter(action="pprl.encoded").count()
    chunks = services.encodings_stream(actor=alice, project=project, key=KEY)
    assert AuditEvent.objects.filter(action="pprl.encoded").count() == audited + 1
    streamed = json.loads("".join(chunks))
    built = services.encodings_build(actor=alice, project=project, key=KEY)
    assert {k: v for k, v in streamed.items() if k != "records"} == {
        k: v for k, v in built.items() if k != "records"
    }
    assert [r["id"] for r in streamed["records"]] == [r["id"] for r in built["records"]]
    assert len(streamed["records"]) == 2
    assert (
        linking.dataset_from(streamed, name="streamed").ids
        == linking.dataset_from(built, name="built").ids
    )


def _result(project, token, others):
    return {
        "project": project.name,
        "installation": project.installation,
        "groups": [{"record": token, "others": others}, {"record": "unknown", "others": []}],
    }


def test_import_stores_matches_once_and_lists_what_it_skips(ngo, alice, bob, charlie, project):
    case = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name="Chan Ka Ho"))
    services.encodings_build(actor=alice, project=project, key=KEY)
    token = PprlRecord.objects.get(person=case.person).token
    doc = _result(project, token, [{"installation": "embassy", "record": "e1", "similarity": 0.97}])
    summary = services.results_import(actor=alice, project=project, doc=doc)
    assert (summary.stored, summary.duplicates) == (1, 0)
    assert summary.skipped == ["group 2: record is not one of this project's"]
    summary = services.results_import(actor=None, project=project, doc=doc)
    assert (summary.stored, summary.duplicates) == (0, 1)
    match = PprlMatch.objects.get()
    with pytest.raises(PermissionError):
        services.match_decide(actor=charlie, match=match, same=True)
    services.match_decide(actor=bob, match=match, same=True)
    services.match_decide(actor=bob, match=match, same=False)
    match.refresh_from_db()
    assert match.status == PprlMatch.Status.NOT_SAME and match.decided_by == bob
    actions = list(
        AuditEvent.objects.filter(action__startswith="pprl.").values_list("action", flat=True)
    )
    assert actions.count("pprl.imported") == 2
    assert actions.count("pprl.match_decided") == 2
    with pytest.raises(ValidationError):
        services.results_import(actor=alice, project=project, doc={**doc, "installation": "x"})


def test_person_page_shows_the_notice_to_who_sees_the_person(
    ngo, alice, bob, charlie, project, client_for
):
    case = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name="Chan Ka Ho"))
    services.encodings_build(actor=alice, project=project, key=KEY)
    token = PprlRecord.objects.get(person=case.person).token
    doc = _result(project, token, [{"installation": "embassy", "record": "e1", "similarity": 0.97}])
    services.results_import(actor=None, project=project, doc=doc)
    match = PprlMatch.objects.get()
    page = client_for(bob).get(f"/cases/{case.reference}/")
    assert "A possible match exists at installation embassy" in page.content.decode()
    assert (
        client_for(charlie)
        .post(f"/pprl/match/{match.public_id}/decide/", {"same": "yes"})
        .status_code
        == 404
    )
    response = client_for(bob).post(
        f"/pprl/match/{match.public_id}/referral/",
        {"next": f"/cases/{case.reference}/"},
        follow=True,
    )
    assert "No channel is agreed with installation embassy" in response.content.decode()
    match.refresh_from_db()
    assert match.status == PprlMatch.Status.OPEN  # nothing asked without an agreed channel


def test_encodings_written_record_by_record_are_the_built_file(ngo, alice, project, monkeypatch):
    # `seri pprl encode` writes the file as it encodes (an installation of 300,000 people would
    # otherwise hold 1.5 GB of JSON and as much again as Python objects), reading the people
    # a few at a time: the same file as encodings_build, but for the random padding filters.
    monkeypatch.setattr(services, "ENCODE_CHUNK", 2)
    names = ["陳家豪", "Nguyen Thi Lan", "Sokha Chan", "Aung Ko Ko", "Somchai Srisuk"]
    for name in names:
        CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name=name))
    built = services.encodings_build(actor=alice, project=project, key=KEY)
    out = io.StringIO()
    count, skipped = services.encodings_write(actor=alice, project=project, key=KEY, out=out)
    written = json.loads(out.getvalue())
    assert count == len(names) == len(written["records"])
    assert skipped == written["skipped"] == built["skipped"]
    assert {k: v for k, v in written.items() if k != "records"} == {
        k: v for k, v in built.items() if k != "records"
    }
    for ours, theirs in zip(written["records"], built["records"], strict=True):
        assert ours["id"] == theirs["id"]
        assert (ours["phones"], ours["dob"]) == (theirs["phones"], theirs["dob"])
        assert ours["clks"][0] == theirs["clks"][0]  # the first reading; padding is random
    assert AuditEvent.objects.filter(action="pprl.encoded").count() == 2
    assert linking.dataset_from(written, name="written").ids == [r["id"] for r in built["records"]]
