"""The heatmaps page: every figure's numbers are the database's, metrics switch, choices persist, cells list
their petitions."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from analytics import heatmaps
from analytics.queries import Period
from analytics.taxonomy import CATEGORIES, label
from tests.apptest import figures, start, values

END = date(2026, 11, 27)
START = END - timedelta(days=364)  # the sidebar's default period: the last year of data


@pytest.fixture
def page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="analyst")
    at.switch_page("app_pages/heatmaps.py").run()
    assert not at.exception
    return at


def test_community_by_category_counts_are_sql_counts(page, demo_db):
    chart = figures(page)[0]["data"][0]
    z = values(chart["z"])
    expected = dict(
        ((c, k), n)
        for c, k, n in demo_db.rows(
            "SELECT c.name, p.category, count(*) FROM petitions AS p JOIN communities AS c USING (community_id) "
            "WHERE received_date BETWEEN ? AND ? GROUP BY ALL",
            [START, END],
        )
    )
    by_label = {label(CATEGORIES, k, "en"): k for k in CATEGORIES}
    for i, row_label in enumerate(chart["y"]):
        for j, community in enumerate(chart["x"]):
            assert z[i][j] == expected.get((community, by_label[row_label]), 0)
    assert z.sum() == demo_db.scalar("SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [START, END])


def test_rate_and_score_metrics(page, demo_db):
    page.radio(key="_w_heatmaps_metric_en").set_value("rate").run()
    chart = figures(page)[0]["data"][0]
    households = dict(
        demo_db.rows(
            "SELECT c.name, sum(g.households) FROM groups AS g JOIN communities AS c USING (community_id) GROUP BY ALL"
        )
    )
    count = demo_db.scalar(
        "SELECT count(*) FROM petitions JOIN communities AS c USING (community_id) "
        "WHERE received_date BETWEEN ? AND ? AND c.name = ? AND category = 'utilities'",
        [START, END, chart["x"][0]],
    )
    row = chart["y"].index(label(CATEGORIES, "utilities", "en"))
    assert values(chart["z"])[row][0] == pytest.approx(round(1000 * count / households[chart["x"][0]], 1))
    page.radio(key="_w_heatmaps_metric_en").set_value("score").run()
    assert not page.exception
    z = values(figures(page)[0]["data"][0]["z"]).astype(float)
    assert np.nanmax(z) > 0 and np.nanmax(z) <= 100


def test_group_by_week_counts_for_the_chosen_community_and_category(page, demo_db):
    page.selectbox(key="_w_heatmaps_category_en").set_value("property_management").run()
    chart = figures(page)[1]["data"][0]
    community = page.selectbox(key="_w_heatmaps_community_en").value
    z = values(chart["z"])
    by_group = dict(
        demo_db.rows(
            "SELECT g.name, count(*) FROM petitions AS p JOIN groups AS g USING (group_id) WHERE p.community_id = ? "
            "AND p.category = 'property_management' AND received_date BETWEEN ? AND ? GROUP BY ALL",
            [community, START, END],
        )
    )
    for i, group in enumerate(chart["y"]):
        assert z[i].sum() == by_group.get(group, 0), group
    assert len(chart["x"]) == 53  # every week of the year, empty ones included


def test_calendar_has_every_day_of_the_period(page, demo_db):
    chart = figures(page)[2]["data"][0]
    z = values(chart["z"]).astype(float)
    assert np.nansum(z) == demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [START, END]
    )
    assert chart["y"][0] == "Mon" and (~np.isnan(z)).sum() == 365


def test_choices_persist_across_pages(page):
    page.radio(key="_w_heatmaps_metric_en").set_value("rate").run()
    page.switch_page("app_pages/overview.py").run()
    page.switch_page("app_pages/heatmaps.py").run()
    assert page.radio(key="_w_heatmaps_metric_en").value == "rate"


def test_chinese_page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="committee", lang="zh")
    at.switch_page("app_pages/heatmaps.py").run()
    assert not at.exception and at.main.title[0].value == "热力图"
    assert [t.label for t in at.tabs] == ["社区 × 类别", "小组 × 周", "逐日日历", "地图"]
    assert figures(at)[2]["data"][0]["y"][0] == "周一"


def test_a_cells_records_are_the_petitions_of_that_place_category_and_time(demo_db):
    period = Period(START, END)
    total, records = heatmaps.cell_records(demo_db, period, community_id=2, category="property_management")
    assert total == demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE community_id = 2 AND category = "
        "'property_management' AND received_date BETWEEN ? AND ?",
        [START, END],
    )
    assert set(records["category"]) == {"property_management"} and len(records) == min(total, 500)
    day = records["received_date"].iloc[0]
    total, records = heatmaps.cell_records(demo_db, period, first=day, last=day)
    assert total == demo_db.scalar("SELECT count(*) FROM petitions WHERE received_date = ?", [day])
    assert "petitioner" not in records.columns  # no personal field


def test_map_colours_each_group_by_its_petitions(page, demo_db):
    figure = figures(page)[3]
    polygons = [trace for trace in figure["data"] if trace.get("fill") == "toself"]
    # one trace per colour step, each ring closed by a gap (None)
    assert sum(trace["x"].count(None) for trace in polygons) == 142  # the demo ships a boundary for every group
    centres = next(trace for trace in figure["data"] if trace.get("customdata") is not None)
    counts = dict(
        demo_db.rows(
            "SELECT group_id, count(*) FROM petitions WHERE received_date BETWEEN ? AND ? "
            "AND group_id IS NOT NULL GROUP BY ALL",
            [START, END],
        )
    )
    names = {
        (c, g): i
        for i, c, g in demo_db.rows(
            "SELECT g.group_id, c.name, g.name FROM groups AS g JOIN communities AS c USING (community_id)"
        )
    }
    for community, group, value in centres["customdata"]:
        assert float(value) == counts.get(names[(community, group)], 0)


def test_choices_survive_a_change_of_language(page):
    """Widgets keep their choice by label, and labels change with the language: each language has its own."""
    page.radio(key="_w_heatmaps_metric_en").set_value("rate").run()
    page.selectbox(key="_w_heatmaps_category_en").set_value("property_management").run()
    page.sidebar.selectbox(key="_w_community_en").set_value(2).run()
    page.sidebar.radio(key="_w_lang").set_value("zh").run()
    assert not page.exception
    assert page.radio(key="_w_heatmaps_metric_zh").value == "rate"
    assert page.selectbox(key="_w_heatmaps_category_zh").value == "property_management"
    assert page.sidebar.selectbox(key="_w_community_zh").value == 2
    assert values(figures(page)[0]["data"][0]["z"]).shape[1] == 1  # one community's column
