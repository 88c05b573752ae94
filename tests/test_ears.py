"""EARS C1, C2 and C3 on series worked out by hand (the R comparison comes with the spike detector)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from analytics.detect.ears import ears

SERIES = [1, 2, 3, 2, 1, 2, 3, 10, 2, 2, 9, 12]


def test_c1_uses_the_seven_periods_just_before():
    result = ears(SERIES, "C1")
    assert np.isnan(result.upperbound[:7]).all() and not result.alarm[:7].any()
    sd = math.sqrt(4 / 6)  # the first seven: mean 2, squared deviations 1+0+1+0+1+0+1
    assert result.upperbound[7] == pytest.approx(2 + norm.ppf(0.999) * sd)
    assert result.alarm[7] and result.statistic[7] == pytest.approx((10 - 2) / sd)


def test_c2_skips_a_guard_band_of_two():
    result = ears(SERIES, "C2")
    assert np.isnan(result.upperbound[:9]).all()
    baseline = np.array(SERIES[0:7], dtype=float)  # for period 9: periods 0-6, not 7 and 8
    assert result.upperbound[9] == pytest.approx(baseline.mean() + norm.ppf(0.999) * baseline.std(ddof=1))
    assert not result.alarm[9]


def test_c3_bound_is_the_count_plus_sd_times_what_the_two_periods_before_leave_of_z():
    c2 = ears(SERIES, "C2").statistic
    result = ears(SERIES, "C3")
    t = 11
    lagged = max(c2[t - 2] - 1, 0) + max(c2[t - 1] - 1, 0)
    sd = np.array(SERIES[t - 9 : t - 2], dtype=float).std(ddof=1)
    assert result.statistic[t] == pytest.approx(lagged)
    assert result.upperbound[t] == pytest.approx(max(SERIES[t] + sd * (norm.ppf(0.975) - lagged), 0))
    assert result.alarm[t] == (lagged > norm.ppf(0.975))
    assert np.isnan(result.upperbound[:11]).all()  # C3 needs baseline + 4 periods of history


def test_many_series_at_once_equal_one_by_one():
    rng = np.random.default_rng(3)
    counts = rng.poisson(4, size=(40, 5))
    together = ears(counts, "C3")
    for column in range(5):
        alone = ears(counts[:, column], "C3")
        np.testing.assert_allclose(together.upperbound[:, column], alone.upperbound, equal_nan=True)
        assert (together.alarm[:, column] == alone.alarm).all()


def test_bad_arguments():
    with pytest.raises(ValueError):
        ears(SERIES, "C4")
    with pytest.raises(ValueError):
        ears(SERIES, "C1", baseline=2)


R_SCRIPT = """
suppressMessages(library(surveillance))
x <- scan(file("stdin"), quiet = TRUE)
s <- sts(observed = x, frequency = 52, start = c(2020, 1))
for (m in c("C1", "C2", "C3")) {
  r <- earsC(s, control = list(method = m))
  cat(m, paste(format(upperbound(r), digits = 15), collapse = ","), "\n")
  cat(m, paste(as.integer(alarms(r)), collapse = ","), "\n")
}
"""


def r_ears(series) -> dict:
    import shutil
    import subprocess

    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (.ci/run installs r-cran-surveillance)")
    done = subprocess.run(
        ["Rscript", "-e", R_SCRIPT],
        input=" ".join(str(int(v)) for v in series),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out: dict = {}
    for line in done.stdout.splitlines():
        method, values = line.split(maxsplit=1)
        numbers = [float(v) for v in values.split(",")]
        out.setdefault(method, []).append(numbers)
    return {method: (np.array(bounds), np.array(alarms, dtype=bool)) for method, (bounds, alarms) in out.items()}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [None, 11, 12])
def test_agrees_with_r_surveillance(seed):
    if seed is None:
        series = SERIES + [4, 3, 15, 20, 6, 2, 1, 3]
    else:
        series = list(np.random.default_rng(seed).negative_binomial(5, 0.5, 60))
    reference = r_ears(series)
    for method, (bounds, alarms) in reference.items():
        ours = ears(series, method)
        start = len(series) - len(bounds)  # R returns only the periods with a baseline
        assert np.isnan(ours.upperbound[:start]).all(), method
        np.testing.assert_allclose(ours.upperbound[start:], bounds, rtol=1e-9, err_msg=method)
        assert (ours.alarm[start:] == alarms).all(), method
