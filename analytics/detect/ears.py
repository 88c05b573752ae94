"""EARS C1, C2 and C3: the CDC's reference outbreak-detection baselines, for counts per period.

Each method compares a period's count with the mean and standard deviation of
a short baseline of earlier periods (seven by default):

- C1: the seven periods just before;
- C2: the seven periods before those two (a guard band of two periods);
- C3: C2's standardised excess (what exceeds 1) of the two previous periods.

The definitions follow the R package ``surveillance`` (function ``earsC``),
the reference implementation, to the letter: its C3 bound is the period's own
count plus sd × (z − the two previous periods' excess), so a C3 alarm is
raised exactly when that excess passes z. z is the (1 - alpha) normal
quantile, alpha 0.001 for C1 and C2 and 0.025 for C3 unless given. Works on a matrix of
series at once (periods × places); the first periods lack a baseline and get
no bound (NaN).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

DEFAULT_ALPHA = {"C1": 0.001, "C2": 0.001, "C3": 0.025}
GUARD = {"C1": 0, "C2": 2, "C3": 2}


@dataclass
class EarsResult:
    upperbound: np.ndarray  # periods × places; NaN where there is not enough history
    alarm: np.ndarray  # bool, False where there is no bound
    statistic: np.ndarray  # C1/C2: the standardised count; C3: the two previous periods' summed excess


def _baseline(counts: np.ndarray, baseline: int, guard: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample standard deviation of the ``baseline`` periods ending ``guard + 1`` before each period."""
    periods = counts.shape[0]
    mean = np.full(counts.shape, np.nan)
    sd = np.full(counts.shape, np.nan)
    first = baseline + guard
    if periods > first:
        windows = np.lib.stride_tricks.sliding_window_view(counts, baseline, axis=0)  # (periods-b+1, places, b)
        usable = windows[: periods - first]
        mean[first:] = usable.mean(axis=-1)
        sd[first:] = usable.std(axis=-1, ddof=1)
    return mean, sd


def ears(
    counts, method: str = "C1", *, baseline: int = 7, alpha: float | None = None, min_sigma: float = 0.0
) -> EarsResult:
    """Upper bounds and alarms of an EARS method for each period (rows) of each series (columns)."""
    if method not in DEFAULT_ALPHA:
        raise ValueError("method must be C1, C2 or C3")
    if baseline < 3:
        raise ValueError("the baseline needs at least 3 periods")
    counts = np.asarray(counts, dtype=float)
    single = counts.ndim == 1
    if single:
        counts = counts[:, None]
    z = norm.ppf(1 - (DEFAULT_ALPHA[method] if alpha is None else alpha))
    mean, sd = _baseline(counts, baseline, GUARD[method])
    sigma = np.maximum(sd, min_sigma)
    with np.errstate(divide="ignore", invalid="ignore"):
        standardised = (counts - mean) / sigma
    if method in ("C1", "C2"):
        upper = mean + z * sigma
        statistic = standardised
    else:
        excess = np.maximum(standardised - 1, 0)
        lagged = np.full(counts.shape, np.nan)
        lagged[2:] = excess[:-2] + excess[1:-1]
        upper = np.maximum(counts + sigma * (z - lagged), 0)
        statistic = lagged
    upper[np.isnan(lagged if method == "C3" else mean)] = np.nan
    alarm = np.where(np.isnan(upper), False, counts > upper)
    if single:
        return EarsResult(upper[:, 0], alarm[:, 0], statistic[:, 0])
    return EarsResult(upper, alarm, statistic)
