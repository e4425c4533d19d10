"""Case searches (issue #14's item 5): local phone formats read with the organisation's
country, partial references, and results that survive Back without the query in any URL."""

import re

from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import login
from tests.factories import CaseFactory, PersonFactory


def _other(ngo):
    person = PersonFactory(organisation=ngo, name="Somebody Else", phone="+85512345678")
    return CaseFactory(organisation=ngo, person=person)


def test_a_local_number_is_read_in_the_organisations_country(bob, ngo, bobs_case):
    other = _other(ngo)  # the organisation is in Cambodia (KH): 012 345 678 is +855 12 345 678
    text = login(bob).post(reverse("case-list"), {"q": "012 345 678"}).text
    assert other.reference in text and bobs_case.reference not in text


def test_part_of_a_reference_finds_the_case(bob, ngo, bobs_case):
    other = _other(ngo)
    client = login(bob)
    for typed in (
        bobs_case.reference[:4].lower(),
        bobs_case.reference[:7],
        "".join(bobs_case.reference.split("-"))[:6],
    ):
        text = client.post(reverse("case-list"), {"q": typed}).text
        assert bobs_case.reference in text, typed
        if not other.reference.startswith(bobs_case.reference[:4]):
            assert other.reference not in text, typed


def test_a_search_survives_back_without_its_query_in_the_url(bob, charlie, ngo, bobs_case):
    other = _other(ngo)
    client = login(bob)
    response = client.post(reverse("case-list"), {"q": "Testperson Alpha", "status": ""})
    url = re.search(r'data-search-url="([^"]+)"', response.text).group(1)
    assert url.startswith("/cases/?s=") and "Testperson" not in url and "Alpha" not in url
    # Back (or reload) asks for that address: the same results, from the session
    again = client.get(url).text
    assert bobs_case.reference in again and other.reference not in again
    assert 'value="Testperson Alpha"' in again
    # the session holds the search encrypted; another user's session does not have it
    stored = "".join(s.session_data for s in Session.objects.all())
    assert "Testperson" not in str([s.get_decoded() for s in Session.objects.all()]) + stored
    theirs = login(charlie).get(url).text
    assert bobs_case.reference not in theirs and "Testperson Alpha" not in theirs
    # a live (htmx) search says which address to show instead of the query
    live = client.post(reverse("case-list"), {"q": "Somebody"}, headers={"HX-Request": "true"})
    assert live["HX-Replace-Url"].startswith("/cases/?s=") and other.reference in live.text
