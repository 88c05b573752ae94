"""The detectors judge only the series that can be firing (so that a city's run takes seconds): the alerts must
be those of judging every series, and the weekly replay those of running every week on its own."""

from __future__ import annotations

import copy
import json
import random
from datetime import date, timedelta

import pytest

from analytics import detect
from analytics.__main__ import main
from analytics.db import Database
from analytics.detect import cluster, spike
from analytics.detect.backtest import replay
from analytics.detect.counts import petition_cube
from tests.helpers import DEMO_END

pytestmark = pytest.mark.slow  # replays a year of weekly runs at scale

DAYS = [DEMO_END - timedelta(days=k) for k in (0, 37, 74, 111, 148, 185, 222, 259, 296, 333)]


def _judging_everything_spikes(db: Database, as_of: date) -> set[tuple]:
    """Spike episodes firing on the day, from the cube of every group × category and community × category."""
    cube = petition_cube(db, as_of, since=as_of - timedelta(days=spike.HISTORY_DAYS))
    _, runs = spike.alarm_days(cube, as_of, spike.configured_alpha(db))
    return {
        (f"{s['level']}:{int(s['place_id'])}:{s['category']}", d)
        for s, d in zip((cube.series.iloc[int(k)] for k in runs["key"]), runs["detected_on"])
    }


def _judging_everything_clusters(db: Database, as_of: date) -> set[tuple]:
    cube = petition_cube(db, as_of, since=as_of - timedelta(days=spike.HISTORY_DAYS))
    neighbours: dict[int, list[int]] = {}
    for group_id, neighbour_id in db.rows("SELECT group_id, neighbor_id FROM group_neighbors ORDER BY 1, 2"):
        neighbours.setdefault(int(group_id), []).append(int(neighbour_id))
    since = as_of - timedelta(days=spike.LOOKBACK_DAYS - 1)
    found = cluster.episodes_between(cube, neighbours, since, as_of, spike.configured_alpha(db))
    return {(e.category, e.first_day, tuple(sorted(e.groups))) for e in found if e.last_day > as_of - timedelta(days=7)}


@pytest.fixture(scope="module")
def demo(demo_file, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("scale") / "demo.duckdb"
    shutil.copy(demo_file, path)
    db = Database(path, read_only=True)
    yield db
    db.close()


def test_spikes_are_those_of_judging_every_series(demo):
    seen = 0
    for as_of in DAYS:
        found = {(s.episode_key, s.detected_on) for s in spike.spikes(demo, as_of)}
        assert found == _judging_everything_spikes(demo, as_of), as_of
        seen += len(found)
    assert seen >= 10  # the comparison saw spikes, not only quiet days


def test_clusters_are_those_of_judging_every_zone(demo):
    seen = 0
    for as_of in DAYS + [date(2026, 8, 22), date(2026, 8, 26), date(2026, 8, 30)]:  # the demo's cluster: August
        found = {(s.category, s.detected_on, tuple(s.group_ids)) for s in cluster.clusters(demo, as_of)}
        assert found == _judging_everything_clusters(demo, as_of), as_of
        seen += len(found)
    assert seen >= 1


def _merged_pairwise(todays):
    """The merge as first written: compare every pair again after each merge."""
    merged = [[category, set(groups), verdict] for category, groups, verdict in todays]
    joined = True
    while joined:
        joined = False
        for a in range(len(merged)):
            for b in range(a + 1, len(merged)):
                if merged[a][0] == merged[b][0] and merged[a][1] & merged[b][1]:
                    merged[a][1] |= merged[b][1]
                    if cluster._excess(merged[b][2]) > cluster._excess(merged[a][2]):
                        merged[a][2] = merged[b][2]
                    del merged[b]
                    joined = True
                    break
            if joined:
                break
    return merged


def test_one_pass_merge_of_a_days_zones_matches_the_pairwise_merge():
    rnd = random.Random(5)
    for _ in range(2000):
        todays = [
            (
                rnd.choice("ab"),
                set(rnd.sample(range(12), rnd.randint(1, 3))),
                {"count": rnd.randint(0, 5), "threshold": rnd.randint(0, 3), "zone": k},
            )
            for k in range(rnd.randint(0, 14))
        ]
        ours = cluster._merged(copy.deepcopy(todays))
        reference = _merged_pairwise(copy.deepcopy(todays))
        assert [(m[0], m[1], m[2]["zone"]) for m in ours] == [(m[0], m[1], m[2]["zone"]) for m in reference]


def _signals(signals) -> list[tuple]:
    return sorted((s.kind, s.episode_key, s.grade, s.detected_on, s.evidence.get("trend")) for s in signals)


def test_the_replay_raises_what_each_week_run_alone_raises(demo):
    until = DEMO_END
    found = replay(demo, until - timedelta(days=27), until)
    assert sorted(set(found["as_of"])) == [until - timedelta(days=k) for k in (21, 14, 7, 0)]
    for as_of, rows in found.groupby("as_of"):
        alone = detect.run_all(demo, as_of)
        assert sorted(zip(rows["kind"], rows["episode_key"], rows["grade"], rows["detected_on"])) == sorted(
            (s.kind, s.episode_key, s.grade, s.detected_on) for s in alone
        )
    new = found[found["new"]]
    assert (new["detected_on"] > new["as_of"] - timedelta(days=7)).all() and len(new) > 0


def test_backtest_command_with_two_workers_matches_one(demo_file, tmp_path, capsys):
    import shutil

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    since, until = (DEMO_END - timedelta(days=55)).isoformat(), DEMO_END.isoformat()
    results = []
    for workers in ("1", "2"):
        assert (
            main(["backtest", "--db", str(path), "--since", since, "--until", until, "--workers", workers, "--json"])
            == 0
        )
        results.append(json.loads(capsys.readouterr().out))
    assert results[0] == results[1]
    weeks = results[0]["weeks"]
    assert len(weeks) == 8 and weeks[-1]["as_of"] == until
    assert all(w["new"] == sum(w["new_by_kind"].values()) and w["firing"] >= w["new"] for w in weeks)
    assert main(["backtest", "--db", str(path), "--since", until, "--until", since]) == 2
