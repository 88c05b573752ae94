"""Rows to learn from: snapshots of the watched matters every few days, each with what followed.

A snapshot on day D holds the features as of D and whether the matter
escalated in the horizon after D. Learning "as of" a day T uses only
snapshots whose horizon ended by T, so no label looks past T.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .. import settings_store
from ..db import Database
from . import features, target

STEP_DAYS = 14  # one snapshot a fortnight: a matter's state changes slowly, and each costs a scoring run
WARM_UP_DAYS = 90  # the first snapshot comes when the ledger holds this much history


def data_end(db: Database, as_of: date | None) -> date | None:
    """The last day with records, no later than ``as_of``."""
    last = db.scalar(
        "SELECT max(d) FROM (SELECT max(received_date) AS d FROM petitions "
        "UNION ALL SELECT max(visit_date) FROM screenings WHERE visit_date <= $as_of)",
        {"as_of": as_of or date.max},
    )
    if last is None:
        return None
    return min(last, as_of) if as_of else last


def snapshot_days(db: Database, until: date, step_days: int = STEP_DAYS) -> list[date]:
    """Snapshot days, every ``step_days`` back from ``until``, after the warm-up."""
    first = db.scalar("SELECT min(received_date) FROM petitions")
    if first is None or until is None:
        return []
    days, day = [], until
    while day >= first + timedelta(days=WARM_UP_DAYS):
        days.append(day)
        day -= timedelta(days=step_days)
    return days[::-1]


def labelled_rows(
    db: Database, as_of: date | None = None, step_days: int = STEP_DAYS, horizon: int = target.HORIZON_DAYS
) -> pd.DataFrame:
    """Snapshots whose horizon ends by ``as_of`` (default: the last day with records), with their labels."""
    end = data_end(db, as_of)
    if end is None:
        return pd.DataFrame()
    group_size = settings_store.get(db, "group_petition_people")
    parts = []
    for day in snapshot_days(db, end - timedelta(days=horizon), step_days):
        found, links = features.snapshot(db, day)
        if found.empty:
            continue
        labels = target.escalations(db, day, found["matter_id"], links, horizon=horizon, group_size=group_size)
        parts.append(found.merge(labels, on="matter_id"))
    if not parts:
        return pd.DataFrame()
    rows = pd.concat(parts, ignore_index=True)
    rows["escalated"] = rows["escalated"].astype(bool)
    return rows
