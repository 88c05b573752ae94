"""The trends page in a real browser: it draws its charts, and a filter redraws them without an error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


def test_trends_draw_and_follow_a_filter(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path, lang="en") as url:
        log_in(page, url, "analyst", path="trends")
        expect(page.get_by_role("heading", name="Trends", exact=True)).to_be_visible()
        expect(page.locator(".js-plotly-plot")).to_have_count(6, timeout=30000)
        expect(page.locator(".js-plotly-plot").first.get_by_text("A year before")).to_be_attached(timeout=20000)
        page.get_by_test_id("stRadio").get_by_text("month", exact=True).click()
        category = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Category", exact=True))
        category.click()
        page.get_by_role("option", name="Property management").click()
        expect(category.locator("input")).to_have_value("Property management", timeout=20000)
        expect(page.locator(".js-plotly-plot")).to_have_count(6, timeout=30000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.get_by_text("简体中文").click()
        expect(page.get_by_role("heading", name="趋势分析", exact=True)).to_be_visible(timeout=20000)
        assert page.locator('[data-testid="stException"]').count() == 0
