"""The escalation model and its baselines, in the scikit-learn shape.

The model averages two learners on the same inputs, each probability-calibrated:
gradient-boosted trees (which find thresholds and interactions: overdue *and*
answered unsatisfactorily, the weeks before a sensitive period) with monotone
constraints where the domain is sure of the direction (more petitions, more
people, more unsatisfying answers, earlier escalations never make escalation
less likely), and a regularised logistic regression, which is steadier where
escalations are few. Calibration folds keep each matter's rows together, so a
matter's later snapshots never calibrate its earlier ones.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted

from ..problems import Problem
from .features import NUMERIC

# +1: escalation never becomes less likely as this grows
INCREASING = ("petitions", "last_30_days", "petitioners", "people", "unsatisfied_answers", "escalations_before")
MIN_ESCALATIONS = 10  # fewer escalations in the training rows teach nothing


class TooFewEscalations(Problem):
    """The history holds too few escalations (or too few matters) to learn from."""

    def __init__(self, escalations: int, rows: int):
        super().__init__("cli.model.too_few", escalations=escalations, rows=rows)
        self.escalations, self.rows = escalations, rows


def linear_model(n_numeric: int = len(NUMERIC)):
    """Logistic regression on standardised numbers and a one-hot category (also the baseline)."""
    columns = ColumnTransformer(
        [
            ("numbers", StandardScaler(), list(range(n_numeric))),
            ("category", OneHotEncoder(handle_unknown="ignore"), [n_numeric]),
        ]
    )
    return make_pipeline(columns, LogisticRegression(C=1.0, max_iter=3000))


class EscalationModel(ClassifierMixin, BaseEstimator):
    """Probability that an open matter escalates within the horizon.

    Parameters
    ----------
    max_depth, learning_rate, max_iter, min_samples_leaf, l2_regularization : the trees' settings
    folds : int   calibration folds (grouped by matter)
    random_state : int

    Attributes
    ----------
    trees_ : calibrated gradient boosting
    linear_ : logistic regression
    reference_ : the typical input (medians; the commonest category), against which items are explained
    """

    def __init__(
        self,
        max_depth: int = 3,
        learning_rate: float = 0.05,
        max_iter: int = 200,
        min_samples_leaf: int = 40,
        l2_regularization: float = 1.0,
        folds: int = 3,
        random_state: int = 0,
    ):
        self.max_depth = max_depth
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.folds = folds
        self.random_state = random_state

    def fit(self, X, y, groups=None) -> EscalationModel:
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=int)
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        if y.sum() < MIN_ESCALATIONS or (len(y) - y.sum()) < MIN_ESCALATIONS:
            raise TooFewEscalations(int(y.sum()), len(y))
        folds = min(self.folds, len(np.unique(groups[y == 1])))
        trees = HistGradientBoostingClassifier(
            max_depth=self.max_depth,
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization,
            categorical_features=[X.shape[1] - 1],
            random_state=self.random_state,
            monotonic_cst=[1 if name in INCREASING else 0 for name in NUMERIC] + [0],
        )
        splits = list(GroupKFold(n_splits=max(folds, 2)).split(X, y, groups))
        self.trees_ = CalibratedClassifierCV(trees, method="sigmoid", cv=splits).fit(X, y)
        self.linear_ = linear_model(X.shape[1] - 1).fit(X, y)
        self.reference_ = np.median(X, axis=0)
        codes, counts = np.unique(X[:, -1], return_counts=True)
        self.reference_[-1] = codes[np.argmax(counts)]
        self.classes_ = np.array([0, 1])
        self.base_rate_ = float(y.mean())
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "trees_")
        X = np.asarray(X, dtype=float)
        p = (self.trees_.predict_proba(X)[:, 1] + self.linear_.predict_proba(X)[:, 1]) / 2
        return np.column_stack([1 - p, p])

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)
