"""Injected spatial clusters: three neighbouring groups each rising moderately, on a demo street's real background.

Each trial adds ``per_group`` petitions (Poisson mean) to each of three
neighbouring groups on one category, spread over about three weeks, into the
street's counts (the groups' and their community's series), at a random day
of the last year. The cluster detector should raise one alert listing the
groups; the spike detector alone, judging each group on its own, often sees
nothing. Trials are placed far apart in time so they do not overlap.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from ..db import Database
from ..detect import cluster, spike
from ..detect.counts import petition_cube
from .simulate import SPREAD_DAYS, outbreak_days

TRIALS_PER_YEAR = 12


def inject_and_detect(db: Database, per_group: float, seed: int = 1, trials: int = TRIALS_PER_YEAR) -> pd.DataFrame:
    """One row per injected cluster: found by the cluster detector (listing at least two of its groups),
    found within a week, delay, how many of its groups were listed; found by any spike."""
    rng = np.random.default_rng(seed)
    until = db.scalar("SELECT max(received_date) FROM petitions")
    since = until - timedelta(days=364)
    cube = petition_cube(db, until, since=since - timedelta(days=spike.HISTORY_DAYS))
    neighbours: dict[int, list[int]] = {}
    for group_id, neighbour_id in db.rows("SELECT group_id, neighbor_id FROM group_neighbors ORDER BY 1, 2"):
        neighbours.setdefault(int(group_id), []).append(int(neighbour_id))
    series = cube.series
    column = {(r.level, int(r.place_id), r.category): i for i, r in enumerate(series.itertuples())}
    categories = sorted(set(series["category"]))
    gap = 364 // trials
    injected = []
    for trial in range(trials):
        centre = int(rng.choice([g for g, n in neighbours.items() if len(n) >= 2]))
        groups = [centre, *[int(g) for g in rng.choice(neighbours[centre], 2, replace=False)]]
        category = str(rng.choice(categories))
        start = since + timedelta(days=trial * gap + int(rng.integers(0, gap - SPREAD_DAYS)))
        community = int(series.loc[column[("group", centre, category)], "community_id"])
        for group in groups:
            days = cube.day_index(start) + outbreak_days(rng, int(rng.poisson(per_group)))
            for level, place in (("group", group), ("community", community)):
                np.add.at(cube.counts[:, column[(level, place, category)]], days[days < len(cube.counts)], 1)
        injected.append((groups, category, start))
    found_clusters = cluster.episodes_between(cube, neighbours, since, until)
    found_spikes = spike.episodes_between(cube, since, until)
    rows = []
    for groups, category, start in injected:
        end = start + timedelta(days=SPREAD_DAYS - 1)
        mine = [
            e
            for e in found_clusters
            if e.category == category
            and len(e.groups & set(groups)) >= 2
            and start - timedelta(days=7) <= e.first_day <= end
        ]
        spikes_here = found_spikes[
            found_spikes["column"].isin([column[("group", g, category)] for g in groups])
            & (found_spikes["first_day"] >= start)
            & (found_spikes["first_day"] <= end)
        ]
        first = min((e.first_day for e in mine), default=None)
        rows.append(
            {
                "per_group": per_group,
                "found": bool(mine),
                "first_week": first is not None and (first - start).days < 7,
                "delay_days": None if first is None else max(0, (first - start).days),
                "groups_listed": max((len(e.groups & set(groups)) for e in mine), default=0),
                "found_by_spikes": len(spikes_here) > 0,
            }
        )
    return pd.DataFrame(rows)
