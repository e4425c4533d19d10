import pytest

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import Case, CaseStatus, ConsentRecord, Task, TimelineEntry
from tests.factories import CaseFactory, CompoundFactory, PersonFactory


def _url(case: Case, action: str = "") -> str:
    return f"/api/cases/{case.reference}/" + (f"{action}/" if action else "")


def _keys_and_values(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key, value
            yield from _keys_and_values(value)
    elif isinstance(data, list):
        for item in data:
            yield from _keys_and_values(item)


# --- reading ----------------------------------------------------------------------------------


def test_it_lists_the_cases_of_the_users_organisation(api, bob, bobs_case):
    response = api(bob).get("/api/cases/")
    assert response.status_code == 200
    [case] = response.json()["results"]
    assert case["reference"] == bobs_case.reference
    assert case["organisation"] == "TNGO"
    assert case["assigned_to"] == "bob"
    assert case["person"] == {
        "public_id": str(bobs_case.person.public_id),
        "display_name": "Testperson Alpha",
        "nationalities": ["VN"],
    }


def test_it_shows_a_case_with_its_persons_details(api, bob, bobs_case):
    response = api(bob).get(_url(bobs_case))
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == bobs_case.reference
    assert data["person"]["phones"] == [{"e164": "+84912345678", "original": "+84912345678"}]
    assert data["person"]["names"] == [
        {"value": "Testperson Alpha", "kind": "full", "script": "Latn"}
    ]
    assert data["access"] == {
        "can_edit": True,
        "can_contribute": True,
        "via_referral": False,
        "acting_organisation": "TNGO",
    }
    assert set(data["allowed_next_statuses"]) == {
        "verifying",
        "not_victim",
        "duplicate",
        "lost_contact",
    }


def test_a_case_reference_is_case_insensitive(api, bob, bobs_case):
    assert api(bob).get(f"/api/cases/{bobs_case.reference.lower()}/").status_code == 200


def test_it_validates_ownership(api, charlie, bobs_case):
    client = api(charlie)
    assert client.get(_url(bobs_case)).status_code == 404
    assert client.get("/api/cases/").json()["count"] == 0
    for query in ("Testperson", "Alpha", "+84912345678", bobs_case.reference):
        assert client.get("/api/cases/", {"q": query}).json()["count"] == 0
    assert client.patch(_url(bobs_case), {"urgency": "medical"}, format="json").status_code == 404
    assert client.post(_url(bobs_case, "notes"), {"text": "Hi"}, format="json").status_code == 404
    assert client.get(_url(bobs_case, "timeline")).status_code == 404


def test_an_unknown_reference_answers_404(api, bob, bobs_case):
    assert api(bob).get("/api/cases/ZZZZ-ZZZZ/").status_code == 404


def test_a_partner_sees_a_case_once_it_accepted_the_referral(api, emma, referred_case):
    client = api(emma)
    data = client.get(_url(referred_case)).json()
    assert data["access"]["via_referral"] is True
    assert data["access"]["can_edit"] is False
    assert [c["reference"] for c in client.get("/api/cases/").json()["results"]] == [
        referred_case.reference
    ]


def test_anonymous_requests_are_refused(api, bobs_case):
    assert api().get("/api/cases/").status_code == 401
    assert api().get(_url(bobs_case)).status_code == 401


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("alpha", True),
        ("ALPHA testperson", True),  # whole words, any order, case folded
        ("Testperson Alp", False),  # names are encrypted: words match whole, not in part
        ("+84 91 234 5678", True),
        ("+84 99 999 9999", False),
        ("Beta", False),
    ],
)
def test_search_by_name_or_phone(api, bob, bobs_case, query, found):
    response = api(bob).get("/api/cases/", {"q": query})
    assert response.json()["count"] == (1 if found else 0)


def test_the_list_filters_like_the_web_list(api, bob, ngo, bobs_case):
    compound = CompoundFactory()
    other = CaseFactory(
        organisation=ngo,
        person=PersonFactory(organisation=ngo, nationality="TH"),
        urgency="immediate",
        compound=compound,
    )
    client = api(bob)

    def references(**params) -> set[str]:
        response = client.get("/api/cases/", params)
        assert response.status_code == 200, response.json()
        return {case["reference"] for case in response.json()["results"]}

    assert references(nationality="TH") == {other.reference}
    assert references(urgency="immediate") == {other.reference}
    assert references(compound=str(compound.public_id)) == {other.reference}
    assert references(assigned_to_me="true") == {bobs_case.reference}
    assert references(status="reported") == {bobs_case.reference, other.reference}
    assert references(status="verifying") == set()


