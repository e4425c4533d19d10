"""Admin safety: the least-privileged role by default, a password an admin chose replaced at
first login, and a confirmation step before deactivating someone or logging them out."""

import pytest
from django.urls import reverse

from seri.orgs.models import Membership, Role, User, UserSession
from seri.orgs.services import user_create
from seri.orgs.services.tokens import api_token_create
from seri.orgs.services.users import user_password_change
from tests.conftest import login

CHOSEN = "kampot-river-lantern"
OWN = "mekong-dawn-bicycle-42"


def test_add_a_user_defaults_to_the_viewer_role(alice):
    page = login(alice).get(reverse("user-list"))
    assert page.context["form"]["role"].value() == Role.VIEWER
    assert '<option value="viewer" selected>' in page.content.decode()


@pytest.fixture
def dana(alice, ngo):
    return user_create(
        actor=alice, organisation=ngo, username="dana", password=CHOSEN, role=Role.CASEWORKER
    )


def test_a_new_user_must_change_the_password_before_anything_else(dana):
    assert dana.must_change_password
    # login() signs in with the factories' password (and sets up the second factor)
    dana.set_password("correct-horse-battery")
    dana.save(update_fields=["password"])
    client = login(dana)
    response = client.get(reverse("case-list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    # the API through the session is refused too, and no API token can be made yet
    assert client.get("/api/cases/").status_code == 403
    with pytest.raises(PermissionError):
        api_token_create(actor=dana, via="test")
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": OWN, "new_password2": OWN},
    )
    assert response.status_code == 302
    dana.refresh_from_db()
    assert not dana.must_change_password
    assert client.get(reverse("case-list")).status_code == 200


def test_changing_ones_password_clears_the_flag(dana):
    user_password_change(actor=dana, password=OWN)
    assert not User.objects.get(pk=dana.pk).must_change_password


def test_a_system_bootstrap_user_is_not_flagged(ngo):
    user = user_create(
        actor=None,
        organisation=ngo,
        username="root",
        password=CHOSEN,
        role=Role.ORG_ADMIN,
        system=True,
    )
    assert not user.must_change_password


def test_deactivating_asks_for_confirmation_first(alice, bob, ngo):
    membership = Membership.objects.get(user=bob, organisation=ngo)
    client = login(alice)
    url = reverse("membership-toggle", args=[membership.public_id])
    page = client.post(url)
    assert page.status_code == 200 and 'name="confirm" value="yes"' in page.content.decode()
    membership.refresh_from_db()
    assert membership.is_active  # nothing happened yet
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    # reactivating needs no confirmation
    assert client.post(url).status_code == 302
    membership.refresh_from_db()
    assert membership.is_active


def test_logging_out_everywhere_asks_for_confirmation_first(alice, bob, ngo):
    login(bob)
    membership = Membership.objects.get(user=bob, organisation=ngo)
    client = login(alice)
    url = reverse("membership-sessions-end", args=[membership.public_id])
    page = client.post(url)
    assert page.status_code == 200 and "Log Bob out everywhere?" in page.content.decode()
    assert UserSession.objects.filter(user=bob).exists()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert not UserSession.objects.filter(user=bob).exists()
