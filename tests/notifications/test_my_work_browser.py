"""My work in headless Chromium, at a desk and on a phone, in English, Chinese and Khmer
(issue #19): the tasks page across my cases, and a declined referral that reaches the sender
as a notice in the app and as an e-mail received by a real SMTP server the test starts."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from seri.cases.models import ConsentKind, Task
from seri.cases.services import consent_record, task_complete, task_create
from seri.notifications.models import Notification
from seri.referrals import services as referrals
from seri.referrals.models import ReferralStatus
from tests.browser import SCREENS, Screen
from tests.conftest import BROWSER_MARKS
from tests.factories import CaseFactory, PersonFactory

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_the_tasks_page(page, live_server, transactional_db, ngo, bob, bobs_case, language, width):
    today = timezone.localdate()
    task_create(actor=bob, case=bobs_case, title="Visit the shelter (synthetic)", due_on=today)
    done = task_create(actor=bob, case=bobs_case, title="Ask for the passport copy (synthetic)")
    task_complete(actor=bob, task=done)
    # a task on a case of someone else: not mine
    others = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo))
    task_create(actor=bob, case=others, title="Not my task (synthetic)")

    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto(f"/cases/{bobs_case.reference}/")
    # a task added on the case page, due yesterday
    screen.unfold("tasks")
    tasks = page.locator("section#tasks")
    tasks.locator("summary", has_text=screen.t("Add a task")).click()
    tasks.get_by_label(screen.t("Task"), exact=True).fill("Call the family back (synthetic)")
    yesterday = today - dt.timedelta(days=1)
    tasks.get_by_label(screen.t("Due on")).fill(yesterday.isoformat())
    tasks.get_by_role("button", name=screen.t("Add task")).click()
    tasks.locator("li", has_text="Call the family back").wait_for(state="attached")
    screen.check()

    screen.nav("My tasks").click()
    page.wait_for_url("**/work/tasks/")
    screen.check()
    overdue, due, recent = (page.locator(f"section#{s}") for s in ("overdue", "due", "done"))
    assert "Call the family back" in overdue.inner_text()
    assert "Visit the shelter" in due.inner_text()
    assert "Ask for the passport copy" in recent.inner_text()
    assert page.get_by_text("Not my task").count() == 0
    assert overdue.get_by_role("heading").inner_text().startswith(screen.t("Overdue"))

    # from the list to the case, done there, and back: it moved to "done recently"
    overdue.get_by_role("link", name=bobs_case.reference).click()
    page.wait_for_url(f"**/cases/{bobs_case.reference}/#tasks")
    screen.unfold("tasks")
    item = tasks.locator("li", has_text="Call the family back")
    item.get_by_role("button", name=screen.t("Mark done")).click()
    tasks.locator("s", has_text="Call the family back").wait_for(state="attached")
    assert Task.objects.filter(done_at__isnull=False).count() == 2
    screen.goto("/work/tasks/")
    assert "Call the family back" in recent.inner_text()
    assert overdue.get_by_text(screen.t("Nothing overdue.")).count() == 1


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_a_declined_referral_reaches_the_sender_by_notice_and_e_mail(
    page, live_server, transactional_db, bob, emma, embassy, bobs_case, smtp_server, language, width
):
    bob.email = "bob@test.invalid"
    bob.save(update_fields=["email"])
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    referral = referrals.referral_send(actor=bob, case=bobs_case, to_organisation=embassy)

    screen = Screen(page, live_server, language, width).sign_in(emma)
    screen.goto("/referrals/")
    waiting = page.locator(f"#referral-{referral.public_id}")
    decline = waiting.get_by_role("button", name=screen.t("Decline"), exact=True)
    # declining needs a reason: the page says so at the top and puts the cursor in the note
    decline.click()
    expect(page.locator("#form-errors")).to_be_visible()
    note = waiting.get_by_role("textbox")
    expect(note).to_be_focused()
    expect(waiting.get_by_text(screen.t("Say why the referral is declined."))).to_be_visible()
    screen.check()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not smtp_server.messages
    waiting.get_by_role("textbox").fill("No capacity this month (synthetic)")
    decline.click()
    page.locator("li.message.success").wait_for()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED

    # the sender's e-mail, through the SMTP server: the reference and a link, nothing more
    [(_sender, recipients, content)] = smtp_server.wait_for(1)
    assert recipients == ["bob@test.invalid"]
    assert f"https://seri.test.invalid/cases/{bobs_case.reference}/" in content
    for secret in ("Testperson", "912345678", "capacity"):
        assert secret not in content

    # and the notice in the app, in the reader's language
    screen.sign_out()
    screen.sign_in(bob)
    screen.goto("/")
    notices = screen.nav("Notices")
    assert notices.locator(".count").inner_text() == "1"
    notices.click()
    page.wait_for_url("**/work/notices/")
    screen.check()
    with translation.override(language):
        text = Notification.objects.get(recipient=bob).text
    page.get_by_role("button", name=text).click()
    page.wait_for_url(f"**/cases/{bobs_case.reference}/")
    screen.check()
    assert Notification.objects.get(recipient=bob).read_at is not None
    assert page.locator("#main-nav .count").count() == 0
