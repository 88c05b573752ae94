"""The cluster detector: neighbouring groups rising together on one category.

A space-time scan over group neighbourhoods: each group with its neighbours
(``group_neighbors``) is a zone; the zone's petitions in the seven days just
ended are judged against the zone's own history by the same count model as
spikes. A zone fires when it passes the threshold and would still be
unusual without its busiest group (at least three petitions in the rest of
the zone, a Poisson tail below 1 % against what the rest usually has) — so one
busy group alone is a spike, not a cluster. The cluster's groups are the
zone's members whose own count is unusual (a Poisson tail below 10 % against
what they usually have). Firing zones that
share such groups merge into one cluster, and one alert lists every group in
it. A cluster episode lasts while some of its groups keep firing (within a
week), even as groups join or leave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import poisson

from ..db import Database
from .counts import WEEK, CountCube, petition_cube
from .signal import Signal
from .spike import HISTORY_DAYS, LOOKBACK_DAYS, MIN_CASES, MIN_WEEKS, STICKY_DAYS, configured_alpha, judge_days

ALPHA = 0.02  # as spikes (README, evaluation); the office's setting spike_alarm_per_mille overrides both
REST_MINIMUM = 3  # petitions in the zone without its busiest group
REST_P = 0.01  # how unusual the rest of the zone must be
MEMBER_P = 0.1  # how unusual a group's own count must be to be listed in the cluster


@dataclass
class Episode:
    category: str
    first_day: date
    first_groups: tuple[int, ...]
    last_day: date
    groups: set[int] = field(default_factory=set)
    peak: dict = field(default_factory=dict)


def zone_cube(cube: CountCube, neighbours: dict[int, list[int]]) -> tuple[CountCube, list[list[int]]]:
    """Zones (a group and its neighbours) per category, as a cube of their summed counts; and each zone's
    columns in ``cube`` (its member groups on the same category)."""
    groups = cube.series[cube.series["level"] == "group"]
    column = {(int(r.place_id), r.category): i for i, r in zip(groups.index, groups.itertuples())}
    zones, members = [], []
    for row in groups.itertuples():
        member_ids = [int(row.place_id), *neighbours.get(int(row.place_id), [])]
        if len(member_ids) < 2:
            continue
        zones.append(
            {
                "level": "zone",
                "place_id": int(row.place_id),
                "community_id": int(row.community_id),
                "category": row.category,
            }
        )
        members.append([column[(g, row.category)] for g in member_ids if (g, row.category) in column])
    # series × zones, sparse: a city has hundreds of thousands of each (dense, it would need hundreds of GB)
    rows = np.concatenate([np.asarray(cols, dtype=np.int64) for cols in members]) if members else np.array([], int)
    zone_of = np.repeat(np.arange(len(members)), [len(cols) for cols in members])
    weights = sparse.csr_matrix((np.ones(len(rows)), (rows, zone_of)), shape=(cube.counts.shape[1], len(zones)))
    summed = np.asarray((weights.T @ cube.counts.T).T)
    return CountCube(cube.first_day, summed, pd.DataFrame(zones)), members


def clusters(db: Database, as_of: date, alpha: float | None = None) -> list[Signal]:
    alpha = configured_alpha(db) if alpha is None else alpha
    episodes = find_episodes(db, as_of, alpha)
    names = dict(db.rows("SELECT group_id, name FROM groups"))
    communities = dict(db.rows("SELECT group_id, community_id FROM groups"))
    signals = []
    records = _records(db, episodes, as_of)
    for k, episode in enumerate(episodes):
        groups = sorted(episode.groups)
        centre = episode.peak["centre"]
        signals.append(
            Signal(
                kind="cluster",
                episode_key=f"{episode.category}:" + ",".join(map(str, episode.first_groups)),
                grade="orange"
                if len(groups) >= 3 or episode.peak["count"] >= 2 * max(episode.peak["threshold"], 1)
                else "yellow",
                community_id=int(communities[centre]),
                group_ids=groups,
                category=episode.category,
                matter_id=None,
                detected_on=episode.first_day,
                summary_key="alert.cluster",
                summary_values={
                    "groups": len(groups),
                    "count": episode.peak["count"],
                    "expected": round(episode.peak["expected"], 1),
                },
                evidence={
                    "groups": len(groups),
                    "centre": names.get(centre),
                    "peak_count": episode.peak["count"],
                    "peak_expected": round(episode.peak["expected"], 2),
                    "peak_threshold": episode.peak["threshold"],
                    "peak_day": str(episode.peak["day"]),
                    "method": "zone_scan",
                    "records": records.get(k, []),
                },
            )
        )
    return signals


def _records(db: Database, episodes: list[Episode], as_of: date) -> dict[int, list[str]]:
    """Each episode's petitions (its groups, its category, from a week before it began), by position."""
    if not episodes:
        return {}
    wanted = pd.DataFrame(
        [
            (k, group, e.category, e.first_day - timedelta(days=WEEK - 1))
            for k, e in enumerate(episodes)
            for group in sorted(e.groups)
        ],
        columns=["k", "group_id", "category", "since"],
    )
    db.register("_cluster_groups", wanted)
    try:
        found = db.query(
            "SELECT w.k, p.petition_id FROM petitions AS p JOIN _cluster_groups AS w "
            "ON p.group_id = w.group_id AND p.category = w.category "
            "WHERE p.received_date BETWEEN w.since AND $as_of ORDER BY w.k, p.received_date, p.petition_id",
            {"as_of": as_of},
        )
    finally:
        db.unregister("_cluster_groups")
    return {int(k): list(rows) for k, rows in found.groupby("k", sort=False)["petition_id"]}


