"""Early-warning detectors, each in its own module; ``run_all`` runs every one as of a day."""

from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd
from threadpoolctl import threadpool_limits

from .. import run_cache
from ..db import Database
from .cluster import clusters
from .escalation import escalation_forecasts
from .rise import leave_to_spikes, rises
from .rules import RULES, sensitive_periods
from .signal import Signal
from .spike import spikes
from .supervision import overdue_items
from .trend import place_statuses

__all__ = ["run_all", "Signal", "DETECTORS"]

DETECTORS = (spikes, rises, clusters, *RULES, overdue_items, escalation_forecasts)
# the order in which the two workers take them: the longest first (forecasts and clusters, then spikes), so that
# a city's run ends about when its longest detector does, on ordinary days, surges and sensitive periods alike
BY_COST = (
    escalation_forecasts,
    clusters,
    spikes,
    rises,
    sensitive_periods,
    *(d for d in RULES if d is not sensitive_periods),
    overdue_items,
)


def run_all(db: Database, as_of: date) -> list[Signal]:
    """Every detector's episodes firing on ``as_of``, each with the trend status of its place × category."""
    with db.in_use(), run_cache.shared() as cache, threadpool_limits(1):
        cache.new_run()
        # two workers on two cores (numpy, scikit-learn and DuckDB let go of the interpreter while they compute);
        # one BLAS thread each, else their BLAS threads fight over the cores and it is slower than one worker
        with ThreadPoolExecutor(max_workers=2) as workers:
            running = {d.__name__: workers.submit(contextvars.copy_context().run, _run, db, as_of, d) for d in BY_COST}
            found = {name: future.result() for name, future in running.items()}
    return leave_to_spikes([signal for detector in DETECTORS for signal in found[detector.__name__]])


def _run(db: Database, as_of: date, detector) -> list[Signal]:
    """The detector's signals, each with the trend status of its place × category."""
    with db.in_use():
        signals = detector(db, as_of)
        placed = [(signal, *_place(signal), signal.category) for signal in signals if signal.category is not None]
        if not placed:
            return signals
        places = pd.DataFrame([p[1:] for p in placed], columns=["level", "place_id", "category"])
        trends = place_statuses(db, as_of, places)
    status = {(row.level, int(row.place_id), row.category): row.status for row in trends.itertuples()}
    for signal, level, place_id, category in placed:
        signal.evidence = {"trend": status.get((level, place_id, category), "none"), **signal.evidence}
    return signals


def _place(signal: Signal) -> tuple[str, int]:
    """Where a signal's trend is judged: its group when it names one, else its community."""
    if len(signal.group_ids) == 1:
        return "group", int(signal.group_ids[0])
    return "community", int(signal.community_id)
