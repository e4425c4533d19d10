"""A caseworker's day in headless Chromium, at a desk and on a phone, in English, Chinese and
Khmer (issues #14 and #19): catch a duplicate at intake and add the report to the existing
case; edit a person and see the duplicate candidates change; open a case from triage with
everything the report gave. A failed form shows its banner and puts the focus on the field."""

import pytest
from playwright.sync_api import expect

from seri.cases import services
from seri.cases.models import Case, CaseCaller, Urgency
from seri.intake.models import Report
from seri.intake.services.public import PublicReportInput, public_report_submit
from tests.browser import SCREENS, Screen
from tests.conftest import BROWSER_MARKS
from tests.factories import CaseFactory

pytestmark = BROWSER_MARKS


def _known(ngo, bob, name, phone):
    person = services.person_create(
        actor=bob,
        organisation=ngo,
        data=services.PersonInput(names=[services.NameInput(value=name)], phones=[phone]),
    )
    return CaseFactory(organisation=ngo, person=person, assigned_to=bob)


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_catch_a_duplicate_at_intake_and_add_the_report_to_it(
    page, live_server, transactional_db, ngo, bob, language, width
):
    known = _known(ngo, bob, "Testperson Kestrel", "+84 912 345 601")
    other = _known(ngo, bob, "Testperson Kestrel-Other", "+84 912 345 602")
    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto("/intake/")
    page.get_by_label(screen.t("The account, as received")).fill(
        "Synthetic test: my cousin is held in a compound again, same number as before."
    )
    page.get_by_label(screen.t("Name"), exact=True).fill("T. Kestrel")
    phones = page.get_by_label(screen.t("Phone numbers"))
    phones.fill("+84 912 345 601\n+84 912 345 602")
    # Leaving the field checks at once, in place of the check that typing scheduled: wait for
    # it, so that no check is still running when the report is added.
    with page.expect_response(
        lambda r: r.url.endswith("/intake/check/") and "912" in (r.request.post_data or "")
    ):
        phones.press("Tab")
    matches = page.locator("#intake-matches")
    add = page.get_by_role(
        "button", name=screen.t("Add this report to %(ref)s", ref=known.reference)
    )
    add.wait_for()
    assert "Testperson Kestrel" in matches.inner_text()
    # why it is shown, said whole in the reader's language (not "Same" + "phone number")
    assert screen.t("Same phone number") in matches.inner_text()
    assert matches.get_by_role("heading").inner_text() == screen.t("Is this someone already known?")
    # "It's someone else" takes the other record out of the panel
    decoy = matches.locator(f'[data-match="{other.person.public_id}"]')
    decoy.get_by_role("button", name=screen.t("It's someone else")).click()
    expect(decoy).to_have_count(0)
    screen.check()
    add.click()
    page.wait_for_url(f"**/cases/{known.reference}/")
    assert Case.objects.count() == 2
    assert Report.objects.get().case_id == known.pk
    expect(page.get_by_text(screen.t("Report added to case %s.") % known.reference)).to_be_visible()
    screen.check()


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_edit_a_person_and_see_the_candidates_change(
    page, live_server, transactional_db, ngo, bob, language, width
):
    first = _known(ngo, bob, "Testperson Osprey", "+84 912 345 611")
    third = _known(ngo, bob, "Testperson Plover", "+84 912 345 633")
    # recorded with the third person's number by mistake: the third is a candidate
    second = _known(ngo, bob, "Zzsynthetic Heron", "+84 912 345 633")
    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto(f"/cases/{second.reference}/")
    candidates = page.locator(".linkage-candidates")
    assert candidates.get_by_text("Testperson Plover").count() == 1
    assert candidates.get_by_text("Testperson Osprey").count() == 0
    if screen.phone:  # the navigation opens with the menu button
        assert not page.locator("#main-nav").is_visible()
        expect(screen.nav("Cases")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=screen.t("Edit person")).click()
    screen.check()
    page.get_by_label(screen.t("Phone numbers")).fill("+84 912 345 611")
    # without a reason: the banner, and the focus on the field to fix
    page.get_by_role("button", name=screen.t("Save")).click()
    banner = page.locator("#form-errors")
    banner.wait_for()
    expect(banner).to_be_visible()
    assert page.evaluate("document.activeElement.name") == "reason"
    page.get_by_label(screen.t("Why the details change")).fill(
        "Synthetic: number confirmed by the caller"
    )
    page.get_by_role("button", name=screen.t("Save")).click()
    page.wait_for_url(f"**/cases/{second.reference}/")
    screen.check()
    # the corrected number brings the first in; the third, only the wrong number linked, goes
    assert candidates.get_by_text("Testperson Osprey").count() == 1
    assert candidates.get_by_text("Testperson Plover").count() == 0
    assert first.reference in candidates.inner_html()
    assert third.reference not in candidates.inner_html()
    assert page.locator('a[href="tel:+84912345611"]').count() == 1


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_open_a_case_from_triage_with_everything_carried(
    page, live_server, transactional_db, ngo, bob, language, width
):
    public_report_submit(
        organisation=ngo,
        data=PublicReportInput(
            account=(
                "Em trai tôi là người Việt Nam, bị đánh và bị nhốt trong một tòa nhà. "
                "Xin hãy giúp chúng tôi. (synthetic test)"
            ),
            reporter_relation="family",
            person_name="Testperson Wren",
            where="Synthetic Tower C, floor 3",
            contact="+84 912 000 777",
            language="vi",
        ),
    )
    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto("/intake/triage/")
    with page.expect_navigation():
        page.get_by_role("link", name=screen.t("Open and triage")).click()
    screen.check()
    # what Seri read from the text, in the reader's words (not the codes it stores)
    read = page.locator("dl.suggestions dt").all_inner_texts()
    assert screen.t("Nationality") in read and screen.t("Language") in read
    assert not {"phone", "nationality", "language"} & set(read)
    label = page.get_by_label
    assert label(screen.t("Name of the person")).input_value() == "Testperson Wren"
    assert label(screen.t("Last known location")).input_value() == "Synthetic Tower C, floor 3"
    assert label(screen.t("Urgency")).input_value() == Urgency.IMMEDIATE_DANGER
    assert label(screen.t("Caller's relation to the person")).input_value() == "family"
    assert label(screen.t("Call-back number or contact")).input_value() == "+84 912 000 777"
    # the suggestions the text gave, ticked: Vietnamese nationality and language
    assert page.locator('input[name="open-nationality"][value="VN"]').is_checked()
    assert page.locator('input[name="open-languages"][value="vi"]').is_checked()
    label(screen.t("Caller's name")).fill("Testcaller Lan")
    label(screen.t("Safe to call back?")).select_option("no")
    page.get_by_role("button", name=screen.t("Open the case")).click()
    page.wait_for_url("**/cases/*/")
    screen.check()
    case = Case.objects.get()
    assert case.assigned_to == bob and case.urgency == Urgency.IMMEDIATE_DANGER
    assert case.location_text == "Synthetic Tower C, floor 3"
    assert [n.country for n in case.person.nationalities.all()] == ["VN"]
    assert "vi" in case.person.languages
    caller = CaseCaller.objects.get(case=case)
    assert (caller.name, caller.relation, caller.safe_to_call) == (
        "Testcaller Lan",
        "family",
        False,
    )
    assert page.get_by_text("Testcaller Lan").count() == 1
    assert page.get_by_text(screen.t("not safe to call")).count() == 1
    expect(page.get_by_text("Testperson Wren").first).to_be_visible()


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_the_save_bar_says_someone_may_be_known_while_the_panel_is_out_of_sight(
    page, live_server, transactional_db, ngo, bob, language, width
):
    # The panel comes after the whole person section; typing the phone, the caseworker sees
    # the save bar, not the panel (tried in a real browser for #19, at both widths).
    known = _known(ngo, bob, "Testperson Lapwing", "+84 912 345 621")
    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto("/intake/")
    phones = page.get_by_label(screen.t("Phone numbers"))
    phones.fill("+84 912 345 621")
    with page.expect_response(lambda r: r.url.endswith("/intake/check/")):
        phones.press("Tab")
    heading = page.get_by_role("heading", name=screen.t("Is this someone already known?"))
    expect(heading).not_to_be_in_viewport()
    hint = page.locator(".sticky-actions").get_by_role(
        "link", name=screen.t("Someone already known may be this person: look before you save.")
    )
    expect(hint).to_be_visible()
    assert "{#" not in page.locator("main").inner_text()  # a template comment left showing
    screen.check()
    hint.click()
    expect(heading).to_be_in_viewport()
    # the only candidate set aside: nothing left to look at, the save bar says nothing
    match = page.locator(f'[data-match="{known.person.public_id}"]')
    match.get_by_role("button", name=screen.t("It's someone else")).click()
    expect(hint).to_have_count(0)
    screen.check()
