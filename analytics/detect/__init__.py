"""Early-warning detectors, each in its own module; ``run_all`` runs every one as of a day."""
from __future__ import annotations

from datetime import date

from ..db import Database
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
    with db.in_use():
        for detector in DETECTORS:
            signals.extend(detector(db, as_of))
        trends = place_statuses(db, as_of)
    status = {(row.level, int(row.place_id), row.category): row.status for row in trends.itertuples()}
    for signal in signals:
        if signal.category is not None:
            if len(signal.group_ids) == 1:
                place = ("group", signal.group_ids[0])
            else:
                place = ("community", signal.community_id)
            signal.evidence = {"trend": status.get((*place, signal.category), "none"), **signal.evidence}
    return signals
