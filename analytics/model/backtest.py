"""Rolling-origin backtest of the escalation model against simple baselines.

At each origin T (every ``refit_days`` through the test period) every method
learns from the snapshots whose horizon ended by T and predicts the
snapshots of the next ``refit_days``; the pooled predictions are scored by
AUPR (average precision: escalations are rare, so precision among the
flagged matters is what an office pays for), the Brier skill score against
climatology (the training base rate: > 0 means better probabilities than
"every matter has the usual chance") and a reliability curve.

Baselines: climatology; persistence (a matter that escalated before
escalates again, at the rates seen in training); the rule score of the risk
register made into a probability; logistic regression on the model's inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss

from .estimator import MIN_ESCALATIONS, EscalationModel, TooFewEscalations, linear_model
from .features import matrix
from .target import HORIZON_DAYS

REFIT_DAYS = 60
BASELINES = ("climatology", "persistence", "rule_score", "logistic_regression")


@dataclass
class Backtest:
    aupr: float
    brier_skill: float
    baselines: dict[str, dict[str, float]]
    reliability: list[dict]
    rows: int
    escalations: int
    origins: int
    period: tuple
    predictions: pd.DataFrame = field(repr=False)

    def ahead_of_every_baseline(self) -> bool:
        return all(self.aupr > scores["aupr"] for scores in self.baselines.values())


def run(
    rows: pd.DataFrame, refit_days: int = REFIT_DAYS, horizon: int = HORIZON_DAYS, test_share: float = 0.5
) -> Backtest:
    """Backtest on labelled snapshot rows (``dataset.labelled_rows``): the later ``test_share`` of the
    snapshot days is predicted, origin by origin."""
    rows = rows.sort_values(["as_of", "matter_id"]).reset_index(drop=True)
    days = pd.to_datetime(rows["as_of"])
    unique = np.sort(days.unique())
    if len(unique) < 4:
        raise TooFewEscalations(int(rows["escalated"].sum()) if len(rows) else 0, len(rows))
    start = pd.Timestamp(unique[int(len(unique) * (1 - test_share))])
    X, y, groups = matrix(rows), rows["escalated"].to_numpy(dtype=int), rows["matter_id"].to_numpy()
    predicted, origins = [], 0
    origin = start
    while origin <= days.max():
        train = (days + pd.Timedelta(days=horizon) <= origin).to_numpy()
        test = ((days >= origin) & (days < origin + pd.Timedelta(days=refit_days))).to_numpy()
        origin += pd.Timedelta(days=refit_days)
        if not test.any() or y[train].sum() < MIN_ESCALATIONS:
            continue
        origins += 1
        predicted.append(
            pd.DataFrame(
                {
                    "row": np.flatnonzero(test),
                    "origin": origin - pd.Timedelta(days=refit_days),
                    **_predict_all(rows, X, y, groups, train, test),
                }
            )
        )
    if not predicted:
        raise TooFewEscalations(int(y.sum()), len(y))
    out = pd.concat(predicted, ignore_index=True)
    truth = y[out["row"]]
    if truth.sum() == 0:
        raise TooFewEscalations(0, len(truth))
    reference = brier_score_loss(truth, out["climatology"])
    scores = {name: _scores(truth, out[name], reference) for name in ("model", *BASELINES)}
    model = scores.pop("model")
    prob_true, prob_pred = calibration_curve(truth, out["model"], n_bins=10, strategy="quantile")
    bins = pd.qcut(out["model"], 10, duplicates="drop")
    counts = out.groupby(bins, observed=True).size().to_numpy()
    reliability = [
        {"predicted": round(float(p), 4), "observed": round(float(o), 4), "rows": int(n)}
        for p, o, n in zip(prob_pred, prob_true, counts)
    ]
    tested = rows.loc[out["row"]]
    return Backtest(
        aupr=model["aupr"],
        brier_skill=model["brier_skill"],
        baselines=scores,
        reliability=reliability,
        rows=len(out),
        escalations=int(truth.sum()),
        origins=origins,
        period=(min(tested["as_of"]), max(tested["as_of"])),
        predictions=out.assign(
            matter_id=tested["matter_id"].to_numpy(), as_of=tested["as_of"].to_numpy(), escalated=truth
        ),
    )


def _predict_all(rows, X, y, groups, train, test) -> dict[str, np.ndarray]:
    model = EscalationModel().fit(X[train], y[train], groups=groups[train])
    rate = y[train].mean()
    before = rows["escalations_before"].to_numpy() > 0
    persistence = {
        flag: (y[train][before[train] == flag].mean() if (before[train] == flag).any() else rate)
        for flag in (False, True)
    }
    score = rows[["score"]].to_numpy(dtype=float)
    rule = LogisticRegression().fit(score[train], y[train])
    return {
        "model": model.predict_proba(X[test])[:, 1],
        "climatology": np.full(test.sum(), rate),
        "persistence": np.where(before[test], persistence[True], persistence[False]),
        "rule_score": rule.predict_proba(score[test])[:, 1],
        "logistic_regression": linear_model().fit(X[train], y[train]).predict_proba(X[test])[:, 1],
    }


def _scores(truth: np.ndarray, predicted: pd.Series, reference: float) -> dict[str, float]:
    brier = brier_score_loss(truth, predicted)
    return {
        "aupr": round(float(average_precision_score(truth, predicted)), 4),
        "brier_skill": round(float(1 - brier / reference), 4) if reference > 0 else 0.0,
    }
