"""What the heatmaps show: petitions by community × category, group × week and day, and the records of a cell.

Every function reads one period (inclusive) and, where it applies, one
community; the metric is a count, a rate per 1,000 households, or (community ×
category only) the mean risk score of the open matters there.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .db import Database
from .queries import IN_COMMUNITY, WEEKS, Period

METRICS = ("count", "rate", "score")
RECORDS_SHOWN = 500


def community_category(db: Database, period: Period, scored: pd.DataFrame | None = None) -> pd.DataFrame:
    """community_id, community, category, petitions, households, rate (per 1,000), score (mean of open matters)."""
    frame = db.query(
        f"""
        WITH households AS (
            SELECT community_id, CAST(sum(households) AS BIGINT) AS households FROM groups GROUP BY ALL
        ), counted AS (
            SELECT community_id, category, count(*) AS petitions FROM petitions
            WHERE received_date BETWEEN $start AND $end AND {IN_COMMUNITY} GROUP BY ALL
        )
        SELECT c.community_id, c.name AS community, counted.category, counted.petitions, h.households
        FROM counted JOIN communities AS c USING (community_id) LEFT JOIN households AS h USING (community_id)
        ORDER BY c.community_id, counted.category
        """,
        period.params(),
    )
    frame["rate"] = (1000 * frame["petitions"] / frame["households"]).round(2)
    if scored is not None and len(scored):
        means = scored.groupby(["community_id", "category"], as_index=False)["score"].mean().round(1)
        frame = frame.merge(means, on=["community_id", "category"], how="left")
    else:
        frame["score"] = float("nan")
    return frame


def group_weeks(db: Database, period: Period, community_id: int, category: str | None) -> pd.DataFrame:
    """Every group of a community × every week (Mondays) of the period: petitions, households, rate."""
    first = period.start - timedelta(days=period.start.weekday())
    last = period.end - timedelta(days=period.end.weekday())
    frame = db.query(
        f"""
        WITH {WEEKS}, counted AS (
            SELECT group_id, CAST(date_trunc('week', received_date) AS DATE) AS week, count(*) AS petitions
            FROM petitions
            WHERE received_date BETWEEN $start AND $end AND community_id = $community
              AND (CAST($category AS VARCHAR) IS NULL OR category = $category)
            GROUP BY ALL
        )
        SELECT g.group_id, g.name AS "group", g.households, weeks.week, coalesce(counted.petitions, 0) AS petitions
        FROM groups AS g CROSS JOIN weeks
        LEFT JOIN counted ON counted.group_id = g.group_id AND counted.week = weeks.week
        WHERE g.community_id = $community
        ORDER BY g.group_id, weeks.week
        """,
        period.params(first=first, last=last, community=community_id, category=category),
    )
    frame["rate"] = (1000 * frame["petitions"] / frame["households"].where(frame["households"] > 0)).round(2)
    return frame


def daily(db: Database, period: Period, category: str | None = None) -> pd.DataFrame:
    """Every day of the period with its petitions (zeros included)."""
    return db.query(
        f"""
        WITH days AS (
            SELECT CAST(day AS DATE) AS day
            FROM range(CAST($start AS TIMESTAMP), CAST($end AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY) AS t(day)
        ), counted AS (
            SELECT received_date AS day, count(*) AS petitions FROM petitions
            WHERE received_date BETWEEN $start AND $end AND {IN_COMMUNITY}
              AND (CAST($category AS VARCHAR) IS NULL OR category = $category)
            GROUP BY ALL
        )
        SELECT days.day, coalesce(counted.petitions, 0) AS petitions
        FROM days LEFT JOIN counted USING (day) ORDER BY days.day
        """,
        period.params(category=category),
    )


def cell_records(
    db: Database,
    period: Period,
    *,
    community_id: int | None = None,
    group_id: int | None = None,
    category: str | None = None,
    first: date | None = None,
    last: date | None = None,
) -> tuple[int, pd.DataFrame]:
    """The petitions behind a cell (no personal field): how many in all, and the first ``RECORDS_SHOWN``."""
    params = period.params(
        cell_community=community_id,
        group=group_id,
        category=category,
        first=first or period.start,
        last=last or period.end,
    )
    where = """
        p.received_date BETWEEN greatest($start, $first) AND least($end, $last)
        AND (CAST($community AS INTEGER) IS NULL OR p.community_id = $community)
        AND (CAST($cell_community AS INTEGER) IS NULL OR p.community_id = $cell_community)
        AND (CAST($group AS INTEGER) IS NULL OR p.group_id = $group)
        AND (CAST($category AS VARCHAR) IS NULL OR p.category = $category)"""
    total = int(db.scalar(f"SELECT count(*) FROM petitions AS p WHERE {where}", params))
    params["shown"] = RECORDS_SHOWN
    records = db.query(
        f"""
        SELECT p.petition_id, p.received_date, c.name AS community, g.name AS "group", p.category, p.channel,
               p.level, p.people_count, p.status, p.summary
        FROM petitions AS p JOIN communities AS c USING (community_id) LEFT JOIN groups AS g USING (group_id)
        WHERE {where}
        ORDER BY p.received_date DESC, p.petition_id LIMIT $shown
        """,
        params,
    )
    return total, records


def group_values(db: Database, period: Period, metric: str, scored: pd.DataFrame | None = None) -> pd.Series:
    """Per group_id: petitions in the period, the rate per 1,000 households, or the mean score of open matters."""
    if metric == "score":
        if scored is None or scored.empty:
            return pd.Series(dtype=float)
        placed = scored.dropna(subset=["group_id"])
        return placed.groupby(placed["group_id"].astype(int))["score"].mean().round(1)
    frame = db.query(
        """
        SELECT g.group_id, g.households, count(p.petition_id) AS petitions
        FROM groups AS g LEFT JOIN petitions AS p
          ON p.group_id = g.group_id AND p.received_date BETWEEN $start AND $end
        WHERE CAST($community AS INTEGER) IS NULL OR g.community_id = $community
        GROUP BY ALL
        """,
        period.params(),
    )
    values = (
        frame["petitions"]
        if metric == "count"
        else (1000 * frame["petitions"] / frame["households"].where(frame["households"] > 0)).round(2)
    )
    return pd.Series(values.to_numpy(), index=frame["group_id"].astype(int))


def open_alert_groups(db: Database, as_of: date) -> pd.DataFrame:
    """Groups with alerts open on ``as_of``, each with its worst grade."""
    return db.query(
        """
        SELECT ag.group_id, arg_min(a.grade, CASE a.grade WHEN 'red' THEN 0 WHEN 'orange' THEN 1
                                                    WHEN 'yellow' THEN 2 ELSE 3 END) AS grade
        FROM alerts AS a JOIN alert_groups AS ag USING (alert_id)
        WHERE a.detected_on <= $as_of AND (a.closed_on IS NULL OR a.closed_on > $as_of)
          AND a.state NOT IN ('resolved', 'dismissed')
        GROUP BY ag.group_id
        """,
        {"as_of": as_of},
    )
