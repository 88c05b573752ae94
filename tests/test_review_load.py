"""The weekly review list's length, measured as ``evaluate --review-load`` does: per week the items firing, per
injected event whether one of its expected detectors raised it in its window."""

from __future__ import annotations

from datetime import date, timedelta

from analytics.detect import run_all
from analytics.evaluation import review_load

END = date(2026, 11, 27)


def test_a_weekly_run_counts_the_items_firing_and_the_events_raised(demo_db):
    load, found = review_load.weekly(demo_db, END, weeks=10)
    assert list(load["as_of"]) == [END - timedelta(days=7 * k) for k in range(9, -1, -1)]
    last = run_all(demo_db, END)
    assert int(load["items"].iloc[-1]) == len(last)
    assert int(load["blind_spot"].iloc[-1]) == sum(1 for s in last if s.kind == "blind_spot") == 1
    # a meeting can finish it: a 142-group street has at most 15 open items in a typical week
    assert load["items"].median() <= 15
    # raised in the ten weeks: the screening blind spot (unvisited since July), the March-to-November demolition
    # dispute, the October water outage; the August property surge and the January wage arrears ended before
    raised = dict(zip(found["event"], found["raised"]))
    assert raised == {
        "wage_arrears": False,
        "demolition_repeat": True,
        "blind_spot": True,
        "property_surge": False,
        "water_outage": True,
    }
    summary = review_load.summary("demo", 142, load, found)
    assert summary["median_per_street"] == summary["median_items"] and summary["events"] == 5
    assert "| demo | 142 |" in review_load.markdown([summary])
