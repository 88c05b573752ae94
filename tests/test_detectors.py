"""Spike, cluster and trend status on a street with a known background and bursts placed by hand."""

from __future__ import annotations

import json
import shutil
from datetime import date as D
from datetime import timedelta

import numpy as np
import pytest

from analytics.__main__ import main
from analytics.db import Database
from analytics.detect.cluster import clusters
from analytics.detect.spike import spikes
from analytics.detect.trend import status
from tests.street import add_petition

BURST = D(2026, 5, 4)  # a Monday


def _build(path) -> None:
    """Community 1: groups 1-2-3-4-5 in a row (each next to the one before); community 2: group 6 alone.
    Background since 2023: about one property-management petition a fortnight and one on utilities a month
    per group (a fixed random draw)."""
    db = Database(path)
    db.execute("INSERT INTO communities VALUES (1, '东社区'), (2, '西社区')")
    db.execute(
        "INSERT INTO groups VALUES "
        + ", ".join(f"({g}, {1 if g < 6 else 2}, '第{g}组', 100, 300)" for g in range(1, 7))
    )
    db.execute(
        "INSERT INTO group_neighbors VALUES "
        + ", ".join(f"({a}, {b}), ({b}, {a})" for a, b in [(1, 2), (2, 3), (3, 4), (4, 5)])
    )
    rng = np.random.default_rng(42)
    first, days = D(2023, 1, 2), (BURST - D(2023, 1, 2)).days
    n = 0
    for group in range(1, 7):
        for category, rate in (("property_management", 1 / 14), ("utilities", 1 / 30)):
            for day in np.flatnonzero(rng.poisson(rate, days)):
                n += 1
                add_petition(
                    db, f"bg{n}", first + timedelta(days=int(day)), 1 if group < 6 else 2, group, category=category
                )
    db.close()


@pytest.fixture(scope="module")
def background_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("detectors") / "street.duckdb"
    _build(path)
    return path


@pytest.fixture
def street(background_file, tmp_path):
    path = tmp_path / "street.duckdb"
    shutil.copy(background_file, path)
    db = Database(path)
    yield db
    db.close()


def burst(db, group: int, category: str, per_day: list[int], start: D = BURST, tag: str = "b") -> list[str]:
    ids = []
    for offset, count in enumerate(per_day):
        for k in range(count):
            ids.append(f"{tag}{group}-{offset}-{k}")
            add_petition(db, ids[-1], start + timedelta(days=offset), 1 if group < 6 else 2, group, category=category)
    return ids


def of_kind(signals, key):
    return [s for s in signals if s.episode_key == key]


def test_quiet_background_raises_no_spike_or_cluster(street):
    assert spikes(street, BURST - timedelta(days=1)) == []
    assert clusters(street, BURST - timedelta(days=1)) == []


def test_a_burst_in_one_group_is_a_spike_from_the_day_it_passes_the_threshold(street):
    ids = burst(street, 3, "utilities", [2, 2, 2])
    found = of_kind(spikes(street, BURST + timedelta(days=4)), "group:3:utilities")
    assert len(found) == 1
    spike = found[0]
    assert BURST <= spike.detected_on <= BURST + timedelta(days=2)
    assert spike.group_ids == [3] and spike.category == "utilities" and spike.kind == "spike"
    assert set(ids) <= set(spike.evidence["records"])
    assert spike.evidence["count_7_days"] >= 6 and spike.evidence["expected_7_days"] < 1.5
    assert spike.evidence["count_7_days"] > spike.evidence["threshold_7_days"]
    # the community sees the same petitions: its alarm is left to the group's alert
    assert of_kind(spikes(street, BURST + timedelta(days=4)), "community:1:utilities") == []


def test_the_first_firing_day_does_not_move_as_later_days_are_run(street):
    burst(street, 3, "utilities", [2, 2, 2])
    days = {
        s.detected_on
        for d in range(3, 10)
        for s in of_kind(spikes(street, BURST + timedelta(days=d)), "group:3:utilities")
    }
    assert len(days) == 1


