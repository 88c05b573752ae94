"""The clerk's pages in a real browser: upload a ledger and import it; enter a visit on a phone-sized screen."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_file, tmp_path_factory):
    with served_demo(demo_file, tmp_path_factory.mktemp("records"), lang="zh") as url:
        yield url


def test_clerk_uploads_a_petitions_ledger_in_chinese(server, page, tmp_path):
    ledger = tmp_path / "信访台账.csv"
    ledger.write_bytes(("信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
                        "W1,2026年11月20日,来访,爱民社区,第3小组,赵六,1,供水,街道,登记\n"
                        "W2,2026/11/21,网上信访,新华社区,第5小组,钱七,6,欠薪,区,受理\n").encode("gb18030"))
    log_in(page, server, "clerk")
    expect(page.get_by_role("heading", name="导入台账", exact=True)).to_be_visible()
    page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="信访台账").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(ledger))
    expect(page.get_by_text("共 2 行")).to_be_visible()
    page.get_by_role("button", name="检查并导入").click()
    expect(page.get_by_text("读取 2 行，导入 2 行")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_clerk_enters_a_visit_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        log_in(page, server, "clerk", path="entry")
        expect(page.get_by_role("heading", name="快速录入")).to_be_visible()
        page.get_by_label("户号（如楼栋门牌）").fill("新华书店住宅楼4楼402")
        page.get_by_label("情况描述").fill("四楼停水一周")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("已保存 PC-")).to_be_visible()
    except Exception:
        page.screenshot(path="tests/artifacts/test_clerk_enters_a_visit_on_a_phone.png", full_page=True)
        raise
    finally:
        context.close()
