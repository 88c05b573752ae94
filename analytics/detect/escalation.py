"""The ``model`` detector: open matters the escalation model expects to escalate within 30 days.

An alert is raised for each open matter whose probability reaches the
``model_alert_probability`` setting, with the inputs that raised and lowered
it as evidence. It uses the newest model trained on records up to the as-of
day (``python -m analytics model train``); without one it raises nothing.
Orange from ORANGE_FROM, yellow below: a forecast, never red — red is kept
for what has happened.
"""

from __future__ import annotations

import logging
from datetime import date

import pandas as pd

from .. import settings_store
from ..db import Database
from .signal import Signal

ORANGE_FROM = 0.4
log = logging.getLogger(__name__)


def escalation_forecasts(db: Database, as_of: date) -> list[Signal]:
    from ..model import predict_open
    from ..model.store import DamagedModel

    threshold = settings_store.get(db, "model_alert_probability") / 100
    try:
        predicted = predict_open(db, as_of, explain_from=threshold)
    except DamagedModel as refused:  # the other detectors still run; the model's pages say to train again
        log.warning("escalation forecasts skipped: %s", refused)
        return []
    if predicted is None or predicted.empty:
        return []
    flagged = predicted[predicted["probability"] >= threshold]
    if flagged.empty:
        return []
    since = _open_since(db, as_of, list(flagged["matter_id"]))
    signals = []
    for item in flagged.itertuples(index=False):
        signals.append(
            Signal(
                kind="model",
                episode_key=item.matter_id,
                grade="orange" if item.probability >= ORANGE_FROM else "yellow",
                community_id=int(item.community_id),
                group_ids=[] if pd.isna(item.group_id) else [int(item.group_id)],
                category=item.category,
                matter_id=item.matter_id,
                detected_on=since.get(item.matter_id, as_of),
                summary_key="alert.model",
                summary_values={"percent": round(100 * item.probability)},
                evidence={
                    "probability": float(item.probability),
                    "threshold": threshold,
                    "model_id": int(item.model_id),
                    "raised": {name: round(effect, 4) for name, effect in item.raised},
                    "lowered": {name: round(effect, 4) for name, effect in item.lowered},
                },
            )
        )
    return signals


def _open_since(db: Database, as_of: date, matter_ids: list[str]) -> dict[str, date]:
    """When the model's still-running episode for each matter began (its first run above the threshold)."""
    rows = db.rows(
        "SELECT episode_key, min(detected_on) FROM alerts WHERE kind = 'model' AND closed_on IS NULL "
        "AND detected_on <= ? AND list_contains(?, episode_key) GROUP BY episode_key",
        [as_of, matter_ids],
    )
    return dict(rows)
