"""A count-regression baseline in the Farrington-flexible / Noufaily tradition, for many series at once.

For the period being judged (lag 0) the model sees the same period's counts
in earlier years and the weeks between them, as R ``surveillance``'s
``farringtonFlexible`` does with ``noPeriods`` > 1 (Noufaily et al. 2013):

- reference windows of 2w + 1 weeks around the same week 1..b years ago, and
  the rest of each year cut into ``periods - 1`` seasonal blocks (a factor);
- the most recent ``excluded_weeks`` are left out, so a current outbreak does
  not raise its own baseline;
- a quasi-Poisson regression (log link) with a linear trend, refitted once
  with weights that shrink past outbreaks (Anscombe residuals above 2.58);
  the trend is kept only with b >= 3 years, p < 0.05 and no extrapolation
  beyond the largest count seen;
- the threshold is the 1 - alpha quantile of a negative binomial with the
  fitted mean and dispersion ("nbPlugin"); an alarm needs the count above it
  and at least ``min_cases`` cases in the last ``min_weeks`` periods (R's
  ``limit54``).

Everything follows R's code to the letter (checked by tests/test_countmodel.py
against R on the same series), but runs as one batched IRLS over all series
sharing a design, which is what makes daily runs over a whole street cheap.
Input rows are series, columns lags in weeks: ``history[:, 0]`` is the period
judged, ``history[:, j]`` the period j weeks before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import nbinom, poisson
from scipy.stats import t as student_t

WEEKS_PER_YEAR = 52
EPS = np.finfo(float).eps  # R's poisson()$linkinv floors the mean here


@dataclass(frozen=True)
class Design:
    """Which lags the regression uses, with their time and season columns."""

    lags: np.ndarray  # lags (weeks before the period judged) in the fit
    matrix: np.ndarray  # rows: lags; columns: intercept, seasonal blocks 1..periods-1, [time]
    current: np.ndarray  # the row for the period judged
    years: int

    @property
    def depth(self) -> int:
        """How many weeks of history (lags 0..depth-1) the design needs."""
        return int(self.lags.max()) + 1


SHORT_GUARD, SHORT_MINIMUM = 2, 8  # less than a year of history: the weeks before a 2-week guard, 8 at least


def design(
    years: int = 3,
    half_window: int = 3,
    periods: int = 10,
    excluded_weeks: int = 26,
    trend: bool = True,
    short_weeks: int = 0,
) -> Design:
    """The design R's ``blocks()`` builds for ``b = years``, ``w = half_window``, ``noPeriods = periods``.

    With ``years = 0`` (a street with less than a year of records) the fallback is a constant mean over
    the ``short_weeks`` weeks before a two-week guard, like EARS C2 but with the count model's weights and
    negative-binomial threshold.
    """
    if years < 1:
        if short_weeks < SHORT_MINIMUM:
            raise ValueError("the count model needs at least 8 weeks of history")
        lags = np.arange(SHORT_GUARD + 1, SHORT_GUARD + 1 + short_weeks)
        return Design(lags=lags, matrix=np.ones((len(lags), 1)), current=np.ones(1), years=0)
    w = half_window
    factor: dict[int, int] = {}  # lag -> block, 0 = the reference windows (R's level "noPeriods")
    for lag in range(0, w + 1):
        factor[lag] = 0
    for year in range(1, years + 1):
        ref = WEEKS_PER_YEAR * year
        for lag in range(ref - w, ref + w + 1):
            factor[lag] = 0
        if periods > 1:
            between = WEEKS_PER_YEAR - 2 * w - 1  # weeks from ref + w + 1 (index) to the next window
            if between < periods - (2 * w + 1):
                raise ValueError("too many seasonal periods for the window")
            lengths = [between // (periods - 1)] * (periods - 1)
            for k in range(between % (periods - 1)):
                lengths[k] += 1
            lag = ref - w - 1  # R walks forward in time from the window, i.e. towards smaller lags
            for block, length in enumerate(lengths, start=1):
                for _ in range(length):
                    factor[lag] = block
                    lag -= 1
    lags = np.array(sorted(lag for lag in factor if lag > excluded_weeks))
    blocks = np.array([factor[lag] for lag in lags])
    columns = [np.ones(len(lags))]
    if periods > 1:
        columns += [(blocks == block).astype(float) for block in range(1, periods)]
    current = [1.0] + [0.0] * (periods - 1 if periods > 1 else 0)
    # seasonal blocks that fall wholly in the excluded weeks have no rows: R drops them as aliased
    present = [k for k, column in enumerate(columns) if column.any()]
    columns, current = [columns[k] for k in present], [current[k] for k in present]
    if trend:
        columns.append(-lags.astype(float))  # time in weeks, increasing towards the present
        current.append(0.0)
    return Design(lags=lags, matrix=np.column_stack(columns), current=np.array(current), years=years)


@dataclass
class Fit:
    beta: np.ndarray  # series × columns
    mu: np.ndarray  # series × lags
    dispersion: np.ndarray  # unfloored Pearson dispersion
    covariance: np.ndarray  # series × columns × columns, unscaled (X'WX)^-1
    hat: np.ndarray  # series × lags
    converged: np.ndarray
    weights: np.ndarray  # the prior weights


def fit_quasipoisson(
    X: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None = None,
    max_iter: int = 25,
    tol: float = 1e-8,
    covariance: bool = True,
) -> Fit:
    """R's ``glm(..., family = quasipoisson)`` for each row of ``y`` (and ``weights``), one design ``X``.

    Without ``covariance`` the fit leaves out the covariance and hat values (NaN), which cost a
    pseudo-inverse per row, for a caller that needs only the means and the dispersion."""
    series, n = y.shape
    p = X.shape[1]
    weights = np.ones_like(y, dtype=float) if weights is None else weights
    eta = np.log(y + 0.1)  # R's mustart for the Poisson family
    mu = np.exp(eta)
    positive = y > 0
    deviance = _deviance(y, mu, weights, positive)
    beta = np.zeros((series, p))
    converged = np.zeros(series, dtype=bool)
    # rows still iterating (R stops each fit on its own criterion), kept as compact copies that shrink as rows
    # converge (indexing the full arrays every iteration costs more than the arithmetic)
    active = np.arange(series)
    y_a, w_a, eta_a, mu_a, dev_a, positive_a = y, weights, eta, mu, deviance, positive
    for _ in range(max_iter):
        working = w_a * mu_a
        z = eta_a + (y_a - mu_a) / mu_a
        cross, right = _cross(X, working), (working * z) @ X
        try:
            solved = np.linalg.solve(cross, right[..., None])[..., 0]
        except np.linalg.LinAlgError:  # a degenerate series (weights vanishing on a column): least squares
            solved = (np.linalg.pinv(cross) @ right[..., None])[..., 0]
        eta_a = solved @ X.T
        mu_a = np.maximum(np.exp(eta_a), EPS)
        new_deviance = _deviance(y_a, mu_a, w_a, positive_a)
        done = np.abs(new_deviance - dev_a) / (np.abs(new_deviance) + 0.1) < tol
        dev_a = new_deviance
        if done.any() or _ == max_iter - 1:
            finished = active[done] if _ < max_iter - 1 else active
            rows = done if _ < max_iter - 1 else slice(None)
            beta[finished], eta[finished], mu[finished] = solved[rows], eta_a[rows], mu_a[rows]
            converged[active[done]] = True
            keep = ~done
            active = active[keep]
            if not len(active):
                break
            y_a, w_a, eta_a, mu_a, dev_a, solved, positive_a = (
                y_a[keep],
                w_a[keep],
                eta_a[keep],
                mu_a[keep],
                dev_a[keep],
                solved[keep],
                positive_a[keep],
            )
    working = weights * mu
    if covariance:
        unscaled = np.linalg.pinv(_cross(X, working), hermitian=True)
        hat = working * (unscaled.reshape(series, -1) @ _outer(X).T)
    else:
        unscaled, hat = np.full((series, p, p), np.nan), np.full_like(y, np.nan, dtype=float)
    residual_df = n - p
    dispersion = (weights * (y - mu) ** 2 / mu).sum(axis=1) / residual_df
    return Fit(beta, mu, dispersion, unscaled, hat, converged, weights)


def _cross(X: np.ndarray, working: np.ndarray) -> np.ndarray:
    """X' W X for each row of working weights (series × p × p), as one matrix product with the rows' outer products."""
    p = X.shape[1]
    return (working @ _outer(X)).reshape(-1, p, p)


def _outer(X: np.ndarray) -> np.ndarray:
    return (X[:, :, None] * X[:, None, :]).reshape(len(X), -1)


def _deviance(y, mu, weights, positive):
    """The Poisson deviance of each row; ``positive`` marks y > 0 (the log is taken there only)."""
    ratio = y / mu
    logged = np.log(ratio, out=np.zeros_like(ratio), where=positive)
    return 2 * (weights * (y * logged - (y - mu))).sum(axis=1)


def _reweighted(X, y, threshold, covariance: bool = True):
    """Fit, then refit with Noufaily's weights (with its covariance when asked: the trend test reads it)."""
    first = fit_quasipoisson(X, y)
    phi = np.maximum(first.dispersion, 1.0)
    mu = first.mu
    anscombe = 1.5 * (y ** (2 / 3) * mu ** (-1 / 6) - mu**0.5)
    anscombe = anscombe / np.sqrt(phi[:, None] * (1 - first.hat))
    high = anscombe > threshold
    shrink = np.where(high, 1.0 / np.where(high, anscombe, 1.0) ** 2, 1.0)
    omega = shrink * (y.shape[1] / shrink.sum(axis=1))[:, None]
    second = fit_quasipoisson(X, y, omega, covariance=covariance)
    return second, first.converged & second.converged


