"""The spike detector: a place's petitions on one category rising above its own history.

Every day it judges the seven days just ended, for each group × category and
community × category, with the count model (:mod:`.countmodel`): a Noufaily
baseline from up to three years of the same place's weeks. A day fires when
the count passes the threshold; an episode lasts while the place fired within
the past seven days, so a weekly run still sees a short burst. A community
alarm within a week of one of its own groups firing on the same category is
left to the group's alert (one alert per episode, not two for the same petitions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import run_cache
from ..db import Database
from . import countmodel
from .counts import WEEK, CountCube, active_series, petition_cube, years_of_history
from .episodes import active_runs
from .signal import Signal

ALPHA = 0.02  # with rise.THRESHOLD, the operating point (README; bench/operating_point.py)
MIN_CASES, MIN_WEEKS = 5, 4  # R's limit54: no alarm with fewer than 5 cases in the last 4 weeks
LOOKBACK_DAYS = 56  # days judged before as-of to find where an episode began (extended while it keeps firing)
MOST_LOOKBACK_DAYS = 371
STICKY_DAYS = WEEK  # an episode keeps firing for a week after its last alarm
HISTORY_DAYS = WEEK * (52 * 3 + 4) + MOST_LOOKBACK_DAYS  # what the count model reads at most
CHUNK = 20000  # rows judged at once (memory: CHUNK × 160 weeks)


@dataclass
class Judged:
    """The count model's verdicts on the judged days (rows) for the judged series (columns)."""

    days: list[date]
    columns: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    upper: np.ndarray
    pvalue: np.ndarray
    alarm: np.ndarray
    phi: np.ndarray  # the fit's dispersion (variance = phi × expected)


def judge_days(
    cube: CountCube,
    days: list[date],
    columns: np.ndarray,
    alpha: float = ALPHA,
    every_pair: bool | str = False,
    only: np.ndarray | None = None,
) -> Judged:
    """Run the count model on the seven days ending each of ``days`` for the ``columns`` of ``cube``.

    Only the (day, series) pairs that could fire are judged — those with ``MIN_CASES`` in the last
    ``MIN_WEEKS`` weeks — unless ``every_pair``: True judges every pair, "counted" every pair with a petition
    in its seven days (the trend status: a week without one is never hot). ``only`` (days × columns) leaves
    out the pairs a caller will not read (they keep the verdict of no alarm).
    """
    shape = (len(days), len(columns))
    out = Judged(
        days,
        columns,
        np.zeros(shape),
        np.full(shape, np.nan),
        np.full(shape, np.nan),
        np.ones(shape),
        np.zeros(shape, dtype=bool),
        np.full(shape, np.nan),
    )
    if not len(columns) or not len(days):
        return out
    sums = cube.window_sums(columns)
    rows_of_days = np.array([cube.day_index(d) for d in days])
    out.observed[:] = sums[rows_of_days]
    cumulative = np.vstack([np.zeros((1, len(columns))), np.cumsum(cube.counts[:, columns], axis=0)])
    recent = cumulative[rows_of_days + 1] - cumulative[np.maximum(rows_of_days + 1 - WEEK * MIN_WEEKS, 0)]
    wanted = (
        (out.observed >= 1 if every_pair == "counted" else np.ones(shape, dtype=bool))
        if every_pair
        else recent >= MIN_CASES
    )
    if only is not None:
        wanted = wanted & only
    by_design: dict[tuple[int, int], list[int]] = {}
    for i, day in enumerate(days):
        years = years_of_history(cube.first_day, day)
        weeks = (rows_of_days[i] + 1) // WEEK
        depth = 52 * years + 4 if years else min(weeks, 52)
        if years or depth >= countmodel.SHORT_GUARD + 1 + countmodel.SHORT_MINIMUM:
            by_design.setdefault((years, depth), []).append(i)
    cache = run_cache.current()
    known = cache.verdicts if cache is not None else None
    if known is not None:
        described = cube.series.iloc[columns]
        keys = list(zip(described["level"], described["place_id"].astype(int), described["category"]))
        wanted = wanted & ~known.recall(out, keys, wanted, alpha)
    for (years, depth), rows in by_design.items():
        day_rows, cols = np.nonzero(wanted[rows])
        if not len(cols):
            continue
        day_rows = np.asarray(rows)[day_rows]
        lags = WEEK * np.arange(depth)
        for part in range(0, len(cols), CHUNK):
            i, j = day_rows[part : part + CHUNK], cols[part : part + CHUNK]
            history = sums[rows_of_days[i][:, None] - lags, j[:, None]]
            verdict = countmodel.judge(history, alpha, years=years, min_cases=MIN_CASES, min_weeks=MIN_WEEKS)
            out.expected[i, j] = verdict.expected
            out.upper[i, j] = verdict.upperbound
            out.pvalue[i, j] = verdict.pvalue
            out.alarm[i, j] = verdict.alarm
            out.phi[i, j] = verdict.phi
            if known is not None:
                known.remember(out, keys, i, j, alpha)
    return out