@pytest.mark.parametrize(
    ("param", "value"),
    [("status", "flying"), ("urgency", "soon"), ("nationality", "XX"), ("compound", "nope")],
)
def test_bad_filters_answer_400_naming_the_filter(api, bob, param, value):
    response = api(bob).get("/api/cases/", {param: value})
    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.parametrize("page_size", [5, 40])
def test_the_list_makes_a_bounded_number_of_queries(
    api, bob, ngo, page_size, django_assert_max_num_queries
):
    compound = CompoundFactory()
    for n in range(40):
        person = PersonFactory(
            organisation=ngo, name=f"Testperson {n}", nationality="KH", phone=f"+8551234{n:04d}"
        )
        CaseFactory(organisation=ngo, person=person, assigned_to=bob, compound=compound)
    client = api(bob)
    # memberships, count, page, names, nationalities, and the audit rows (lock the chain
    # head, insert the batch, move the head)
    with django_assert_max_num_queries(8):
        response = client.get("/api/cases/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


def test_reading_a_case_is_audited(api, bob, bobs_case):
    api(bob).get(_url(bobs_case))
    event = AuditEvent.objects.get(action=AuditAction.VIEW_IDENTIFYING, actor=bob)
    assert event.object_type == "person"
    assert event.object_id == str(bobs_case.person.public_id)
    assert event.detail == {"context": "api:case-detail"}
    assert event.organisation == bobs_case.organisation


def test_listing_cases_audits_the_people_shown(api, bob, ngo, bobs_case):
    CaseFactory(organisation=ngo, person=bobs_case.person)
    api(bob).get("/api/cases/")
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTIFYING, actor=bob)
    assert [(e.object_id, e.detail["context"]) for e in events] == [
        (str(bobs_case.person.public_id), "api:case-list")
    ]


def test_nothing_is_audited_for_a_case_that_is_not_shown(api, charlie, bobs_case):
    api(charlie).get(_url(bobs_case))
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTIFYING).exists()


def test_payloads_carry_no_integer_keys(api, bob, bobs_case):
    client = api(bob)
    client.post(_url(bobs_case, "tasks"), {"title": "Call the family"}, format="json")
    for url in (_url(bobs_case), "/api/cases/", "/api/tasks/", _url(bobs_case, "timeline")):
        for key, value in _keys_and_values(client.get(url).json()):
            assert key not in {"id", "pk"}
            if key not in {"count", "age_estimate"}:
                assert not isinstance(value, int) or isinstance(value, bool), (url, key)


# --- changing ---------------------------------------------------------------------------------


