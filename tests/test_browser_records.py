"""The clerk's pages in a real browser: upload a ledger and import it; enter a visit on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from analytics.db import Database
from tests.browser import log_in, served_demo, settle
from tests.helpers import ARTIFACTS, as_office

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_file, tmp_path_factory):
    # the clerk imports ledgers: the demo's records as an office's own (real imports never go into the demo)
    with served_demo(demo_file, tmp_path_factory.mktemp("records"), lang="zh", prepare=as_office) as url:
        yield url


def test_clerk_uploads_a_petitions_ledger_in_chinese(server, page, tmp_path):
    ledger = tmp_path / "信访台账.csv"
    ledger.write_bytes(
        (
            "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
            "W1,2026年11月20日,来访,爱民社区,第3小组,赵六,1,供水,街道,登记\n"
            "W2,2026/11/21,网上信访,新华社区,第5小组,钱七,6,欠薪,区,受理\n"
        ).encode("gb18030")
    )
    log_in(page, server, "clerk")
    expect(page.get_by_role("heading", name="导入台账", exact=True)).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(ledger))
    # no ledger chosen beforehand: the page recognises the petitions ledger from the headers
    expect(page.get_by_text("根据表头，该文件是“信访台账”")).to_be_visible()
    expect(page.get_by_text("共 2 行")).to_be_visible()
    page.get_by_role("button", name="检查并导入").click()
    expect(page.get_by_text("读取 2 行，导入 2 行")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def fresh(page, label: str):
    """The field of the form drawn last: not one of the faded (data-stale) elements of the run before."""
    return page.locator(f'[aria-label="{label}"]:not([data-stale="true"] *)')


def test_two_petitions_entered_in_a_row_on_a_phone_are_two_records(demo_file, browser, tmp_path):
    """Issue 16.1: the second save used to overwrite the first petition."""
    with served_demo(demo_file, tmp_path, lang="zh") as url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        numbers = []
        try:
            log_in(page, url, "clerk", path="entry")
            expect(page.get_by_role("heading", name="快速录入")).to_be_visible()
            page.get_by_test_id("stMain").get_by_text("信访登记", exact=True).click()
            expect(page.get_by_label("信访人")).to_be_visible()
            for name, summary in (("张三", "楼道灯坏了一个月"), ("李四", "小区门口路面破损")):
                number = fresh(page, "编号").input_value()
                assert number.startswith("XF-")
                fresh(page, "信访人").fill(name)
                fresh(page, "内容摘要").fill(summary)
                page.get_by_role("button", name="保存").click()
                # the save waits up to 3 s for the early-warning run it starts, then the page draws again
                expect(page.get_by_text(f"已新建信访登记记录 {number}")).to_be_visible(timeout=30_000)
                # Streamlit keeps the last drawing, faded (data-stale), beside the new one for a while after
                # the run: the form the clerk types into next is the one that is not stale
                settle(page)
                expect(fresh(page, "信访人")).to_have_count(1, timeout=30_000)
                expect(fresh(page, "信访人")).to_have_value("", timeout=30_000)
                numbers.append(number)
        except Exception:
            page.screenshot(path=f"{ARTIFACTS}/test_two_petitions_on_a_phone.png", full_page=True)
            raise
        finally:
            context.close()
    db = Database(tmp_path / "demo.duckdb")
    try:
        assert numbers[0] != numbers[1]
        assert db.rows(
            "SELECT petition_id, summary FROM petitions WHERE petition_id IN (?, ?) ORDER BY 1", numbers
        ) == [(numbers[0], "楼道灯坏了一个月"), (numbers[1], "小区门口路面破损")]
        assert db.scalar("SELECT count(*) FROM record_history WHERE record_id IN (?, ?)", numbers) == 0
    finally:
        db.close()