def find_episodes(db: Database, as_of: date, alpha: float = ALPHA) -> list[Episode]:
    """Cluster episodes firing on ``as_of`` (within the past week), followed day by day over the lookback.

    Only zones that can belong to such an episode are judged: those alarming in the last week, then, until
    nothing is added, the zones that could alarm in the lookback and hold a group rising in a judged zone
    (an episode grows only through shared rising groups). The episodes are those of judging every zone,
    at a city's scale in seconds (a city has hundreds of thousands of zones × categories).
    """
    first = db.scalar("SELECT min(received_date) FROM petitions WHERE received_date <= ?", [as_of])
    if first is None:
        return []
    since = max(first, as_of - timedelta(days=LOOKBACK_DAYS - 1))
    week_start = max(first, as_of - timedelta(days=STICKY_DAYS - 1))
    history_since = as_of - timedelta(days=HISTORY_DAYS)
    recent = _zones_with_cases(db, week_start - timedelta(days=WEEK * MIN_WEEKS), as_of)
    if recent.empty:
        return []
    zones, members, groups = _zone_cubes(db, as_of, history_since, recent)
    days = [week_start + timedelta(days=k) for k in range((as_of - week_start).days + 1)]
    judged = judge_days(
        zones, days, np.arange(len(recent)), alpha, only=_rest_enough(groups, members, days, np.arange(len(recent)))
    )
    chosen = recent.iloc[judged.columns[judged.alarm.any(axis=0)]]
    if chosen.empty:
        return []
    pool = _zones_with_cases(db, since - timedelta(days=WEEK * MIN_WEEKS), as_of)
    reachable = pool.merge(_members(db, pool).drop(columns="community_id"), on=["place_id", "category"])
    chosen = chosen.sort_values(["place_id", "category"]).reset_index(drop=True)
    frontier, grown = chosen, False
    while True:  # the zones reached through rising groups, a frontier at a time (each zone's rising is its own)
        zones, members, groups = _zone_cubes(db, as_of, history_since, frontier)
        found, rising = _follow(zones, members, groups, since, as_of, alpha)
        if not grown:  # the first round's episodes are final unless zones join
            episodes = found
        reached = reachable.merge(
            pd.DataFrame(sorted(rising), columns=["category", "group_id"]), on=["category", "group_id"]
        )
        more = (
            reached[["place_id", "community_id", "category"]]
            .drop_duplicates()
            .merge(chosen[["place_id", "category"]], on=["place_id", "category"], how="left", indicator=True)
        )
        more = more[more["_merge"] == "left_only"].drop(columns="_merge").assign(level="zone")
        if more.empty:
            break
        chosen = pd.concat([chosen, more], ignore_index=True).sort_values(["place_id", "category"])
        frontier, grown = more, True
    if grown:
        zones, members, groups = _zone_cubes(db, as_of, history_since, chosen.reset_index(drop=True))
        episodes, _ = _follow(zones, members, groups, since, as_of, alpha)
    return [e for e in episodes if e.last_day > as_of - timedelta(days=WEEK)]


