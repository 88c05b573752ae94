"""Trend status of a place × category, in the emerging-hot-spot vocabulary.

Over the last ``WEEKS`` seven-day windows ending on the as-of day, a week is
*hot* when the count model puts its count in the upper 5 % of what the place
usually has (and it has at least one petition). A Mann-Kendall trend test
(Kendall's tau of the counts against time) says whether the counts rise or
fall. Following the emerging-hot-spot categories:

- ``new``: hot in the latest week and in no week before it;
- ``intensifying``: hot in at least 90 % of the weeks, the latest included, counts rising;
- ``persistent``: hot in at least 90 % of the weeks, no significant trend;
- ``diminishing``: hot in at least 90 % of the weeks, the latest included, counts falling;
- ``sporadic``: hot in some weeks, on and off;
- ``none``: never hot.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from scipy.stats import kendalltau

from ..db import Database
from .counts import WEEK, CountCube, active_series, petition_cube
from .spike import HISTORY_DAYS, judge_days

WEEKS = 8
HOT_P = 0.05
MOSTLY = 0.9
TREND_P = 0.05
STATUSES = ("new", "intensifying", "persistent", "diminishing", "sporadic", "none")


def status(hot: list[bool], counts: list[float]) -> str:
    """The status from hot flags and counts, oldest week first."""
    if not any(hot):
        return "none"
    if hot[-1] and not any(hot[:-1]):
        return "new"
    if sum(hot) >= MOSTLY * len(hot) and hot[-1]:
        if len(set(counts)) > 1:
            tau, p = kendalltau(np.arange(len(counts)), counts)
            if p < TREND_P:
                return "intensifying" if tau > 0 else "diminishing"
        return "persistent"
    return "sporadic"


def statuses(cube: CountCube, as_of: date, columns: np.ndarray) -> list[str]:
    """The status of each of ``columns`` of ``cube`` as of ``as_of``."""
    days = [as_of - timedelta(days=WEEK * j) for j in reversed(range(WEEKS))]
    days = [d for d in days if d >= cube.first_day]
    judged = judge_days(cube, days, np.asarray(columns, dtype=int), alpha=HOT_P, every_pair="counted")
    hot = (judged.pvalue < HOT_P) & (judged.observed >= 1)
    return [status(list(hot[:, k]), list(judged.observed[:, k])) for k in range(len(columns))]


def place_statuses(db: Database, as_of: date, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every place × category with a petition in the last ``WEEKS`` weeks, and its status (others are none);
    only those among ``places`` (level, place_id, category) when given — a city has hundreds of thousands."""
    found = active_series(db, as_of - timedelta(days=WEEK * WEEKS - 1), as_of)
    if places is not None:
        found = found.merge(
            places[["level", "place_id", "category"]].drop_duplicates(), on=["level", "place_id", "category"]
        )
    if found.empty:
        return found.assign(status=pd.Series(dtype=str))
    cube = petition_cube(db, as_of, since=as_of - timedelta(days=HISTORY_DAYS), series=found)
    return found.assign(status=statuses(cube, as_of, np.arange(len(found))))
