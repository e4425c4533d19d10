"""Evidence and source writes keep the service contract: the permission is checked inside,
the audit row (and the custody entry) is written in the same transaction as the change."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from seri.audit.models import AuditAction, AuditEvent
from seri.evidence.models import CustodyEntry, CustodyEvent, EvidenceFile, Source
from seri.evidence.services import (
    EvidenceInput,
    SourceInput,
    evidence_bundle,
    evidence_open_for,
    evidence_receive,
    evidence_transfer,
    evidence_viewed,
    source_create,
    source_link_translations,
)
from tests.evidence.conftest import jpeg_with_gps


@pytest.fixture
def evidence(ngo, bobs_case):
    return evidence_receive(
        actor=None, data=EvidenceInput(organisation=ngo, file=jpeg_with_gps(), case=bobs_case)
    )


def test_a_viewer_may_not_add_evidence_or_sources(ngo, vera, bobs_case, compound):
    for target in ({"case": bobs_case}, {"compound": compound}):
        with pytest.raises(PermissionError):
            evidence_receive(
                actor=vera, data=EvidenceInput(organisation=ngo, file=b"%PDF-1.4\n", **target)
            )
    with pytest.raises(PermissionError):
        source_create(actor=vera, data=SourceInput(kind="media", title="No"), organisation=ngo)
    assert not EvidenceFile.objects.exists()
    assert not Source.objects.exists()


def test_a_writer_may_not_attach_to_another_organisations_case(ngo, charlie, bobs_case):
    with pytest.raises(PermissionError):
        evidence_receive(
            actor=charlie, data=EvidenceInput(organisation=ngo, file=b"%PDF-1.4\n", case=bobs_case)
        )
    assert not EvidenceFile.objects.exists()


def test_a_viewer_gets_the_shareable_copy_but_not_the_original(vera, evidence):
    with pytest.raises(PermissionError):
        evidence_open_for(actor=vera, evidence=evidence)
    with pytest.raises(PermissionError):
        evidence_transfer(actor=vera, evidence=evidence, to="Police (demo)")
    with pytest.raises(PermissionError):
        evidence_bundle(actor=vera, files=[evidence], about={"case": "no"})
    evidence_open_for(actor=vera, evidence=evidence, shareable=True).close()
    events = list(evidence.custody.order_by("sequence").values_list("event", flat=True))
    assert events == [CustodyEvent.UPLOAD, CustodyEvent.DERIVE, CustodyEvent.DOWNLOAD_SHAREABLE]


def test_someone_of_another_organisation_may_not_even_view_it(charlie, evidence):
    with pytest.raises(PermissionError):
        evidence_viewed(actor=charlie, evidence=evidence)
    with pytest.raises(PermissionError):
        evidence_open_for(actor=charlie, evidence=evidence, shareable=True)
    assert evidence.custody.count() == 2


def test_the_audit_row_and_custody_are_written_in_the_same_transaction_as_the_file(
    ngo, bob, bobs_case
):
    data = EvidenceInput(organisation=ngo, file=b"%PDF-1.4\n% rolled back\n", case=bobs_case)
    with transaction.atomic():
        evidence = evidence_receive(actor=bob, data=data)
        assert AuditEvent.objects.filter(object_id=str(evidence.public_id)).exists()
        transaction.set_rollback(True)
    assert not EvidenceFile.objects.exists()
    assert not CustodyEntry.objects.exists()
    assert not AuditEvent.objects.filter(object_id=str(evidence.public_id)).exists()

    evidence = evidence_receive(actor=bob, data=data)
    [row] = AuditEvent.objects.filter(object_id=str(evidence.public_id))
    assert (row.action, row.actor, row.organisation) == (AuditAction.CREATE, bob, ngo)
    assert [e.event for e in evidence.custody.all()] == [CustodyEvent.UPLOAD]


def test_a_transfer_is_in_custody_and_audit_together(bob, evidence):
    with transaction.atomic():
        evidence_transfer(actor=bob, evidence=evidence, to="Police liaison (demo)")
        transaction.set_rollback(True)
    assert not evidence.custody.filter(event=CustodyEvent.TRANSFER).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()
    evidence_transfer(actor=bob, evidence=evidence, to="Police liaison (demo)", note="USB drive")
    [entry] = evidence.custody.filter(event=CustodyEvent.TRANSFER)
    assert entry.note == "Police liaison (demo): USB drive" and entry.actor == bob
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(evidence.public_id), actor=bob
    ).exists()


def test_a_source_and_its_audit_row_are_rolled_back_together(ngo, bob):
    with transaction.atomic():
        source = source_create(
            actor=bob, data=SourceInput(kind="media", title="Rolled back"), organisation=ngo
        )
        assert AuditEvent.objects.filter(object_id=str(source.public_id)).exists()
        transaction.set_rollback(True)
    assert not Source.objects.exists()
    assert not AuditEvent.objects.filter(object_id=str(source.public_id)).exists()


def test_translations_must_be_sources_the_user_sees(ngo, other_ngo, bob, charlie):
    hidden = source_create(
        actor=charlie,
        data=SourceInput(kind="media", title="Theirs", visibility="organisation"),
        organisation=other_ngo,
    )
    with pytest.raises(PermissionError):
        source_create(
            actor=bob,
            data=SourceInput(kind="media", title="Mine", translations=[hidden]),
            organisation=ngo,
        )
    mine = source_create(actor=bob, data=SourceInput(kind="media", title="Mine"), organisation=ngo)
    with pytest.raises(PermissionError):
        source_link_translations(actor=bob, source=mine, others=[hidden])
    assert not mine.translations.exists()


def test_a_source_for_an_organisation_the_user_does_not_write_for_is_refused(other_ngo, bob):
    with pytest.raises(PermissionError):
        source_create(actor=bob, data=SourceInput(kind="media", title="No"), organisation=other_ngo)


def test_errors_name_their_field(bob, evidence):
    with pytest.raises(ValidationError) as error:
        evidence_transfer(actor=bob, evidence=evidence, to="  ")
    assert "to" in error.value.message_dict
