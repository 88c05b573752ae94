"""The casework in a real browser: an officer assigns a matter and asks to close it, a committee member signs it
off; the committee's meeting item by item to its minutes; 我包案的事项."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser
MATTER = "M001P000198"


def find(page, matter: str) -> None:
    search = page.get_by_label("Matter number contains")
    search.fill(matter)
    search.press("Enter")
    expect(page.get_by_role("heading", name="Handling", exact=True)).to_be_visible(timeout=30000)


def test_a_matter_from_assignment_to_closing_on_the_register(demo_file, tmp_path, page, browser):
    with served_demo(demo_file, tmp_path) as url:
        log_in(page, url, "officer", path="register")
        find(page, MATTER)
        form = page.get_by_test_id("stForm").filter(has_text="What is asked of the unit")
        form.get_by_test_id("stSelectbox").click()
        page.get_by_role("option", name="热力公司", exact=True).click()
        form.get_by_label("Leader in charge").fill("街道党工委书记")
        form.get_by_role("button", name="Assign").click()
        expect(page.get_by_text(f"{MATTER}: Being resolved → Assigned.")).to_be_visible(timeout=30000)
        page.get_by_role("tab", name="Ask to close").click()
        closing = page.get_by_test_id("stForm").filter(has_text="What was done to settle it")
        closing.get_by_label("What was done to settle it").fill("已更换暖气阀门，回访满意")
        closing.get_by_role("button", name="Ask to close").click()
        expect(page.get_by_text(f"{MATTER}: Assigned → Closure requested.")).to_be_visible(timeout=30000)
        assert page.locator('[data-testid="stException"]').count() == 0

        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            log_in(other, url, "committee", path="register")
            find(other, MATTER)
            other.get_by_role("button", name="Close it").click()
            expect(other.get_by_text(f"{MATTER}: Closure requested → Closed.")).to_be_visible(timeout=30000)
            expect(other.get_by_text("Reopen", exact=True).first).to_be_visible(timeout=30000)
            assert other.locator('[data-testid="stException"]').count() == 0
        finally:
            other.close()


def test_the_meeting_item_by_item_and_a_leaders_own_list(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path) as url:
        log_in(page, url, "committee", path="meeting")
        expect(page.get_by_role("heading", name="Review meeting", exact=True)).to_be_visible(timeout=30000)
        page.get_by_role("button", name="Start the meeting").click()
        expect(page.get_by_text("Meeting 1 started.")).to_be_visible(timeout=30000)
        expect(page.get_by_text("item 1 of", exact=False)).to_be_visible()
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1, timeout=30000)
        page.get_by_text("Keep watching", exact=True).click()
        page.get_by_role("button", name="Record and go on").click()
        expect(page.get_by_text("Item 1: decision recorded.")).to_be_visible(timeout=30000)
        expect(page.get_by_text("item 2 of", exact=False)).to_be_visible()
        page.get_by_role("button", name="End the meeting").click()
        expect(page.get_by_text("Meeting 1 ended: its minutes are below.")).to_be_visible(timeout=30000)
        expect(page.get_by_text("Decision: keep watching")).to_be_visible()
        expect(page.get_by_role("button", name="Minutes (Word)")).to_be_visible()

        page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text="My items").click()
        expect(page.get_by_role("heading", name="My items", exact=True)).to_be_visible(timeout=30000)
        metrics = page.get_by_test_id("stMetric")
        expect(metrics.filter(has_text="Not yet closed")).to_be_visible(timeout=30000)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=30000)
        assert page.locator('[data-testid="stException"]').count() == 0
