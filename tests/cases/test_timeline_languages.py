"""The case timeline in the reader's language: entries are stored as an event code with
parameters (and the identifying free text encrypted apart), so a Khmer and a Chinese reader
each read in their own language what an English writer wrote. Built from the registry of
codes, so a new code without a translated rendering fails here."""

import datetime as dt
import importlib
import importlib.util
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from seri.cases import services, timeline_events
from seri.cases.models import CaseStatus, ConsentKind, TimelineEntry
from seri.intake.models import Channel, Report
from seri.intake.services.reports import report_case_attach
from tests.conftest import login
from tests.factories import PersonFactory, UserFactory

READERS = ["km", "zh-hans"]
TITLE = "Call the sister in Kampot (synthetic)"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
CODE = re.compile(r"[a-z_]+\.[a-z_]+")  # an event code: app.event


def _sample(event: timeline_events.Event) -> tuple[dict[str, str], str]:
    """Parameters and text for an event, from its own template and vocabularies."""
    with translation.override("en"):
        names = set(PLACEHOLDER.findall(str(event.template)))
    if event.positional and event.positional != "text":
        names.add(event.positional)
    params = {}
    for name in names:
        choices = event.labels.get(name)
        params[name] = str(choices.values[-1]) if choices else "EMB-TL"
    return params, TITLE


@pytest.fixture
def readers(ngo):
    """A Khmer reader and a Chinese reader of the organisation, each with the language cookie
    the language switcher sets."""
    clients = {}
    for language in READERS:
        user = UserFactory(username=f"reader-{language}", membership=(ngo, "caseworker"))
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        clients[language] = client
    return clients


def test_every_event_code_is_read_in_the_readers_language(bob, bobs_case, readers):
    codes = timeline_events.registered()
    assert len(codes) >= 16  # the case's, intake's, channels' and referrals' events
    with translation.override("en"):  # the writer works in English
        for code, event in codes.items():
            params, text = _sample(event)
            services.timeline_add(
                case=bobs_case, actor=bob, kind="note", text=text, event=code, params=params
            )
    entries = list(TimelineEntry.objects.filter(case=bobs_case))
    assert {e.event for e in entries} == set(codes)
    for language, client in readers.items():
        page = client.get(reverse("case-detail", args=[bobs_case.reference]))
        assert page.status_code == 200
        html = page.content.decode()
        untranslated = []
        for entry in entries:
            with translation.override("en"):
                english = entry.display_text
            with translation.override(language):
                theirs = entry.display_text
            assert escape(theirs) in html, (language, entry.event)
            if theirs == english:
                untranslated.append(entry.event)
        assert untranslated == [], f"not translated into {language}: {untranslated}"


def test_every_code_an_app_writes_is_registered():
    """Each app's `timeline` module names the codes its services write: all are registered."""
    written = set()
    for app in apps.get_app_configs():
        if importlib.util.find_spec(f"{app.name}.timeline") is None:
            continue
        module = importlib.import_module(f"{app.name}.timeline")
        written |= {
            value
            for name, value in vars(module).items()
            if name.isupper() and isinstance(value, str) and CODE.fullmatch(value)
        }
    assert len(written) >= 16
    assert written - set(timeline_events.registered()) == set()


