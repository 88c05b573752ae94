"""The figures a street reports, each on a tiny street counted by hand (glossary: Figures a street reports)."""

from __future__ import annotations

from datetime import date as D

import pytest

from analytics import figures
from analytics.queries import Period
from tests.street import add_petition, add_risk, add_screening, tiny_street

QUARTER = Period(D(2026, 1, 1), D(2026, 3, 31))


def stage(db, petition_id, **dates):
    for column, value in dates.items():  # column names from this file only
        db.execute(f"UPDATE petitions SET {column} = ? WHERE petition_id = ?", [value, petition_id])


@pytest.fixture
def street(tmp_path):
    db = tiny_street(tmp_path / "street.duckdb")  # A: 440 residents, 150 households; B: 610 and 200
    add_petition(db, "p1", D(2026, 1, 5), 1, 10, matter_id="M1", due=D(2026, 3, 7), satisfaction="satisfied")
    stage(db, "p1", accepted_date=D(2026, 1, 6), answered_date=D(2026, 2, 20), follow_up_date=D(2026, 2, 25))
    add_petition(db, "p2", D(2026, 2, 10), 1, 10, matter_id="M1")  # again on M1: a repeat
    add_petition(db, "p3", D(2026, 1, 10), 2, 20, due=D(2026, 3, 13), satisfaction="unsatisfied")
    stage(db, "p3", accepted_date=D(2026, 1, 12), answered_date=D(2026, 3, 20), follow_up_date=D(2026, 3, 25))
    add_petition(db, "p4", D(2026, 2, 1), 1, 10, matter_id="M1", status="under_review", level="district")
    stage(db, "p4", review_requested_date=D(2026, 2, 1))  # a 复查: no repeat, no deadline of 60 days
    add_petition(db, "p5", D(2025, 10, 1), 1, 10, matter_id="M2", status="answered")
    stage(db, "p5", answered_date=D(2025, 11, 15))  # first on M2; its 90 days end on 13 February
    add_petition(db, "p6", D(2026, 1, 20), 1, 10, matter_id="M2")  # within them: p5 was not settled at once
    add_petition(db, "p7", D(2025, 10, 10), 2, 20, status="answered", satisfaction="basic")
    stage(db, "p7", answered_date=D(2025, 11, 1), follow_up_date=D(2025, 11, 5))  # 90 days end 30 January
    add_petition(db, "p9", D(2026, 2, 5), 2, 20, matter_id="R3")
    # R1: found by a visit, settled before anyone petitioned; R3: found by a visit, petitioned, settled after
    add_risk(db, "R1", D(2026, 1, 3), 1, status="resolved", resolved=D(2026, 2, 1))
    add_risk(db, "R3", D(2026, 1, 15), 2, status="resolved", resolved=D(2026, 3, 1))
    add_risk(db, "R4", D(2026, 3, 1), 1)  # from a petition, still open
    db.execute("UPDATE risk_items SET source = 'screening' WHERE matter_id IN ('R1', 'R3')")
    for matter, due in (("R1", D(2026, 2, 15)), ("R3", D(2026, 2, 28)), ("R4", D(2026, 3, 20))):
        db.execute("UPDATE risk_items SET due_date = ? WHERE matter_id = ?", [due, matter])
    add_screening(db, "s1", D(2026, 1, 2), 1, 10, "H1", finding="utilities", severity=2)
    add_screening(db, "s2", D(2026, 1, 14), 2, 20, "H2", finding="utilities", severity=3)
    db.execute("UPDATE screenings SET matter_id = 'R' || right(screening_id, 1) WHERE screening_id = 's1'")
    db.execute("UPDATE screenings SET matter_id = 'R3' WHERE screening_id = 's2'")
    yield db
    db.close()


def counts(found: dict) -> dict:
    return {key: (f.numerator, f.denominator) for key, f in found.items()}


def test_each_figure_counted_by_hand(street):
    assert counts(figures.street(street, QUARTER)) == {
        "petition_rate": (6, 1050),  # p1 p2 p3 p4 p6 p9 registered in the quarter; 1,050 residents
        "petition_rate_households": (6, 350),
        "on_time": (1, 3),  # due in the quarter: p1 (on time), p3 (answered a week late), p6 (not answered)
        "satisfaction": (1, 2),  # followed up in the quarter: p1 满意, p3 不满意
        "settled": (2, 3),  # R1, R3 closed of R1, R3, R4 due
        "repeat": (2, 6),  # p2 and p6; p4 is a 复查
        "first_settled": (1, 2),  # p7 settled at once; p5 was followed by p6 within 90 days
        "found_early": (2, 4),  # R1, R3 of R1, R3, R4 and M1 (known from p1) identified in the quarter
        "nipped": (1, 2),  # R1 settled before any petition; R3 only after p9
    }
    assert figures.street(street, QUARTER)["petition_rate"].value == pytest.approx(6 / 1050 * 10_000)


def test_a_community_has_its_own_figures(street):
    b = counts(figures.street(street, Period(QUARTER.start, QUARTER.end, community_id=2)))
    assert b["petition_rate"] == (2, 610) and b["on_time"] == (0, 1) and b["found_early"] == (1, 1)
    rows = figures.by_community(street, QUARTER)
    assert list(rows["community"]) == ["A社区", "B社区"]
    assert list(rows["petitions"]) == [4, 2]


def test_a_share_of_too_few_cases_is_not_given():
    assert figures.Figure("on_time", 1, 3).value is None
    assert figures.Figure("on_time", 12, 15).value == pytest.approx(0.8)
    assert figures.Figure("petition_rate", 3, 0).value is None  # no residents recorded
