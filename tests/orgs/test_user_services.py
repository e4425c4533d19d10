"""The user services (seri.orgs.services.users): who may add, deactivate and reactivate users,
what is validated, and that each write and its audit row are one transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from seri.audit.models import AuditAction, AuditEvent
from seri.orgs.models import Membership, Organisation, Role, User
from seri.orgs.services import (
    membership_deactivate,
    membership_reactivate,
    organisation_create,
    user_create,
)
from tests.factories import PASSWORD

NEW_PASSWORD = "kampot-river-lantern"


def _create(actor, organisation, **overrides):
    data = {
        "username": "dana",
        "password": NEW_PASSWORD,
        "role": Role.CASEWORKER,
        "display_name": "Dana Testuser",
    }
    data.update(overrides)
    return user_create(actor=actor, organisation=organisation, **data)


def _can_log_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


# --- user_create ------------------------------------------------------------------------------


def test_an_admin_adds_a_user_to_their_organisation(alice, ngo):
    user = _create(alice, ngo)
    membership = user.memberships.get()
    assert (membership.organisation, membership.role) == (ngo, Role.CASEWORKER)
    assert user.display_name == "Dana Testuser"
    assert _can_log_in("dana", NEW_PASSWORD)
    event = AuditEvent.objects.get(action=AuditAction.USER_ADMIN, object_type="user")
    assert event.actor == alice
    assert event.organisation == ngo
    assert event.object_id == str(user.pk)
    assert event.detail["role"] == Role.CASEWORKER
    assert NEW_PASSWORD not in str(event.detail)


def test_an_admin_cannot_add_users_to_another_organisation(alice, other_ngo):
    with pytest.raises(PermissionError):
        _create(alice, other_ngo)
    assert not User.objects.filter(username="dana").exists()


def test_a_caseworker_cannot_add_users(bob, ngo):
    with pytest.raises(PermissionError):
        _create(bob, ngo)
    assert not User.objects.filter(username="dana").exists()


def test_no_actor_is_no_permission_unless_it_is_a_bootstrap_command(ngo):
    with pytest.raises(PermissionError):
        _create(None, ngo)
    user = _create(None, ngo, system=True, role=Role.ORG_ADMIN)
    assert user.memberships.get().role == Role.ORG_ADMIN
    event = AuditEvent.objects.get(action=AuditAction.USER_ADMIN)
    assert event.actor is None
    assert event.detail["system"] is True


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("short", "dana"),
        ("1234567890123", "dana"),
        ("password123", "dana"),
        ("dana.testuser1", "dana.testuser"),
        ("", "dana"),
    ],
    ids=["too-short", "numeric", "common", "like-the-username", "empty"],
)
def test_a_bad_password_is_a_field_error(alice, ngo, password, username):
    with pytest.raises(ValidationError) as exc:
        _create(alice, ngo, username=username, password=password)
    assert set(exc.value.message_dict) == {"password"}
    assert not User.objects.filter(username=username).exists()


def test_every_bad_field_is_reported_at_once(alice, ngo, bob):
    with pytest.raises(ValidationError) as exc:
        _create(alice, ngo, username="BOB", role="boss", email="not-an-address", password="x")
    assert set(exc.value.message_dict) == {"username", "role", "email", "password"}
    assert "already exists" in exc.value.message_dict["username"][0]


def test_an_inactive_organisation_gets_no_new_users(alice, ngo):
    ngo.is_active = False
    ngo.save(update_fields=["is_active"])
    with pytest.raises((PermissionError, ValidationError)):
        _create(alice, ngo)
    with pytest.raises(ValidationError) as exc:
        _create(None, ngo, system=True)
    assert "organisation" in exc.value.message_dict


# --- memberships ------------------------------------------------------------------------------


def test_deactivating_one_membership_keeps_the_others(alice, olga, ngo, other_ngo):
    dana = _create(alice, ngo)
    in_other = Membership.objects.create(user=dana, organisation=other_ngo, role=Role.VIEWER)
    in_ngo = dana.memberships.get(organisation=ngo)

    membership_deactivate(actor=alice, membership=in_ngo)
    dana.refresh_from_db()
    in_other.refresh_from_db()
    assert dana.is_active and in_other.is_active
    assert not Membership.objects.get(pk=in_ngo.pk).is_active
    assert _can_log_in("dana", NEW_PASSWORD)

    # The last one ends the account's access altogether.
    membership_deactivate(actor=olga, membership=in_other)
    dana.refresh_from_db()
    assert not dana.is_active
    assert not _can_log_in("dana", NEW_PASSWORD)
    events = AuditEvent.objects.filter(action=AuditAction.USER_ADMIN, object_type="membership")
    assert [e.detail["user_deactivated"] for e in events.order_by("id")] == [False, True]
    assert {e.actor for e in events} == {alice, olga}


def test_an_admin_cannot_deactivate_users_of_another_organisation(alice, charlie):
    membership = charlie.memberships.get()
    with pytest.raises(PermissionError):
        membership_deactivate(actor=alice, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active


def test_a_caseworker_cannot_deactivate_anyone(bob, vera):
    with pytest.raises(PermissionError):
        membership_deactivate(actor=bob, membership=vera.memberships.get())


def test_an_admin_cannot_deactivate_themself(alice):
    with pytest.raises(ValidationError) as exc:
        membership_deactivate(actor=alice, membership=alice.memberships.get())
    assert "membership" in exc.value.message_dict
    assert Membership.objects.get(user=alice).is_active


def test_reactivating_gives_access_back(alice, bob):
    membership = bob.memberships.get()
    membership_deactivate(actor=alice, membership=membership)
    assert not _can_log_in("bob", PASSWORD)

    membership_reactivate(actor=alice, membership=membership)
    bob.refresh_from_db()
    membership.refresh_from_db()
    assert bob.is_active and membership.is_active
    assert _can_log_in("bob", PASSWORD)
    last = AuditEvent.objects.filter(action=AuditAction.USER_ADMIN).first()
    assert last.detail["event"] == "membership_reactivated"
    assert last.actor == alice


def test_an_admin_cannot_reactivate_users_of_another_organisation(alice, olga, charlie):
    membership = charlie.memberships.get()
    membership_deactivate(actor=olga, membership=membership)
    with pytest.raises(PermissionError):
        membership_reactivate(actor=alice, membership=membership)


# --- organisation_create ----------------------------------------------------------------------


def test_an_organisation_is_created_and_audited(db):
    organisation = organisation_create(
        name="Test Shelter Kampot", short_name="TSK", type="NGO", country="kh"
    )
    assert organisation.country == "KH"
    event = AuditEvent.objects.get(object_type="organisation")
    assert event.action == AuditAction.CREATE
    assert event.object_id == str(organisation.public_id)


def test_an_organisation_is_validated(ngo):
    with pytest.raises(ValidationError) as exc:
        organisation_create(
            name="test ngo phnom penh", short_name="tngo", type="Club", country="XX"
        )
    assert set(exc.value.message_dict) == {"name", "short_name", "type", "country"}
    assert Organisation.objects.count() == 1


def test_a_new_user_and_its_audit_row_are_one_transaction(alice, ngo):
    with transaction.atomic():
        _create(alice, ngo)
        assert AuditEvent.objects.filter(detail__event="user_created").exists()
        transaction.set_rollback(True)
    assert not User.objects.filter(username="dana").exists()
    assert not AuditEvent.objects.filter(detail__event="user_created").exists()

    user = _create(alice, ngo)
    event = AuditEvent.objects.get(detail__event="user_created")
    assert (event.actor == alice and event.object_id == str(user.pk)) or event.actor == alice
