"""An admin resets a forgotten password, in headless Chromium at a desk and on a phone: from the
user list to the confirmation page, the temporary password typed twice; then the user, signed
in with it and their own second factor, is sent to choose a new password before anything."""

import pytest
from django.test import Client

from seri.orgs import mfa
from tests.browser import SCREENS, Screen
from tests.conftest import BROWSER_MARKS, login

pytestmark = BROWSER_MARKS

TEMPORARY = "kampot-river-lantern-77"
OWN = "mekong-dawn-bicycle-42"


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_an_admin_resets_a_password_and_the_user_chooses_a_new_one(
    page, live_server, transactional_db, alice, bob, language, width
):
    login(bob)  # bob has set up his authenticator and has a session
    screen = Screen(page, live_server, language, width).sign_in(alice)
    screen.goto("/users/")
    row = page.get_by_role("row").filter(has_text="bob")
    with page.expect_navigation():  # the check reads the new page, not the one it leaves
        row.get_by_role("link", name=screen.t("Reset password")).click()
    screen.check()
    page.get_by_label(screen.t("Temporary password"), exact=True).fill(TEMPORARY)
    page.get_by_label(screen.t("Temporary password again"), exact=True).fill(TEMPORARY)
    page.get_by_role("button", name=screen.t("Set the temporary password")).click()
    page.wait_for_url(f"{live_server.url}/users/")
    screen.check()
    bob.refresh_from_db()
    assert bob.must_change_password and bob.check_password(TEMPORARY)

    # bob signs in with the temporary password and his second factor …
    client = Client()
    assert client.login(username="bob", password=TEMPORARY)
    session = client.session
    mfa.session_mark_verified(session, method=mfa.TOTP)
    session.save()
    screen.sign_out()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    # … and is sent to choose his own password before anything else
    screen.goto("/cases/")
    assert page.url == f"{live_server.url}/password/"
    page.locator("#id_old_password").fill(TEMPORARY)
    page.locator("#id_new_password1").fill(OWN)
    page.locator("#id_new_password2").fill(OWN)
    with page.expect_navigation():
        page.get_by_role("button", name=screen.t("Change password")).click()
    screen.goto("/cases/")
    assert page.url == f"{live_server.url}/cases/"
    bob.refresh_from_db()
    assert not bob.must_change_password and bob.check_password(OWN)
