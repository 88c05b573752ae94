"""Rankings in a real browser: three tables, a measure switch, Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


def test_rankings_open_and_switch_measure(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path, lang="zh") as url:
        log_in(page, url, "officer", path="rankings")
        expect(page.get_by_role("heading", name="排名与数据质量", exact=True)).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_have_count(3, timeout=30000)
        page.get_by_test_id("stRadio").get_by_text("万人信访率").click()
        expect(page.get_by_text("责任单位没有辖区人口，改按按期办结率排名。")).to_be_visible(timeout=30000)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(3, timeout=30000)
        expect(page.get_by_role("heading", name="数据质量", exact=True)).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
