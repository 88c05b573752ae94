"""The trends page: its lines are the database's counts under the chosen filters; a year before sits beside;
the seasons, channels, resolution times, units and coverage add up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import trends
from analytics.queries import Period
from tests.apptest import figures, start, values

END = date(2026, 11, 27)
START = END - timedelta(days=364)


@pytest.fixture
def page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="analyst")
    at.switch_page("app_pages/trends.py").run()
    assert not at.exception
    return at


def test_weekly_line_is_sql_counts_and_last_year_is_52_weeks_earlier(page, demo_db):
    line, last_year = figures(page)[0]["data"][:2]
    y = values(line["y"])
    assert y.sum() == demo_db.scalar("SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [START, END])
    assert len(y) == 53  # every week touched by the year, the partial first and last included
    first_full = date.fromisoformat(line["x"][1][:10])
    assert values(last_year["y"])[1] == demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?",
        [first_full - timedelta(weeks=52), first_full - timedelta(weeks=52) + timedelta(days=6)],
    )


def test_filters_narrow_the_line(page, demo_db):
    page.selectbox(key="_w_heatmaps_category_en").set_value("utilities").run()
    page.selectbox(key="_w_trends_channel_en").set_value("phone").run()
    page.radio(key="_w_trends_frequency_en").set_value("month").run()
    assert not page.exception
    line = figures(page)[0]["data"][0]
    assert values(line["y"]).sum() == demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ? AND category = 'utilities' "
        "AND channel = 'phone'",
        [START, END],
    )
    assert len(line["x"]) == 13  # months touched by the period


def test_alert_markers_sit_on_the_line(page, demo_db):
    data = figures(page)[0]["data"]
    markers = [trace for trace in data[2:] if trace.get("mode") == "markers"]
    alerts = demo_db.scalar("SELECT count(*) FROM alerts WHERE detected_on BETWEEN ? AND ?", [START, END])
    assert sum(len(trace["x"]) for trace in markers) == alerts


def test_the_other_charts_add_up(page, demo_db):
    shown = figures(page)
    assert [s.value for s in page.subheader][0] == "Petitions over time, a year before, and the alerts"
    # the decomposition is for analysts: in an expander, with a sentence in plain words
    (seasons_box,) = [e for e in page.expander if e.label == "Trend and seasons (last three years, STL)"]
    assert seasons_box.caption[0].value.startswith("The petitions of the last three years split into three parts")
    seasons = shown[1]["data"]
    assert len(seasons) == 3 and len(values(seasons[0]["y"])) >= 150
    channels = shown[2]["data"]
    by_month: dict = {}
    for trace in channels:
        for x, y in zip(trace["x"], values(trace["y"])):
            by_month[x] = by_month.get(x, 0) + y
    assert len(by_month) == 13 and all(v == pytest.approx(1.0, abs=0.001) for v in by_month.values())
    resolved = demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ? AND resolved_date IS NOT NULL", [START, END]
    )
    histogram = shown[3]["data"]
    assert sum(len(values(trace["x"])) for trace in histogram) == resolved
    units = shown[4]["data"][0]
    assert all(0 <= r <= 1 for r in values(units["x"]))
    coverage = values(shown[5]["data"][0]["y"]).astype(float)
    assert len(coverage) == 13 and (coverage > 0).all() and (coverage < 1).all()


def test_on_time_rate_needs_a_minimum_count(demo_db):
    units = trends.on_time_by_unit(demo_db, Period(START, END), trends.Filter(), minimum=60)
    assert units.loc[units["due"] < 60, "on_time_rate"].isna().all()
    assert units.loc[units["due"] >= 60, "on_time_rate"].notna().all()


def test_chinese_page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="officer", lang="zh")
    at.switch_page("app_pages/trends.py").run()
    assert not at.exception and at.main.title[0].value == "趋势分析"
    assert figures(at)[0]["data"][0]["name"] == "本期"