_MEMBERS = """
    SELECT group_id AS zone, group_id FROM groups WHERE group_id IN (SELECT group_id FROM group_neighbors)
    UNION SELECT group_id, neighbor_id FROM group_neighbors
"""  # a zone is a group with its neighbours (a group without neighbours is no zone)


def _zones_with_cases(db: Database, since: date, until: date) -> pd.DataFrame:
    """Zones × categories with at least ``MIN_CASES`` petitions from ``since`` to ``until``."""
    return db.query(
        f"""
        WITH members AS ({_MEMBERS})
        SELECT 'zone' AS level, m.zone AS place_id, any_value(g.community_id) AS community_id, p.category
        FROM petitions AS p JOIN members AS m ON m.group_id = p.group_id JOIN groups AS g ON g.group_id = m.zone
        WHERE p.received_date BETWEEN $since AND $until
        GROUP BY m.zone, p.category HAVING count(*) >= $minimum ORDER BY place_id, category
        """,
        {"since": since, "until": until, "minimum": MIN_CASES},
    ).astype({"place_id": "int64", "community_id": "int64"})


def _members(db: Database, zones: pd.DataFrame) -> pd.DataFrame:
    """Each of ``zones``' (place_id, category) member groups: place_id, category, group_id, community_id."""
    membership = db.query(
        f"SELECT m.zone AS place_id, m.group_id, g.community_id FROM ({_MEMBERS}) AS m "
        "JOIN groups AS g ON g.group_id = m.group_id ORDER BY 1, 2"
    )
    return zones[["place_id", "category"]].merge(membership.astype("int64"), on="place_id")


def _zone_cubes(db: Database, as_of: date, since: date, zones: pd.DataFrame):
    """The zones' summed counts, each zone's columns in the cube of its member groups, and that cube."""
    described = zones[["level", "place_id", "community_id", "category"]].reset_index(drop=True)
    belongs = _members(db, described)
    group_series = (
        belongs[["group_id", "community_id", "category"]]
        .drop_duplicates()
        .sort_values(["group_id", "category"])
        .rename(columns={"group_id": "place_id"})
        .assign(level="group")
        .reset_index(drop=True)
    )
    groups = petition_cube(db, as_of, since=since, series=group_series)
    column = {(int(g), c): i for i, (g, c) in enumerate(zip(group_series["place_id"], group_series["category"]))}
    of_zone = {(int(z), c): k for k, (z, c) in enumerate(zip(described["place_id"], described["category"]))}
    members: list[list[int]] = [[] for _ in range(len(described))]
    for zone, category, group in zip(belongs["place_id"], belongs["category"], belongs["group_id"]):
        members[of_zone[(int(zone), category)]].append(column[(int(group), category)])
    zones_cube = CountCube(
        groups.first_day,
        np.column_stack([groups.counts[:, cols].sum(axis=1) for cols in members])
        if members
        else np.zeros((len(groups.counts), 0)),
        described,
    )
    return zones_cube, members, groups


def episodes_between(
    cube: CountCube, neighbours: dict[int, list[int]], since: date, until: date, alpha: float = ALPHA
) -> list[Episode]:
    """Every cluster episode seen day by day from ``since`` to ``until``, judging every zone of ``cube``
    (a street's: the evaluations)."""
    zones, members = zone_cube(cube, neighbours)
    if zones.series.empty:
        return []
    return _follow(zones, members, cube, since, until, alpha)[0]


