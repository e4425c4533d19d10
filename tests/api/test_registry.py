"""The registry through the API: compounds, sources, evidence, actors and relationships, with
the same services, rules and audit as the pages."""

import datetime as dt
import hashlib
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seri.audit.models import AuditAction, AuditEvent
from seri.compounds.models import Compound
from seri.compounds.services import (
    ActorInput,
    CompoundInput,
    actor_create,
    compound_create,
    compound_status_change,
)
from seri.evidence.models import CustodyEvent, EvidenceFile
from seri.evidence.services import EvidenceInput, SourceInput, evidence_receive, source_create
from seri.orgs.models import Role
from tests.evidence.conftest import jpeg_with_gps
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
            latitude=10.6305,
            longitude=103.5052,
            aliases=["金莲园区"],
            first_reported=dt.date(2021, 6, 1),
        ),
    )


@pytest.fixture
def photo(ngo, bobs_case):
    return evidence_receive(
        actor=None, data=EvidenceInput(organisation=ngo, file=jpeg_with_gps(), case=bobs_case)
    )


def upload(**fields) -> dict:
    return {"file": SimpleUploadedFile("photo.jpg", jpeg_with_gps(), "image/jpeg"), **fields}


# --- compounds ----------------------------------------------------------------------------------


def test_a_compound_as_its_page_shows_it(api, vera, golden, ngo, other_ngo):
    compound_status_change(actor=None, compound=golden, status="raided", on=dt.date(2022, 2, 1))
    for n in range(6):
        org = ngo if n < 3 else other_ngo
        CaseFactory(organisation=org, person=PersonFactory(organisation=org), compound=golden)
    body = api(vera).get(f"/api/compounds/{golden.public_id}/").json()
    assert body["public_id"] == str(golden.public_id)
    assert {a["name"] for a in body["aliases"]} == {"Golden Lotus Demo Compound", "金莲园区"}
    assert [c["status"] for c in body["status_history"]] == ["active", "raided"]
    assert body["status"] == "raided"
    # Six cases over both organisations: the total shows, each small cell is null.
    assert body["counts"]["total"] == 6
    assert body["counts"]["small_cell"] == 5
    assert all(cell["count"] in (None, 6) for cell in body["counts"]["by_status"])


def test_the_list_filters_and_the_search_finds_an_alias(api, vera, golden):
    compound_create(actor=None, data=CompoundInput(name="Elsewhere Demo", country="TH"))
    listed = api(vera).get("/api/compounds/", {"country": "KH"}).json()
    assert [c["name"] for c in listed["results"]] == ["Golden Lotus Demo Compound"]
    found = api(vera).post("/api/compounds/search/", {"q": "金莲"}).json()
    assert [c["public_id"] for c in found["results"]] == [str(golden.public_id)]


def test_a_writer_adds_a_compound_and_a_viewer_may_not(api, bob, vera):
    body = {"name": "Blue Harbour Demo Park", "province_code": "18", "aliases": ["蓝港园区"]}
    assert api(vera).post("/api/compounds/", body).status_code == 403
    assert not Compound.objects.exists()
    response = api(bob).post("/api/compounds/", body)
    assert response.status_code == 201, response.json()
    compound = Compound.objects.get(public_id=response.json()["public_id"])
    assert compound.province == "Sihanoukville" and compound.created_by == bob
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(compound.public_id), actor=bob
    ).exists()


def test_a_patch_changes_only_what_it_sends(api, bob, golden):
    response = api(bob).patch(f"/api/compounds/{golden.public_id}/", {"description": "Fenced."})
    assert response.status_code == 200, response.json()
    golden.refresh_from_db()
    assert golden.description == "Fenced."
    assert golden.first_reported == dt.date(2021, 6, 1) and golden.province_code == "18"
    assert float(golden.latitude) == pytest.approx(10.6305)


def test_errors_name_the_field(api, bob, golden):
    relocated = api(bob).post(f"/api/compounds/{golden.public_id}/status/", {"status": "relocated"})
    assert relocated.status_code == 400 and "relocated_to" in relocated.json()
    province = api(bob).post("/api/compounds/", {"name": "Nowhere Demo", "province_code": "99"})
    assert province.status_code == 400 and "province_code" in province.json()
    unknown = api(bob).post("/api/compounds/", {"name": "Demo", "colour": "red"})
    assert unknown.status_code == 400 and "colour" in unknown.json()


