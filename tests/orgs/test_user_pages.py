from django.test import Client
from django.urls import reverse

from seri.orgs.models import Membership
from tests.conftest import login


def test_an_org_admin_adds_a_user_who_can_log_in(alice, ngo):
    client = login(alice)
    assert client.get(reverse("user-list")).status_code == 200
    response = client.post(
        reverse("user-create"),
        {
            "organisation": str(ngo.public_id),
            "username": "newcaseworker",
            "display_name": "New Caseworker",
            "role": "caseworker",
            "password": "a-long-synthetic-passphrase",
        },
    )
    assert response.status_code == 302
    assert Client().login(username="newcaseworker", password="a-long-synthetic-passphrase")


def test_a_weak_password_is_refused_on_the_field(alice, ngo):
    response = login(alice).post(
        reverse("user-create"),
        {
            "organisation": str(ngo.public_id),
            "username": "weak",
            "role": "viewer",
            "password": "123",
        },
    )
    assert response.status_code == 400
    assert "password" in response.context["form"].errors


def test_an_org_admin_deactivates_a_user(alice, bob):
    membership = Membership.objects.get(user=bob)
    response = login(alice).post(
        reverse("membership-toggle", args=[membership.public_id]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not Client().login(username="bob", password="correct-horse-battery")


def test_it_validates_ownership(alice, charlie):
    membership = Membership.objects.get(user=charlie)
    response = login(alice).post(reverse("membership-toggle", args=[membership.public_id]))
    assert response.status_code == 404
    assert Membership.objects.get(user=charlie).is_active


def test_only_admins_manage_users(bob):
    assert login(bob).get(reverse("user-list")).status_code == 403


def test_login_and_logout_are_audited(bob):
    from seri.audit.models import AuditAction, AuditEvent

    client = Client()
    response = client.post(reverse("login"), {"username": "bob", "password": "wrong"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()
    assert "wrong" not in str(list(AuditEvent.objects.values()))
    client.post(reverse("login"), {"username": "bob", "password": "correct-horse-battery"})
    client.post(reverse("logout"))
    actions = set(AuditEvent.objects.filter(actor=bob).values_list("action", flat=True))
    assert {AuditAction.LOGIN, AuditAction.LOGOUT} <= actions


def test_the_language_switcher_translates_pages(bob):
    client = login(bob)
    client.post(reverse("set_language"), {"language": "km", "next": "/"})
    assert 'lang="km"' in client.get(reverse("home")).text
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert 'lang="zh-hans"' in client.get(reverse("home")).text
