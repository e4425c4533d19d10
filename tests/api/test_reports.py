from seri.audit.models import AuditAction, AuditEvent
from seri.intake.models import Report

REPORT = {
    "channel": "telegram",
    "reporter_relation": "friend",
    "original_text": "He wrote again from the same building.",
}


def test_it_attaches_a_report_to_a_case_and_lists_it(api, bob, bobs_case):
    client = api(bob)
    response = client.post("/api/reports/", {**REPORT, "case": bobs_case.reference}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["case"] == bobs_case.reference
    assert response.json()["organisation"] == "TNGO"
    report = Report.objects.get(case=bobs_case)
    assert report.original_text == REPORT["original_text"]

    [listed] = client.get("/api/reports/").json()["results"]
    assert listed["public_id"] == str(report.public_id)
    assert client.get("/api/reports/", {"case": bobs_case.reference}).json()["count"] == 1
    assert client.get("/api/reports/", {"case": "ZZZZ-ZZZZ"}).json()["count"] == 0
    assert client.get(f"/api/reports/{report.public_id}/").status_code == 200


def test_it_validates_ownership(api, bob, charlie, bobs_case):
    api(bob).post("/api/reports/", {**REPORT, "case": bobs_case.reference}, format="json")
    report = Report.objects.get()
    client = api(charlie)
    assert client.get("/api/reports/").json()["count"] == 0
    assert client.get(f"/api/reports/{report.public_id}/").status_code == 404
    # attaching to someone else's case: as if the case did not exist
    response = client.post("/api/reports/", {**REPORT, "case": bobs_case.reference}, format="json")
    assert response.status_code == 400
    assert "case" in response.json()
    assert Report.objects.count() == 1


def test_a_viewer_cannot_record(api, vera, bobs_case):
    response = api(vera).post(
        "/api/reports/", {**REPORT, "case": bobs_case.reference}, format="json"
    )
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_bad_input_answers_400_naming_the_field(api, bob, bobs_case):
    body = {**REPORT, "case": bobs_case.reference, "language": "zz", "received_at": "soon"}
    response = api(bob).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    assert "received_at" in response.json()
    body["received_at"] = "2024-03-10T09:00:00+07:00"
    response = api(bob).post("/api/reports/", body, format="json")
    assert response.status_code == 400
    assert "language" in response.json()


def test_reading_reports_is_audited(api, bob, bobs_case):
    client = api(bob)
    client.post("/api/reports/", {**REPORT, "case": bobs_case.reference}, format="json")
    client.get("/api/reports/")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTIFYING,
        object_id=str(bobs_case.person.public_id),
        detail__context="api:report-list",
    ).exists()
