"""The compound registry as people use it: adding, searching, status history, counts, actors."""

import datetime as dt

import pytest
from django.urls import reverse

from seri.compounds.models import Compound, CompoundStatus
from seri.compounds.services import (
    ActorInput,
    CompoundInput,
    RelationshipInput,
    actor_create,
    compound_create,
    compound_status_change,
    relationship_create,
)
from seri.evidence.services import SourceInput, source_create
from seri.orgs.models import Role
from tests.conftest import login
from tests.factories import CaseFactory, PersonFactory, UserFactory


@pytest.fixture
def ivan(ngo):
    return UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR))


@pytest.fixture
def golden(db):
    return compound_create(
        actor=None,
        data=CompoundInput(
            name="Golden Lotus Demo Compound",
            province_code="18",
            district_code="1801",
            latitude=10.6305,
            longitude=103.5052,
            aliases=["金莲园区", "កំពង់ផ្កាឈូកមាស"],
            first_reported=dt.date(2021, 6, 1),
        ),
    )


def test_investigator_adds_a_compound_with_aliases_in_two_scripts(ivan):
    client = login(ivan)
    response = client.post(
        reverse("compound-create"),
        {
            "name": "Blue Harbour Demo Park",
            "aliases": "蓝港园区\nកំពង់ផែខៀវ",
            "country": "KH",
            "province_code": "18",
            "district_code": "1802",
            "latitude": "10.62",
            "longitude": "103.52",
            "status": "active",
            "estimated_people_held": "300",
            "estimate_source": "Demo NGO estimate",
            "estimate_date": "2022-03-01",
            "first_reported": "2021-06-01",
        },
    )
    compound = Compound.objects.get(name="Blue Harbour Demo Park")
    assert response.status_code == 302
    assert compound.province == "Sihanoukville" and compound.district == "Prey Nub"
    assert {a.name for a in compound.aliases.all()} == {
        "Blue Harbour Demo Park",
        "蓝港园区",
        "កំពង់ផែខៀវ",
    }
    assert {a.script for a in compound.aliases.all()} == {"Latn", "Hani", "Khmr"}
    page = client.get(reverse("compound-detail", args=[compound.public_id]))
    assert "蓝港园区" in page.content.decode()
    assert "300" in page.content.decode()
    # Search across aliases, in another script, by POST.
    found = client.post(reverse("compound-list"), {"q": "蓝港"})
    assert "Blue Harbour Demo Park" in found.content.decode()
    found = client.post(reverse("compound-list"), {"q": "lan gang"})  # pinyin
    assert "Blue Harbour Demo Park" in found.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("latitude", "95", "latitude"),
        ("longitude", "abc", "longitude"),
        ("outline", '{"type": "Polygon", "coordinates": [[[103, 10], [104, 10]]]}', "outline"),
        ("outline", "not json", "outline"),
        ("district_code", "1201", "district_code"),  # a Phnom Penh district in Sihanoukville
    ],
)
def test_bad_input_gives_a_field_error(bob, field, value, error_field):
    data = {"name": "Bad Input Demo", "country": "KH", "province_code": "18", "status": "active"}
    data[field] = value
    if field == "latitude":
        data["longitude"] = "103.5"
    response = login(bob).post(reverse("compound-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(error_field), response.context["form"].errors
    assert not Compound.objects.filter(name="Bad Input Demo").exists()


def test_a_valid_outline_is_kept(bob):
    outline = (
        '{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": '
        "[[[103.50, 10.62], [103.51, 10.62], [103.51, 10.63], [103.50, 10.62]]]}}"
    )
    login(bob).post(
        reverse("compound-create"),
        {"name": "Outlined Demo", "country": "KH", "status": "active", "outline": outline},
    )
    assert Compound.objects.get(name="Outlined Demo").outline["type"] == "Polygon"


def test_status_history_with_relocation(bob, golden):
    new_site = compound_create(
        actor=None, data=CompoundInput(name="New Site Demo", province_code="09")
    )
    client = login(bob)
    client.post(
        reverse("compound-status", args=[golden.public_id]),
        {"status": "raided", "on": "2022-08-20", "note": "Police inspection"},
    )
    client.post(
        reverse("compound-status", args=[golden.public_id]),
        {"status": "relocated", "on": "2022-09-05", "relocated_to": str(new_site.public_id)},
    )
    golden.refresh_from_db()
    assert golden.status == CompoundStatus.RELOCATED
    assert golden.relocated_to == new_site
    assert [c.status for c in golden.status_history.all()] == ["active", "raided", "relocated"]
    page = login(bob).get(reverse("compound-detail", args=[new_site.public_id])).content.decode()
    assert "Golden Lotus Demo Compound" in page  # relocated from


def test_relocation_needs_a_destination(golden):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        compound_status_change(
            actor=None, compound=golden, status="relocated", on=dt.date(2022, 1, 1)
        )


def test_counts_never_reveal_another_organisations_case(bob, charlie, other_ngo, ngo, golden):
    # One case of another organisation at the compound: bob sees no count of 1, no name.
    person = PersonFactory(organisation=other_ngo, name="Testperson Hidden", nationality="ID")
    CaseFactory(organisation=other_ngo, person=person, compound=golden)
    page = login(bob).get(reverse("compound-detail", args=[golden.public_id]))
    html = page.content.decode()
    assert "Testperson Hidden" not in html
    counts = page.context["counts"]
    assert counts.total is None
    assert all(cell.count is None for cell in counts.by_status + counts.by_nationality)
    assert page.context["cases"] == []
    # Five more of the same nationality: counts appear, still no individual case.
    for n in range(5):
        other = PersonFactory(
            organisation=other_ngo, name=f"Testperson Hidden{n}", nationality="ID"
        )
        CaseFactory(organisation=other_ngo, person=other, compound=golden)
    page = login(bob).get(reverse("compound-detail", args=[golden.public_id]))
    counts = page.context["counts"]
    assert counts.total == 6
    assert [(c.key, c.count) for c in counts.by_nationality] == [("ID", 6)]
    assert "Testperson Hidden" not in page.content.decode()
    # charlie, whose organisation holds them, sees them listed.
    page = login(charlie).get(reverse("compound-detail", args=[golden.public_id]))
    assert "Testperson Hidden" in page.content.decode()


def test_case_linked_to_a_compound_is_listed_for_who_may_see_it(bob, vera, bobs_case, golden):
    bobs_case.compound = golden
    bobs_case.save(update_fields=["compound"])
    assert (
        bobs_case.reference
        in login(vera).get(reverse("compound-detail", args=[golden.public_id])).content.decode()
    )


def test_actors_are_hidden_from_roles_that_may_not_see_them(bob, vera, ivan, golden):
    actor = actor_create(
        actor=None, data=ActorInput(kind="company", name="Example Holdings Co. (demo)")
    )
    source = source_create(
        actor=None, data=SourceInput(kind="media", title="Demo article on the compound")
    )
    relationship_create(
        actor=None,
        data=RelationshipInput(
            actor=actor, kind="operates", compound=golden, reliability="C", sources=[source]
        ),
    )
    for user in (bob, vera):
        client = login(user)
        assert client.get(reverse("actor-list")).status_code == 403
        assert client.get(reverse("actor-detail", args=[actor.public_id])).status_code == 403
        page = client.get(reverse("compound-detail", args=[golden.public_id])).content.decode()
        assert "Example Holdings" not in page
    client = login(ivan)
    page = client.get(reverse("compound-detail", args=[golden.public_id])).content.decode()
    assert "Example Holdings Co. (demo)" in page
    assert "<svg" in page  # the graph
    page = client.get(reverse("actor-detail", args=[actor.public_id])).content.decode()
    assert "Demo article on the compound" in page and "Golden Lotus Demo Compound" in page


def test_actor_roles_follow_the_setting(bob, golden, settings):
    settings.SERI_ACTOR_ROLES = ["caseworker"]
    assert login(bob).get(reverse("actor-list")).status_code == 200


def test_relationship_needs_exactly_one_target(ivan, golden):
    actor = actor_create(actor=None, data=ActorInput(kind="individual", name="Demo Person A"))
    response = login(ivan).post(
        reverse("relationship-create", args=[actor.public_id]),
        {"kind": "operates", "status": "alleged", "reliability": "F"},
        follow=True,
    )
    assert "Choose one compound or one other actor" in response.content.decode()
    assert not actor.relationships.exists()


def test_map_data_is_geojson_filtered_by_status(bob, golden):
    compound_create(
        actor=None,
        data=CompoundInput(name="Closed Demo", latitude=11.5, longitude=104.9, status="closed"),
    )
    client = login(bob)
    data = client.get(reverse("compound-map-data")).json()
    assert {f["properties"]["name"] for f in data["features"]} == {
        "Golden Lotus Demo Compound",
        "Closed Demo",
    }
    data = client.get(reverse("compound-map-data"), {"status": "closed"}).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Closed Demo"]
    assert data["features"][0]["geometry"]["coordinates"] == [104.9, 11.5]
    page = client.get(reverse("compound-map")).content.decode()
    assert "cambodia-provinces.geojson" in page and "<script>" not in page


def test_locate_page_matches_a_google_maps_link(bob, golden):
    response = login(bob).post(
        reverse("compound-locate"),
        {"text": "She sent https://www.google.com/maps/@10.6309,103.5055,17z", "radius_km": "5"},
    )
    suggestions = response.context["suggestions"]
    assert suggestions[0].compound == golden
    assert "near a location in the text" in suggestions[0].reason


def test_compound_list_query_count(bob, golden, django_assert_max_num_queries):
    for n in range(10):
        compound_create(actor=None, data=CompoundInput(name=f"Demo {n}", aliases=[f"别名{n}"]))
    client = login(bob)
    with django_assert_max_num_queries(12):
        client.get(reverse("compound-list"))
