"""Escalation prediction: which open matters are likely to escalate in the next 30 days.

``train`` fits the model on the history up to a day and stores it with its
card; ``evaluate`` backtests it against the baselines from rolling origins;
``predict_open`` gives each open matter its probability and the inputs that
raised or lowered it. See docs/model-card.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import sklearn

from ..db import Database
from . import backtest, dataset, explain, features, store, target
from .estimator import EscalationModel, TooFewEscalations

__all__ = ["train", "train_recorded", "evaluate", "predict_open", "TooFewEscalations", "TARGET", "Trained"]
TARGET = "escalation_within_30_days"
TARGET_DEFINITION = (
    "an open matter escalates within the next 30 days: a petition about it by a group of "
    "5 or more, or lodged at a higher level than before, or received after the matter was "
    "marked resolved"
)


@dataclass(frozen=True)
class Trained:
    model_id: int
    rows: int
    escalations: int
    matters: int
    data_from: date
    data_to: date
    seconds: float

    def said(self, lang: str) -> str:
        """What training did, in words (the command line, the settings page)."""
        from ..i18n import t

        return t(
            "cli.model.trained",
            lang,
            model_id=self.model_id,
            rows=self.rows,
            matters=self.matters,
            escalations=self.escalations,
            start=self.data_from.isoformat(),
            end=self.data_to.isoformat(),
            seconds=self.seconds,
        )


def train(
    db: Database, as_of: date | None = None, username: str | None = None, step_days: int = dataset.STEP_DAYS
) -> Trained:
    """Fit on every snapshot whose 30 days ended by ``as_of`` (default: the last day with records) and store it.

    Raises TooFewEscalations when the history holds too few escalations to learn from.
    """
    started = time.perf_counter()
    end = dataset.data_end(db, as_of)
    rows = dataset.labelled_rows(db, end, step_days)
    if rows.empty:
        raise TooFewEscalations(0, 0)
    y = rows["escalated"].to_numpy(dtype=int)
    estimator = EscalationModel().fit(features.matrix(rows), y, groups=rows["matter_id"].to_numpy())
    data_from, data_to = min(rows["as_of"]), max(rows["as_of"])
    card = {
        "target": TARGET,
        "target_definition": TARGET_DEFINITION,
        "horizon_days": target.HORIZON_DAYS,
        "features": list(features.FEATURES),
        "rows": len(rows),
        "escalations": int(y.sum()),
        "matters": int(rows["matter_id"].nunique()),
        "base_rate": round(float(y.mean()), 4),
        "snapshot_every_days": step_days,
        "scikit_learn": sklearn.__version__,
    }
    model_id = store.save(db, estimator, username=username, as_of=end, data_from=data_from, data_to=data_to, card=card)
    return Trained(
        model_id, len(rows), int(y.sum()), card["matters"], data_from, data_to, round(time.perf_counter() - started, 1)
    )


def train_recorded(db: Database, user, as_of: date | None = None) -> Trained:
    """``train`` on behalf of ``user`` (an administrator, or the command line), recorded in the audit log."""
    from .. import audit
    from ..roles import require

    require(user, "change_settings")
    trained = train(db, as_of, username=user.username)
    audit.record(
        db,
        user.username,
        "model_trained",
        f"model:{trained.model_id}",
        {"rows": trained.rows, "escalations": trained.escalations, "from": trained.data_from, "to": trained.data_to},
    )
    return trained


def evaluate(db: Database, as_of: date | None = None, step_days: int = dataset.STEP_DAYS) -> backtest.Backtest:
    """Rolling-origin backtest on the history up to ``as_of`` (see analytics.model.backtest)."""
    rows = dataset.labelled_rows(db, as_of, step_days)
    if rows.empty:
        raise TooFewEscalations(0, 0)
    return backtest.run(rows)


def as_json(result: backtest.Backtest) -> dict:
    """The `model evaluate --json` document."""
    return {
        "target": TARGET,
        "target_definition": TARGET_DEFINITION,
        "horizon_days": target.HORIZON_DAYS,
        "aupr": result.aupr,
        "brier_skill": result.brier_skill,
        "baselines": result.baselines,
        "ahead_of_every_baseline": result.ahead_of_every_baseline(),
        "reliability": result.reliability,
        "rows": result.rows,
        "escalations": result.escalations,
        "origins": result.origins,
        "period": {"from": str(result.period[0]), "to": str(result.period[1])},
    }


def predict_open(db: Database, as_of: date, explain_from: float = 0.0) -> pd.DataFrame | None:
    """Each open matter's probability of escalating in the next 30 days and the inputs that moved it,
    from the newest model trained up to ``as_of``; None when there is no such model. The inputs are worked
    out for the matters at ``explain_from`` or above only (each costs a prediction per input; the alert
    detector needs those it raises, a city has thousands of open matters); the others list none.

    Columns: matter_id, community_id, group_id, category, probability, raised and lowered (lists of
    (input, effect)), inputs (the matter's input values), typical (a typical matter's), model_id.
    """
    stored = store.latest(db, as_of)
    if stored is None:
        return None
    found, _ = features.snapshot(db, as_of)
    found = found[found["resolved"] == 0].reset_index(drop=True) if len(found) else found
    if found.empty:
        return pd.DataFrame(
            columns=[
                "matter_id",
                "community_id",
                "group_id",
                "category",
                "probability",
                "raised",
                "lowered",
                "inputs",
                "typical",
                "model_id",
            ]
        )
    X = features.matrix(found)
    probability = stored.estimator.predict_proba(X)[:, 1].round(4)
    explained = np.flatnonzero(probability >= explain_from)
    pairs: list = [([], [])] * len(found)
    for row, item in zip(explained, explain.effects(stored.estimator, X[explained]) if len(explained) else []):
        pairs[row] = explain.top(item)
    return pd.DataFrame(
        {
            "matter_id": found["matter_id"],
            "community_id": found["community_id"],
            "group_id": found["group_id"],
            "category": found["category"],
            "probability": probability,
            "raised": [raised for raised, _ in pairs],
            "lowered": [lowered for _, lowered in pairs],
            "inputs": found[list(features.FEATURES)].to_dict("records"),
            # the typical matter each effect is measured against (training medians; the commonest category)
            "typical": [dict(zip(features.FEATURES, stored.estimator.reference_))] * len(found),
            "model_id": stored.model_id,
        }
    )
