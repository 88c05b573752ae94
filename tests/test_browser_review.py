"""The weekly review in a real browser: an officer opens the newest alert and acknowledges it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


def test_officer_acknowledges_the_top_alert(demo_file, tmp_path, page):
    from analytics import alerts
    from analytics.db import Database
    from analytics.i18n import t

    db = Database(demo_file)
    first = alerts.review_list(db, db.scalar("SELECT max(received_date) FROM petitions")).iloc[0]
    db.close()
    kind = t(f"kind.{first['kind']}", "en")
    with served_demo(demo_file, tmp_path, lang="en") as url:
        log_in(page, url, "officer", path="review")
        expect(page.get_by_role("heading", name="Weekly alert review")).to_be_visible()
        top = page.get_by_test_id("stExpander").first
        expect(top).to_contain_text(f" · {kind} · ")  # this week's new alerts first
        expect(top).to_contain_text("New this week")
        top.get_by_role("button", name="Acknowledge").click()
        # the card answers itself, naming the alert it acted on (only the card is drawn again)
        expect(top.get_by_text(f"Acknowledged: {kind} · ")).to_be_visible(timeout=15000)
        expect(top).to_contain_text("State: acknowledged")
        assert page.locator('[data-testid="stException"]').count() == 0


def test_committee_downloads_the_weeks_brief(demo_file, tmp_path, page):
    import openpyxl

    with served_demo(demo_file, tmp_path, lang="en") as url:
        log_in(page, url, "committee", path="review")
        expect(page.get_by_role("heading", name="Weekly alert review")).to_be_visible()
        button = page.get_by_role("button", name="Download the brief (Excel)")
        button.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")  # the page has finished drawing: the button is the final one
        with page.expect_download(timeout=90000) as download:
            button.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "brief-2026-11-23.xlsx"
        book = openpyxl.load_workbook(saved)
        assert book.sheetnames[0] == "Headline figures" and book["New and open alerts"].max_row > 1
        assert page.locator('[data-testid="stException"]').count() == 0
