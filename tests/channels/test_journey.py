"""Tried as a new user would: an admin adds a Telegram channel on the page, a message with a
location pin arrives in triage with the compound suggestion, a caseworker opens a case from
it, and the sender's next message lands on that case's timeline."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from seri.audit.models import AuditEvent
from seri.cases.models import Case, TimelineEntry
from seri.channels.models import Message
from seri.intake.models import Report
from tests.channels.conftest import post
from tests.conftest import login
from tests.factories import CompoundFactory

pytestmark = pytest.mark.django_db(transaction=True)

SENDER = {"id": 555000111, "is_bot": False, "first_name": "Testfamily", "language_code": "vi"}


def message(update_id, message_id, date, **content):
    body = {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "from": SENDER,
            "chat": {"id": SENDER["id"], "type": "private"},
            "date": date,
            **content,
        },
    }
    return json.dumps(body).encode()


def test_first_user_journey(live_server, ngo, alice, bob):
    compound = CompoundFactory(
        name="Test Compound Riverside", latitude=Decimal("10.6104"), longitude=Decimal("103.5225")
    )
    # 1. The admin adds the channel; the page shows the webhook URL and the secret once,
    # with the warning about replies.
    admin = login(alice)
    page = admin.get(reverse("channel-list"))
    assert "may be in the hands of the people holding its owner" in page.text
    added = admin.post(
        reverse("channel-list"),
        {
            "organisation": ngo.pk,
            "kind": "telegram",
            "name": "Family hotline",
            "token": "987654:TEST-journey-token",
            "language": "vi",
        },
    )
    assert added.status_code == 200, added.text[:2000]
    url = re.search(r'class="webhook-url">([^<]+)<', added.text).group(1)
    secret = re.search(r'class="webhook-secret">([^<]+)<', added.text).group(1)
    assert str(ngo.short_name) not in url and "/channels/hook/" in url
    assert "TEST-journey-token" not in added.text  # a secret is never shown back
    path = url.split("://", 1)[1].split("/", 1)[1]
    hook = f"{live_server.url}/{path}"
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret}

    # 2. A pin arrives: a report in triage, whose suggestions name the compound.
    pin = message(1, 1, 1764720000, location={"latitude": 10.6111, "longitude": 103.5230})
    assert post(hook, pin, headers)[0] == 200
    report = Report.objects.get()
    caseworker = login(bob)
    queue = caseworker.get(reverse("intake-triage"))
    assert report in [entry.report for entry in queue.context["entries"]]
    triage = caseworker.get(reverse("triage-report", args=[report.public_id]))
    compounds = [s for s in triage.context["suggestions"] if s.kind == "compound"]
    assert [s.value for s in compounds] == [str(compound.public_id)]
    assert "Test Compound Riverside" in triage.text

    # 3. The caseworker opens a case from it, with the compound ticked.
    opened = caseworker.post(
        reverse("triage-report", args=[report.public_id]),
        {
            "action": "open",
            "open-full_name": "Testperson Riverside",
            "open-urgency": "immediate",
            "open-compound": str(compound.public_id),
        },
    )
    assert opened.status_code == 302, opened.context["open_form"].errors
    case = Case.objects.get()
    case.assigned_to = bob
    case.save(update_fields=["assigned_to"])
    report.refresh_from_db()
    assert report.case == case and report.compound == compound

    # 4. The same sender writes again (two hours later): it goes on the case's timeline.
    later = message(2, 2, 1764720000 + 7200, text="They moved us to another building")
    assert post(hook, later, headers)[0] == 200
    second = Message.objects.get(provider_id=f"{SENDER['id']}:2")
    assert second.report.case == case and second.report != report
    assert second.report.original_text == "They moved us to another building"
    entries = TimelineEntry.objects.filter(case=case, kind=TimelineEntry.Kind.REPORT)
    assert any("Family hotline" in entry.display_text for entry in entries)
    notice = AuditEvent.objects.filter(object_id=str(second.report.public_id), action="update")
    assert notice.filter(detail__notify=bob.username).exists()
    # The thread page shows the sender's messages to those who triage.
    thread = caseworker.get(reverse("channel-thread", args=[second.report.public_id]))
    assert "They moved us to another building" in thread.text
    assert not Report.objects.filter(case__isnull=True).exists()  # nothing left in triage
