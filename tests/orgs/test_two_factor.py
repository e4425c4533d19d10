"""The second factor: enrolment, verification, recovery codes, and what an unverified session
may not do (pages redirect, the API answers 403)."""

import pyotp
import pytest
from django.urls import reverse

from seri.audit.models import AuditAction, AuditEvent
from seri.orgs import mfa
from seri.orgs.models import ApiToken, RecoveryCode, TOTPDevice
from seri.orgs.services.tokens import api_token_create


def test_the_login_page_leads_a_new_user_to_set_up_a_second_factor(bob, bobs_case, password_login):
    response, client = password_login("bob")
    assert response.status_code == 302
    assert response["Location"] == reverse("two-factor-enrol") + "?next=%2F"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code, drawn on the server
    secret = TOTPDevice.objects.get(user=bob).secret
    assert mfa.secret_for_display(TOTPDevice.objects.get(user=bob)) in page.text
    # Reloading shows the same secret: the user may have scanned it already.
    client.get(response["Location"])
    assert TOTPDevice.objects.get(user=bob).secret == secret

    done = client.post(response["Location"], {"code": pyotp.TOTP(secret).now(), "next": "/cases/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.text for code in codes)
    assert done["Cache-Control"].startswith("max-age=0")  # never cached: shown once
    # Only keyed hashes are stored.
    stored = list(RecoveryCode.objects.filter(user=bob).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert AuditEvent.objects.filter(
        actor=bob, action=AuditAction.USER_ADMIN, detail__event="second_factor_enrolled"
    ).exists()

    assert client.get(reverse("case-detail", args=[bobs_case.reference])).status_code == 200
    # Enrolment happens once; afterwards the page sends the user on.
    assert client.get(reverse("two-factor-enrol")).status_code == 302


def test_a_wrong_code_does_not_confirm_the_authenticator(bob, password_login):
    _response, client = password_login("bob")
    client.get(reverse("two-factor-enrol"))
    response = client.post(reverse("two-factor-enrol"), {"code": "000000"})
    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert not mfa.has_second_factor(bob)


def test_a_user_without_a_second_factor_cannot_open_a_case_page(bob, bobs_case, password_login):
    _response, client = password_login("bob")
    url = reverse("case-detail", args=[bobs_case.reference])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-enrol"))
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTIFYING).exists()
    # The same for posts, and for htmx requests (which are told where to go).
    assert client.post(reverse("case-list")).status_code == 302
    htmx = client.get(url, headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("two-factor-enrol"))


def test_an_unverified_session_is_refused_by_the_api(bob, bobs_case, password_login):
    _response, client = password_login("bob")
    response = client.get(f"/api/cases/{bobs_case.reference}/")
    assert response.status_code == 403
    assert "Testperson" not in response.text


def test_a_user_with_an_authenticator_verifies_with_a_code(
    bob, bobs_case, authenticator, password_login
):
    app = authenticator(bob)
    response, client = password_login("bob")
    assert response["Location"] == reverse("two-factor-verify") + "?next=%2F"
    url = reverse("case-detail", args=[bobs_case.reference])
    assert client.get(url)["Location"].startswith(reverse("two-factor-verify"))
    assert client.get(f"/api/cases/{bobs_case.reference}/").status_code == 403

    code = app.code()
    response = client.post(reverse("two-factor-verify"), {"code": code, "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
    assert client.get(f"/api/cases/{bobs_case.reference}/").status_code == 200
    assert AuditEvent.objects.filter(
        actor=bob, action=AuditAction.LOGIN, detail__method=mfa.TOTP
    ).exists()

    # A code is accepted once: someone who saw it cannot use it in another session.
    _response, other = password_login("bob")
    response = other.post(reverse("two-factor-verify"), {"code": code})
    assert response.status_code == 400


def test_the_next_address_stays_on_this_site(bob, authenticator, password_login):
    app = authenticator(bob)
    _response, client = password_login("bob")
    response = client.post(
        reverse("two-factor-verify"), {"code": app.code(), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_codes_lock(bob, authenticator, password_login):
    app = authenticator(bob)
    _response, client = password_login("bob")
    for _ in range(4):
        response = client.post(reverse("two-factor-verify"), {"code": "123456"})
        assert response.status_code == 400
    response = client.post(reverse("two-factor-verify"), {"code": "123456"})
    # The fifth wrong code ends the session; the login page says why.
    assert response["Location"] == reverse("login")
    page = client.get(reverse("login"))
    assert "Too many failed attempts" in page.text
    assert client.get(reverse("home")).status_code == 302

    # Locked: even the right password and a right code do not get in now.
    response, client = password_login("bob")
    assert response.status_code == 200
    assert "Too many failed attempts" in response.text
    assert client.get(reverse("two-factor-verify")).status_code == 302
    assert AuditEvent.objects.filter(actor=bob, action=AuditAction.LOGIN_FAILED).count() == 5
    assert app.code()  # (the authenticator itself is fine)


def test_a_recovery_code_works_once(bob, authenticator, password_login):
    codes = authenticator(bob).recovery_codes
    _response, client = password_login("bob")
    response = client.post(reverse("two-factor-verify"), {"code": codes[3].upper()})
    assert response.status_code == 302
    assert "9 are left" in client.get(reverse("home")).text
    assert mfa.recovery_codes_left(bob) == 9

    _response, again = password_login("bob")
    response = again.post(reverse("two-factor-verify"), {"code": codes[3]})
    assert response.status_code == 400
    response = again.post(reverse("two-factor-verify"), {"code": codes[4].replace("-", "")})
    assert response.status_code == 302


def test_recovery_codes_of_one_user_do_not_work_for_another(
    bob, vera, authenticator, password_login
):
    bobs_codes = authenticator(bob).recovery_codes
    authenticator(vera)
    _response, client = password_login("vera")
    assert client.post(reverse("two-factor-verify"), {"code": bobs_codes[0]}).status_code == 400


# --- the API token --------------------------------------------------------------------------


@pytest.fixture
def token_request(client):
    def post(**body):
        return client.post("/api/token/", body, content_type="application/json")

    return post


def test_a_token_needs_a_current_code(bob, authenticator, token_request):
    from tests.factories import PASSWORD

    app = authenticator(bob)
    assert token_request(username="bob", password=PASSWORD).status_code == 400
    assert token_request(username="bob", password=PASSWORD, otp="000000").status_code == 400
    assert not ApiToken.objects.exists()
    response = token_request(username="bob", password=PASSWORD, otp=app.code())
    assert response.status_code == 200
    assert response.json()["prefix"] == ApiToken.objects.get(user=bob).prefix
    # A recovery code is a second factor too, once.
    code = app.recovery_codes[0]
    assert token_request(username="bob", password=PASSWORD, otp=code).status_code == 200
    assert token_request(username="bob", password=PASSWORD, otp=code).status_code == 400


def test_a_token_needs_a_second_factor_set_up_first(bob, token_request):
    from tests.factories import PASSWORD

    response = token_request(username="bob", password=PASSWORD, otp="123456")
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_wrong_codes_for_a_token_lock_too(bob, authenticator, token_request):
    from tests.factories import PASSWORD

    app = authenticator(bob)
    for _ in range(4):
        assert token_request(username="bob", password=PASSWORD, otp="000000").status_code == 400
    assert token_request(username="bob", password=PASSWORD, otp="000000").status_code == 429
    response = token_request(username="bob", password=PASSWORD, otp=app.code())
    assert response.status_code == 429
    assert "token" not in response.json()


def test_an_existing_token_keeps_working_without_a_session(bob, bobs_case, client):
    issued = api_token_create(actor=bob, via="test")
    response = client.get("/api/cases/", headers={"Authorization": f"Token {issued.key}"})
    assert response.status_code == 200
