"""Early-warning detectors, each in its own module; ``run_all`` runs every one as of a day."""
from __future__ import annotations

from datetime import date

import pandas as pd

from ..db import Database
from . import verdicts
from .cluster import clusters
from .escalation import escalation_forecasts
from .rules import RULES, Signal
from .spike import spikes
from .trend import place_statuses

__all__ = ["run_all", "Signal", "DETECTORS"]

DETECTORS = (spikes, clusters, *RULES, escalation_forecasts)


def run_all(db: Database, as_of: date) -> list[Signal]:
    """Every detector's episodes firing on ``as_of``, each with the trend status of its place × category."""
    signals: list[Signal] = []
    with db.in_use(), verdicts.shared(verdicts.current()):
        for detector in DETECTORS:
            signals.extend(detector(db, as_of))
        placed = [(signal, *_place(signal), signal.category) for signal in signals if signal.category is not None]
        places = pd.DataFrame([p[1:] for p in placed], columns=["level", "place_id", "category"])
        trends = place_statuses(db, as_of, places) if placed else None
    status = {} if trends is None else {
        (row.level, int(row.place_id), row.category): row.status for row in trends.itertuples()}
    for signal, level, place_id, category in placed:
        signal.evidence = {"trend": status.get((level, place_id, category), "none"), **signal.evidence}
    return signals


def _place(signal: Signal) -> tuple[str, int]:
    """Where a signal's trend is judged: its group when it names one, else its community."""
    if len(signal.group_ids) == 1:
        return "group", int(signal.group_ids[0])
    return "community", int(signal.community_id)