@dataclass
class Judgement:
    """What the model says of the period judged, one value per series."""

    expected: np.ndarray  # fitted mean
    upperbound: np.ndarray  # the 1 - alpha quantile; NaN without enough cases (R: NA)
    alarm: np.ndarray
    pvalue: np.ndarray  # P(count >= observed) under the fitted negative binomial
    phi: np.ndarray
    trend: np.ndarray  # bool: the trend was kept
    enough_cases: np.ndarray


def judge(
    history: np.ndarray,
    alpha: float = 0.01,
    *,
    years: int = 3,
    half_window: int = 3,
    periods: int = 10,
    excluded_weeks: int = 26,
    min_cases: int = 5,
    min_weeks: int = 4,
    trend: bool = True,
    weights_threshold: float = 2.58,
    p_trend: float = 0.05,
) -> Judgement:
    """Judge the period at lag 0 of each row of ``history`` (series × lags, at least the design's depth).

    With ``years = 0`` the short-history fallback uses every lag ``history`` has after the guard.
    """
    history = np.asarray(history, dtype=float)
    short = max(0, history.shape[1] - SHORT_GUARD - 1)
    with_trend = design(years, half_window, periods, excluded_weeks, trend=years >= 3, short_weeks=short)
    if history.shape[1] < with_trend.depth:
        raise ValueError(f"the count model needs {with_trend.depth} weeks of history")
    y = history[:, with_trend.lags]
    observed = history[:, 0]
    mean, phi, kept = _fit_and_predict(with_trend, y, weights_threshold, p_trend, trend and years >= 3)
    if trend and years >= 3 and not kept.all():
        # the series whose trend is dropped are fitted again without it (each series is fitted on its own)
        flat = ~kept
        without = design(years, half_window, periods, excluded_weeks, trend=False)
        mean[flat], phi[flat], _ = _fit_and_predict(without, y[flat], weights_threshold, p_trend, False)
    upper, pvalue = _nb_plugin(mean, phi, observed, alpha)
    enough = history[:, :min_weeks].sum(axis=1) >= min_cases
    eta = np.log(mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (observed - eta) / (upper - eta)
    alarm = enough & (score > 1) & (observed != 0)
    return Judgement(mean, np.where(enough, upper, np.nan), alarm, pvalue, phi, kept, enough)


def _fit_and_predict(d: Design, y, weights_threshold, p_trend, test_trend):
    fit, converged = _reweighted(d.matrix, y, weights_threshold, covariance=test_trend)
    mean = np.maximum(np.exp(fit.beta @ d.current), EPS)
    phi = np.maximum(fit.dispersion, 1.0)
    if not test_trend:
        return mean, phi, np.zeros(len(y), dtype=bool)
    residual_df = y.shape[1] - d.matrix.shape[1]
    # R's trend test reads summary.glm after surveillance has replaced the model's working weights by the
    # prior weights, so its dispersion is sum(omega * ((y - mu) / mu)^2) / df; we follow it to agree with R.
    dispersion = (fit.weights * ((y - fit.mu) / fit.mu) ** 2).sum(axis=1) / residual_df
    se = np.sqrt(fit.covariance[:, -1, -1] * dispersion)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = 2 * student_t.sf(np.abs(fit.beta[:, -1] / se), residual_df)
    kept = (p_value < p_trend) & (mean <= y.max(axis=1)) & converged
    return mean, phi, kept


def _nb_plugin(mean, phi, observed, alpha):
    """R's ``algo.farrington.threshold.noufaily`` with ``nbPlugin``: NB(mean, dispersion phi), Poisson at 1."""
    over = phi > 1
    size = np.where(over, mean / np.where(over, phi - 1, 1), 1.0)
    prob = 1 / phi
    upper = np.where(over, nbinom.ppf(1 - alpha, size, prob), poisson.ppf(1 - alpha, mean))
    pvalue = np.where(over, nbinom.sf(observed - 1, size, prob), poisson.sf(observed - 1, mean))
    return upper, pvalue
