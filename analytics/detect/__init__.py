"""Early-warning detectors, each in its own module; ``run_all`` runs every one as of a day."""
from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd
from threadpoolctl import threadpool_limits

from .. import shared_work
from ..db import Database
from . import verdicts
from .cluster import clusters
from .escalation import escalation_forecasts
from .rules import RULES, Signal, sensitive_periods
from .spike import spikes
from .trend import place_statuses

__all__ = ["run_all", "Signal", "DETECTORS"]

DETECTORS = (spikes, clusters, *RULES, escalation_forecasts)
# the two lanes, balanced on a city's ordinary days, surges and sensitive periods alike; the sensitive-period
# rule and the forecasts share one lane, as they share the links between petitions and matters
LANE_HERE = tuple(d for d in DETECTORS if d not in (clusters, sensitive_periods, escalation_forecasts))
LANE_BESIDE = (clusters, sensitive_periods, escalation_forecasts)


def run_all(db: Database, as_of: date) -> list[Signal]:
    """Every detector's episodes firing on ``as_of``, each with the trend status of its place × category."""
    with db.in_use(), verdicts.shared(verdicts.current()), shared_work.shared(), threadpool_limits(1):
        # two lanes on two cores (numpy, scikit-learn and DuckDB let go of the interpreter while they compute);
        # one BLAS thread each, else the lanes' BLAS threads fight over the cores and it is slower than one lane
        context = contextvars.copy_context()
        with ThreadPoolExecutor(max_workers=1) as beside:
            others = beside.submit(context.run, _run, db, as_of, LANE_BESIDE)
            found = _run(db, as_of, LANE_HERE) | others.result()
    return [signal for detector in DETECTORS for signal in found[detector.__name__]]


def _run(db: Database, as_of: date, detectors) -> dict[str, list[Signal]]:
    """The detectors' signals, each with the trend status of its place × category."""
    with db.in_use():
        found = {detector.__name__: detector(db, as_of) for detector in detectors}
        placed = [(signal, *_place(signal), signal.category)
                  for signals in found.values() for signal in signals if signal.category is not None]
        if not placed:
            return found
        places = pd.DataFrame([p[1:] for p in placed], columns=["level", "place_id", "category"])
        trends = place_statuses(db, as_of, places)
    status = {(row.level, int(row.place_id), row.category): row.status for row in trends.itertuples()}
    for signal, level, place_id, category in placed:
        signal.evidence = {"trend": status.get((level, place_id, category), "none"), **signal.evidence}
    return found


def _place(signal: Signal) -> tuple[str, int]:
    """Where a signal's trend is judged: its group when it names one, else its community."""
    if len(signal.group_ids) == 1:
        return "group", int(signal.group_ids[0])
    return "community", int(signal.community_id)
