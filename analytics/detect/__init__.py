"""Early-warning detectors, each in its own module; ``run_all`` runs every one as of a day."""
from __future__ import annotations

from datetime import date

from ..db import Database
from .rules import RULES, Signal

__all__ = ["run_all", "Signal"]


def run_all(db: Database, as_of: date) -> list[Signal]:
    signals: list[Signal] = []
    with db.in_use():
        for detector in RULES:
            signals.extend(detector(db, as_of))
    return signals
