"""The pages: possible duplicates on the case page, the review queue, decisions and undo."""

import re
import uuid

import pytest
from django.urls import reverse

from seri.cases.services import CaseInput, case_create
from seri.linkage.models import Decision, MatchCandidate, PersonIdentity
from seri.orgs.models import Role
from tests.conftest import login
from tests.factories import UserFactory
from tests.linkage.test_services import person


@pytest.fixture
def hoa_twice(ngo, other_ngo, bob, charlie):
    mine = person(bob, ngo, "Nguyễn Thị Hoa", age=23, nat=["VN"], sex="Feminine")
    theirs = person(charlie, other_ngo, "Hoa Nguyen", age=23, nat=["VN"], sex="Feminine")
    mine_case = case_create(actor=bob, organisation=ngo, person=mine, data=CaseInput())
    their_case = case_create(actor=charlie, organisation=other_ngo, person=theirs, data=CaseInput())
    return mine_case, their_case


def test_another_organisations_candidate_reveals_nothing(hoa_twice, charlie, other_ngo, ngo):
    mine_case, their_case = hoa_twice
    page = login(charlie).get(reverse("case-detail", kwargs={"reference": their_case.reference}))
    text = page.content.decode()
    assert "A possible match exists at another organisation." in text
    assert "Nguyễn Thị Hoa" not in text and mine_case.reference not in text
    section = text.split('class="card linkage-candidates"')[1].split("</section>")[0]
    shown = re.sub(r"<[^>]*>", " ", section)  # what a reader sees: not a URL's random id
    assert ngo.short_name not in section and "23" not in shown
    candidate = MatchCandidate.objects.get()
    # the page's form addresses the pair by its public id, never its integer key
    ask_url = reverse("linkage-ask", kwargs={"public_id": candidate.public_id})
    assert f'action="{ask_url}"' in section
    assert f"/linkage/pairs/{candidate.pk}/" not in text
    asked = login(charlie).post(ask_url)
    assert asked.status_code == 302
    candidate.refresh_from_db()
    assert candidate.requested_by == charlie


def test_the_coordinator_confirms_and_undoes(hoa_twice, ngo):
    cora = UserFactory(username="cora", membership=(ngo, Role.COORDINATOR))
    client = login(cora)
    queue = client.get(reverse("linkage-queue")).content.decode()
    assert "Nguyễn Thị Hoa" in queue  # her own organisation's record
    assert "Hoa Nguyen" not in queue  # the other organisation's record stays hidden
    assert "A record at another organisation" in queue
    candidate = MatchCandidate.objects.get()
    url = reverse("linkage-decide", kwargs={"public_id": candidate.public_id})
    assert f'action="{url}"' in queue
    client.post(url, {"decision": "same", "reason": "Same village, same age."})
    assert PersonIdentity.objects.values("identity").distinct().count() == 1
    assert PersonIdentity.objects.count() == 2
    client.post(url, {"decision": "undo"})
    assert not PersonIdentity.objects.exists()
    candidate.refresh_from_db()
    assert candidate.status == Decision.OPEN


def test_the_owner_sees_both_sides_of_their_own_pairs(ngo, bob):
    first = person(bob, ngo, "张伟", age=30, nat=["CN"], sex="Masculine")
    person(bob, ngo, "Chang Wei", age=30, nat=["CN"], sex="Masculine")
    case = case_create(actor=bob, organisation=ngo, person=first, data=CaseInput())
    text = login(bob).get(reverse("case-detail", kwargs={"reference": case.reference})).content
    assert "Possibly the same person" in text.decode()
    assert '<span class="linkage-field">Name</span> agrees' in text.decode()
    queue = login(bob).get(reverse("linkage-queue")).content.decode()
    assert "Chang Wei" in queue and "张伟" in queue


def test_a_pair_is_not_found_by_its_integer_key(hoa_twice, ngo):
    cora = UserFactory(username="cora", membership=(ngo, Role.COORDINATOR))
    candidate = MatchCandidate.objects.get()
    client = login(cora)
    assert (
        client.post(f"/linkage/pairs/{candidate.pk}/decide/", {"decision": "same"}).status_code
        == 404
    )
    assert (
        client.post(f"/linkage/pairs/{uuid.uuid4()}/decide/", {"decision": "same"}).status_code
        == 404
    )
    candidate.refresh_from_db()
    assert candidate.status == Decision.OPEN
