"""What the trends page shows: petitions over time with filters, a year before, the seasons, the alerts,
channels, time to resolution, on-time closure by unit and screening coverage.

A filter is a community, a group, a category, a channel and a level (each
None for all); series are weekly (weeks start on Monday) or monthly, every
period present (zeros included). Values reach SQL as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from . import stages
from .db import Database
from .queries import Period

FREQUENCIES = ("week", "month")
MIN_FOR_RATE = 10  # units with fewer cases due are not given an on-time rate


@dataclass(frozen=True)
class Filter:
    community_id: int | None = None
    group_id: int | None = None
    category: str | None = None
    channel: str | None = None
    level: str | None = None

    def params(self) -> dict:
        return {
            "f_community": self.community_id,
            "f_group": self.group_id,
            "f_category": self.category,
            "f_channel": self.channel,
            "f_level": self.level,
        }


WHERE = """(CAST($f_community AS INTEGER) IS NULL OR p.community_id = $f_community)
    AND (CAST($f_group AS INTEGER) IS NULL OR p.group_id = $f_group)
    AND (CAST($f_category AS VARCHAR) IS NULL OR p.category = $f_category)
    AND (CAST($f_channel AS VARCHAR) IS NULL OR p.channel = $f_channel)
    AND (CAST($f_level AS VARCHAR) IS NULL OR p.level = $f_level)"""


def _bucket(frequency: str) -> str:
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency must be one of {FREQUENCIES}")
    return frequency  # an identifier from the fixed list above, for date_trunc


def series(db: Database, start: date, end: date, where: Filter, frequency: str = "week") -> pd.DataFrame:
    """Petitions per week or month from ``start`` to ``end`` (every period, zeros included)."""
    unit = _bucket(frequency)
    step = "INTERVAL 7 DAY" if unit == "week" else "INTERVAL 1 MONTH"
    return db.query(
        f"""
        WITH periods AS (
            SELECT CAST(t.p AS DATE) AS period
            FROM range(CAST(date_trunc('{unit}', CAST($start AS DATE)) AS TIMESTAMP),
                       CAST($end AS TIMESTAMP) + INTERVAL 1 DAY, {step}) AS t(p)
        ), counted AS (
            SELECT CAST(date_trunc('{unit}', p.received_date) AS DATE) AS period, count(*) AS petitions
            FROM petitions AS p WHERE p.received_date BETWEEN $start AND $end AND {WHERE} GROUP BY ALL
        )
        SELECT periods.period, coalesce(counted.petitions, 0) AS petitions
        FROM periods LEFT JOIN counted USING (period) ORDER BY periods.period
        """,
        {"start": start, "end": end, **where.params()},
    )


def with_last_year(db: Database, period: Period, where: Filter, frequency: str = "week") -> pd.DataFrame:
    """The period's series beside the same weeks (52 weeks before) or months a year before."""
    now = series(db, period.start, period.end, where, frequency)
    shift = pd.DateOffset(weeks=52) if frequency == "week" else pd.DateOffset(years=1)
    before = series(
        db, (pd.Timestamp(period.start) - shift).date(), (pd.Timestamp(period.end) - shift).date(), where, frequency
    )
    before["period"] = (pd.to_datetime(before["period"]) + shift).dt.date
    return now.merge(before.rename(columns={"petitions": "last_year"}), on="period", how="left")


def decomposition(db: Database, end: date, where: Filter, frequency: str = "week", years: int = 3) -> pd.DataFrame:
    """STL of the last ``years`` up to ``end``: observed, trend, seasonal, residual (empty without two years)."""
    from statsmodels.tsa.seasonal import STL

    start = end - timedelta(days=365 * years)
    observed = series(db, start, end, where, frequency)
    season = 52 if frequency == "week" else 12
    if len(observed) < 2 * season + 1 or observed["petitions"].sum() == 0:
        return observed.assign(trend=float("nan"), seasonal=float("nan"), residual=float("nan")).iloc[0:0]
    fitted = STL(observed["petitions"].astype(float).to_numpy(), period=season, robust=True).fit()
    return observed.assign(
        trend=fitted.trend.round(2), seasonal=fitted.seasonal.round(2), residual=fitted.resid.round(2)
    )


