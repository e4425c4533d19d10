"""A caseworker's day in headless Chromium, at a desk and on a phone (issue #14): catch a
duplicate at intake and add the report to the existing case; edit a person and see the
duplicate candidates change; a failed form shows its banner and puts the focus on the field."""

import pytest

from seri.cases import services
from seri.cases.models import Case
from seri.intake.models import Report
from tests.conftest import BROWSER_MARKS, login
from tests.factories import CaseFactory

pytestmark = BROWSER_MARKS

WIDTHS = [pytest.param(1280, id="desk"), pytest.param(390, id="phone")]


def _signed_in(page, live_server, user, width):
    """The browser gets the session of a user who logged in with both factors (the login
    pages themselves are walked in tests/referrals/test_journey_browser.py)."""
    client = login(user)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _known(ngo, bob, name, phone):
    person = services.person_create(
        actor=bob,
        organisation=ngo,
        data=services.PersonInput(names=[services.NameInput(value=name)], phones=[phone]),
    )
    return CaseFactory(organisation=ngo, person=person, assigned_to=bob)


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_catch_a_duplicate_at_intake_and_add_the_report_to_it(
    page, live_server, transactional_db, ngo, bob, width
):
    known = _known(ngo, bob, "Testperson Kestrel", "+84 912 345 601")
    _signed_in(page, live_server, bob, width)
    page.goto(f"{live_server.url}/intake/")
    page.get_by_label("The account, as received").fill(
        "Synthetic test: my cousin is held in a compound again, same number as before."
    )
    page.get_by_label("Name", exact=True).fill("T. Kestrel")
    page.get_by_label("Phone numbers").fill("+84 912 345 601")
    add = page.get_by_role("button", name=f"Add this report to {known.reference}")
    add.wait_for()
    assert "Testperson Kestrel" in page.locator("#intake-matches").inner_text()
    _fits(page, width)
    add.click()
    page.wait_for_url(f"**/cases/{known.reference}/")
    assert Case.objects.count() == 1
    assert Report.objects.get().case_id == known.pk
    assert page.get_by_text("Report added to case").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_edit_a_person_and_see_the_candidates_change(
    page, live_server, transactional_db, ngo, bob, width
):
    first = _known(ngo, bob, "Testperson Osprey", "+84 912 345 611")
    second = _known(ngo, bob, "Zzsynthetic Heron", "+84 912 345 622")
    _signed_in(page, live_server, bob, width)
    page.goto(f"{live_server.url}/cases/{second.reference}/")
    assert page.get_by_text("Testperson Osprey").count() == 0
    _fits(page, width)
    if width < 641:  # the menu button opens the navigation
        assert not page.get_by_role("link", name="Cases", exact=True).is_visible()
        page.get_by_role("button", name="Menu").click()
        assert page.get_by_role("link", name="Cases", exact=True).is_visible()
    page.get_by_role("link", name="Edit person").click()
    page.get_by_label("Phone numbers").fill("+84 912 345 611")
    # without a reason: the banner, and the focus on the field to fix
    page.get_by_role("button", name="Save").click()
    banner = page.locator("#form-errors")
    banner.wait_for()
    assert banner.is_visible()
    assert page.evaluate("document.activeElement.name") == "reason"
    page.get_by_label("Why the details change").fill("Synthetic: number confirmed by the caller")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/cases/{second.reference}/")
    assert page.get_by_text("Testperson Osprey").first.is_visible() or width < 641
    assert page.locator('a[href="tel:+84912345611"]').count() == 1
    assert first.reference in page.content()


@pytest.mark.parametrize("width", WIDTHS)
def test_open_a_case_from_triage_with_everything_carried(
    page, live_server, transactional_db, ngo, bob, width
):
    from seri.intake.services.public import PublicReportInput, public_report_submit

    public_report_submit(
        organisation=ngo,
        data=PublicReportInput(
            account="Synthetic test: my sister was beaten and is locked in, please help.",
            reporter_relation="family",
            person_name="Testperson Wren",
            where="Synthetic Tower C, floor 3",
            contact="+84 912 000 777",
        ),
    )
    report = Report.objects.get()
    _signed_in(page, live_server, bob, width)
    page.goto(f"{live_server.url}/intake/triage/{report.public_id}/")
    assert page.get_by_label("Name of the person").input_value() == "Testperson Wren"
    assert page.get_by_label("Last known location").input_value() == "Synthetic Tower C, floor 3"
    assert page.get_by_label("Urgency").input_value() == "immediate"
    assert page.get_by_label("Call-back number or contact").input_value() == "+84 912 000 777"
    page.get_by_label("Caller's name").fill("Testcaller Lan")
    _fits(page, width)
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    assert case.assigned_to == bob and case.urgency == "immediate"
    assert page.get_by_text("Testcaller Lan").count() == 1
