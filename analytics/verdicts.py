"""Precision from the office's own verdicts on its alerts.

Every alert an officer closes is a verdict: resolved (a real problem, dealt with) or dismissed with a reason
(``alerts.DISMISS_REASONS``). The share not dismissed as a false alarm is the detector's precision in this
street, which no simulation gives. Counted per detector, and per month the alerts were raised, with a 95 %
Wilson interval, since a detector may have only a handful of verdicts.
"""

from __future__ import annotations

import math

import pandas as pd

from .db import Database

Z95 = 1.959963984540054


def precision(db: Database, by_month: bool = False) -> pd.DataFrame:
    """Per detector (and month raised when ``by_month``): judged (resolved or dismissed), false_alarms,
    precision (the share of judged alerts not dismissed as a false alarm), low and high (95 % Wilson)."""
    month = "strftime(date_trunc('month', detected_on), '%Y-%m') AS month, " if by_month else ""
    frame = db.query(
        f"""
        SELECT kind, {month}
               CAST(count(*) AS INTEGER) AS judged,
               CAST(count(*) FILTER (WHERE state = 'dismissed' AND close_reason = 'false_alarm') AS INTEGER)
                   AS false_alarms
        FROM alerts
        WHERE state IN ('resolved', 'dismissed')
        GROUP BY ALL ORDER BY ALL
        """
    )
    if frame.empty:
        return frame.assign(precision=[], low=[], high=[])
    right = frame["judged"] - frame["false_alarms"]
    frame["precision"] = right / frame["judged"]
    bounds = [wilson(int(r), int(n)) for r, n in zip(right, frame["judged"])]
    frame["low"] = [b[0] for b in bounds]
    frame["high"] = [b[1] for b in bounds]
    return frame


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (Wilson 1927)."""
    if trials == 0:
        return (float("nan"), float("nan"))
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    # at 0 or all of them the interval reaches that end exactly (the arithmetic would leave 1 - 1e-16)
    return (0.0 if successes == 0 else low, 1.0 if successes == trials else high)


def as_records(frame: pd.DataFrame) -> list[dict]:
    """The table as JSON-ready rows (no NaN)."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]
