"""The sustained-rise detector on the hand-built street of test_detectors: a rise of two petitions a week in one
group, no week of which is a spike, raised as one alert that stays open while the rise lasts."""

from __future__ import annotations

import shutil
from datetime import timedelta

import numpy as np
import pytest

from analytics import alerts
from analytics.db import Database
from analytics.detect import nbglr, run_all
from analytics.detect.rise import leave_to_spikes, rises
from analytics.detect.signal import Signal
from analytics.detect.spike import spikes
from analytics.i18n import t
from tests.test_detectors import BURST, _build, burst, of_kind

KEY = "group:3:property_management"


@pytest.fixture(scope="module")
def background_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("rise") / "street.duckdb"
    _build(path)
    return path


@pytest.fixture
def street(background_file, tmp_path):
    path = tmp_path / "street.duckdb"
    shutil.copy(background_file, path)
    db = Database(path)
    yield db
    db.close()


def slow_rise(db, weeks: int = 6) -> list[str]:
    """Two more property-management petitions a week in group 3 (usual: one a fortnight), for ``weeks``."""
    ids = []
    for week in range(weeks):
        ids += burst(
            db, 3, "property_management", [1, 0, 0, 1], start=BURST + timedelta(days=7 * week), tag=f"w{week}-"
        )
    return ids


def test_quiet_background_raises_no_sustained_rise(street):
    for weeks in range(0, 52, 4):
        assert rises(street, BURST - timedelta(days=1 + 7 * weeks)) == []


def test_a_slow_rise_no_week_of_which_is_a_spike_is_raised_within_three_weeks(street):
    ids = slow_rise(street)
    for day in (BURST + timedelta(days=13), BURST + timedelta(days=20)):
        assert of_kind(spikes(street, day), KEY) == []  # no seven days of it pass the spike threshold
    found = of_kind(rises(street, BURST + timedelta(days=20)), KEY)
    assert len(found) == 1
    rise = found[0]
    assert rise.kind == "rise" and rise.group_ids == [3] and rise.category == "property_management"
    assert BURST + timedelta(days=6) <= rise.detected_on <= BURST + timedelta(days=20)
    evidence = rise.evidence
    assert evidence["rise_count"] >= 6 and evidence["rise_expected"] < 2.5 and evidence["rate_ratio"] > 2.5
    assert evidence["glr"] >= evidence["glr_threshold"] == 2.75
    assert set(ids[:6]) <= set(evidence["records"])
    assert t(rise.summary_key, "zh", **rise.summary_values).startswith(f"持续上升：{evidence['rise_since']} 起")
    english = t(rise.summary_key, "en", **rise.summary_values)
    assert english.startswith(f"Sustained rise: {evidence['rise_count']} petitions in {evidence['rise_weeks']} weeks")


def test_every_run_of_the_detectors_includes_it(street):
    slow_rise(street)
    found = [s for s in run_all(street, BURST + timedelta(days=20)) if s.episode_key == KEY]
    assert [s.kind for s in found] == ["rise"]
    assert found[0].evidence["trend"] in ("new", "intensifying", "diminishing", "persistent", "sporadic")


def test_the_rise_is_one_alert_while_it_lasts_and_ends_when_it_is_over(street):
    slow_rise(street)
    days = [BURST + timedelta(days=6 + 7 * week) for week in range(12)]
    for day in days:
        alerts.record(street, rises(street, day), day)
    kept = street.query(
        "SELECT detected_on, closed_on, last_seen FROM alerts WHERE kind = 'rise' AND episode_key = ?", [KEY]
    )
    assert len(kept) == 1  # one alert, however the weekly windows fall
    row = kept.iloc[0]
    assert row["last_seen"] >= BURST + timedelta(days=41)  # firing until the rise ended
    assert row["closed_on"] is not None and row["closed_on"] <= days[-1]


def test_a_rise_a_spike_found_first_is_left_to_the_spike_and_not_the_other_way():
    def signal(kind, key, day, community=1, groups=(3,)):
        return Signal(kind, key, "yellow", community, list(groups), "utilities", None, BURST + timedelta(days=day), "k")

    spike = signal("spike", "group:3:utilities", 0)
    later_rise = signal("rise", "group:3:utilities", 7)
    earlier_rise = signal("rise", "group:3:utilities", -7)
    community_rise = signal("rise", "community:1:utilities", 3, groups=())
    other_group = signal("rise", "group:4:utilities", 3, groups=(4,))
    kept = leave_to_spikes([spike, later_rise, earlier_rise, community_rise, other_group])
    assert kept == [spike, earlier_rise, other_group]


def test_the_chart_names_where_the_rise_began_and_how_large_it_is():
    mu = np.full((1, 30), 2.0)
    counts = np.array([[2, 1, 3, 2, 2, 1, 2, 3, 2, 2, 1, 2, 2, 3, 2, 1, 2, 2, 2, 2, 6, 6, 7, 5, 6, 6, 6, 7, 5, 6]])
    chart = nbglr.chart(counts, mu, 0.01)
    assert chart.change[0, -1] == 20
    assert np.exp(chart.kappa[0, -1]) == pytest.approx(counts[0, 20:].mean() / 2, rel=0.02)
    assert chart.statistic[0, 19] < 2 < 20 < chart.statistic[0, -1]
