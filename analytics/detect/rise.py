"""The sustained-rise detector (持续上升): a place's petitions on one category creeping up for weeks.

A spike test judges each week on its own, so a rise of one or two petitions a
week more than usual, kept up for a month (a building losing water, a dispute
drawing in more households), never makes any single week unusual. The
negative-binomial GLR-CUSUM (:mod:`.nbglr`) adds the evidence up: it runs over
the 52 weekly windows ending on the day judged (the seven days ending that day,
a week before, …), in control at the count model's expected count and
dispersion for each window (the same fit as the spike detector, which leaves
out the latest 26 weeks, so a rise does not raise its own baseline), and alarms
when the likelihood ratio of "the counts since week k are e^κ times the usual"
reaches ``THRESHOLD``. Like the spike detector it needs ``MIN_CASES`` in the
last ``MIN_WEEKS`` weeks.

Together with the spike detector at ``spike.ALPHA`` this is the product's
operating point, chosen on the peer table (README, "Early warning against R
surveillance"): at the same share of alarming weeks as either alone, the two
find slow rises as the GLR does and sharp spikes as the count model does.

An episode lasts while the chart alarms again within ``STICKY_WEEKS`` (it
starts afresh after each alarm, so a long rise alarms every few weeks). Where
the spike detector already fires on the same place and category, or one of a
community's groups rises on the same category, the rise is left to that alert.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..db import Database
from . import nbglr
from .counts import WEEK, CountCube, active_series, petition_cube
from .signal import Signal
from .spike import HISTORY_DAYS as SPIKE_HISTORY_DAYS
from .spike import MIN_CASES, MIN_WEEKS, _records, configured_alpha, judge_days

THRESHOLD = 2.75  # the GLR's c: with the spike detector's alpha, the operating point of the peer table (README)
CHART_WEEKS = 52
STICKY_WEEKS = 3  # an episode keeps firing while the chart alarmed in one of the last three weekly windows
HISTORY_DAYS = SPIKE_HISTORY_DAYS + WEEK * CHART_WEEKS


def chart_days(as_of: date, first_day: date) -> list[date]:
    """The ends of the weekly windows charted: ``as_of`` and the 51 weeks before it that have data."""
    days = [as_of - timedelta(days=WEEK * j) for j in reversed(range(CHART_WEEKS))]
    return [day for day in days if day >= first_day]


def rising(cube: CountCube, days: list[date], alpha: float) -> dict[str, np.ndarray]:
    """Chart every series of ``cube`` over the weekly windows ending on ``days``.

    Returns days × series arrays: observed, expected, alarm (gated by ``MIN_CASES``), change (the index in
    ``days`` where the likeliest rise began) and kappa; windows the count model could not judge (too little
    history) are left out of the chart.
    """
    columns = np.arange(cube.counts.shape[1])
    judged = judge_days(cube, days, columns, alpha, every_pair=True)
    usable = ~np.isnan(judged.expected).any(axis=1)
    keep = np.flatnonzero(usable)
    shape = (len(days), len(columns))
    out = {
        "observed": judged.observed,
        "expected": judged.expected,
        "alarm": np.zeros(shape, dtype=bool),
        "change": np.zeros(shape, dtype=int),
        "kappa": np.zeros(shape),
        "statistic": np.zeros(shape),
    }
    if not len(keep) or not len(columns):
        return out
    recent = cube.window_sums(columns, WEEK * MIN_WEEKS)[[cube.day_index(days[i]) for i in keep]]
    chart = charted(judged.observed[keep].T, judged.expected[keep].T, judged.phi[keep].T, recent.T)
    out["alarm"][keep] = chart.alarm.T
    out["change"][keep] = keep[chart.change.T]
    out["kappa"][keep] = chart.kappa.T
    out["statistic"][keep] = chart.statistic.T
    return out


def charted(observed, expected, phi, recent) -> nbglr.Chart:
    """The GLR chart over series (rows) × weekly windows (columns, oldest first), in control at the count
    model's ``expected`` and dispersion ``phi``, starting afresh after each alarm as R's glrnb does (the way
    the peer table counts it). An alarm also needs ``recent`` (cases in the last ``MIN_WEEKS`` weeks) of at
    least ``MIN_CASES``; until it has them the chart goes on adding up the evidence rather than starting afresh.

    Without the fresh start the evidence of a rise stays above the threshold for months wherever the baseline
    is a little low (the demo street: a rise firing in 43 weeks of 52; Boston: 647 alarm days on ordinary
    days); with it, a long rise alarms again every few weeks and ``STICKY_WEEKS`` keeps it one alert."""
    mu = np.maximum(expected, 1e-6)
    return nbglr.chart(observed, mu, np.maximum(phi - 1, 0) / mu, THRESHOLD, allowed=recent >= MIN_CASES)


def episodes(alarm: np.ndarray) -> list[tuple[int, int, int]]:
    """(column, first alarm row, last alarm row) of each series whose chart alarmed in the last
    ``STICKY_WEEKS`` rows, the episode reaching back over alarms at most ``STICKY_WEEKS`` rows apart."""
    found = []
    last_row = alarm.shape[0] - 1
    for column in np.flatnonzero(alarm[max(0, last_row - STICKY_WEEKS + 1) :].any(axis=0)):
        rows = np.flatnonzero(alarm[:, column])
        first = len(rows) - 1
        while first > 0 and rows[first] - rows[first - 1] <= STICKY_WEEKS:
            first -= 1
        found.append((int(column), int(rows[first]), int(rows[-1])))
    return found


def rises(db: Database, as_of: date, alpha: float | None = None) -> list[Signal]:
    alpha = configured_alpha(db) if alpha is None else alpha
    since = as_of - timedelta(days=WEEK * (MIN_WEEKS + STICKY_WEEKS - 1) - 1)
    series = active_series(db, since, as_of, MIN_CASES)
    if series.empty:
        return []
    cube = petition_cube(db, as_of, since=as_of - timedelta(days=HISTORY_DAYS), series=series)
    days = chart_days(as_of, cube.first_day)
    chart = rising(cube, days, alpha)
    found = _leave_to_groups(episodes(chart["alarm"]), cube.series)
    if not found:
        return []
    # the rise is told from where the chart placed its beginning at the episode's first alarm: after each alarm
    # the chart starts afresh, and the weeks since the latest restart alone would understate a long rise
    starts = {c: days[int(chart["change"][first, c])] - timedelta(days=WEEK - 1) for c, first, _ in found}
    records = _records(
        db, cube.series.iloc[[c for c, _, _ in found]].assign(since=[starts[c] for c, _, _ in found]), as_of
    )
    signals = []
    for column, first, last in found:
        described = cube.series.iloc[column]
        change = int(chart["change"][first, column])
        observed = float(chart["observed"][change : last + 1, column].sum())
        expected = float(chart["expected"][change : last + 1, column].sum())
        if observed < MIN_CASES:  # a rise of one or two petitions where none were usual is not a rise to review
            continue
        # where almost nothing was usual (a new place, a new kind of matter) "times the usual" means nothing
        ratio = observed / expected if expected >= 0.5 else None
        weeks = last - change + 1
        signals.append(
            Signal(
                kind="rise",
                episode_key=f"{described['level']}:{int(described['place_id'])}:{described['category']}",
                grade=_grade(observed, expected),
                community_id=int(described["community_id"]),
                group_ids=[int(described["place_id"])] if described["level"] == "group" else [],
                category=described["category"],
                matter_id=None,
                detected_on=days[first],
                summary_key="alert.rise",
                summary_values={
                    "count": int(observed),
                    "weeks": weeks,
                    "expected": round(expected, 1),
                    "since": str(starts[column]),
                },
                evidence={
                    "rise_since": str(starts[column]),
                    "rise_weeks": weeks,
                    "rise_count": int(observed),
                    "rise_expected": round(expected, 2),
                    "rate_ratio": None if ratio is None else round(ratio, 2),
                    "glr": round(float(chart["statistic"][last, column]), 2),
                    "glr_threshold": THRESHOLD,
                    "count_7_days": int(chart["observed"][-1, column]),
                    "expected_7_days": round(float(chart["expected"][-1, column]), 2),
                    "method": "nb_glr",
                    "records": records.get(column, []),
                },
            )
        )
    return signals


def _leave_to_groups(found: list[tuple[int, int, int]], series: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Drop a community's rise when one of its groups rises on the same category (one alert, not two)."""
    rising_groups = {
        (int(series.iloc[c]["community_id"]), series.iloc[c]["category"])
        for c, _, _ in found
        if series.iloc[c]["level"] == "group"
    }
    return [
        episode
        for episode in found
        if series.iloc[episode[0]]["level"] == "group"
        or (int(series.iloc[episode[0]]["community_id"]), series.iloc[episode[0]]["category"]) not in rising_groups
    ]


def leave_to_spikes(signals: list[Signal]) -> list[Signal]:
    """Drop the rises that a spike found first on the same place and category (or, for a community, in one of
    its groups on that category): the spike's alert already asks the office to look there. A rise found
    before the spike keeps its alert: the alert the office is already working on does not change kind."""
    first_spike: dict[tuple, date] = {}
    for s in signals:
        if s.kind == "spike":
            for key in (s.episode_key, (s.community_id, s.category)):
                first_spike[key] = min(first_spike.get(key, s.detected_on), s.detected_on)

    def spiked_first(s: Signal) -> bool:
        keys = [s.episode_key] + ([] if s.group_ids else [(s.community_id, s.category)])
        return any(key in first_spike and first_spike[key] <= s.detected_on for key in keys)

    return [s for s in signals if s.kind != "rise" or not spiked_first(s)]


def _grade(observed: float, expected: float) -> str:
    """Orange when the weeks since the rise began have twice the usual and ten petitions or more, red at three
    times with twenty or more; yellow otherwise."""
    if observed >= 3 * max(expected, 1) and observed >= 20:
        return "red"
    if observed >= 2 * max(expected, 1) and observed >= 10:
        return "orange"
    return "yellow"
