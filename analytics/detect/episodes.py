"""Turning dated events into episodes: runs of days on which a detector fires for one key.

An alert is one episode, not one per day: it starts on the first day the
detector fires (``detected_on``) and lasts while it keeps firing; after a
gap it is a new episode, and so a new alert.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


def active_runs(events: pd.DataFrame, as_of: date, window_days: int) -> pd.DataFrame:
    """Each event fires for ``window_days`` from its day; per key, the run of firing days that covers ``as_of``.

    ``events`` has columns key and day (plus anything else, ignored). Returns key, detected_on,
    last_event and events (the count of events in the run).
    """
    rows = []
    events = _with_recent(events, as_of, window_days, 1)
    for key, days in events.sort_values("day").groupby("key")["day"]:
        days = [d for d in days if d <= as_of]
        if not days or days[-1] + timedelta(days=window_days - 1) < as_of:
            continue  # not firing on the day
        start, count = days[-1], 1
        for earlier, later in zip(reversed(days[:-1]), reversed(days[1:])):
            if earlier + timedelta(days=window_days - 1) < later - timedelta(days=1):
                break  # a day without firing between them: an earlier episode
            start, count = earlier, count + 1
        rows.append((key, start, days[-1], count))
    return pd.DataFrame(rows, columns=["key", "detected_on", "last_event", "events"])


def dense_runs(events: pd.DataFrame, as_of: date, window_days: int, minimum: int) -> pd.DataFrame:
    """Per key, fires on the days with at least ``minimum`` events in the trailing ``window_days``.

    Returns the run covering ``as_of``: key, detected_on (the day the minimum was first reached in the run),
    last_event, events (in the trailing window on ``as_of``).
    """
    rows = []
    events = _with_recent(events, as_of, window_days, minimum)
    for key, days in events.sort_values("day").groupby("key")["day"]:
        days = [d for d in days if d <= as_of]
        # intervals on which the trailing count reaches the minimum
        intervals = [
            (days[i], days[i - minimum + 1] + timedelta(days=window_days - 1))
            for i in range(minimum - 1, len(days))
            if (days[i] - days[i - minimum + 1]).days < window_days
        ]
        merged: list[list[date]] = []
        for start, end in intervals:
            if merged and start <= merged[-1][1] + timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            if start <= as_of <= end:
                recent = sum(1 for d in days if (as_of - d).days < window_days)
                rows.append((key, start, days[-1], recent))
    return pd.DataFrame(rows, columns=["key", "detected_on", "last_event", "events"])


def _with_recent(events: pd.DataFrame, as_of: date, window_days: int, minimum: int) -> pd.DataFrame:
    """The events of the keys with ``minimum`` events in the ``window_days`` ending ``as_of``: no other key can
    be firing on the day (a city's ledger has hundreds of thousands of keys; a few thousand fire)."""
    day = events["day"]
    recent = events.loc[(day <= as_of) & (day > as_of - timedelta(days=window_days)), "key"].value_counts()
    return events[events["key"].isin(recent.index[recent >= minimum])]
