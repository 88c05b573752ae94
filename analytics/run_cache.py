"""Work shared within one run of the detectors (and from week to week of a backtest's replay).

Inside ``with shared():`` — opened by ``detect.run_all`` and by the backtest — one :class:`RunCache` is current:

- ``remember(key, compute)`` computes a result once and hands the same object to every later caller with the
  same key (the links between petitions and matters, which the sensitive-period rule, through the scores, and
  the escalation forecasts both need). Callers must not change what they are handed.
- ``verdicts`` keeps the count model's verdicts: a series judged on a day gets the same verdict whoever asks (it
  reads only that series' counts up to the day), so spikes, clusters following their zones back and trend
  statuses judge each (series, day) once, and a backtest carries them from week to week.

Outside a block nothing is kept (the evaluations that inject counts into a cube judge afresh). The data must not
change inside a block (the detectors read a database held by one connection).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

import numpy as np

_current: ContextVar[RunCache | None] = ContextVar("run_cache", default=None)


class Verdicts:
    """(level, place, category, day, alpha) → expected, upper bound, p-value, alarm, dispersion."""

    def __init__(self) -> None:
        self._known: dict[tuple, tuple[float, float, float, bool, float]] = {}

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
                (
                    judged.expected[i, j],
                    judged.upper[i, j],
                    judged.pvalue[i, j],
                    judged.alarm[i, j],
                    judged.phi[i, j],
                ) = verdict
        return found

    def remember(self, judged, keys: list[tuple], rows: np.ndarray, columns: np.ndarray, alpha: float) -> None:
        """Keep the verdicts just reached at (rows, columns) of ``judged``."""
        for i, j in zip(rows.tolist(), columns.tolist()):
            self._known[(*keys[j], judged.days[i], alpha)] = (
                float(judged.expected[i, j]),
                float(judged.upper[i, j]),
                float(judged.pvalue[i, j]),
                bool(judged.alarm[i, j]),
                float(judged.phi[i, j]),
            )

    def forget_before(self, day: date) -> None:
        """Drop verdicts on days before ``day`` (a backtest has moved past them)."""
        self._known = {key: verdict for key, verdict in self._known.items() if key[3] >= day}


class RunCache:
    """The results and verdicts of one run (a backtest keeps the verdicts and starts each day's results anew)."""

    def __init__(self) -> None:
        self.verdicts = Verdicts()
        self._results: dict[Hashable, dict] = {}
        self._lock = threading.Lock()

    def new_run(self) -> None:
        """Forget the results of the previous run (another day); the verdicts stay, each named by its day."""
        with self._lock:
            self._results = {}

    def remember(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``'s result, computed once per key; a thread asking for a key that another is computing
        waits for it."""
        with self._lock:
            entry = self._results.setdefault(key, {"lock": threading.Lock()})
        with entry["lock"]:
            if "value" not in entry:
                entry["value"] = compute()
        return entry["value"]


def current() -> RunCache | None:
    return _current.get()


@contextmanager
def shared(cache: RunCache | None = None) -> Iterator[RunCache]:
    """Share work inside the block: the given cache, else the one already current (nested blocks use the outer
    one's), else a new one."""
    cache = cache or _current.get() or RunCache()
    token = _current.set(cache)
    try:
        yield cache
    finally:
        _current.reset(token)


def remember(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``'s result, kept by the current run's cache (computed afresh outside a run)."""
    cache = _current.get()
    return compute() if cache is None else cache.remember(key, compute)
