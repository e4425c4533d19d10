"""The registry as a new user meets it, in headless Chromium: an investigator adds a compound
with aliases in two scripts, attaches a screenshot, links a media article and an operating
company, and sees it on the map and in the graph; a caseworker's message with a Google Maps
link is matched to that compound. Screenshots go to $SERI_SCREENSHOTS when it is set."""

import io
import os

import pytest
from PIL import Image
from playwright.sync_api import expect

from seri.orgs.models import Role
from tests.conftest import BROWSER_MARKS
from tests.factories import UserFactory
from tests.referrals.test_journey_browser import log_in, log_out

pytestmark = BROWSER_MARKS


def shot(page, name):
    folder = os.environ.get("SERI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def investigator(transactional_db, ngo, bob):
    return UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR))


def test_investigator_builds_the_registry_and_a_caseworker_is_matched(
    page, live_server, investigator, tmp_path
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server, "ivan")

    # A compound with aliases in Chinese and Khmer.
    page.goto(f"{live_server.url}/compounds/new/")
    page.get_by_label("Name", exact=True).fill("Golden Lotus Demo Compound")
    page.get_by_label("Other names").fill("金莲园区\nកំពង់ផ្កាឈូកមាស")
    page.get_by_label("Province (Cambodia)").select_option("18")
    page.get_by_label("Latitude").fill("10.6305")
    page.get_by_label("Longitude").fill("103.5052")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/compounds/*-*/")
    compound_url = page.url
    expect(page.get_by_text("金莲园区")).to_be_visible()

    # A screenshot attached as evidence.
    image = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(image, "PNG")
    path = tmp_path / "chat-screenshot.png"
    path.write_bytes(image.getvalue())
    page.get_by_role("link", name="Attach evidence").click()
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_label("Description").fill("Screenshot of the recruiter's chat (demo)")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/evidence/*-*/")
    expect(page.get_by_text("image/png").first).to_be_visible()
    expect(page.get_by_text("Received").first).to_be_visible()  # the custody log
    shot(page, "evidence")

    # A media article linked to the compound.
    page.goto(compound_url)
    page.get_by_role("link", name="Link a source").click()
    page.get_by_label("Kind").select_option("media")
    page.get_by_label("Title").fill("Demo article on the Golden Lotus compound")
    page.get_by_label("Publisher or author").fill("Demo News")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/sources/*-*/")

    # The company that operates it.
    page.goto(f"{live_server.url}/compounds/actors/")
    page.get_by_text("Add an actor").click()
    page.get_by_label("Kind").select_option("company")
    page.get_by_label("Name", exact=True).fill("Example Holdings Co. (demo)")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/actors/*-*/")
    page.get_by_text("Record a relationship").click()
    page.get_by_label("Relationship", exact=True).select_option("operates")
    page.get_by_label("Compound").select_option(label="Golden Lotus Demo Compound (Sihanoukville)")
    page.get_by_label("Sources").select_option(label="Demo article on the Golden Lotus compound")
    page.get_by_label("Reliability of the source").select_option("C")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Relationship recorded.")).to_be_visible()
    assert page.locator("svg.graph-svg circle").count() == 2
    shot(page, "actor")

    # The compound page shows it all, with the graph.
    page.goto(compound_url)
    expect(page.get_by_role("link", name="Example Holdings Co. (demo)").first).to_be_visible()
    expect(page.get_by_text("Demo article on the Golden Lotus compound").first).to_be_visible()
    expect(page.locator("svg.graph-svg")).to_be_visible()
    shot(page, "compound")

    # On the map, with the province outlines (no tile server configured).
    page.goto(f"{live_server.url}/compounds/map/")
    page.locator(".compound-marker").first.wait_for()
    page.locator("path.outline-province").first.wait_for(state="attached")
    page.locator(".compound-marker").first.click()
    expect(page.locator(".map-popup").get_by_text("Golden Lotus Demo Compound")).to_be_visible()
    shot(page, "map")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(compound_url)
    shot(page, "compound-phone")
    page.goto(f"{live_server.url}/compounds/")
    shot(page, "list-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    # A caseworker pastes a mother's message with a Google Maps link.
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/compounds/locate/")
    page.get_by_label("Text of a report").fill(
        "My son sent this pin before his phone was taken: "
        "https://www.google.com/maps/@10.6309,103.5058,17z"
    )
    page.get_by_role("button", name="Suggest compounds").click()
    suggestion = page.locator("ol.suggestions li").first
    assert "Golden Lotus Demo Compound" in suggestion.inner_text()
    assert "near a location in the text" in suggestion.inner_text()
    shot(page, "locate")
    # bob is a caseworker: no actors for him.
    page.goto(compound_url)
    assert page.get_by_text("Example Holdings").count() == 0
    assert not [e for e in errors if "Content Security Policy" in e], errors
