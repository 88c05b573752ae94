"""The count model's verdicts already reached, shared while the data stays the same.

A series judged on a day gets the same verdict whoever asks (it reads only
that series' counts up to the day), so within one run of every detector —
spikes, clusters following their zones back, trend statuses — and from
week to week of a backtest, each (series, day) is judged once. A cache
exists only inside :func:`shared` (``run_all`` and the backtest open one);
elsewhere, as in the evaluations that inject counts into a cube, every call
judges afresh.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Iterator

import numpy as np

_current: ContextVar["Verdicts | None"] = ContextVar("verdicts", default=None)


class Verdicts:
    """(level, place, category, day, alpha) → expected, upper bound, p-value, alarm."""

    def __init__(self) -> None:
        self._known: dict[tuple, tuple[float, float, float, bool]] = {}

    def __len__(self) -> int:
        return len(self._known)

    def recall(self, judged, keys: list[tuple], wanted: np.ndarray, alpha: float) -> np.ndarray:
        """Fill the ``wanted`` pairs of ``judged`` (days × series, ``keys`` naming the series) with the verdicts
        known; return where they were."""
        found = np.zeros(wanted.shape, dtype=bool)
        for i, j in zip(*np.nonzero(wanted)):
            verdict = self._known.get((*keys[j], judged.days[i], alpha))
            if verdict is not None:
                found[i, j] = True
                judged.expected[i, j], judged.upper[i, j], judged.pvalue[i, j], judged.alarm[i, j] = verdict
        return found

    def remember(self, judged, keys: list[tuple], rows: np.ndarray, columns: np.ndarray, alpha: float) -> None:
        """Keep the verdicts just reached at (rows, columns) of ``judged``."""
        for i, j in zip(rows.tolist(), columns.tolist()):
            self._known[(*keys[j], judged.days[i], alpha)] = (
                float(judged.expected[i, j]), float(judged.upper[i, j]), float(judged.pvalue[i, j]),
                bool(judged.alarm[i, j]))

    def forget_before(self, day: date) -> None:
        """Drop verdicts on days before ``day`` (a backtest has moved past them)."""
        self._known = {key: verdict for key, verdict in self._known.items() if key[3] >= day}


def current() -> Verdicts | None:
    return _current.get()


@contextmanager
def shared(verdicts: Verdicts | None = None) -> Iterator[Verdicts]:
    """Share verdicts among the detectors run inside (a new cache unless one is given)."""
    token = _current.set(verdicts if verdicts is not None else Verdicts())
    try:
        yield _current.get()
    finally:
        _current.reset(token)

