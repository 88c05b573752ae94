"""The weekly review replayed: every detector run as of each week's last day, as the office would have seen it.

Used to see what a setting would have raised over past months, and to
measure the detectors (README, Benchmarks). Each week reads only records up
to its day (``run_all`` as of that day); verdicts of the count model carry
over from week to week, since the lookbacks of consecutive weeks overlap.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ..db import Database
from . import run_all, verdicts
from .spike import LOOKBACK_DAYS

COLUMNS = ["as_of", "kind", "grade", "episode_key", "detected_on", "new", "community_id", "category"]


def weeks(since: date, until: date, every_days: int = 7) -> list[date]:
    """The run days: ``until`` and every ``every_days`` before it, back to ``since``."""
    days = []
    day = until
    while day >= since:
        days.append(day)
        day -= timedelta(days=every_days)
    return days[::-1]


def replay(db: Database, since: date, until: date, every_days: int = 7, progress=None) -> pd.DataFrame:
    """One row per alert firing on each run day; ``new`` when its episode began since the previous run."""
    rows = []
    known = verdicts.Verdicts()
    with db.in_use(), verdicts.shared(known):
        for as_of in weeks(since, until, every_days):
            known.forget_before(as_of - timedelta(days=2 * LOOKBACK_DAYS))
            for signal in run_all(db, as_of):
                rows.append((as_of, signal.kind, signal.grade, signal.episode_key, signal.detected_on,
                             signal.detected_on > as_of - timedelta(days=every_days), signal.community_id,
                             signal.category))
            if progress is not None:
                progress(as_of)
    return pd.DataFrame(rows, columns=COLUMNS)
