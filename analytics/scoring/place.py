"""Where risk concentrates: petition rates per 1,000 households, smoothed by empirical Bayes.

A tiny group with one petition must not outrank a large one with twenty. The
smoother treats each place's relative risk as drawn from a gamma prior with
mean 1 (the street's own rate) whose strength is learned from the spread of
all places (method of moments), in the scikit-learn shape.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted


class PlaceRateSmoother(BaseEstimator):
    """Poisson-gamma smoothing of counts over exposures (households).

    Parameters
    ----------
    prior_strength : float or None
        Pseudo-count of the prior (in expected petitions). None learns it from the data.

    Attributes
    ----------
    rate_ : float   petitions per household across all places
    strength_ : float   the prior's strength used

    Examples
    --------
    >>> s = PlaceRateSmoother().fit([1, 20, 5], [10, 400, 300])
    >>> s.relative_risk([1, 20], [10, 400]).round(2).tolist()  # doctest: +SKIP
    """

    def __init__(self, prior_strength: float | None = None):
        self.prior_strength = prior_strength

    def fit(self, counts, exposures) -> PlaceRateSmoother:
        counts, exposures = _arrays(counts, exposures)
        total = exposures.sum()
        self.rate_ = counts.sum() / total if total > 0 else 0.0
        if self.prior_strength is not None:
            self.strength_ = float(self.prior_strength)
        else:
            expected = self.rate_ * exposures
            usable = expected > 0
            if usable.sum() < 2 or self.rate_ == 0:
                self.strength_ = 10.0
            else:
                ratio = counts[usable] / expected[usable]
                weights = expected[usable] / expected[usable].sum()
                spread = np.sum(weights * (ratio - 1) ** 2) - np.sum(weights / expected[usable])
                # little spread beyond chance: trust the street (strong prior); much: trust the place
                self.strength_ = float(np.clip(1.0 / spread, 0.5, 1000.0)) if spread > 0 else 1000.0
        return self

    def relative_risk(self, counts, exposures) -> np.ndarray:
        """Smoothed ratio of each place's rate to the street's (1 = as usual)."""
        check_is_fitted(self, "rate_")
        counts, exposures = _arrays(counts, exposures)
        expected = self.rate_ * exposures
        return (counts + self.strength_) / (expected + self.strength_)

    def rate_per_1000(self, counts, exposures) -> np.ndarray:
        return 1000 * self.rate_ * self.relative_risk(counts, exposures)


def _arrays(counts, exposures) -> tuple[np.ndarray, np.ndarray]:
    counts = np.asarray(counts, dtype=float)
    exposures = np.asarray(exposures, dtype=float)
    if counts.shape != exposures.shape:
        raise ValueError("counts and exposures differ in length")
    return counts, exposures


def group_index(counts: pd.DataFrame) -> pd.DataFrame:
    """Per group: petitions, households, raw and smoothed rate per 1,000 households, relative risk."""
    exposures = counts["households"].astype(float)
    known = exposures > 0
    # groups without a household count are given the street's typical size, so they can still be compared
    exposures = exposures.where(known, exposures[known].median() if known.any() else 1.0)
    smoother = PlaceRateSmoother().fit(counts["petitions"], exposures)
    return counts.assign(
        rate_per_1000=np.where(known, 1000 * counts["petitions"] / exposures, np.nan),
        smoothed_per_1000=smoother.rate_per_1000(counts["petitions"], exposures),
        relative_risk=smoother.relative_risk(counts["petitions"], exposures),
    )


def community_category_index(counts: pd.DataFrame) -> pd.DataFrame:
    """Per community × category (columns community, category, households, petitions): smoothed rates.

    Each category is smoothed within itself, so a community stands out against
    the others for the same kind of problem.
    """
    parts = []
    for _, part in counts.groupby("category"):
        exposures = part["households"].astype(float).where(part["households"] > 0, 1.0)
        smoother = PlaceRateSmoother().fit(part["petitions"], exposures)
        parts.append(
            part.assign(
                rate_per_1000=1000 * part["petitions"] / exposures,
                smoothed_per_1000=smoother.rate_per_1000(part["petitions"], exposures),
                relative_risk=smoother.relative_risk(part["petitions"], exposures),
            )
        )
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else counts.assign(rate_per_1000=[], smoothed_per_1000=[], relative_risk=[])
    )