def _follow(
    zones: CountCube, members: list[list[int]], cube: CountCube, since: date, until: date, alpha: float
) -> tuple[list[Episode], set[tuple[str, int]]]:
    """The episodes of ``zones`` (members: their columns in the group cube ``cube``) day by day from
    ``since`` to ``until``; and every (category, group) seen rising in a firing zone."""
    since = max(cube.first_day, since)
    as_of = until
    days = [since + timedelta(days=k) for k in range((as_of - since).days + 1)]
    start = max(0, zones.day_index(since) - WEEK * MIN_WEEKS)
    candidates = np.flatnonzero(zones.counts[start:].sum(axis=0) >= MIN_CASES)
    judged = judge_days(zones, days, candidates, alpha, only=_rest_enough(cube, members, days, candidates))
    group_sums = cube.window_sums()
    cumulative = np.vstack([np.zeros((1, cube.counts.shape[1])), np.cumsum(cube.counts, axis=0)])
    group_of = cube.series["place_id"].to_numpy()
    categories, centres = zones.series["category"].to_numpy(), zones.series["place_id"].to_numpy()
    running: list[Episode] = []
    seen: set[tuple[str, int]] = set()
    for i, day in enumerate(days):
        todays = []  # (category, rising groups, zone verdict)
        if not judged.alarm[i].any():
            continue
        row = group_sums[cube.day_index(day)]
        usual = _usual(cumulative, cube.day_index(day))
        unusual = (row >= 1) & (poisson.sf(row - 1, np.maximum(usual, 0.05)) < MEMBER_P)  # each group, at once
        alarmed = np.flatnonzero(judged.alarm[i])
        rests, rest_usuals = np.zeros(len(alarmed)), np.zeros(len(alarmed))
        for n, k in enumerate(alarmed):
            mine = members[judged.columns[k]]
            top = int(np.argmax(row[mine]))
            rests[n] = row[mine].sum() - row[mine][top]
            rests_usual = usual[mine].sum() - usual[mine[top]]
            rest_usuals[n] = max(rests_usual, 0.05)
        rest_unusual = (rests >= REST_MINIMUM) & (poisson.sf(rests - 1, rest_usuals) < REST_P)
        for k in alarmed[rest_unusual]:
            zone = judged.columns[k]
            rising = [c for c in members[zone] if unusual[c]]
            if len(rising) >= 2:
                category = categories[zone]
                seen |= {(category, int(group_of[c])) for c in rising}
                todays.append(
                    (
                        category,
                        {int(group_of[c]) for c in rising},
                        {
                            "centre": int(centres[zone]),
                            "count": int(judged.observed[i, k]),
                            "expected": float(judged.expected[i, k]),
                            "threshold": int(judged.upper[i, k]),
                            "day": day,
                        },
                    )
                )
        for category, groups, verdict in _merged(todays):
            episode = next(
                (
                    e
                    for e in running
                    if e.category == category and e.groups & groups and e.last_day >= day - timedelta(days=WEEK)
                ),
                None,
            )
            if episode is None:
                episode = Episode(category, day, tuple(sorted(groups)), day)
                running.append(episode)
            episode.groups |= groups
            episode.last_day = day
            if not episode.peak or _excess(verdict) >= _excess(episode.peak):
                episode.peak = verdict
    return running, seen


def _rest_enough(cube: CountCube, members: list[list[int]], days: list[date], zones: np.ndarray) -> np.ndarray:
    """Days × ``zones``: whether the zone's seven days have ``REST_MINIMUM`` petitions outside its busiest group.
    No other zone-day can make a cluster, so the count model need not judge it (a surge has tens of thousands)."""
    at_days = cube.window_sums()[[cube.day_index(day) for day in days]]
    enough = np.zeros((len(days), len(zones)), dtype=bool)
    for k, zone in enumerate(zones):
        counts = at_days[:, members[zone]] if members[zone] else np.zeros((len(days), 1))
        enough[:, k] = counts.sum(axis=1) - counts.max(axis=1) >= REST_MINIMUM
    return enough


def _merged(todays):
    """Merge one day's firing zones of a category that share rising groups; keep the strongest verdict.

    Each zone in turn takes in the first later zone it overlaps, until none is left (a surge fires hundreds
    of zones on a day; comparing every pair again after each merge took minutes)."""
    merged = [[category, set(groups), verdict] for category, groups, verdict in todays]
    alive = [True] * len(merged)
    for a in range(len(merged)):
        if not alive[a]:
            continue
        b = a + 1
        while b < len(merged):
            if alive[b] and merged[b][0] == merged[a][0] and merged[a][1] & merged[b][1]:
                merged[a][1] |= merged[b][1]
                if _excess(merged[b][2]) > _excess(merged[a][2]):
                    merged[a][2] = merged[b][2]
                alive[b] = False
                b = a + 1  # the zone grew: look again from the start
            else:
                b += 1
    return [entry for entry, kept in zip(merged, alive) if kept]


def _excess(verdict: dict) -> int:
    return verdict["count"] - verdict["threshold"]


def _usual(cumulative: np.ndarray, day_index: int) -> np.ndarray:
    """Each series' mean seven-day count over the year before the last four weeks (what it usually has), from
    the cube's cumulative counts (a leading row of zeros)."""
    end = max(0, day_index - 4 * WEEK + 1)
    begin = max(0, end - 52 * WEEK)
    if end == begin:
        return np.zeros(cumulative.shape[1])
    return (cumulative[end] - cumulative[begin]) * WEEK / (end - begin)
