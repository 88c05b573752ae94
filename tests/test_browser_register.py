"""The risk register in a real browser: pick the top item, see why it scores so and what happened."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_file, tmp_path_factory):
    with served_demo(demo_file, tmp_path_factory.mktemp("register"), lang="en") as url:
        yield url


def pick_first_row(page) -> None:
    settle(page)
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    settle(page)  # a click while the page still runs may land on what moves under it
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 52)  # the first data row's selection box


@pytest.mark.parametrize("role, sees_pseudonyms", [("officer", True), ("committee", False)])
def test_top_item_shows_its_score_make_up_and_timeline(server, page, role, sees_pseudonyms):
    log_in(page, server, role)
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text="Risk register").click()
    expect(page.get_by_role("heading", name="Risk register")).to_be_visible()
    pick_first_row(page)
    expect(page.get_by_role("heading", name="M001-DEMOLITION · Red")).to_be_visible()
    expect(page.locator(".js-plotly-plot .waterfalllayer")).to_have_count(1)
    expect(page.get_by_text("Highest level reached").first).to_be_attached()  # a bar of the waterfall
    # the escalation forecast: its probability in words and the inputs that moved it, as bars
    expect(page.get_by_role("heading", name="Escalation forecast")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+% chance that this matter escalates within 30 days"))).to_be_visible()
    expect(page.get_by_text("Highest level reached: Province")).to_be_attached()
    expect(page.locator(".js-plotly-plot .barlayer")).to_have_count(1)
    # each input in words beside a typical matter, and what the grade and the chance each measure
    expect(page.get_by_text(re.compile(r"here against .* for a typical matter")).first).to_be_visible()
    expect(page.get_by_text("Two measures, two questions.", exact=False)).to_be_visible()
    timeline = page.get_by_test_id("stDataFrame").nth(1)
    expect(timeline.get_by_text("Province").first).to_be_attached()
    pseudonyms = timeline.get_by_text(re.compile(r"^P-[0-9a-f]{12}$"))
    if sees_pseudonyms:
        expect(pseudonyms.first).to_be_attached()
    else:
        page.wait_for_timeout(500)
        assert pseudonyms.count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
