"""Rankings and data quality: rates computed as the database says, a minimum before ranking, translated checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import rankings
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


def test_communities_ranked_by_on_time_closure(page, demo_db):
    table = page.dataframe[0].value
    precise = []
    for row in table.itertuples():
        due, on_time = demo_db.rows(
            "SELECT count(*), count(*) FILTER (WHERE resolved_date <= due_date) FROM petitions AS p "
            "JOIN communities AS c USING (community_id) WHERE c.name = ? AND due_date BETWEEN ? AND ? "
            "AND status <> 'rejected'",
            [row.Community, START, END],
        )[0]
        assert row.Due == due and row._5 == f"{on_time / due:.1%}"
        precise.append(on_time / due)
    rates = [float(v.rstrip("%")) for v in table["On-time closure"]]
    assert rates == sorted(rates, reverse=True)
    # rates equal to the shown precision share a rank (the next rank is skipped), as in sport
    assert list(table["Rank"]) == [str(1 + sum(round(r, 4) > round(x, 4) for r in precise)) for x in precise]


def test_small_units_are_listed_but_not_ranked(demo_db):
    units = rankings.units(demo_db, Period(START, END))
    small = units[units["due"] < rankings.MINIMUM]
    assert small["rank"].isna().all() and small["on_time_rate"].isna().all()
    ranked = units.dropna(subset=["rank"])
    assert list(ranked["on_time_rate"]) == sorted(ranked["on_time_rate"], reverse=True)


def test_ranking_by_overdue_puts_the_fewest_first(page):
    page.radio(key="_w_rankings_measure_en").set_value("overdue").run()
    units = page.dataframe[1].value
    ranked = units[units["Rank"] != "—"]
    values = [float(v) for v in ranked["Overdue (rate)"]]
    assert values == sorted(values)


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