def test_it_changes_a_cases_details(api, bob, alice, bobs_case):
    compound = CompoundFactory()
    response = api(bob).patch(
        _url(bobs_case),
        {
            "urgency": "medical",
            "assigned_to": "alice",
            "compound": str(compound.public_id),
            "location_latitude": "10.627500",
            "location_longitude": "103.522800",
            "control_methods": ["DebtBondage"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["assigned_to"] == "alice"
    assert response.json()["compound"]["public_id"] == str(compound.public_id)
    bobs_case.refresh_from_db()
    assert (bobs_case.urgency, bobs_case.assigned_to, bobs_case.compound) == (
        "medical",
        alice,
        compound,
    )
    assert bobs_case.control_methods == ["DebtBondage"]
    assert bobs_case.timeline.filter(kind=TimelineEntry.Kind.ASSIGNMENT).exists()


def test_a_patch_leaves_the_fields_it_does_not_name(api, bob, bobs_case):
    response = api(bob).patch(_url(bobs_case), {"location_text": "Near the port"}, format="json")
    assert response.status_code == 200
    bobs_case.refresh_from_db()
    assert bobs_case.assigned_to == bob
    assert bobs_case.location_text == "Near the port"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"urgency": "whenever"}, "urgency"),
        ({"date_trafficked": "2024-02-30"}, "date_trafficked"),
        ({"date_trafficked": "2999-01-01"}, "date_trafficked"),
        ({"location_latitude": "10.5"}, "location_latitude"),
        ({"assigned_to": "nobody-of-that-name"}, "assigned_to"),
        ({"exploitation_types": ["Gardening"]}, "exploitation_types"),
        ({"compound": "not-a-uuid"}, "compound"),
        ({"status": "closed"}, "status"),
    ],
)
def test_bad_changes_answer_400_naming_the_field(api, bob, bobs_case, body, field):
    response = api(bob).patch(_url(bobs_case), body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_case_is_assigned_only_within_its_organisation(api, bob, charlie, bobs_case):
    response = api(bob).patch(_url(bobs_case), {"assigned_to": "charlie"}, format="json")
    assert response.status_code == 400
    assert "assigned_to" in response.json()


def test_it_changes_the_status_along_the_allowed_paths(api, bob, bobs_case):
    client = api(bob)
    response = client.post(
        _url(bobs_case, "status"), {"status": "verifying", "reason": "Called back"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["from_status"] == "reported"
    assert response.json()["to_status"] == "verifying"
    bobs_case.refresh_from_db()
    assert bobs_case.status == CaseStatus.VERIFYING


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "repatriated", "reason": "Skipping ahead"}, "status"),
        ({"status": "flying", "reason": "?"}, "status"),
        ({"status": "verifying", "reason": ""}, "reason"),
        ({"status": "verifying"}, "reason"),
    ],
)
def test_bad_status_changes_answer_400(api, bob, bobs_case, body, field):
    response = api(bob).post(_url(bobs_case, "status"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    bobs_case.refresh_from_db()
    assert bobs_case.status == CaseStatus.REPORTED


def test_notes_go_on_the_timeline(api, bob, bobs_case):
    client = api(bob)
    response = client.post(_url(bobs_case, "notes"), {"text": "Spoke to the sister"}, format="json")
    assert response.status_code == 201
    assert response.json()["kind"] == "note"
    assert response.json()["organisation"] == "TNGO"
    timeline = client.get(_url(bobs_case, "timeline")).json()["results"]
    assert timeline[0]["text"] == "Spoke to the sister"
    assert timeline[0]["author"] == "bob"
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTIFYING, actor=bob, detail__context="api:case-timeline"
    ).exists()


def test_an_empty_note_answers_400(api, bob, bobs_case):
    response = api(bob).post(_url(bobs_case, "notes"), {"text": "   "}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_it_records_and_lists_consent(api, bob, bobs_case):
    client = api(bob)
    response = client.post(
        _url(bobs_case, "consent"),
        {"kind": "share", "given": True, "given_by": "the person"},
        format="json",
    )
    assert response.status_code == 201
    assert ConsentRecord.objects.get(case=bobs_case).given is True
    [record] = client.get(_url(bobs_case, "consent")).json()["results"]
    assert (record["kind"], record["given"], record["recorded_by"]) == ("share", True, "bob")


def test_bad_consent_answers_400(api, bob, bobs_case):
    response = api(bob).post(_url(bobs_case, "consent"), {"kind": "everything"}, format="json")
    assert response.status_code == 400
    assert {"kind", "given"} <= set(response.json())


def test_it_adds_a_task(api, bob, alice, bobs_case):
    response = api(bob).post(
        _url(bobs_case, "tasks"),
        {"title": "Call the family", "due_on": "2030-01-31", "assigned_to": "alice"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["assigned_to"] == "alice"
    assert response.json()["case"] == bobs_case.reference
    assert Task.objects.get(case=bobs_case).assigned_to == alice


def test_a_task_is_assigned_only_within_the_organisation(api, bob, charlie, bobs_case):
    response = api(bob).post(
        _url(bobs_case, "tasks"), {"title": "Call", "assigned_to": "charlie"}, format="json"
    )
    assert response.status_code == 400
    assert "assigned_to" in response.json()


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("patch", "", {"urgency": "medical"}),
        ("post", "status", {"status": "verifying", "reason": "Called back"}),
        ("post", "notes", {"text": "A note"}),
        ("post", "consent", {"kind": "share", "given": True}),
        ("post", "tasks", {"title": "Call the family"}),
    ],
)
def test_a_viewer_cannot_write(api, vera, bobs_case, method, action, body):
    client = api(vera)
    assert client.get(_url(bobs_case)).status_code == 200
    response = getattr(client, method)(_url(bobs_case, action), body, format="json")
    assert response.status_code == 403
    bobs_case.refresh_from_db()
    assert bobs_case.urgency == "normal"
    assert bobs_case.status == CaseStatus.REPORTED
    assert not bobs_case.timeline.exists()
    assert not bobs_case.tasks.exists()
    assert not bobs_case.consents.exists()


def test_a_partner_adds_notes_but_does_not_change_the_case(api, emma, referred_case):
    client = api(emma)
    note = client.post(_url(referred_case, "notes"), {"text": "Passport issued"}, format="json")
    assert note.status_code == 201
    assert note.json()["organisation"] == "EMB-TL"
    patch = client.patch(_url(referred_case), {"urgency": "medical"}, format="json")
    assert patch.status_code == 403


def test_search_by_post_keeps_names_out_of_the_url(api, bob, charlie, bobs_case):
    from seri.audit.models import AuditAction, AuditEvent

    response = api(bob).post("/api/cases/search/", {"q": "Testperson Alpha"}, format="json")
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()["results"]] == [bobs_case.reference]
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert "Testperson" not in str(search.detail)
    response = api(charlie).post("/api/cases/search/", {"q": "Testperson Alpha"}, format="json")
    assert response.json()["count"] == 0
    bad = api(bob).post("/api/cases/search/", {"nationality": "XX"}, format="json")
    assert bad.status_code == 400 and "nationality" in bad.json()
