"""The overview's figures on a tiny street whose answers were worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from analytics import queries
from tests.street import add_petition, add_risk, add_screening, tiny_street

D = date


@pytest.fixture
def street(tmp_path):
    db = tiny_street(tmp_path / "tiny.duckdb")
    add_petition(db, "p1", D(2026, 3, 5), 1, 10, status="resolved", resolved=D(2026, 3, 10))
    add_petition(
        db,
        "p2",
        D(2026, 3, 18),
        1,
        11,
        people=6,
        level="city",
        status="in_progress",
        summary="<script>alert(1)</script> 六人到市里反映",
    )
    add_petition(db, "p3", D(2025, 3, 10), 1, 10)  # same days last year
    add_petition(db, "p4", D(2025, 3, 25), 2, 20)  # last year, after the same days
    add_petition(
        db,
        "p5",
        D(2026, 2, 1),
        2,
        20,
        people=5,
        level="district",
        status="resolved",
        due=D(2026, 2, 20),
        resolved=D(2026, 2, 25),
        category="labor_wages",
    )  # late
    add_petition(
        db, "p6", D(2025, 12, 1), 1, 10, due=D(2026, 1, 30), status="resolved", resolved=D(2026, 1, 15)
    )  # on time
    add_petition(db, "p7", D(2025, 12, 5), 2, 20, due=D(2026, 2, 3), status="rejected")  # not counted
    add_petition(db, "p8", D(2026, 1, 10), 1, 10, due=D(2026, 3, 11), status="in_progress")  # overdue
    add_petition(db, "p9", D(2026, 3, 25), 1, 10, people=9, level="national")  # after the period
    add_risk(db, "r1", D(2026, 1, 5), 1)
    add_risk(db, "r2", D(2026, 2, 1), 2, status="resolved", resolved=D(2026, 3, 25))  # open on the 20th
    add_risk(db, "r3", D(2026, 2, 1), 1, status="resolved", resolved=D(2026, 3, 1))
    add_risk(db, "r4", D(2026, 3, 21), 1)  # found after the period
    add_screening(db, "s1", D(2026, 3, 1), 1, 10, "H1")
    add_screening(db, "s2", D(2026, 3, 2), 1, 10, "H1", finding="utilities", severity=3, description="四楼停水")
    add_screening(db, "s3", D(2026, 2, 19), 2, 20, "H2")
    add_screening(db, "s4", D(2026, 2, 18), 1, 11, "H3")  # 31 days before the end
    add_screening(db, "s5", D(2026, 3, 21), 1, 10, "H4")  # after the end
    yield db
    db.close()


PERIOD = queries.Period(D(2026, 1, 1), D(2026, 3, 20))


def test_kpis_for_the_whole_street(street):
    kpis = queries.overview_kpis(street, PERIOD)
    assert kpis == {
        "petitions_month": 2,
        "petitions_month_last_year": 1,
        "group_petitions": 2,
        "skip_level_petitions": 1,  # p2 at the city; p5 at the district is the level directly above: allowed
        "due": 3,
        "on_time": 1,
        "on_time_rate": pytest.approx(1 / 3),
        "households_screened_30d": 2,
        "households": 350,
        "screened_share": pytest.approx(2 / 350),
    }


def test_kpis_for_one_community(street):
    kpis = queries.overview_kpis(street, queries.Period(PERIOD.start, PERIOD.end, community_id=1))
    assert (kpis["petitions_month"], kpis["petitions_month_last_year"]) == (2, 1)
    assert (kpis["group_petitions"], kpis["skip_level_petitions"], kpis["due"], kpis["on_time"]) == (1, 1, 2, 1)
    assert (kpis["households_screened_30d"], kpis["households"]) == (1, 150)


def test_empty_period_has_no_rates(street):
    kpis = queries.overview_kpis(street, queries.Period(D(2020, 1, 1), D(2020, 1, 31)))
    assert kpis["on_time_rate"] is None and kpis["due"] == 0 and kpis["petitions_month"] == 0


def test_heatmap_counts(street):
    counts = queries.community_category_counts(street, PERIOD)
    assert sorted(map(tuple, counts[["community", "category", "petitions", "households"]].values.tolist())) == [
        ("A社区", "utilities", 3, 150),
        ("B社区", "labor_wages", 1, 200),
    ]


def test_weekly_counts_cover_52_weeks_with_zeros(street):
    weekly = queries.weekly_counts(street, PERIOD)
    assert len(weekly) == 52
    assert weekly["week"].iloc[-1] == D(2026, 3, 16)  # the Monday of the end's week
    # from Monday 2025-03-24: p1 p2 p4 p5 p6 p7 p8 (p3 is 54 weeks back, p9 after the end)
    assert weekly["petitions"].sum() == 7
    assert weekly.loc[weekly["week"] == D(2026, 3, 16), "petitions"].item() == 1  # p2 on the 18th
    assert weekly["findings"].sum() == 1


def test_serious_items_newest_first(street):
    serious = queries.serious_items(street, PERIOD)
    assert list(serious["record_id"]) == ["p2", "s2", "p5"]
    assert serious.iloc[0]["text"] == "<script>alert(1)</script> 六人到市里反映"
    assert serious.iloc[1]["grade_or_level"] == "orange"


def test_summary_counts(street):
    assert queries.summary(street) == {
        "communities": 2,
        "groups": 3,
        "households": 350,
        "population": 1050,
        "petitions": 9,
        "screenings": 5,
        "risk_items": 4,
        "open_alerts": 0,
    }