def alerts_in(db: Database, period: Period, where: Filter, frequency: str = "week") -> pd.DataFrame:
    """Alerts first detected in the period on the filtered place and category: period, kind, grade."""
    unit = _bucket(frequency)
    return db.query(
        f"""
        SELECT CAST(date_trunc('{unit}', a.detected_on) AS DATE) AS period, a.kind, a.grade, a.detected_on
        FROM alerts AS a
        WHERE a.detected_on BETWEEN $start AND $end
          AND (CAST($f_community AS INTEGER) IS NULL OR a.community_id = $f_community)
          AND (CAST($f_group AS INTEGER) IS NULL OR EXISTS (
                SELECT 1 FROM alert_groups AS g WHERE g.alert_id = a.alert_id AND g.group_id = $f_group))
          AND (CAST($f_category AS VARCHAR) IS NULL OR a.category = $f_category)
        ORDER BY a.detected_on
        """,
        {
            "start": period.start,
            "end": period.end,
            "f_community": where.community_id,
            "f_group": where.group_id,
            "f_category": where.category,
        },
    )


def channel_shares(db: Database, period: Period, where: Filter) -> pd.DataFrame:
    """Per month and channel: petitions and the share of the month's petitions."""
    frame = db.query(
        f"""
        SELECT CAST(date_trunc('month', p.received_date) AS DATE) AS period, p.channel, count(*) AS petitions
        FROM petitions AS p WHERE p.received_date BETWEEN $start AND $end AND {WHERE}
        GROUP BY ALL ORDER BY 1, 2
        """,
        {"start": period.start, "end": period.end, **where.params()},
    )
    frame["share"] = (frame["petitions"] / frame.groupby("period")["petitions"].transform("sum")).round(4)
    return frame


def resolution_days(db: Database, period: Period, where: Filter) -> pd.DataFrame:
    """Petitions received in the period and resolved: days from receipt to resolution, and whether on time."""
    return db.query(
        f"""
        SELECT p.petition_id, datediff('day', p.received_date, {stages.answered_on("p.")}) AS days,
               {stages.on_time("p.")} AS on_time
        FROM petitions AS p
        WHERE p.received_date BETWEEN $start AND $end AND {stages.answered_on("p.")} IS NOT NULL AND {WHERE}
        """,
        {"start": period.start, "end": period.end, **where.params()},
    )


def on_time_by_unit(db: Database, period: Period, where: Filter, minimum: int = MIN_FOR_RATE) -> pd.DataFrame:
    """Per responsible unit, petitions due in the period: how many, closed on time, the rate (None below
    ``minimum`` due), the still-open overdue ones."""
    frame = db.query(
        f"""
        SELECT coalesce(p.responsible_unit, '') AS unit, count(*) AS due,
               count(*) FILTER (WHERE {stages.on_time("p.")}) AS on_time,
               count(*) FILTER (WHERE NOT {stages.answered_by("p.", "$end")} AND p.due_date < $end) AS overdue_open
        FROM petitions AS p
        WHERE p.due_date BETWEEN $start AND $end AND {stages.counts_for_deadline("p.")} AND {WHERE}
        GROUP BY ALL ORDER BY due DESC
        """,
        {"start": period.start, "end": period.end, **where.params()},
    )
    frame["on_time_rate"] = (frame["on_time"] / frame["due"]).where(frame["due"] >= minimum).round(4)
    return frame


def screening_coverage(db: Database, period: Period, community_id: int | None) -> pd.DataFrame:
    """Per month: households visited at least once that month, all households, and the share."""
    return db.query(
        """
        WITH months AS (
            SELECT CAST(t.m AS DATE) AS period
            FROM range(CAST(date_trunc('month', CAST($start AS DATE)) AS TIMESTAMP),
                       CAST($end AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 MONTH) AS t(m)
        ), visited AS (
            SELECT CAST(date_trunc('month', visit_date) AS DATE) AS period, count(DISTINCT household) AS households
            FROM screenings
            WHERE visit_date BETWEEN $start AND $end
              AND (CAST($community AS INTEGER) IS NULL OR community_id = $community)
            GROUP BY ALL
        ), total AS (
            SELECT CAST(sum(households) AS BIGINT) AS households FROM groups
            WHERE CAST($community AS INTEGER) IS NULL OR community_id = $community
        )
        SELECT months.period, coalesce(visited.households, 0) AS visited, total.households,
               round(coalesce(visited.households, 0) / nullif(total.households, 0), 4) AS share
        FROM months CROSS JOIN total LEFT JOIN visited USING (period) ORDER BY months.period
        """,
        {"start": period.start, "end": period.end, "community": community_id},
    )
