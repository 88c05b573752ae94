"""The count model (Farrington flexible with Noufaily's options) against R surveillance, and its parts."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from analytics.detect.countmodel import design, fit_quasipoisson, judge

R_SCRIPT = """
suppressMessages(library(surveillance))
y <- as.matrix(read.csv(file("stdin"), header = FALSE))
n <- nrow(y)
s <- sts(observed = y, frequency = 52, start = c(2000, 1))
ctl <- list(b = 3, w = 3, noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin",
            alpha = 0.01, range = (n - 59):n, glmWarnings = FALSE, trend = TRUE, limit54 = c(5, 4))
r <- farringtonFlexible(s, control = ctl)
out <- data.frame(upper = as.vector(upperbound(r)), alarm = as.integer(as.vector(alarms(r))),
                  mu0 = as.vector(r@control$mu0Vector), phi = as.vector(r@control$phiVector),
                  trend = as.vector(r@control$trend))
write.csv(out, stdout(), row.names = FALSE)
"""


def simulated_series(seed: int) -> np.ndarray:
    """Weeks × 6 series: Poisson and negative binomial, with and without trend, seasonal, with outbreaks."""
    rng = np.random.default_rng(seed)
    t = np.arange(260)
    columns = []
    for s, level in enumerate([0.5, 1.5, 2.5, 0.0, 1.0, -0.5]):
        mean = np.exp(level + 0.004 * t * (s % 2) + 0.6 * np.sin(2 * np.pi * t / 52))
        y = rng.negative_binomial(mean / 1.5, 1 / 2.5) if s % 3 else rng.poisson(mean)
        y[200:203] += [0, 5, 12, 0, 8, 3][s]
        columns.append(y)
    return np.column_stack(columns)


def r_farrington(weeks: np.ndarray):
    import pandas as pd

    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (.ci/run installs r-cran-surveillance)")
    text = "\n".join(",".join(str(int(v)) for v in row) for row in weeks)
    done = subprocess.run(["Rscript", "-e", R_SCRIPT], input=text, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    from io import StringIO

    return pd.read_csv(StringIO(done.stdout))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 7])
def test_agrees_with_r_farrington_flexible(seed):
    weeks = simulated_series(seed)
    reference = r_farrington(weeks)
    n = len(weeks)
    # our rows: series by series, the last 60 weeks, each as lags back from the week judged
    history = np.array([weeks[k::-1, s][:200] for s in range(weeks.shape[1]) for k in range(n - 60, n)])
    ours = judge(history, 0.01)
    np.testing.assert_allclose(ours.expected, reference["mu0"], rtol=1e-4)
    np.testing.assert_allclose(ours.phi, reference["phi"], rtol=1e-3)
    assert (np.nan_to_num(ours.upperbound, nan=-1) == reference["upper"].fillna(-1)).all()
    assert (ours.alarm == reference["alarm"].astype(bool)).all()
    assert (ours.trend == reference["trend"].fillna(0).astype(bool)).all()
    assert reference["alarm"].sum() > 0 and reference["trend"].sum() > 0  # the comparison covers both


def test_design_has_reference_windows_and_ten_seasons():
    d = design(years=3, half_window=3, periods=10, excluded_weeks=26)
    assert d.lags.min() == 27 and d.lags.max() == 52 * 3 + 3 and d.depth == 160
    reference = d.matrix[:, 1:10].sum(axis=1) == 0  # no seasonal block: the windows around 52, 104, 156
    assert set(d.lags[reference]) == {lag for year in (1, 2, 3) for lag in range(52 * year - 3, 52 * year + 4)}
    assert d.matrix.shape[1] == 11  # intercept, nine blocks, time


def test_quasipoisson_fit_recovers_a_known_rate():
    rng = np.random.default_rng(5)
    X = np.ones((400, 1))
    y = rng.poisson(3.0, size=(2, 400)).astype(float)
    fit = fit_quasipoisson(X, y)
    np.testing.assert_allclose(np.exp(fit.beta[:, 0]), y.mean(axis=1), rtol=1e-8)  # MLE of a constant rate
    assert fit.converged.all()


def test_no_alarm_without_five_cases_in_four_weeks():
    history = np.zeros((2, 160))
    history[:, 0] = [4, 5]  # a quiet series: 4 petitions in a week are not enough, 5 are
    verdict = judge(history, 0.01)
    assert list(verdict.alarm) == [False, True]
    assert np.isnan(verdict.upperbound[0]) and verdict.upperbound[1] == 0


def test_short_history_uses_the_weeks_before_a_guard():
    history = np.ones((1, 20))
    history[0, :3] = [9, 0, 0]  # lags 1 and 2 are the guard band
    verdict = judge(history, 0.01, years=0)
    assert verdict.expected[0] == pytest.approx(1.0) and verdict.alarm[0]
