"""The negative-binomial GLR-CUSUM for a rise in the level of counts (Höhle & Paul 2008), many series at once.

A spike test judges each week on its own; a slow rise (a building without
water for a month, a dispute drawing in more households week by week) adds a
little every week and no single week is unusual. The GLR detector asks at
week n whether the counts since some week k (k ≤ n) are better explained by
the in-control means μ_t multiplied by e^κ, κ ≥ 0, than by μ_t alone:

    GLR_n = max_k max_{κ ≥ 0} Σ_{t=k..n} [κ·x_t + (x_t + 1/α)·log((1 + α μ_t) / (1 + α μ_t e^κ))]

with counts negative binomial (variance μ + α μ²). It alarms when GLR_n
reaches the threshold c and then starts afresh at the next week, so a long
rise gives one alarm and then more only with new evidence. This is R
``surveillance``'s ``glrnb`` with ``change = "intercept"``, ``dir = "inc"``,
``Mtilde = 1`` (checked against R by tests/test_nbglr.py); here it runs on a
matrix of series (rows) × weeks (columns) at once, κ by vectorised Newton
steps on the score, which falls as κ grows, so its root is the maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEWTON_STEPS = 60
TOLERANCE = 1e-9
FLOOR = -18.0  # R stops Newton below this: the likelihood is flat, κ is taken as 0
CEILING = 20.0  # e^20: counts where almost none were expected; beyond it the ratio is decided anyway


@dataclass
class Chart:
    statistic: np.ndarray  # series × weeks: GLR_n (0 after an alarm until the restart's first week)
    alarm: np.ndarray  # series × weeks, bool
    change: np.ndarray  # series × weeks: the week k (column) where the likeliest rise began
    kappa: np.ndarray  # series × weeks: its log rate ratio κ (the counts since k are e^κ times the means)


def _kappa(x: np.ndarray, mu: np.ndarray, alpha: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The maximum-likelihood κ ≥ 0 for each row of the windows ``inside`` (… × t), by Newton's method.

    The score falls as κ grows, so where it is not positive at κ = 0 the maximum over κ ≥ 0 is 0 and no
    Newton step is taken; the others step until they settle, each row leaving the loop as it does (most
    windows of a chart hold no rise, so this is most of the work saved)."""
    shape = np.broadcast_shapes(x.shape, mu.shape, alpha.shape, inside.shape)
    rows = int(np.prod(shape[:-1]))
    x, mu, alpha, inside = (np.broadcast_to(v, shape).reshape(rows, shape[-1]) for v in (x, mu, alpha, inside))
    kappa = np.zeros(rows)
    todo = np.flatnonzero(np.where(inside, (x - mu) / (1 + alpha * mu), 0).sum(axis=-1) > 0)
    x, mu, alpha, inside = x[todo], mu[todo], alpha[todo], inside[todo]
    current = np.full(len(todo), 0.5)
    for _ in range(NEWTON_STEPS):
        if not len(todo):
            break
        lifted = np.exp(current)[:, None] * mu
        denominator = 1 + alpha * lifted
        score = np.where(inside, (x - lifted) / denominator, 0).sum(axis=-1)
        fisher = np.exp(current) * np.where(inside, mu * (alpha * x + 1) / denominator**2, 0).sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = np.where(fisher > 0, score / fisher, 0.0)
        new = np.minimum(current + np.nan_to_num(step), CEILING)
        kappa[todo] = new
        going = (np.abs(new - current) > TOLERANCE) & (new > FLOOR)
        todo, current = todo[going], new[going]
        x, mu, alpha, inside = x[going], mu[going], alpha[going], inside[going]
    return np.maximum(kappa, 0.0).reshape(shape[:-1])


def _log_ratio(x, mu, alpha, kappa, inside):
    """l_{n,k}(κ): the log-likelihood ratio of the counts in the window."""
    lifted = mu * np.exp(kappa)[..., None]
    term = kappa[..., None] * x + (x + 1 / alpha) * (np.log1p(alpha * mu) - np.log1p(alpha * lifted))
    return np.where(inside, term, 0).sum(axis=-1)


def chart(
    counts: np.ndarray,
    mu0: np.ndarray,
    alpha: np.ndarray | float,
    threshold: float = np.inf,
    window: int | None = None,
    allowed: np.ndarray | None = None,
) -> Chart:
    """Run the chart over the weeks (columns) of each series (rows), restarting after each alarm.

    ``mu0``: the in-control means, same shape; ``alpha``: the dispersion (μ + α μ²), one for all, one per
    series or one per series and week (at least 1e-8: the Poisson limit); ``window``: consider change points
    in the last ``window`` weeks only (R's ``M``; None = since the start or the last alarm); ``allowed``: where
    an alarm may be raised (series × weeks; None = everywhere): where the statistic reaches the threshold but the
    week is not allowed (too few cases), the chart keeps adding up evidence instead of starting afresh, so a rise
    that begins with too few cases to alarm on is raised once it has them.
    """
    x = np.atleast_2d(np.asarray(counts, dtype=float))
    mu = np.atleast_2d(np.asarray(mu0, dtype=float))
    series, weeks = x.shape
    a = np.asarray(alpha, dtype=float)
    a = np.maximum(np.broadcast_to(a if a.ndim == 2 else a.reshape(-1, 1), (series, weeks)), 1e-8)
    start = np.zeros(series, dtype=int)  # the first week since the last restart
    statistic = np.zeros((series, weeks))
    alarm = np.zeros((series, weeks), dtype=bool)
    change = np.zeros((series, weeks), dtype=int)
    rate = np.zeros((series, weeks))
    for n in range(weeks):
        low = 0 if window is None else max(0, n - window)
        t = np.arange(low, n + 1)  # weeks in play
        k = t  # candidate change points
        inside = (t[None, None, :] >= k[None, :, None]) & (k[None, :, None] >= start[:, None, None])
        xs, ms, alphas = x[:, None, low : n + 1], mu[:, None, low : n + 1], a[:, None, low : n + 1]
        kappa = _kappa(xs, ms, alphas, inside)
        ratio = _log_ratio(xs, ms, alphas, kappa, inside)
        usable = k[None, :] >= start[:, None]
        where = np.where(usable, ratio, -np.inf).argmax(axis=1)
        best = ratio[np.arange(series), where]
        statistic[:, n] = best
        change[:, n] = k[where]
        rate[:, n] = kappa[np.arange(series), where] if kappa.ndim == 2 else kappa
        fired = best >= threshold
        if allowed is not None:
            fired &= allowed[:, n]
        alarm[:, n] = fired
        start[fired] = n + 1
    return Chart(statistic, alarm, change, rate)
