"""The overview in a real browser: it opens without an error, draws the heatmap, speaks Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_file, tmp_path_factory):
    with served_demo(demo_file, tmp_path_factory.mktemp("served"), lang="en") as url:
        yield url


def heatmap_drawn(page):
    page.wait_for_selector(".js-plotly-plot .heatmaplayer image", state="attached")


def test_overview_draws_heatmap_and_switches_to_chinese(server, page):
    log_in(page, server, "committee")
    page.get_by_role("heading", name="Risk overview").wait_for()
    heatmap_drawn(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.locator(".js-plotly-plot").first.get_by_text("Labour & unpaid wages")).to_be_attached()
    expect(page.get_by_text("Open risks")).to_be_visible()

    page.get_by_text("简体中文").click()
    page.get_by_role("heading", name="风险总览").wait_for()
    heatmap_drawn(page)
    expect(page.get_by_text("未化解风险隐患", exact=True)).to_be_visible()
    expect(page.locator(".js-plotly-plot").first.get_by_text("劳动工资")).to_be_attached()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_choosing_a_community_narrows_the_heatmap(server, page):
    log_in(page, server, "analyst")
    heatmap_drawn(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").last.click()  # the community, below the period
    page.get_by_role("option", name="新华社区").click()
    page.get_by_text("民惠街道").filter(has_text="新华社区").wait_for()
    heatmap_drawn(page)
    # the page redraws piece by piece: wait until the heatmap's columns are the one community
    expect(page.locator(".js-plotly-plot").first.locator(".xtick text")).to_have_text(["新华社区"])
