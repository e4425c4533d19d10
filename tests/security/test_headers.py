"""The security headers every answer carries, whatever the deployment."""

from django.urls import reverse

from tests.conftest import login

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_pages_carry_the_policy_and_the_other_headers(client, bob, bobs_case):
    for response in (
        client.get(reverse("login")),
        login(bob).get(reverse("case-detail", args=[bobs_case.reference])),
        login(bob).get("/api/cases/"),
    ):
        assert directives(response["Content-Security-Policy"]) == POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_error_pages_carry_the_policy_too(client, bob):
    response = login(bob).get("/cases/NOPE-0000/")
    assert response.status_code == 404
    assert directives(response["Content-Security-Policy"]) == POLICY


def test_the_api_docs_load_their_script_from_a_url(client, bob):
    page = login(bob).get(reverse("api-docs"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<style" not in text
    assert "<script>" not in text
    script = login(bob).get(reverse("api-docs") + "?script")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