def _candidates(cube: CountCube, since: date, as_of: date) -> np.ndarray:
    """Series that could fire between ``since`` and ``as_of``: enough cases in the span (R's limit54)."""
    start = max(0, cube.day_index(since) - WEEK * MIN_WEEKS)
    totals = cube.counts[start : cube.day_index(as_of) + 1].sum(axis=0)
    return np.flatnonzero(totals >= MIN_CASES)


def _leave_to_groups(judged: Judged, series: pd.DataFrame) -> None:
    """Drop a community's alarms within a week of one of its groups firing on the same category."""
    described = series.iloc[judged.columns].reset_index(drop=True)
    groups = described[described["level"] == "group"]
    for j, row in described[described["level"] == "community"].iterrows():
        mine = groups[(groups["community_id"] == row["community_id"]) & (groups["category"] == row["category"])]
        if len(mine):
            fired = judged.alarm[:, mine.index.to_numpy()].any(axis=1).astype(float)
            near = np.convolve(fired, np.ones(2 * STICKY_DAYS + 1), mode="same") > 0
            judged.alarm[:, j] &= ~near


def episodes_between(cube: CountCube, since: date, until: date, alpha: float = ALPHA) -> pd.DataFrame:
    """Every spike episode from ``since`` to ``until``: column, first and last alarm day."""
    days = [since + timedelta(days=k) for k in range((until - since).days + 1)]
    judged = judge_days(cube, days, _candidates(cube, since, until), alpha)
    _leave_to_groups(judged, cube.series)
    rows = []
    for j, column in enumerate(judged.columns):
        fired = np.flatnonzero(judged.alarm[:, j])
        if not len(fired):
            continue
        starts = [fired[0], *fired[1:][np.diff(fired) > STICKY_DAYS]]
        ends = [*fired[:-1][np.diff(fired) > STICKY_DAYS], fired[-1]]
        rows += [(int(column), days[a], days[b]) for a, b in zip(starts, ends)]
    return pd.DataFrame(rows, columns=["column", "first_day", "last_day"])


def alarm_days(cube: CountCube, as_of: date, alpha: float = ALPHA) -> tuple[Judged, pd.DataFrame]:
    """Judge the lookback before ``as_of``; return the verdicts and the firing episodes covering ``as_of``."""
    lookback = LOOKBACK_DAYS
    while True:
        since = max(cube.first_day, as_of - timedelta(days=lookback - 1))
        days = [since + timedelta(days=k) for k in range((as_of - since).days + 1)]
        judged = judge_days(cube, days, _candidates(cube, since, as_of), alpha)
        _leave_to_groups(judged, cube.series)
        rows, cols = np.nonzero(judged.alarm)
        events = pd.DataFrame({"key": judged.columns[cols], "day": [days[r] for r in rows]})
        runs = active_runs(events, as_of, STICKY_DAYS)
        reaches_start = (runs["detected_on"] <= since).any() if len(runs) else False
        if not reaches_start or since == cube.first_day or lookback >= MOST_LOOKBACK_DAYS:
            return judged, runs
        lookback = min(MOST_LOOKBACK_DAYS, lookback * 2)


def configured_alpha(db: Database) -> float:
    """The office's setting ``spike_alarm_per_mille`` as a probability (the default is ``ALPHA``)."""
    from .. import settings_store

    return settings_store.get(db, "spike_alarm_per_mille") / 1000


def firing_series(db: Database, as_of: date, alpha: float) -> pd.DataFrame:
    """The only series whose episodes can be firing on ``as_of``: those with an alarm in the last
    ``STICKY_DAYS`` days, and the groups that may take over a firing community's alarms (same category).

    Judging these alone gives the same episodes as judging every series (each series is judged on its own
    counts), and a city has hundreds of thousands of series but a few thousand with enough recent cases.
    """
    week_start = as_of - timedelta(days=STICKY_DAYS - 1)
    history_since = as_of - timedelta(days=HISTORY_DAYS)
    recent = active_series(db, week_start - timedelta(days=WEEK * MIN_WEEKS), as_of, MIN_CASES)
    cube = petition_cube(db, as_of, since=history_since, series=recent)
    days = [
        week_start + timedelta(days=k) for k in range(STICKY_DAYS) if week_start + timedelta(days=k) >= cube.first_day
    ]
    judged = judge_days(cube, days, np.arange(len(recent)), alpha)
    fired = recent.iloc[judged.columns[judged.alarm.any(axis=0)]]
    communities = fired.loc[fired["level"] == "community", ["community_id", "category"]]
    if communities.empty:
        return fired.reset_index(drop=True)
    longest = active_series(db, as_of - timedelta(days=MOST_LOOKBACK_DAYS + WEEK * MIN_WEEKS), as_of, MIN_CASES)
    their_groups = longest[longest["level"] == "group"].merge(communities, on=["community_id", "category"])
    found = pd.concat([fired, their_groups], ignore_index=True).drop_duplicates(["level", "place_id", "category"])
    order = found.assign(_community=found["level"] == "community").sort_values(["_community", "place_id", "category"])
    return order.drop(columns="_community").reset_index(drop=True)


