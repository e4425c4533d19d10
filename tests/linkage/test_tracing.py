"""Tracing: a family's report of a missing relative meets a person recorded as safe elsewhere."""

from django.urls import reverse

from seri.cases.models import CaseStatus, ConsentKind
from seri.cases.services import (
    CaseInput,
    NameInput,
    PersonInput,
    case_change_status,
    case_create,
    consent_record,
)
from seri.intake.services import ReportInput, intake_record
from seri.linkage.models import Notification
from tests.conftest import login
from tests.linkage.test_services import person


def test_a_family_report_notifies_both_caseworkers(
    ngo, other_ngo, bob, charlie, django_capture_on_commit_callbacks
):
    # charlie's organisation sheltered a man who agreed to be traced
    safe = person(charlie, other_ngo, "Chang Wei", age=30, nat=["CN"], sex="Masculine")
    case = case_create(actor=charlie, organisation=other_ngo, person=safe, data=CaseInput())
    case.assigned_to = charlie
    case.save()
    for status in (CaseStatus.VERIFYING, CaseStatus.RELEASED_RESCUED):
        case_change_status(actor=charlie, case=case, to_status=status, reason="Rescued.")
    consent_record(actor=charlie, case=case, kind=ConsentKind.TRACING, given=True)

    # his mother reports him missing to bob's organisation
    with django_capture_on_commit_callbacks(execute=True):
        reported = intake_record(
            actor=bob,
            organisation=ngo,
            report=ReportInput(
                channel="hotline", reporter_relation="family", original_text="My son is missing."
            ),
            person=PersonInput(
                names=[NameInput(value="张伟")],
                age_estimate=30,
                nationalities=["CN"],
                gender="Masculine",
            ),
            case=CaseInput(assigned_to=bob),
        )
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"bob", "charlie"}
    assert reported.person.pk != safe.pk
    # each sees the notice in the review queue, with a link to their own side only
    page = login(charlie).get(reverse("linkage-queue")).content.decode()
    assert "may match a person recorded as safe" in page
    assert case.reference in page and reported.reference not in page


def test_no_notice_without_tracing_consent(
    ngo, other_ngo, bob, charlie, django_capture_on_commit_callbacks
):
    safe = person(charlie, other_ngo, "Chang Wei", age=30, nat=["CN"], sex="Masculine")
    case = case_create(actor=charlie, organisation=other_ngo, person=safe, data=CaseInput())
    for status in (CaseStatus.VERIFYING, CaseStatus.RELEASED_RESCUED):
        case_change_status(actor=charlie, case=case, to_status=status, reason="Rescued.")
    with django_capture_on_commit_callbacks(execute=True):
        intake_record(
            actor=bob,
            organisation=ngo,
            report=ReportInput(
                channel="hotline", reporter_relation="family", original_text="My son is missing."
            ),
            person=PersonInput(
                names=[NameInput(value="张伟")], age_estimate=30, nationalities=["CN"]
            ),
            case=CaseInput(),
        )
    assert not Notification.objects.exists()
