"""The weekly review replayed: every detector run as of each week's last day, as the office would have seen it.

Used to see what a setting would have raised over past months, and to
measure the detectors (README, Benchmarks). Each week reads only records up
to its day (``run_all`` as of that day); verdicts of the count model carry
over from week to week, since the lookbacks of consecutive weeks overlap.
With ``workers`` > 1 the weeks are cut into that many runs of consecutive
weeks, each replayed by a process of its own that opens the database read-only.
"""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from .. import run_cache
from ..db import Database
from . import run_all
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


def replay(db: Database, since: date, until: date, every_days: int = 7, workers: int = 1) -> pd.DataFrame:
    """One row per alert firing on each run day; ``new`` when its episode began since the previous run."""
    days = weeks(since, until, every_days)
    if workers <= 1 or len(days) < 2 * workers:
        return _replay_days(db, days, every_days)
    parts = [days[k * len(days) // workers : (k + 1) * len(days) // workers] for k in range(workers)]
    db.close()  # the workers open the file read-only: this process lets go of it meanwhile
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        found = pool.starmap(_replay_file, [(str(db.path), part, every_days) for part in parts])
    return pd.concat(found, ignore_index=True)


def _replay_file(path: str, days: list[date], every_days: int) -> pd.DataFrame:
    db = Database(Path(path), read_only=True)
    try:
        return _replay_days(db, days, every_days)
    finally:
        db.close()


def _replay_days(db: Database, days: list[date], every_days: int) -> pd.DataFrame:
    rows = []
    known = run_cache.RunCache()
    with db.in_use(), run_cache.shared(known):
        for as_of in days:
            known.verdicts.forget_before(as_of - timedelta(days=2 * LOOKBACK_DAYS))
            for signal in run_all(db, as_of):
                rows.append(
                    (
                        as_of,
                        signal.kind,
                        signal.grade,
                        signal.episode_key,
                        signal.detected_on,
                        signal.detected_on > as_of - timedelta(days=every_days),
                        signal.community_id,
                        signal.category,
                    )
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def weekly(found: pd.DataFrame) -> list[dict]:
    """A replay's weeks: how many alerts were firing, how many were new, and the new ones by detector."""
    weeks = []
    for as_of, rows in found.groupby("as_of"):
        new = rows[rows["new"]]
        weeks.append(
            {
                "as_of": str(as_of),
                "firing": len(rows),
                "new": len(new),
                "new_by_kind": {str(k): int(n) for k, n in new["kind"].value_counts().sort_index().items()},
            }
        )
    return weeks
