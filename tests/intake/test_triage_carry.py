"""Opening a case from a triage report carries everything the report gives (issue #14's
item 3): the person's name and where they are, nationality and language suggestions, urgency
from the words, the case assigned to whoever opens it, and the caller kept apart."""

import pytest
from django.db import connection
from django.urls import reverse

from seri.cases.models import Case, CaseCaller, Urgency
from seri.intake.models import Report
from seri.intake.services.public import PublicReportInput, public_report_submit
from seri.intake.services.triage import report_prefill, urgency_suggested
from tests.conftest import login

pytestmark = pytest.mark.django_db

ACCOUNT = (
    "Em trai tôi là người Việt Nam, bị đánh và bị nhốt trong một tòa nhà. Xin hãy giúp chúng tôi."
)


def test_urgency_follows_the_strongest_words():
    assert urgency_suggested("He was beaten yesterday") == Urgency.IMMEDIATE_DANGER
    assert urgency_suggested(ACCOUNT) == Urgency.IMMEDIATE_DANGER
    assert urgency_suggested("Please help, she is held there") == Urgency.NORMAL


def test_a_public_report_opens_a_case_with_everything_carried(ngo, bob):
    public_report_submit(
        organisation=ngo,
        data=PublicReportInput(
            account=ACCOUNT,
            reporter_relation="family",
            person_name="Testperson Vanh",
            where="Synthetic Tower B, floor 7",
            contact="+84 912 000 999",
            language="vi",
        ),
    )
    report = Report.objects.get()
    assert report_prefill(report) == {
        "name": "Testperson Vanh",
        "where": "Synthetic Tower B, floor 7",
        "contact": "+84 912 000 999",
    }
    client = login(bob)
    url = reverse("triage-report", args=[report.public_id])
    form = client.get(url).context["open_form"]
    initial = {name: form[name].value() for name in form.fields}
    assert initial["full_name"] == "Testperson Vanh"
    assert initial["location_text"] == "Synthetic Tower B, floor 7"
    assert initial["urgency"] == Urgency.IMMEDIATE_DANGER
    assert initial["caller_relation"] == "family"
    assert initial["caller_phone"] == "+84 912 000 999"
    assert initial["nationality"] == "VN"
    assert "vi" in initial["languages"]

    # the caseworker checks the filled-in form, adds the caller's name and submits it
    post = {"action": "open"}
    for name, value in initial.items():
        if value not in (None, "", []):
            post[f"open-{name}"] = value
    post["open-caller_name"] = "Testcaller Minh"
    post["open-caller_safe_to_call"] = "no"
    post["open-caller_best_time"] = "after 21:00"
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.assigned_to == bob
    assert case.urgency == Urgency.IMMEDIATE_DANGER
    assert case.location_text == "Synthetic Tower B, floor 7"
    assert case.person.display_name == "Testperson Vanh"
    assert list(case.person.nationalities.values_list("country", flat=True)) == ["VN"]
    assert "vi" in case.person.languages
    # the caller is not the person: their number is not one of the person's phones
    assert not case.person.phones.exists()
    caller = CaseCaller.objects.get(case=case)
    assert (caller.name, caller.relation, caller.phone) == (
        "Testcaller Minh",
        "family",
        "+84 912 000 999",
    )
    assert caller.safe_to_call is False and caller.best_time == "after 21:00"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM cases_casecaller WHERE id = %s", [caller.pk])
        stored = " ".join(cursor.fetchone())
    assert "Testcaller" not in stored and "912" not in stored
    html = client.get(reverse("case-detail", args=[case.reference])).content.decode()
    assert "Testcaller Minh" in html and "not safe to call" in html


def test_a_viewer_does_not_see_the_caller(ngo, bob, vera):
    test_a_public_report_opens_a_case_with_everything_carried(ngo, bob)
    case = Case.objects.get()
    html = login(vera).get(reverse("case-detail", args=[case.reference])).content.decode()
    assert "Testcaller Minh" not in html


def _public_report(ngo):
    public_report_submit(
        organisation=ngo,
        data=PublicReportInput(account=ACCOUNT, reporter_relation="family", language="vi"),
    )
    return Report.objects.get()


def test_the_caller_is_written_and_undone_with_the_case_and_its_audit_row(ngo, bob, vera):
    from django.db import transaction

    from seri.audit.models import AuditEvent
    from seri.cases.services import CaseInput, NameInput, PersonInput
    from seri.intake.services.triage import CallerInput, triage_open_case

    report = _public_report(ngo)
    args = {
        "report": report,
        "person": PersonInput(names=[NameInput(value="Testperson Vanh")]),
        "case": CaseInput(),
        "caller": CallerInput(name="Testcaller Minh", relation="family", phone="+84 912 000 999"),
    }
    with pytest.raises(PermissionError):
        triage_open_case(actor=vera, **args)
    with transaction.atomic():
        triage_open_case(actor=bob, **args)
        assert AuditEvent.objects.filter(object_type="caller").exists()
        transaction.set_rollback(True)
    assert not CaseCaller.objects.exists()
    assert not AuditEvent.objects.filter(object_type="caller").exists()
    report.refresh_from_db()
    triage_open_case(actor=bob, **args)
    assert CaseCaller.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="caller", actor=bob).count() == 1