def spikes(db: Database, as_of: date, alpha: float | None = None) -> list[Signal]:
    alpha = configured_alpha(db) if alpha is None else alpha
    series = firing_series(db, as_of, alpha)
    if series.empty:
        return []
    cube = petition_cube(db, as_of, since=as_of - timedelta(days=HISTORY_DAYS), series=series)
    judged, runs = alarm_days(cube, as_of, alpha)
    if runs.empty:
        return []
    signals = []
    records = _records(
        db,
        cube.series.iloc[runs["key"].astype(int)].assign(
            since=[d - timedelta(days=WEEK - 1) for d in runs["detected_on"]]
        ),
        as_of,
    )
    for run in runs.itertuples(index=False):
        column = int(run.key)
        j = int(np.flatnonzero(judged.columns == column)[0])
        series = cube.series.iloc[column]
        fired = judged.alarm[:, j]
        peak = int(np.argmax(np.where(fired, judged.observed[:, j] - judged.upper[:, j], -np.inf)))
        last = len(judged.days) - 1
        observed, expected, upper = judged.observed[peak, j], judged.expected[peak, j], judged.upper[peak, j]
        signals.append(
            Signal(
                kind="spike",
                episode_key=f"{series['level']}:{int(series['place_id'])}:{series['category']}",
                grade=_grade(observed, upper),
                community_id=int(series["community_id"]),
                group_ids=[int(series["place_id"])] if series["level"] == "group" else [],
                category=series["category"],
                matter_id=None,
                detected_on=run.detected_on,
                summary_key="alert.spike",
                summary_values={"count": int(observed), "expected": round(float(expected), 1)},
                evidence={
                    "count_7_days": int(judged.observed[last, j]),
                    "expected_7_days": round(float(judged.expected[last, j]), 2),
                    "threshold_7_days": None if np.isnan(judged.upper[last, j]) else int(judged.upper[last, j]),
                    "peak_count": int(observed),
                    "peak_expected": round(float(expected), 2),
                    "peak_threshold": int(upper),
                    "peak_day": str(judged.days[peak]),
                    "p_value": float(f"{judged.pvalue[peak, j]:.2g}"),
                    "method": "noufaily",
                    "records": records.get(column, []),
                },
            )
        )
    return signals


def _grade(observed: float, upper: float) -> str:
    """Orange when the week has twice the threshold, red at three times with ten petitions or more."""
    if observed >= 3 * max(upper, 1) and observed >= 10:
        return "red"
    if observed >= 2 * max(upper, 1):
        return "orange"
    return "yellow"


def _records(db: Database, episodes: pd.DataFrame, as_of: date) -> dict[int, list[str]]:
    """The petitions of each episode (``episodes``: cube series indexed by column, with ``since``), by column."""
    wanted = pd.DataFrame(
        {
            "col": episodes.index.to_numpy(dtype="int64"),
            "level": episodes["level"].to_numpy(),
            "place_id": episodes["place_id"].to_numpy(dtype="int64"),
            "category": episodes["category"].to_numpy(),
            "since": episodes["since"].to_numpy(),
        }
    )
    db.register("_episodes", wanted)
    try:
        found = db.query(
            """
            SELECT e.col, p.petition_id, p.received_date FROM petitions AS p JOIN _episodes AS e
              ON e.level = 'group' AND p.group_id = e.place_id AND p.category = e.category
            WHERE p.received_date BETWEEN e.since AND $as_of
            UNION ALL
            SELECT e.col, p.petition_id, p.received_date FROM petitions AS p JOIN _episodes AS e
              ON e.level = 'community' AND p.community_id = e.place_id AND p.category = e.category
            WHERE p.received_date BETWEEN e.since AND $as_of
            ORDER BY 1, 3, 2
            """,
            {"as_of": as_of},
        )
    finally:
        db.unregister("_episodes")
    return {int(col): list(rows) for col, rows in found.groupby("col", sort=False)["petition_id"]}
