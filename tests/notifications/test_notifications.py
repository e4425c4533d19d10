"""Notices: who hears of what, in the reader's language, by e-mail through a real SMTP
server, and the tasks page and navigation counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from seri.audit.models import AuditEvent
from seri.cases.models import ConsentKind, Task
from seri.cases.services import consent_record, task_complete, task_create
from seri.intake.models import PublicReceipt, Report
from seri.intake.services.public import PublicReportInput, public_report_add, public_report_submit
from seri.linkage.models import MatchCandidate, Source
from seri.notifications import services
from seri.notifications.kinds import NoticeKind
from seri.notifications.models import Notification
from seri.referrals import services as referrals
from tests.conftest import login
from tests.factories import CaseFactory, PersonFactory


@pytest.fixture
def consented_case(bob, bobs_case):
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    return bobs_case


@pytest.fixture
def referral(bob, embassy, consented_case):
    return referrals.referral_send(actor=bob, case=consented_case, to_organisation=embassy)


def test_declining_needs_a_reason_and_the_sender_hears_of_it(bob, emma, referral):
    with pytest.raises(ValidationError) as exc:
        referrals.referral_decline(actor=emma, referral=referral, note="  ")
    assert "note" in exc.value.message_dict
    assert not Notification.objects.exists()
    referrals.referral_decline(actor=emma, referral=referral, note="No capacity this month")
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (bob, NoticeKind.REFERRAL_DECLINED)
    # nothing identifying and no English text is stored: the kind and the partner's short name
    assert notice.params == {"org": "EMB-TL"}
    reference = referral.case.reference
    assert notice.text == f"EMB-TL declined the referral of case {reference}."
    # the text is made when read, from the kind's msgid, in the reader's language
    assert not any(
        isinstance(v, str) and "declined the" in v
        for v in Notification.objects.values().get().values()
    )


def test_an_acceptance_is_emailed_through_a_real_smtp_server(
    bob, emma, referral, smtp_server, django_capture_on_commit_callbacks
):
    bob.email = "bob@test.invalid"
    bob.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_accept(actor=emma, referral=referral, note="We will call them")
    [(sender, recipients, content)] = smtp_server.wait_for(1)
    reference = referral.case.reference
    assert recipients == ["bob@test.invalid"]
    assert sender == "seri@test.invalid"
    assert f"Subject: Seri: news on case {reference}" in content
    assert f"https://seri.test.invalid/cases/{reference}/" in content
    # never identifying data: not the name, not the phone, not the partner's note
    for secret in ("Testperson", "Alpha", "912345678", "call them"):
        assert secret not in content
    assert Notification.objects.get(recipient=bob).emailed_at is not None


def test_no_mail_when_e_mail_is_not_configured(bob, emma, referral, mailoutbox, settings):
    settings.SERI_EMAIL_NOTIFICATIONS = False
    bob.email = "bob@test.invalid"
    bob.save(update_fields=["email"])
    referrals.referral_accept(actor=emma, referral=referral)
    assert Notification.objects.filter(recipient=bob).exists()
    assert mailoutbox == []


def test_a_task_falling_due_notifies_once(bob, bobs_case):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    task_create(actor=bob, case=bobs_case, title="Call the family (synthetic)", due_on=yesterday)
    task_create(actor=bob, case=bobs_case, title="Later", due_on=yesterday + dt.timedelta(days=9))
    call_command("notify-tasks")
    call_command("notify-tasks")
    # bob created the tasks (he is the actor of neither command run): he hears of the due one
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.case) == (bob, NoticeKind.TASK_DUE, bobs_case)
    assert notice.params == {"due": yesterday.isoformat()}


def test_a_duplicate_found_notifies_the_caseworkers_of_both_cases(
    bob, charlie, ngo, other_ngo, bobs_case, django_capture_on_commit_callbacks
):
    other = CaseFactory(
        organisation=other_ngo,
        person=PersonFactory(organisation=other_ngo, name="Testperson Alpha"),
        assigned_to=charlie,
    )
    a, b = sorted([bobs_case.person_id, other.person_id])
    with django_capture_on_commit_callbacks(execute=True):
        MatchCandidate.objects.create(
            person_a_id=a, person_b_id=b, probability=0.97, source=Source.INTAKE
        )
    notices = {(n.recipient, n.case) for n in Notification.objects.all()}
    assert notices == {(bob, bobs_case), (charlie, other)}
    assert all(n.kind == NoticeKind.DUPLICATE_FOUND for n in Notification.objects.all())


def test_one_unread_notice_per_case_however_many_candidates(
    bob, ngo, bobs_case, django_capture_on_commit_callbacks
):
    """A person recorded again brings several candidates at once: bob hears once about his
    case, and again only after he has read that notice (the walk of #19 found 133 notices
    for 75 cases)."""
    others = [PersonFactory(organisation=ngo, name=f"Testperson Echo{n}") for n in range(4)]

    def candidates(people):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for person in people:
                a, b = sorted([bobs_case.person_id, person.pk])
                MatchCandidate.objects.create(
                    person_a_id=a, person_b_id=b, probability=0.9, source=Source.INTAKE
                )

    candidates(others[:2])
    assert Notification.objects.filter(recipient=bob, case=bobs_case).count() == 1
    candidates(others[2:3])  # the first is still unread
    assert Notification.objects.filter(recipient=bob, case=bobs_case).count() == 1
    Notification.objects.update(read_at=timezone.now())
    candidates(others[3:])
    assert Notification.objects.filter(recipient=bob, case=bobs_case).count() == 2


def test_a_rolled_back_batch_of_candidates_does_not_swallow_the_next(
    bob, ngo, bobs_case, django_capture_on_commit_callbacks
):
    first, second = (PersonFactory(organisation=ngo, name=f"Testperson Fox{n}") for n in range(2))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                a, b = sorted([bobs_case.person_id, first.pk])
                MatchCandidate.objects.create(
                    person_a_id=a, person_b_id=b, probability=0.9, source=Source.INTAKE
                )
                raise RuntimeError("the intake failed after the candidate was made")
        except RuntimeError:
            pass
        a, b = sorted([bobs_case.person_id, second.pk])
        MatchCandidate.objects.create(
            person_a_id=a, person_b_id=b, probability=0.9, source=Source.INTAKE
        )
    notice = Notification.objects.get(recipient=bob)
    assert notice.case == bobs_case and notice.kind == NoticeKind.DUPLICATE_FOUND


def test_a_reporters_addition_notifies_the_caseworker(
    bob, ngo, bobs_case, django_capture_on_commit_callbacks
):
    receipt = public_report_submit(
        organisation=ngo, data=PublicReportInput(account="My cousin is held (synthetic).")
    )
    stored = PublicReceipt.objects.get(reference=receipt.reference)
    Report.objects.filter(pk=stored.report_id).update(case=bobs_case)
    stored.report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        public_report_add(receipt=stored, text="They moved her to another building.")
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.case) == (
        bob,
        NoticeKind.REPORTER_ADDED,
        bobs_case,
    )


def test_only_the_recipient_marks_a_notice_read_and_the_audit_row_goes_with_it(
    bob, emma, vera, referral
):
    referrals.referral_accept(actor=emma, referral=referral)
    notice = Notification.objects.get(recipient=bob)
    with pytest.raises(PermissionError):
        services.notification_mark_read(actor=vera, notification=notice)
    events = AuditEvent.objects.count()
    with transaction.atomic():
        services.notification_mark_read(actor=bob, notification=notice)
        assert AuditEvent.objects.count() == events + 1
        transaction.set_rollback(True)
    notice.refresh_from_db()
    assert notice.read_at is None and AuditEvent.objects.count() == events
    services.notification_mark_read(actor=bob, notification=notice)
    notice.refresh_from_db()
    assert notice.read_at is not None and AuditEvent.objects.count() == events + 1


def test_no_notice_for_someone_who_may_not_see_the_case(bob, charlie, bobs_case):
    made = services.notify(
        actor=None,
        recipients=[charlie, bob],
        kind=NoticeKind.TASK_DUE,
        case=bobs_case,
        key="test:1",
        params={"due": "2026-01-01"},
    )
    assert [n.recipient for n in made] == [bob]


def test_the_tasks_page_shows_overdue_due_and_done_of_visible_cases_only(
    bob, charlie, other_ngo, bobs_case
):
    today = timezone.localdate()
    task_create(actor=bob, case=bobs_case, title="Overdue task", due_on=today - dt.timedelta(2))
    task_create(actor=bob, case=bobs_case, title="Upcoming task", due_on=today + dt.timedelta(3))
    done = task_create(actor=bob, case=bobs_case, title="Finished task", due_on=today)
    task_complete(actor=bob, task=done)
    foreign = CaseFactory(organisation=other_ngo, assigned_to=charlie)
    Task.objects.create(
        case=foreign,
        organisation=other_ngo,
        title="Hidden task",
        assigned_to=bob,  # assigned by mistake to someone who cannot see the case
        created_by=charlie,
    )
    page = login(bob).get(reverse("my-tasks"))
    html = page.content.decode()
    assert page.status_code == 200
    overdue, rest = html.split('id="due"')
    due, finished = rest.split('id="done"')
    assert "Overdue task" in overdue and "Upcoming task" in due and "Finished task" in finished
    assert "Hidden task" not in html and foreign.reference not in html


def test_the_navigation_counts_referrals_waiting_and_unread_notices(
    bob, emma, referral, django_assert_max_num_queries
):
    client = login(emma)
    page = client.get(reverse("notification-list"))
    assert 'title="Referrals waiting for your answer">1</span>' in page.content.decode()
    referrals.referral_accept(actor=emma, referral=referral)
    page = login(bob).get(reverse("notification-list"))
    html = page.content.decode()
    assert 'title="Unread notices">1</span>' in html
    assert "EMB-TL accepted the referral of case" in html


def test_the_language_switcher_names_each_language_in_itself(bob, client_for):
    client = client_for(bob)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("my-tasks")).content.decode()
    assert '<html lang="zh-hans">' in html
    for own in ('lang="en" >English<', 'lang="zh-hans" selected>简体中文<', 'lang="km" >ខ្មែរ<'):
        assert own in html
