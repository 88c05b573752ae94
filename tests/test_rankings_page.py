"""Rankings and data quality: rates computed as the database says, a minimum before ranking, translated checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import figures, rankings
from analytics.queries import Period
from tests.apptest import start

END = date(2026, 11, 27)
START = END - timedelta(days=364)


@pytest.fixture
def page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="committee")
    at.switch_page("app_pages/rankings.py").run()
    assert not at.exception
    return at


def test_communities_ranked_by_the_reported_figures(page, demo_db):
    """The rankings use the overview's figures: each value is the figure of figures.by_community."""
    counts = figures.by_community(demo_db, Period(START, END)).set_index("community")
    table = page.dataframe[0].value
    precise = []
    for row in table.to_dict("records"):
        mine = figures.of_row(counts.loc[[row["Community"]]].reset_index().iloc[0])
        assert row["Due"] == mine["on_time"].denominator
        assert row["Answered on time"] == f"{round(mine['on_time'].value, 4):.1%}"
        assert row["Petitions per 10,000 residents"] == f"{round(mine['petition_rate'].value, 2):,.1f}"
        assert row["Repeat petitions"] == f"{round(mine['repeat'].value, 4):.1%}"
        precise.append(mine["on_time"].value)
    assert precise == sorted(precise, reverse=True)
    # rates equal to the shown precision share a rank (the next rank is skipped), as in sport
    assert list(table["Rank"]) == [str(1 + sum(round(r, 4) > round(x, 4) for r in precise)) for x in precise]


def test_small_units_are_listed_but_not_ranked(demo_db):
    units = rankings.units(demo_db, Period(START, END))
    small = units[units["due"] < rankings.MINIMUM]
    assert small["rank"].isna().all() and small["figure_on_time"].isna().all()
    ranked = units.dropna(subset=["rank"])
    assert list(ranked["figure_on_time"]) == sorted(ranked["figure_on_time"], reverse=True)
    # a unit is ranked by the same figures, never by the rate per resident it cannot have
    assert units["figure_petition_rate"].isna().all()
    assert rankings.units(demo_db, Period(START, END), "petition_rate")["rank"].equals(units["rank"])


def test_ranking_by_overdue_puts_the_fewest_first(page):
    page.radio(key="_w_rankings_measure_en").set_value("overdue").run()
    units = page.dataframe[1].value
    ranked = units[units["Rank"] != "—"]
    values = [float(v) for v in ranked["Overdue (rate)"]]
    assert values == sorted(values)


def test_ranking_by_petitions_per_10000_residents_puts_the_fewest_first(page):
    page.radio(key="_w_rankings_measure_en").set_value("petition_rate").run()
    communities = page.dataframe[0].value
    values = [float(v.replace(",", "")) for v in communities["Petitions per 10,000 residents"]]
    assert values == sorted(values) and list(communities["Rank"]) == ["1", "2", "3"]
    assert "units are ranked on the share answered on time instead" in " ".join(c.value for c in page.caption)


def test_data_quality_counts(page, demo_db):
    quality = page.dataframe[2].value.set_index("Check")
    other = demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE category = 'other' AND received_date BETWEEN ? AND ?", [START, END]
    )
    assert quality.loc['Petitions with category "other"', "Records"] == other > 0
    assert quality.loc["Petitions not placed in a group", "Records"] == 0


def test_chinese_page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="analyst", lang="zh")
    at.switch_page("app_pages/rankings.py").run()
    assert not at.exception and at.main.title[0].value == "排名与数据质量"
    assert "类别为“其他”的信访" in list(at.dataframe[2].value["检查项"])


def test_public_report_is_offered(page):
    labels = [b.proto.label for b in page.get("download_button")]
    assert "Download the public report (Word)" in labels and "Download the public report (Excel)" in labels
