"""Screening in a real browser: the coverage gap, the July campaign's progress and its hidden risks, another
campaign chosen from the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


def test_campaign_progress_and_findings(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path) as url:
        log_in(page, url, "committee", path="campaigns")
        expect(page.get_by_role("heading", name="Screening campaigns", exact=True)).to_be_visible()
        metrics = page.get_by_test_id("stMetric")
        expect(metrics.filter(has_text="Households due")).to_contain_text("4,465", timeout=30000)
        expect(metrics.filter(has_text="Hidden risks found")).to_contain_text("15")
        # the coverage gap first: the demo street's one group unvisited since July, listed
        expect(page.get_by_role("heading", name="Screening coverage gap", exact=True)).to_be_visible()
        expect(page.get_by_text("1 group in 1 community", exact=False)).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_have_count(3, timeout=30000)  # gap, communities, findings
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1)
        page.get_by_test_id("stMain").get_by_test_id("stSelectbox").click()
        page.get_by_role("option", name="2024年7月入户大排查").click()
        expect(page.get_by_text("2024-07-01 to 2024-07-31")).to_be_visible(timeout=30000)
        expect(metrics.filter(has_text="Hidden risks found")).to_contain_text("15")
        assert page.locator('[data-testid="stException"]').count() == 0
