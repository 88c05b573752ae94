"""Spike and cluster alerts over a year of a demo street: false alerts per week, and the injected events found.

The demo street's background has seasons, weekdays and campaigns but no
outbreaks except the injected events (``demo_events``); an alert episode that
does not touch an injected event (same category, a shared group or the
event's community, starting between a week before the event and two weeks
after its end) counts as false.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ..db import Database
from ..detect import cluster, spike
from ..detect.counts import petition_cube


def street_episodes(
    db: Database, since: date, until: date, spike_alpha: float = spike.ALPHA, cluster_alpha: float = cluster.ALPHA
) -> pd.DataFrame:
    """Spike and cluster episodes first seen between ``since`` and ``until``: kind, category, groups,
    community_id, first_day."""
    cube = petition_cube(db, until, since=since - timedelta(days=spike.HISTORY_DAYS))
    series = cube.series
    rows = []
    for episode in spike.episodes_between(cube, since, until, spike_alpha).itertuples():
        described = series.iloc[episode.column]
        groups = [int(described["place_id"])] if described["level"] == "group" else []
        rows.append(("spike", described["category"], groups, int(described["community_id"]), episode.first_day))
    neighbours: dict[int, list[int]] = {}
    for group_id, neighbour_id in db.rows("SELECT group_id, neighbor_id FROM group_neighbors ORDER BY 1, 2"):
        neighbours.setdefault(int(group_id), []).append(int(neighbour_id))
    community = dict(db.rows("SELECT group_id, community_id FROM groups"))
    for episode in cluster.episodes_between(cube, neighbours, since, until, cluster_alpha):
        groups = sorted(episode.groups)
        rows.append(("cluster", episode.category, groups, int(community[groups[0]]), episode.first_day))
    return pd.DataFrame(rows, columns=["kind", "category", "groups", "community_id", "first_day"])


def match_events(db: Database, episodes: pd.DataFrame) -> pd.DataFrame:
    """``episodes`` with the injected event each belongs to (None: a false alert)."""
    events = db.query("SELECT event_id, kind, community_id, group_ids, category, start_date, end_date FROM demo_events")

    def event_of(row):
        for event in events.itertuples():
            same_place = bool(set(row.groups) & set(event.group_ids)) or (
                not row.groups and row.community_id == event.community_id
            )
            in_time = event.start_date - timedelta(days=7) <= row.first_day <= event.end_date + timedelta(days=14)
            if row.category == event.category and same_place and in_time:
                return event.kind
        return None

    return episodes.assign(event=[event_of(row) for row in episodes.itertuples()])


def false_alerts_per_week(db: Database, since: date, until: date, **alphas) -> dict:
    matched = match_events(db, street_episodes(db, since, until, **alphas))
    weeks = ((until - since).days + 1) / 7
    false = matched[matched["event"].isna()]
    return {
        "weeks": round(weeks, 1),
        "spike": round(float((false["kind"] == "spike").sum() / weeks), 2),
        "cluster": round(float((false["kind"] == "cluster").sum() / weeks), 2),
        "total": round(float(len(false) / weeks), 2),
        "events_found": sorted(set(matched["event"].dropna())),
    }
