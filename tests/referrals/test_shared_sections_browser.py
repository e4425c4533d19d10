"""Referring with a chosen set of sections, in headless Chromium at a desk and on a phone, in
English, Chinese and Khmer (issue #19): the caseworker marks a note shareable, ticks what
the partner may see, previews it, sends; the partner accepts and sees only those sections."""

import pytest
from playwright.sync_api import expect

from seri.cases.models import ConsentKind
from seri.cases.services import case_add_note, consent_record, task_create
from seri.referrals.models import Referral, ReferralStatus, SharedSection
from tests.browser import SCREENS, Screen
from tests.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

INTERNAL = "Internal: the family may be involved (synthetic)"
SHAREABLE = "Shareable: needs a Vietnamese interpreter (synthetic)"
TASK = "Book the shelter bed (synthetic)"


@pytest.fixture
def case(transactional_db, bob, bobs_case):
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    case_add_note(actor=bob, case=bobs_case, text=INTERNAL)
    task_create(actor=bob, case=bobs_case, title=TASK)
    return bobs_case


def _shows_only_the_notes(page, screen):
    assert page.get_by_text(SHAREABLE).count() == 1
    for hidden in (INTERNAL, TASK, "Testperson Alpha", "+84912345678"):
        assert page.get_by_text(hidden).count() == 0, hidden
    hidden = screen.t("The person's details are not shared with your organisation.")
    assert page.get_by_text(hidden).count() == 1


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_refer_with_chosen_sections_and_the_partner_sees_only_those(
    page, live_server, case, emma, embassy, bob, language, width
):
    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto(f"/cases/{case.reference}/")

    # a note the partner may see
    screen.unfold("note")
    note = page.locator("section#note")
    note.get_by_label(screen.t("Note"), exact=True).fill(SHAREABLE)
    note.get_by_label(screen.t("Partners may see this note")).check()
    note.get_by_role("button", name=screen.t("Add note"), exact=True).click()
    page.locator("#timeline").get_by_text(SHAREABLE).wait_for(state="attached")
    screen.check()

    # refer, sharing the shareable notes and nothing else
    screen.unfold("referrals")
    referrals = page.locator("section#referrals")
    referrals.locator("summary", has_text=screen.t("Refer to a partner")).click()
    referrals.get_by_label(screen.t("Refer to"), exact=True).select_option("EMB-TL")
    sections = {
        SharedSection.PERSON: False,
        SharedSection.REPORTS: False,
        SharedSection.NOTES: True,
        SharedSection.TASKS: False,
        SharedSection.EVIDENCE: False,
    }
    for section, ticked in sections.items():
        referrals.get_by_label(screen.t(str(SharedSection(section).label))).set_checked(ticked)
    screen.check()

    # the preview, in a new tab, is the partner's page before it is sent
    with page.context.expect_page() as opened:
        referrals.get_by_role("button", name=screen.t("Preview what the partner will see")).click()
    preview = opened.value
    preview.wait_for_load_state()
    _shows_only_the_notes(preview, screen)
    preview.close()
    assert not Referral.objects.exists()

    referrals.get_by_role("button", name=screen.t("Send referral")).click()
    page.get_by_text(screen.t("Referred to %s.") % "EMB-TL").wait_for()
    screen.check()
    referral = Referral.objects.get()
    assert referral.shared_sections == [SharedSection.NOTES]

    # the partner's liaison accepts, and sees the shareable note, nothing else
    screen.sign_out()
    screen.sign_in(emma)
    screen.goto("/referrals/")
    waiting = page.locator(f"#referral-{referral.public_id}")
    assert waiting.get_by_text(case.reference).count() == 1
    waiting.get_by_role("button", name=screen.t("Accept"), exact=True).click()
    page.wait_for_url(f"**/cases/{case.reference}/")
    screen.check()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    _shows_only_the_notes(page, screen)
    expect(
        page.locator(".shared-sections").get_by_text(screen.t(str(SharedSection.NOTES.label)))
    ).to_be_visible()