def test_a_relocation_names_the_other_compound_by_its_public_id(api, bob, golden):
    palm = compound_create(actor=None, data=CompoundInput(name="Palm Demo Villas"))
    response = api(bob).post(
        f"/api/compounds/{golden.public_id}/status/",
        {"status": "relocated", "on": "2022-02-28", "relocated_to": str(palm.public_id)},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["relocated_to"] == str(palm.public_id)
    golden.refresh_from_db()
    assert golden.relocated_to == palm


def test_an_alias_is_added(api, bob, vera, golden):
    url = f"/api/compounds/{golden.public_id}/aliases/"
    assert api(vera).post(url, {"name": "Tháp Vàng"}).status_code == 403
    response = api(bob).post(url, {"name": "Tháp Vàng", "language": "vi"})
    assert response.status_code == 201
    assert response.json() == {"name": "Tháp Vàng", "language": "vi", "script": "Latn"}


# --- sources ------------------------------------------------------------------------------------


def test_sources_follow_their_visibility(api, bob, charlie, ngo, other_ngo, golden):
    theirs = source_create(
        actor=charlie,
        data=SourceInput(kind="media", title="Their restricted note", visibility="restricted"),
        organisation=other_ngo,
    )
    response = api(bob).post(
        "/api/sources/",
        {
            "kind": "media",
            "title": "Demo article",
            "visibility": "organisation",
            "compounds": [str(golden.public_id)],
        },
    )
    assert response.status_code == 201, response.json()
    mine = response.json()["public_id"]
    assert response.json()["organisation"] == ngo.short_name
    assert api(charlie).get(f"/api/sources/{mine}/").status_code == 404
    assert api(bob).get(f"/api/sources/{theirs.public_id}/").status_code == 404
    listed = api(bob).get("/api/sources/", {"compound": str(golden.public_id)}).json()
    assert [s["public_id"] for s in listed["results"]] == [mine]
    # A translation the user cannot see is "no such source", not a way to link to it.
    refused = api(bob).post(
        "/api/sources/",
        {"kind": "media", "title": "Version", "translations": [str(theirs.public_id)]},
    )
    assert refused.status_code == 400 and "translations" in refused.json()


# --- evidence -----------------------------------------------------------------------------------


def test_an_upload_is_stored_with_its_custody_entry(api, bob, bobs_case):
    client = api(bob)
    response = client.post(
        "/api/evidence/",
        upload(case=bobs_case.reference, claimed_metadata="Sent on 3 March"),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    evidence = EvidenceFile.objects.get(public_id=body["public_id"])
    assert body["sha256"] == hashlib.sha256(jpeg_with_gps()).hexdigest() == evidence.sha256
    assert body["media_type"] == "image/jpeg" and body["case"] == bobs_case.reference
    assert [e["event"] for e in body["custody"]] == [CustodyEvent.UPLOAD, CustodyEvent.DERIVE]
    assert body["may_download_original"] is True
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(evidence.public_id), actor=bob
    ).exists()


def test_an_upload_is_refused_to_who_may_not_add_it(api, vera, charlie, bobs_case):
    readonly = api(vera).post(
        "/api/evidence/", upload(case=bobs_case.reference), format="multipart"
    )
    assert readonly.status_code == 403
    foreign = api(charlie).post(
        "/api/evidence/", upload(case=bobs_case.reference), format="multipart"
    )
    assert foreign.status_code == 400 and "case" in foreign.json()
    nowhere = api(vera).post("/api/evidence/", {"file": upload()["file"]}, format="multipart")
    assert nowhere.status_code == 403  # a viewer records files for no organisation
    assert not EvidenceFile.objects.exists()


def test_a_file_without_a_target_is_a_clear_error(api, bob):
    response = api(bob).post("/api/evidence/", upload(), format="multipart")
    assert response.status_code == 400
    assert "Attach the file" in str(response.json())


def test_details_and_downloads_go_into_the_custody_log(api, bob, vera, charlie, photo):
    assert api(charlie).get(f"/api/evidence/{photo.public_id}/").status_code == 404
    detail = api(vera).get(f"/api/evidence/{photo.public_id}/").json()
    assert detail["may_download_original"] is False
    assert detail["custody"][-1]["event"] == CustodyEvent.VIEW
    assert api(vera).get(f"/api/evidence/{photo.public_id}/original/").status_code == 403
    shareable = api(vera).get(f"/api/evidence/{photo.public_id}/shareable/")
    assert shareable.status_code == 200
    assert shareable["Content-Type"] == "application/octet-stream"
    assert hashlib.sha256(b"".join(shareable.streaming_content)).hexdigest() == (
        photo.shareable_sha256
    )
    original = api(bob).get(
        f"/api/evidence/{photo.public_id}/original/", HTTP_ACCEPT="application/octet-stream"
    )
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == jpeg_with_gps()
    events = list(photo.custody.order_by("sequence").values_list("event", "actor__username"))
    assert events[-3:] == [
        (CustodyEvent.VIEW, "vera"),
        (CustodyEvent.DOWNLOAD_SHAREABLE, "vera"),
        (CustodyEvent.DOWNLOAD, "bob"),
    ]


def test_a_transfer_is_recorded(api, bob, vera, photo):
    url = f"/api/evidence/{photo.public_id}/transfer/"
    assert api(vera).post(url, {"to": "Police (demo)"}).status_code == 403
    response = api(bob).post(url, {"to": "Police liaison (demo)", "note": "USB drive"})
    assert response.status_code == 201
    assert response.json()["event"] == CustodyEvent.TRANSFER
    assert response.json()["note"] == "Police liaison (demo): USB drive"


def test_the_list_is_scoped_and_filtered(api, bob, charlie, photo, bobs_case):
    listed = api(bob).get("/api/evidence/", {"case": bobs_case.reference}).json()
    assert [e["public_id"] for e in listed["results"]] == [str(photo.public_id)]
    assert "original_name" not in listed["results"][0]  # free text: the detail, with custody
    assert api(charlie).get("/api/evidence/").json()["results"] == []


# --- actors -------------------------------------------------------------------------------------


def test_actors_are_for_the_roles_that_see_them(api, bob, ivan, golden, settings):
    holdings = actor_create(actor=None, data=ActorInput(kind="company", name="Demo Holdings"))
    for url in (
        "/api/actors/",
        f"/api/actors/{holdings.public_id}/",
        f"/api/actors/{holdings.public_id}/relationships/",
        f"/api/compounds/{golden.public_id}/relationships/",
    ):
        assert api(bob).get(url).status_code == 403, url
        assert api(ivan).get(url).status_code == 200, url
    assert api(bob).post("/api/actors/", {"kind": "company", "name": "X"}).status_code == 403
    settings.SERI_ACTOR_ROLES = ["caseworker"]
    assert api(bob).get("/api/actors/").status_code == 200


def test_an_investigator_records_an_actor_and_its_relationship(api, ivan, golden, ngo):
    article = source_create(
        actor=ivan, data=SourceInput(kind="media", title="Demo article"), organisation=ngo
    )
    client = api(ivan)
    created = client.post("/api/actors/", {"kind": "company", "name": "Example Co (demo)"})
    assert created.status_code == 201
    actor_id = created.json()["public_id"]
    link = client.post(
        f"/api/actors/{actor_id}/relationships/",
        {
            "kind": "operates",
            "compound": str(golden.public_id),
            "reliability": "C",
            "sources": [str(article.public_id)],
        },
    )
    assert link.status_code == 201, link.json()
    assert link.json()["compound"] == str(golden.public_id)
    assert link.json()["sources"] == [str(article.public_id)]
    both = client.post(
        f"/api/actors/{actor_id}/relationships/",
        {"kind": "operates", "compound": str(golden.public_id), "other_actor": actor_id},
    )
    assert both.status_code == 400
    on_compound = client.get(f"/api/compounds/{golden.public_id}/relationships/").json()
    assert [r["actor"] for r in on_compound["results"]] == [actor_id]
    found = client.post("/api/actors/search/", {"q": "example"}).json()
    assert [a["public_id"] for a in found["results"]] == [actor_id]


def test_identifiers_are_public_ids(api, vera, golden):
    body = api(vera).get("/api/compounds/").json()["results"][0]
    assert uuid.UUID(body["public_id"]) == golden.public_id
    assert "id" not in body and "pk" not in body
    assert api(vera).get(f"/api/compounds/{golden.pk}/").status_code == 404


def test_lists_take_a_fixed_number_of_queries(
    api, bob, ngo, bobs_case, django_assert_max_num_queries
):
    for n in range(12):
        compound = compound_create(
            actor=None, data=CompoundInput(name=f"Counted Demo {n}", aliases=[f"别名{n}"])
        )
        source_create(
            actor=None,
            data=SourceInput(kind="media", title=f"Counted {n}", compounds=[compound]),
            organisation=ngo,
        )
        evidence_receive(
            actor=None,
            data=EvidenceInput(organisation=ngo, file=f"%PDF-1.4\n{n}".encode(), case=bobs_case),
        )
    client = api(bob)
    for url in ("/api/compounds/", "/api/sources/", "/api/evidence/"):
        with django_assert_max_num_queries(8):
            assert len(client.get(url).json()["results"]) == 12, url
