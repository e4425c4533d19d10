import json

from django.core.management import call_command
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def test_the_schema_describes_the_case_endpoints(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert {"/api/cases/", "/api/cases/{reference}/", "/api/cases/{reference}/status/"} <= set(
        paths
    )


def test_the_schema_is_valid_and_generates_without_warnings(tmp_path):
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    assert "/api/referrals/{public_id}/accept/" in schema.read_text(encoding="utf-8")


def test_a_token_authenticates_requests(db, bob, bobs_case, authenticator):
    client = APIClient()
    otp = authenticator(bob).code()
    response = client.post("/api/token/", {"username": "bob", "password": PASSWORD, "otp": otp})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    response = client.get("/api/cases/")
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()["results"]] == [bobs_case.reference]


def test_a_wrong_password_gets_no_token(db, bob):
    response = APIClient().post("/api/token/", {"username": "bob", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_bad_token_is_refused(db, bobs_case):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/cases/").status_code == 401


def test_a_web_session_authenticates_requests(client_for, bob, bobs_case):
    response = client_for(bob).get(f"/api/cases/{bobs_case.reference}/")
    assert response.status_code == 200
