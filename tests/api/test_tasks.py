import pytest

from seri.cases.services import task_create


@pytest.fixture
def task(bobs_case, bob):
    return task_create(actor=bob, case=bobs_case, title="Call the family", assigned_to=bob)


def test_it_lists_the_tasks_on_visible_cases(api, bob, alice, task, bobs_case):
    task_create(actor=alice, case=bobs_case, title="Check the address")
    client = api(bob)
    assert client.get("/api/tasks/").json()["count"] == 2
    [mine] = client.get("/api/tasks/", {"mine": "true"}).json()["results"]
    assert mine["public_id"] == str(task.public_id)
    assert client.get("/api/tasks/", {"case": bobs_case.reference}).json()["count"] == 2


def test_it_completes_a_task(api, bob, task):
    client = api(bob)
    response = client.post(f"/api/tasks/{task.public_id}/complete/")
    assert response.status_code == 200
    assert response.json()["done_at"] is not None
    task.refresh_from_db()
    assert task.done_at is not None
    assert client.get("/api/tasks/", {"open": "true"}).json()["count"] == 0


def test_it_validates_ownership(api, charlie, task):
    client = api(charlie)
    assert client.get("/api/tasks/").json()["count"] == 0
    assert client.post(f"/api/tasks/{task.public_id}/complete/").status_code == 404


def test_a_viewer_cannot_complete_a_task(api, vera, task):
    client = api(vera)
    assert client.get("/api/tasks/").json()["count"] == 1
    assert client.post(f"/api/tasks/{task.public_id}/complete/").status_code == 403
    task.refresh_from_db()
    assert task.done_at is None


def test_a_partner_cannot_complete_the_owners_tasks(api, emma, referred_case, bob):
    task = task_create(actor=bob, case=referred_case, title="Call the family")
    assert api(emma).post(f"/api/tasks/{task.public_id}/complete/").status_code == 403
