"""A JSON body nested deeper than the decoder goes is a bad request (400), on the anonymous
token endpoint and on the endpoints behind login alike, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def test_a_deeply_nested_body_to_the_token_endpoint_is_a_bad_request():
    answer = Client().post(reverse("api-token"), data=DEEP, content_type="application/json")
    assert answer.status_code == 400


def test_a_deeply_nested_search_is_a_bad_request(client_for, bob):
    answer = client_for(bob).post(
        reverse("api-case-search"), data=DEEP, content_type="application/json"
    )
    assert answer.status_code == 400