def test_records_after_the_as_of_day_change_nothing(street):
    burst(street, 3, "utilities", [2, 2, 2])
    before = [(s.episode_key, s.detected_on, s.evidence) for s in spikes(street, BURST + timedelta(days=4))]
    burst(street, 3, "utilities", [5, 5], start=BURST + timedelta(days=5), tag="later")
    burst(street, 2, "property_management", [4, 4], start=BURST + timedelta(days=6), tag="later")
    after = [(s.episode_key, s.detected_on, s.evidence) for s in spikes(street, BURST + timedelta(days=4))]
    assert before == after


def test_the_episode_ends_a_week_after_the_last_alarm(street):
    burst(street, 3, "utilities", [2, 2, 2])
    assert of_kind(spikes(street, BURST + timedelta(days=8)), "group:3:utilities")
    assert of_kind(spikes(street, BURST + timedelta(days=30)), "group:3:utilities") == []


def test_three_neighbours_rising_together_are_one_cluster_listing_all_three(street):
    for group in (2, 3, 4):
        burst(street, group, "property_management", [1, 0, 1, 1])
    found = clusters(street, BURST + timedelta(days=6))
    assert len(found) == 1
    cluster = found[0]
    assert cluster.group_ids == [2, 3, 4] and cluster.category == "property_management"
    assert BURST <= cluster.detected_on <= BURST + timedelta(days=3)
    assert cluster.evidence["groups"] == 3 and len(cluster.evidence["records"]) >= 9
    assert cluster.evidence["centre"] == "第3组"


def test_one_busy_group_is_not_a_cluster(street):
    burst(street, 3, "utilities", [3, 3, 3])
    assert clusters(street, BURST + timedelta(days=4)) == []


def test_a_group_without_neighbours_is_never_in_a_cluster(street):
    burst(street, 6, "property_management", [2, 2, 2, 2])
    assert clusters(street, BURST + timedelta(days=5)) == []
    assert of_kind(spikes(street, BURST + timedelta(days=5)), "group:6:property_management")


@pytest.mark.parametrize(
    "hot, counts, expected",
    [
        ([False] * 8, [0] * 8, "none"),
        ([False] * 7 + [True], [0] * 7 + [4], "new"),
        ([True] * 8, [1, 2, 2, 3, 4, 5, 6, 8], "intensifying"),
        ([True] * 8, [8, 6, 5, 4, 3, 2, 2, 1], "diminishing"),
        ([True] * 8, [3, 4, 3, 4, 3, 4, 3, 4], "persistent"),
        ([True, False, True, False, False, True, False, True], [3, 0, 3, 0, 0, 3, 0, 3], "sporadic"),
    ],
)
def test_trend_status_vocabulary(hot, counts, expected):
    assert status(hot, counts) == expected


def test_alerts_carry_their_trend_status(street, capsys):
    burst(street, 3, "utilities", [2, 2, 2])
    assert main(["alerts", "--db", str(street.path), "--as-of", (BURST + timedelta(days=4)).isoformat(), "--json"]) == 0
    alerts = json.loads(capsys.readouterr().out)
    spike = [a for a in alerts if a["kind"] == "spike"][0]
    assert spike["group"] == "第3组" and spike["groups"] == ["第3组"] and spike["evidence"]["trend"] == "new"
    assert "petitions in 7 days" in spike["summary"] or "7天内" in spike["summary"]


def test_demo_surge_over_neighbouring_groups_is_one_cluster(served_copy, capsys):
    db = Database(served_copy)
    event = db.query("SELECT group_ids, start_date FROM demo_events WHERE kind = 'property_surge'").iloc[0]
    names = {
        name
        for (name,) in db.rows(
            "SELECT name FROM groups WHERE list_contains(?, group_id)", [[int(g) for g in event["group_ids"]]]
        )
    }
    db.close()
    as_of = event["start_date"] + timedelta(days=14)
    assert main(["alerts", "--db", str(served_copy), "--as-of", as_of.isoformat(), "--json"]) == 0
    found = [
        a
        for a in json.loads(capsys.readouterr().out)
        if a["kind"] == "cluster" and a["category"] == "property_management"
    ]
    assert len(found) == 1
    assert set(found[0]["groups"]) == names and found[0]["group"] is None
    assert (date_of(found[0]) - event["start_date"]).days <= 10


def date_of(alert):
    return D.fromisoformat(alert["detected_on"])
