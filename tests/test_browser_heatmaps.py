"""The heatmaps in a real browser: a click on a cell lists the petitions behind it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from analytics.db import Database
from analytics.taxonomy import CATEGORIES, label
from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser
END = date(2026, 11, 27)


def test_clicking_a_cell_lists_its_petitions(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path, lang="en") as url:
        log_in(page, url, "analyst", path="heatmaps")
        expect(page.get_by_role("heading", name="Heatmaps")).to_be_visible()
        page.wait_for_selector(".js-plotly-plot .heatmaplayer image", state="attached")
        page.set_viewport_size({"width": 1400, "height": 650})  # a laptop: the list starts below the fold
        plot = page.locator(".js-plotly-plot").first
        plot.scroll_into_view_if_needed()
        columns = plot.locator(".xtick text").all_text_contents()
        # the cell under the second community's label and level with the category's label
        row = plot.locator(".ytick text", has_text=label(CATEGORIES, "property_management", "en")).bounding_box()
        column = plot.locator(".xtick text").nth(1).bounding_box()
        page.mouse.click(column["x"] + column["width"] / 2, row["y"] + row["height"] / 2)
        heading = page.get_by_role("heading", name=re.compile(r"\d+ petitions?:"))
        expect(heading).to_be_visible(timeout=20000)
        count = int(heading.inner_text().split()[0])
        assert columns[1] in heading.inner_text() and "Property management" in heading.inner_text()
        db = Database(demo_file)
        expected = db.scalar(
            "SELECT count(*) FROM petitions JOIN communities AS c USING (community_id) "
            "WHERE c.name = ? AND category = 'property_management' AND received_date BETWEEN ? AND ?",
            [columns[1], END - timedelta(days=364), END],
        )
        db.close()
        assert count == expected > 0
        expect(page.get_by_test_id("stDataFrame").last).to_be_visible()
        # the listed petitions are brought into view (issue 16.10): their heading is on the screen
        page.wait_for_timeout(1500)
        box = heading.bounding_box()
        assert 0 <= box["y"] < page.viewport_size["height"], box
        assert page.locator('[data-testid="stException"]').count() == 0


def test_clicking_a_group_on_the_map_lists_its_petitions(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path, lang="zh") as url:
        log_in(page, url, "officer", path="heatmaps")
        page.get_by_role("tab", name="地图").click()
        plot = page.locator(".js-plotly-plot").nth(3)
        expect(plot.locator(".scatterlayer .trace")).not_to_have_count(0, timeout=30000)
        plot.scroll_into_view_if_needed()
        heading = page.get_by_role("heading", name=re.compile("共 .* 件信访"))
        # the tab's plot may still be resizing when it first appears (CI once clicked beside the group): a user
        # whose click missed clicks again, so up to three clicks, each at where the group's centre is drawn now
        for _ in range(3):
            page.wait_for_timeout(500)
            x, y, name = plot.evaluate("""gd => {
                const trace = gd._fullData.find(t => t.customdata);
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
                return [box.left + xa._offset + xa.l2p(trace.x[0]), box.top + ya._offset + ya.l2p(trace.y[0]),
                        trace.customdata[0][0] + ' ' + trace.customdata[0][1]];
            }""")
            page.mouse.click(x, y)
            try:
                heading.wait_for(timeout=8000)
                break
            except PlaywrightTimeout:
                continue
        expect(heading).to_be_visible(timeout=20000)
        assert name in heading.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
