"""Daily petition counts per place and category, as of a day, and the weekly windows the count model reads.

A "week" here is the seven days ending on a day, so a detector can be run on
any day and judge the latest seven days against the same seven-day windows
1, 2, ... weeks before (the same weekdays, so weekly rhythms cancel out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..db import Database

WEEK = 7


@dataclass
class CountCube:
    """Counts per day (rows, ``first_day`` onwards) and series (columns, described by ``series``)."""

    first_day: date
    counts: np.ndarray  # days × series
    series: pd.DataFrame  # one row per column: level ("group" or "community"), place_id, community_id, category

    def day_index(self, day: date) -> int:
        return (day - self.first_day).days

    def window_sums(self, columns: np.ndarray | None = None, days: int = WEEK) -> np.ndarray:
        """Sums over the ``days`` (seven) ending on each day (the first days sum what there is), for ``columns``
        only when given (a city's cube has hundreds of thousands of series; the detectors judge a few)."""
        counts = self.counts if columns is None else self.counts[:, columns]
        sums = np.cumsum(counts, axis=0)
        sums[days:] -= sums[:-days].copy()
        return sums

    def history(self, day: date, depth: int, columns: np.ndarray | None = None) -> np.ndarray:
        """Series × lags: the seven-day windows ending ``day``, ``day`` − 7, … (``depth`` of them)."""
        sums = self.window_sums(columns)
        rows = self.day_index(day) - WEEK * np.arange(depth)
        if rows.min() < 0:
            raise ValueError("not enough history for the requested depth")
        return sums[rows].T


def active_series(db: Database, since: date, until: date, minimum: int = 1) -> pd.DataFrame:
    """Group × category and community × category series with at least ``minimum`` petitions received from
    ``since`` to ``until`` (the series a detector can judge; a city has hundreds of thousands in all)."""
    return db.query(
        """
        SELECT 'group' AS level, p.group_id AS place_id, any_value(g.community_id) AS community_id, p.category
        FROM petitions AS p JOIN groups AS g ON g.group_id = p.group_id
        WHERE p.received_date BETWEEN $since AND $until GROUP BY p.group_id, p.category HAVING count(*) >= $minimum
        UNION ALL
        SELECT 'community', community_id, community_id, category FROM petitions
        WHERE received_date BETWEEN $since AND $until GROUP BY ALL HAVING count(*) >= $minimum
        ORDER BY level = 'community', place_id, category
        """,
        {"since": since, "until": until, "minimum": minimum},
    ).astype({"place_id": "int64", "community_id": "int64"})


def petition_cube(
    db: Database, as_of: date, since: date | None = None, series: pd.DataFrame | None = None
) -> CountCube:
    """Petitions per day received up to ``as_of``: for ``series`` (level, place_id, community_id, category)
    when given, else for every group × category and community × category."""
    first = db.scalar("SELECT min(received_date) FROM petitions WHERE received_date <= ?", [as_of])
    if first is None:
        first = as_of
    if since is not None:
        first = max(first, since)
    days = (as_of - first).days + 1
    if series is not None:
        return _series_cube(db, first, as_of, series.reset_index(drop=True))
    daily = db.query(
        "SELECT received_date AS day, community_id, group_id, category, CAST(count(*) AS INTEGER) AS n "
        "FROM petitions WHERE received_date BETWEEN $first AND $as_of GROUP BY ALL",
        {"first": first, "as_of": as_of},
    )
    groups = db.query("SELECT group_id AS place_id, community_id FROM groups ORDER BY group_id")
    communities = db.query("SELECT community_id AS place_id, community_id FROM communities ORDER BY community_id")
    categories = sorted(set(daily["category"])) if not daily.empty else []
    series = pd.concat(
        [
            groups.assign(level="group").merge(pd.DataFrame({"category": categories}), how="cross"),
            communities.assign(level="community").merge(pd.DataFrame({"category": categories}), how="cross"),
        ],
        ignore_index=True,
    )
    counts = np.zeros((days, len(series)))
    if not daily.empty:
        daily = daily.assign(offset=(pd.to_datetime(daily["day"]) - pd.Timestamp(first)).dt.days)
        columns = series.reset_index().rename(columns={"index": "column"})
        for level, place in (("group", "group_id"), ("community", "community_id")):
            # one row per day, place and category (a community's groups added up), then its column in the cube
            per_place = (
                daily.dropna(subset=[place])
                .astype({place: "int64"})
                .groupby(["offset", place, "category"], as_index=False)["n"]
                .sum()
            )
            placed = per_place.merge(
                columns[columns["level"] == level][["place_id", "category", "column"]],
                left_on=[place, "category"],
                right_on=["place_id", "category"],
            )
            counts[placed["offset"].to_numpy(), placed["column"].to_numpy()] = placed["n"].to_numpy()
    return CountCube(first, counts, series)


def _series_cube(db: Database, first: date, as_of: date, series: pd.DataFrame) -> CountCube:
    """The cube of the given series only, counted by the database."""
    counts = np.zeros(((as_of - first).days + 1, len(series)))
    if series.empty:
        return CountCube(first, counts, series)
    wanted = pd.DataFrame(
        {
            "level": series["level"].astype(str),
            "place_id": series["place_id"].astype("int64"),
            "category": series["category"].astype(str),
            "col": np.arange(len(series)),
        }
    )
    db.register("_wanted_series", wanted)
    try:
        daily = db.query(
            """
            SELECT datediff('day', $first, p.received_date) AS offset, w.col, CAST(count(*) AS INTEGER) AS n
            FROM petitions AS p JOIN _wanted_series AS w
              ON w.level = 'group' AND w.place_id = p.group_id AND w.category = p.category
            WHERE p.received_date BETWEEN $first AND $as_of GROUP BY ALL
            UNION ALL
            SELECT datediff('day', $first, p.received_date), w.col, CAST(count(*) AS INTEGER)
            FROM petitions AS p JOIN _wanted_series AS w
              ON w.level = 'community' AND w.place_id = p.community_id AND w.category = p.category
            WHERE p.received_date BETWEEN $first AND $as_of GROUP BY ALL
            """,
            {"first": first, "as_of": as_of},
        )
    finally:
        db.unregister("_wanted_series")
    counts[daily["offset"].to_numpy(), daily["col"].to_numpy()] = daily["n"].to_numpy()
    return CountCube(first, counts, series)


def years_of_history(first_day: date, day: date, half_window: int = 3, most: int = 3) -> int:
    """How many whole years back the count model can reach from ``day`` with data from ``first_day``."""
    weeks = ((day - first_day).days + 1) // WEEK
    return max(0, min(most, (weeks - half_window - 1) // 52))


def weeks_back(day: date, weeks: int) -> list[date]:
    return [day - timedelta(days=WEEK * j) for j in range(weeks)]
