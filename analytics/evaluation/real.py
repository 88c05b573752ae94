"""The spike detector on real data: Boston 311 heat complaints, 2011-2018 (../shared/data/real).

The city-wide daily count is judged every day exactly as the product judges a
place: the seven days just ended against the count model's baseline of the
same weeks in earlier years (as much history as there is, up to three years).

The surges are found from the data alone, not from weather records: a surge
peaks at 35 or more complaints in a day, at least four times the daily mean of
the four weeks before the week of the peak; it starts on the first day of the
run of days leading to the peak with at least 10 complaints and three times
that mean. Peaks within two
weeks of each other are one surge. A detection counts when the detector fires
from the start up to two days after it; every other alarm episode (a new one
after a week without alarms) is counted as an alarm on ordinary days.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..detect import rise
from ..detect.counts import WEEK, CountCube
from ..detect.spike import ALPHA, MIN_WEEKS, STICKY_DAYS, judge_days
from ..settings import ROOT

BOSTON = ROOT.parent / "shared" / "data" / "real" / "boston_311_heat.csv"
MAPPING = ROOT / "data" / "mappings" / "boston_311_heat.toml"
PEAK_MINIMUM, PEAK_RATIO = 35, 4
START_MINIMUM, START_RATIO = 10, 3
WITHIN_DAYS = 2


def daily_counts(path: Path = BOSTON, mapping: Path = MAPPING) -> pd.Series:
    """Complaints per day (every day from the first to the last), the date column named by the mapping."""
    received = tomllib.loads(mapping.read_text(encoding="utf-8"))["columns"]["received_date"]
    days = pd.to_datetime(pd.read_csv(path, usecols=[received])[received]).dt.normalize()
    counts = days.value_counts().sort_index()
    return counts.reindex(pd.date_range(counts.index.min(), counts.index.max()), fill_value=0)


def surges(counts: pd.Series) -> pd.DataFrame:
    """The large surges: start, peak day, peak count, and the 28-day mean before."""
    before = counts.shift(8).rolling(28).mean()  # the four weeks before the week of the peak
    peaks = counts[(counts >= PEAK_MINIMUM) & (counts >= PEAK_RATIO * before)]
    rows = []
    for day, peak in peaks.items():
        if rows and day - rows[-1]["peak_day"] <= pd.Timedelta(days=14):
            continue
        base = before[day]
        start = day
        while counts[start - pd.Timedelta(days=1)] >= max(START_MINIMUM, START_RATIO * base):
            start -= pd.Timedelta(days=1)
        rows.append({"start": start, "peak_day": day, "peak": int(peak), "usual_per_day": round(float(base), 1)})
    return pd.DataFrame(rows)


def detect(counts: pd.Series, since: date, alpha: float = ALPHA) -> pd.DataFrame:
    """The product's verdict on the seven days ending each day from ``since``: the spike model's, or the
    sustained-rise chart's over the 52 weekly windows ending that day (:mod:`analytics.detect.rise`)."""
    cube = CountCube(
        counts.index[0].date(),
        counts.to_numpy(dtype=float)[:, None],
        pd.DataFrame([{"level": "city", "place_id": 0, "community_id": 0, "category": "utilities"}]),
    )
    first = max(cube.first_day, since - timedelta(days=WEEK * (rise.CHART_WEEKS - 1)))
    days = [d.date() for d in counts.index if d.date() >= first]
    judged = judge_days(cube, days, np.array([0]), alpha, every_pair=True)
    shown = np.array([day >= since for day in days])
    # each judged day's chart: the windows ending 51, 50, … 0 weeks before it (the ones before the data or
    # without a baseline count nothing: no cases where almost none are expected)
    rows = np.flatnonzero(shown)[:, None] - WEEK * np.arange(rise.CHART_WEEKS - 1, -1, -1)[None, :]
    valid = (rows >= 0) & ~np.isnan(judged.expected[np.maximum(rows, 0), 0])
    rows = np.maximum(rows, 0)
    recent = cube.window_sums(None, WEEK * MIN_WEEKS)[[cube.day_index(days[0]) + r for r in rows.ravel()], 0]
    chart = rise.charted(
        np.where(valid, judged.observed[rows, 0], 0),
        np.where(valid, judged.expected[rows, 0], 1e-9),
        np.where(valid, judged.phi[rows, 0], 1.0),
        recent.reshape(rows.shape),
    )
    spike_alarm = judged.alarm[shown, 0]
    rise_alarm = chart.alarm[:, -1]
    return pd.DataFrame(
        {
            "day": pd.to_datetime(np.array(days)[shown]),
            "count_7_days": judged.observed[shown, 0],
            "expected": judged.expected[shown, 0],
            "threshold": judged.upper[shown, 0],
            "spike_alarm": spike_alarm,
            "rise_alarm": rise_alarm,
            "alarm": spike_alarm | rise_alarm,
        }
    )


def evaluate(path: Path = BOSTON, alpha: float = ALPHA) -> dict:
    """Each surge with the first alarm and the delay; alarm episodes on ordinary days per year."""
    counts = daily_counts(path)
    found = surges(counts)
    since = (counts.index[0] + pd.Timedelta(days=7 * 60)).date()  # a year of history and the short fallback
    verdicts = detect(counts, since, alpha)
    alarms = verdicts.loc[verdicts["alarm"], "day"]
    rows = []
    near = pd.Series(False, index=alarms.index)
    for surge in found.itertuples():
        window = alarms[
            (alarms >= surge.start - pd.Timedelta(days=STICKY_DAYS))
            & (alarms <= surge.peak_day + pd.Timedelta(days=21))
        ]
        near |= alarms.index.isin(window.index)
        after = window[window >= surge.start - pd.Timedelta(days=1)]
        first = after.min() if len(after) else None
        delay = None if first is None else max(0, (first - surge.start).days)
        rows.append(
            {
                "start": surge.start.date(),
                "peak_day": surge.peak_day.date(),
                "peak": surge.peak,
                "usual_per_day": surge.usual_per_day,
                "first_alarm": None if first is None else first.date(),
                "delay_days": delay,
                "within_two_days": delay is not None and delay <= WITHIN_DAYS,
            }
        )
    ordinary = alarms[~near].sort_values()
    episodes = int((ordinary.diff().dt.days.fillna(STICKY_DAYS + 1) > STICKY_DAYS).sum())
    years = len(verdicts) / 365.25
    return {
        "surges": rows,
        "judged_from": str(since),
        "judged_days": len(verdicts),
        "ordinary_alarm_episodes": episodes,
        "ordinary_alarm_episodes_per_year": round(episodes / years, 1),
        "ordinary_alarm_days": int(len(ordinary)),
        "alpha": alpha,
    }
