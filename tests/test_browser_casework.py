"""The casework in a real browser: a screening finding past its deadline gets a 督办单, the officer asks to close
it and a committee member signs it off; an officer assigns a matter; the committee's meeting item by item to
its minutes; 我包案的事项."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import choose, log_in, served_demo, settle
from tests.helpers import as_office

pytestmark = pytest.mark.browser
MATTER = "M001P000198"
FINDING = "S:PC-WALK-1"


def find(page, matter: str) -> None:
    search = page.get_by_label("Matter number contains")
    search.fill(matter)
    search.press("Enter")
    expect(page.get_by_role("heading", name="Handling", exact=True)).to_be_visible(timeout=30000)


def overdue_finding(path) -> None:
    """A finding of the patrol's, assigned three weeks ago and two days past its deadline; the early warning has
    raised its 督办."""
    from datetime import date, timedelta

    from analytics import alert_runs, lifecycle
    from analytics.db import Database
    from analytics.ledger import import_file
    from analytics.roles import User

    visit = path.parent / "visit.csv"
    visit.write_text(
        "排查编号,排查日期,社区,小组,户号,排查发现,严重程度,涉及人数,情况描述\n"
        "PC-WALK-1,2026-11-26,爱民社区,第7小组,H-4-401,水电气暖,4,26,新华书店住宅楼4楼停水已一周\n",
        encoding="utf-8",
    )
    today = date.today()
    with Database(as_office(path)) as db:
        import_file(db, User("clerk", "clerk"), "screenings", visit)
        lifecycle.assign(db, User("officer", "officer"), FINDING, unit="自来水公司", due=today, leader="街道党工委书记")
        db.execute(
            "UPDATE risk_items SET assigned_date = ?, due_date = ? WHERE matter_id = ?",
            [today - timedelta(days=21), today - timedelta(days=2), FINDING],
        )
        alert_runs.run(db, today, trigger="command")


def test_a_finding_through_a_supervision_to_closing_on_the_register(demo_file, tmp_path, page, browser):
    with served_demo(demo_file, tmp_path, prepare=overdue_finding) as url:
        log_in(page, url, "officer", path="register")
        find(page, FINDING)
        expect(page.get_by_text("2 days past its deadline without being closed.")).to_be_visible()
        settle(page)
        page.get_by_role("tab", name="Supervision notice").click()
        notice = page.get_by_test_id("stForm").filter(has_text="New deadline")
        notice.get_by_label("What is asked of the unit").fill("限期恢复供水并书面报告")
        notice.get_by_role("button", name="Issue the notice").click()
        expect(page.get_by_text(f"{FINDING}: supervision notice issued")).to_be_visible(timeout=30000)
        expect(page.get_by_role("button", name="Supervision notice (Word)")).to_be_visible()
        settle(page)
        page.get_by_role("tab", name="Ask to close").click()
        closing = page.get_by_test_id("stForm").filter(has_text="What was done to settle it")
        closing.get_by_label("What was done to settle it").fill("已更换4楼入户管道，恢复供水，回访满意")
        closing.get_by_role("button", name="Ask to close").click()
        expect(page.get_by_text(f"{FINDING}: Assigned → Closure requested.")).to_be_visible(timeout=30000)
        assert page.locator('[data-testid="stException"]').count() == 0

        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            log_in(other, url, "committee", path="register")
            find(other, FINDING)
            other.get_by_role("button", name="Close it").click()
            expect(other.get_by_text(f"{FINDING}: Closure requested → Closed.")).to_be_visible(timeout=30000)
            expect(other.get_by_text("Reopen", exact=True).first).to_be_visible(timeout=30000)
            assert other.locator('[data-testid="stException"]').count() == 0
        finally:
            other.close()


def test_an_officer_assigns_a_matter_on_the_register(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path) as url:
        log_in(page, url, "officer", path="register")
        find(page, MATTER)
        form = page.get_by_test_id("stForm").filter(has_text="What is asked of the unit")
        expect(form.get_by_role("combobox", name="Responsible unit")).to_have_value("热力公司")  # the ledger's unit
        form.get_by_label("Leader in charge").fill("街道党工委书记")
        form.get_by_role("button", name="Assign").click()
        expect(page.get_by_text(f"{MATTER}: Being resolved → Assigned.")).to_be_visible(timeout=30000)
        expect(page.get_by_role("button", name="Assignment sheet (Word)")).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0


def test_the_meeting_item_by_item_and_a_leaders_own_list(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path) as url:
        log_in(page, url, "committee", path="meeting")
        expect(page.get_by_role("heading", name="Review meeting", exact=True)).to_be_visible(timeout=30000)
        page.get_by_role("button", name="Start the meeting").click()
        expect(page.get_by_text("Meeting 1 started.")).to_be_visible(timeout=30000)
        expect(page.get_by_text("item 1 of", exact=False)).to_be_visible()
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1, timeout=30000)
        settle(page)
        choose(page, "Keep watching")
        page.get_by_role("button", name="Record and go on").click()
        expect(page.get_by_text("Item 1: decision recorded.")).to_be_visible(timeout=30000)
        expect(page.get_by_text("item 2 of", exact=False)).to_be_visible()
        settle(page)
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
