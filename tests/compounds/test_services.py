"""The registry's writes keep the service contract: the permission is checked inside, the
audit row is written in the same transaction as the change, fields are named in errors."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from seri.audit.models import AuditAction, AuditEvent
from seri.compounds.models import Actor, Compound, CompoundAlias, CompoundStatusChange
from seri.compounds.services import (
    ActorInput,
    CompoundInput,
    RelationshipInput,
    actor_create,
    alias_add,
    compound_create,
    compound_status_change,
    compound_update,
    relationship_create,
)
from seri.orgs.models import Role
from tests.factories import UserFactory


@pytest.fixture
def ivan(ngo):
    return UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR))


@pytest.fixture
def compound(db):
    return compound_create(actor=None, data=CompoundInput(name="Contract Demo Compound"))


def audit_rows(action: str, obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(obj.public_id)))


def test_a_viewer_may_not_add_to_the_registry(vera, compound):
    with pytest.raises(PermissionError):
        compound_create(actor=vera, data=CompoundInput(name="Refused Demo"))
    with pytest.raises(PermissionError):
        compound_update(actor=vera, compound=compound, data=CompoundInput(name="Renamed"))
    with pytest.raises(PermissionError):
        compound_status_change(actor=vera, compound=compound, status="raided")
    with pytest.raises(PermissionError):
        alias_add(actor=vera, compound=compound, name="别名")
    assert not Compound.objects.filter(name__in=["Refused Demo", "Renamed"]).exists()
    assert compound.status_history.count() == 1
    assert not AuditEvent.objects.filter(actor=vera).exists()


def test_a_caseworker_may_not_record_actors(bob, compound):
    with pytest.raises(PermissionError):
        actor_create(actor=bob, data=ActorInput(kind="company", name="Refused Co (demo)"))
    record = actor_create(actor=None, data=ActorInput(kind="company", name="Demo Co (demo)"))
    with pytest.raises(PermissionError):
        relationship_create(
            actor=bob, data=RelationshipInput(actor=record, kind="operates", compound=compound)
        )
    assert not Actor.objects.filter(name="Refused Co (demo)").exists()
    assert not record.relationships.exists()


def test_the_audit_row_is_written_in_the_same_transaction_as_the_compound(bob):
    with transaction.atomic():
        compound = compound_create(actor=bob, data=CompoundInput(name="Rolled Back Demo"))
        assert audit_rows(AuditAction.CREATE, compound)
        transaction.set_rollback(True)
    assert not Compound.objects.filter(name="Rolled Back Demo").exists()
    assert not audit_rows(AuditAction.CREATE, compound)

    compound = compound_create(actor=bob, data=CompoundInput(name="Kept Demo"))
    [row] = audit_rows(AuditAction.CREATE, compound)
    assert row.actor == bob


def test_a_status_change_and_its_audit_row_are_rolled_back_together(bob, compound):
    with transaction.atomic():
        compound_status_change(actor=bob, compound=compound, status="raided")
        transaction.set_rollback(True)
    compound.refresh_from_db()
    assert compound.status == "active"
    assert not audit_rows(AuditAction.STATUS_CHANGE, compound)
    compound_status_change(actor=bob, compound=compound, status="raided")
    [row] = audit_rows(AuditAction.STATUS_CHANGE, compound)
    assert row.detail == {"status": "raided"}
    assert CompoundStatusChange.objects.filter(compound=compound, recorded_by=bob).count() == 1


def test_actors_and_relationships_are_audited_by_who_recorded_them(ivan, compound):
    record = actor_create(actor=ivan, data=ActorInput(kind="company", name="Audited Co (demo)"))
    link = relationship_create(
        actor=ivan, data=RelationshipInput(actor=record, kind="operates", compound=compound)
    )
    assert [e.actor for e in audit_rows(AuditAction.CREATE, record)] == [ivan]
    assert [e.actor for e in audit_rows(AuditAction.CREATE, link)] == [ivan]


def test_an_alias_is_audited_once_and_only_when_new(bob, compound):
    alias_add(actor=bob, compound=compound, name="合约园区")
    alias_add(actor=bob, compound=compound, name="  合约园区 ")
    assert CompoundAlias.objects.filter(compound=compound, name="合约园区").count() == 1
    assert len(audit_rows(AuditAction.UPDATE, compound)) == 1


def test_errors_name_their_field(bob, compound):
    with pytest.raises(ValidationError) as error:
        compound_status_change(actor=bob, compound=compound, status="relocated")
    assert "relocated_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        compound_status_change(actor=bob, compound=compound, status="gone")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        alias_add(actor=bob, compound=compound, name="   ")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        compound_create(actor=bob, data=CompoundInput(name="Demo", province_code="99"))
    assert "province_code" in error.value.message_dict
