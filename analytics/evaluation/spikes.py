"""Spike detection on simulated series: the count model against EARS C3 at the same false-alert rate.

For each scenario, the same background series are judged twice: as they are
(false alerts: every alarm episode is false) and with one outbreak of size
k × sd starting on a random day of the evaluation year. Both methods judge
the seven days ending each day, as the product does. Detection means an alarm
within the outbreak's three weeks; first-week detection, within its first
seven days; the delay is in days from the outbreak's start.

C3 is the CDC's definition on the same weekly windows: the sum over the week
judged and the two before of max(0, C2 − 1), C2 standardising against the 7
weeks before a 2-week guard (sd at least 0.2). Its threshold is not its
default but set so that its false-alert episodes per series-week equal the
count model's: the comparison is at equal false alerts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..detect import countmodel
from ..detect.spike import ALPHA, MIN_CASES, MIN_WEEKS
from .simulate import DAYS_PER_YEAR, SCENARIOS, SPREAD_DAYS, Scenario, add_outbreaks, background

YEARS = 3
DEPTH = 52 * YEARS + 4  # weekly windows the count model reads
HISTORY_DAYS = 7 * DEPTH
STICKY = 7
KS = tuple(range(1, 11))


def window_sums(daily: np.ndarray) -> np.ndarray:
    cumulative = np.vstack([np.zeros((1, daily.shape[1])), np.cumsum(daily, axis=0)])
    ends = np.arange(1, len(daily) + 1)
    return cumulative[ends] - cumulative[np.maximum(ends - 7, 0)]


def _histories(sums: np.ndarray, days: np.ndarray, depth: int) -> np.ndarray:
    """Rows: (day i, replicate r) flattened day-major; columns: lags in weeks. ``days``: days × replicates."""
    lags = 7 * np.arange(depth)
    replicates = np.broadcast_to(np.arange(sums.shape[1]), days.shape)
    return sums[days[..., None] - lags, replicates[..., None]].reshape(-1, depth)


def count_model_alarms(sums: np.ndarray, days: np.ndarray, alpha: float = ALPHA, chunk: int = 20000) -> np.ndarray:
    """Alarms (days × replicates) of the product's spike model on the windows ending ``days``."""
    history = _histories(sums, days, DEPTH)
    alarm = np.concatenate(
        [
            countmodel.judge(history[i : i + chunk], alpha, years=YEARS, min_cases=MIN_CASES, min_weeks=MIN_WEEKS).alarm
            for i in range(0, len(history), chunk)
        ]
    )
    return alarm.reshape(days.shape)


def c3_statistic(sums: np.ndarray, days: np.ndarray, min_sigma: float = 0.2) -> np.ndarray:
    """CDC C3 on weekly windows: sum over lags 0, 1, 2 of max(0, C2 - 1)."""
    history = _histories(sums, days, 12)  # lags 0..11 weeks
    total = np.zeros(len(history))
    for lag in range(3):
        baseline = history[:, lag + 3 : lag + 10]
        sd = np.maximum(baseline.std(axis=1, ddof=1), min_sigma)
        total += np.maximum((history[:, lag] - baseline.mean(axis=1)) / sd - 1, 0)
    return total.reshape(days.shape)


def episodes(alarm: np.ndarray) -> int:
    """Alarm episodes in days × series: a new one after seven days without an alarm."""
    count = 0
    for column in alarm.T:
        fired = np.flatnonzero(column)
        if len(fired):
            count += 1 + int((np.diff(fired) > STICKY).sum())
    return count


@dataclass
class Detection:
    detected: float  # share of outbreaks with an alarm during their three weeks
    first_week: float  # share with an alarm in their first seven days
    median_delay: float  # days from the start to the first alarm, among those detected


def detection(alarm: np.ndarray) -> Detection:
    """From alarms on the outbreak's days (days since its start × replicates)."""
    hit = alarm.any(axis=0)
    delays = np.argmax(alarm, axis=0)[hit]
    return Detection(
        float(hit.mean()),
        float(alarm[:7].any(axis=0).mean()),
        float(np.median(delays)) if len(delays) else float("nan"),
    )


def threshold_for(statistic: np.ndarray, target_episodes: int) -> float:
    """The smallest C3 threshold with at most ``target_episodes`` false-alert episodes."""
    candidates = np.unique(np.round(statistic[statistic > 0], 3))[::-1]
    best = float(candidates[0]) if len(candidates) else 0.0
    low, high = 0, len(candidates) - 1
    while low <= high:  # episodes grow as the threshold falls
        mid = (low + high) // 2
        if episodes(statistic > candidates[mid]) <= target_episodes:
            best, low = float(candidates[mid]), mid + 1
        else:
            high = mid - 1
    return best


def evaluate_scenario(scenario: Scenario, replicates: int, seed: int, ks=KS, alpha: float = ALPHA) -> list[dict]:
    rng = np.random.default_rng(seed)
    days = HISTORY_DAYS + DAYS_PER_YEAR + SPREAD_DAYS
    clean = background(rng, scenario, days, replicates)
    sums = window_sums(clean)
    judged = np.broadcast_to(
        np.arange(HISTORY_DAYS, HISTORY_DAYS + DAYS_PER_YEAR)[:, None], (DAYS_PER_YEAR, replicates)
    )
    model_false = episodes(count_model_alarms(sums, judged, alpha))
    c3_clean = c3_statistic(sums, judged)
    threshold = threshold_for(c3_clean, model_false)
    c3_false = episodes(c3_clean > threshold)
    series_weeks = replicates * DAYS_PER_YEAR / 7
    starts = rng.integers(HISTORY_DAYS, HISTORY_DAYS + DAYS_PER_YEAR - SPREAD_DAYS, size=replicates)
    during = starts[None, :] + np.arange(SPREAD_DAYS)[:, None]
    rows = []
    for k in ks:
        sizes = k * scenario.weekly_sd(starts, days)
        sick = window_sums(add_outbreaks(rng, clean, starts, sizes))
        for method, alarm in (
            ("count model", count_model_alarms(sick, during, alpha)),
            ("C3", c3_statistic(sick, during) > threshold),
        ):
            found = detection(alarm)
            rows.append(
                {
                    "scenario": scenario.name,
                    "weekly_mean": scenario.weekly_mean,
                    "k": k,
                    "method": method,
                    "detected": found.detected,
                    "first_week": found.first_week,
                    "median_delay_days": found.median_delay,
                    "false_per_series_week": (model_false if method == "count model" else c3_false) / series_weeks,
                }
            )
    return rows


def evaluate(replicates: int = 100, seed: int = 2026, scenarios=SCENARIOS, ks=KS, alpha: float = ALPHA) -> pd.DataFrame:
    """POD, first-week detection, median delay and false alerts per series-week, per scenario × k × method."""
    rows = []
    for i, scenario in enumerate(scenarios):
        rows += evaluate_scenario(scenario, replicates, seed + i, ks, alpha)
    return pd.DataFrame(rows)