def test_the_writers_services_store_codes_and_readers_see_their_language(bob, bobs_case, readers):
    other = UserFactory(
        username="dara",
        display_name="Dara (synthetic)",
        membership=(bobs_case.organisation, "caseworker"),
    )
    report = Report.objects.create(
        organisation=bobs_case.organisation,
        channel=Channel.HOTLINE,
        reporter_relation="self",
        original_text="(synthetic)",
    )
    with translation.override("en"):
        services.case_change_status(
            actor=bob, case=bobs_case, to_status=CaseStatus.VERIFYING, reason="Called back"
        )
        services.consent_record(
            actor=bob, case=bobs_case, kind=ConsentKind.TRACING, given=True, given_by="self"
        )
        task = services.task_create(
            actor=bob, case=bobs_case, title=TITLE, due_on=dt.date(2026, 12, 24)
        )
        services.task_complete(actor=bob, task=task)
        report_case_attach(actor=bob, report=report, case=bobs_case)
        data = {name: getattr(bobs_case, name) for name in services.CASE_EDITABLE_FIELDS}
        services.case_update(
            actor=bob, case=bobs_case, data=services.CaseInput(**{**data, "assigned_to": other})
        )
    entries = TimelineEntry.objects.filter(case=bobs_case)
    assert all(e.event for e in entries), [e.text for e in entries if not e.event]
    # no English sentence stored: only the typed words, and the assignee's name, encrypted
    assert sorted(e.text for e in entries) == sorted(
        ["Called back", "", TITLE, TITLE, "", "Dara (synthetic)"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, params FROM cases_timelineentry")
        stored = " ".join(str(column) for row in cursor.fetchall() for column in row)
    for secret in ("Kampot", "Dara", "Called back"):
        assert secret not in stored
    expected = {
        "km": ["បានបន្ថែមកិច្ចការ៖ " + TITLE, "បានទទួលរបាយការណ៍តាម", "បានប្រគល់ឲ្យ Dara"],
        "zh-hans": ["已添加任务\N{FULLWIDTH COLON}" + TITLE, "通过", "已分配给 Dara"],
    }
    for language, client in readers.items():
        html = client.get(reverse("case-detail", args=[bobs_case.reference])).content.decode()
        for sentence in expected[language]:
            assert escape(sentence) in html, (language, sentence)
        assert "Task added" not in html and "Report received via" not in html


def test_older_texts_become_codes_where_recognised_and_stay_verbatim_otherwise(bob, bobs_case):
    migration = importlib.import_module("seri.cases.migrations.0012_timeline_texts_to_event_codes")
    written = [
        ("report", "Report received via Hotline"),
        ("report", "បានទទួលរបាយការណ៍តាម Telegram"),
        ("task", "已添加任务\N{FULLWIDTH COLON}" + TITLE),
        ("task", "Task done: " + TITLE),
        ("assignment", "Assigned to Dara (synthetic)"),
        ("assignment", "未分配"),
        ("consent", "Consent refused: Tracing"),
        ("status", "Reported → Verifying: Called back: twice"),
        ("referral", "Referred to EMB-TL (without consent: Danger to life)"),
        ("referral", "EMB-TL declined the referral: No capacity"),
        ("referral", "Referral to EMB-TL revoked: sent by mistake"),
        (
            "report",
            "New message from the same sender on the channel Hotline TG (Telegram)",
        ),
        ("note", "Assigned to nobody: a note someone typed"),
        ("task", "Something else entirely"),
    ]
    for kind, text in written:
        TimelineEntry.objects.create(
            case=bobs_case, kind=kind, text=text, author=bob, organisation=bobs_case.organisation
        )
    migration.codes_from_texts(apps, None)
    rows = [(e.event, e.params, e.text) for e in TimelineEntry.objects.order_by("id")]
    assert rows == [
        ("report.received", {"channel": "hotline"}, ""),
        ("report.received", {"channel": "telegram"}, ""),
        ("task.added", {}, TITLE),
        ("task.done", {}, TITLE),
        ("case.assigned", {}, "Dara (synthetic)"),
        ("case.unassigned", {}, ""),
        ("consent.refused", {"kind": "tracing"}, ""),
        ("case.status_changed", {"from": "reported", "to": "verifying"}, "Called back: twice"),
        ("referral.sent_without_consent", {"org": "EMB-TL"}, "Danger to life"),
        ("referral.declined", {"org": "EMB-TL"}, "No capacity"),
        ("referral.revoked", {"org": "EMB-TL"}, "sent by mistake"),
        ("channel.same_sender_message", {"name": "Hotline TG", "kind": "telegram"}, ""),
        ("", {}, "Assigned to nobody: a note someone typed"),  # a note is never recognised
        ("", {}, "Something else entirely"),
    ]
    # what was recognised reads as it was written, and now in other languages too
    entries = list(TimelineEntry.objects.order_by("id"))
    with translation.override("en"):
        assert entries[0].display_text == "Report received via Hotline"
        assert entries[7].display_text == "Reported → Verifying: Called back: twice"
        assert entries[8].display_text == "Referred to EMB-TL without consent: Danger to life"
        assert entries[13].display_text == "Something else entirely"
    with translation.override("km"):
        assert entries[2].display_text == "បានបន្ថែមកិច្ចការ៖ " + TITLE


@pytest.mark.parametrize(("language", "urgency"), [("km", "កម្រិតបន្ទាន់"), ("zh-hans", "紧急程度")])
def test_the_access_history_names_changed_fields_in_the_readers_language(
    alice, bob, bobs_case, language, urgency
):
    with translation.override("en"):
        data = {name: getattr(bobs_case, name) for name in services.CASE_EDITABLE_FIELDS}
        services.case_update(
            actor=bob, case=bobs_case, data=services.CaseInput(**{**data, "urgency": "medical"})
        )
    client = login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("audit-person-access", args=[bobs_case.person.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert urgency in html
    assert "urgency" not in html


def test_a_cases_opening_is_stored_without_a_sentence_and_read_in_the_readers_language(bob, ngo):
    person = PersonFactory(organisation=ngo, name="Testperson Beta", nationality="VN")
    with translation.override("en"):
        case = services.case_create(
            actor=bob, organisation=ngo, person=person, data=services.CaseInput()
        )
    opening = case.status_changes.get()
    assert opening.reason == ""
    with translation.override("km"):
        assert opening.display_reason == "បានបើកករណី"
    # older openings, stored in their writer's language, lose the sentence; typed reasons stay
    migration = importlib.import_module(
        "seri.cases.migrations.0013_case_opened_reason_in_readers_language"
    )
    for reason in ("已开立个案", "Opened after a call (typed)"):
        opening.pk = None
        opening.reason = reason
        opening.save()
    migration.forget_the_written_sentence(apps, None)
    assert sorted(c.reason for c in case.status_changes.all()) == [
        "",
        "",
        "Opened after a call (typed)",
    ]
