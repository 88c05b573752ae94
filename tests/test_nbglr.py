"""The negative-binomial GLR-CUSUM against R surveillance's ``algo.glrnb``, and what it is for."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO

import numpy as np
import pandas as pd
import pytest

from analytics.detect import nbglr

R_SCRIPT = """
suppressMessages(library(surveillance))
d <- read.csv(file("stdin"))
out <- list()
for (j in unique(d$series)) {
  s <- d[d$series == j, ]
  n <- nrow(s)
  disprog <- sts2disProg(sts(observed = matrix(c(0, s$x)), frequency = 52))
  r <- algo.glrnb(disprog, control = list(range = 2:(n + 1), c.ARL = 4, mu0 = s$mu, alpha = s$alpha[1],
                                          ret = "value", dir = "inc"))
  out[[j]] <- data.frame(series = j, value = as.numeric(r$upperbound), alarm = as.numeric(r$alarm))
}
write.csv(do.call(rbind, out), stdout(), row.names = FALSE)
"""


def series_with_rises(seed: int) -> pd.DataFrame:
    """Five seasonal series of 80 weeks, over-dispersed or Poisson, most with a rise of 80 % in weeks 40–54."""
    rng = np.random.default_rng(seed)
    t = np.arange(80)
    rows = []
    for j, (level, alpha) in enumerate([(3, 0.3), (4, 0.05), (5, 0.5), (6, 1e-6), (1, 0.2)], start=1):
        mu = level * (1 + 0.4 * np.sin(2 * np.pi * t / 52))
        lifted = mu * np.where((t >= 40) & (t < 54) & (j != 5), 1.8, 1.0)
        x = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * lifted)) if alpha > 1e-3 else rng.poisson(lifted)
        rows.append(pd.DataFrame({"series": j, "x": x, "mu": mu, "alpha": alpha}))
    return pd.concat(rows, ignore_index=True)


def r_glrnb(data: pd.DataFrame) -> pd.DataFrame:
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (.ci/run installs r-cran-surveillance)")
    done = subprocess.run(
        ["Rscript", "-e", R_SCRIPT], input=data.to_csv(index=False), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return pd.read_csv(StringIO(done.stdout))


@pytest.mark.parametrize("seed", [3, 11])
def test_statistic_and_alarms_agree_with_r_glrnb(seed):
    data = series_with_rises(seed)
    reference = r_glrnb(data)
    x, mu = (data[column].to_numpy().reshape(5, -1) for column in ("x", "mu"))
    alpha = data.groupby("series")["alpha"].first().to_numpy()
    ours = nbglr.chart(x, mu, alpha, threshold=4)
    np.testing.assert_allclose(ours.statistic, reference["value"].to_numpy().reshape(5, -1), atol=1e-6)
    assert (ours.alarm == (reference["alarm"].to_numpy().reshape(5, -1) == 1)).all()
    # the comparison covers alarms and the restarts after them
    assert ours.alarm.sum() >= 3 and (ours.alarm.sum(axis=1) >= 2).any()


def test_a_slow_rise_that_no_single_week_shows_is_found():
    weeks = 60
    mu = np.full((1, weeks), 4.0)
    calm = np.full((1, weeks), 4)
    rising = calm.copy()
    rising[0, 30:38] = 7  # +75 % for eight weeks: each week alone is well inside a Poisson(4)'s upper 1 %
    assert nbglr.chart(calm, mu, 0.05, threshold=5).alarm.sum() == 0
    found = nbglr.chart(rising, mu, 0.05, threshold=5)
    first = int(np.flatnonzero(found.alarm[0])[0])
    assert 31 <= first <= 36
    assert found.statistic[0, first] >= 5 and found.statistic[0, first - 1] < 5


def test_a_fall_never_raises_the_statistic():
    mu = np.full((2, 30), 5.0)
    low = np.array([[5] * 10 + [1] * 20, [0] * 30])
    assert np.all(nbglr.chart(low, mu, 0.1).statistic < 1e-9)


def test_window_limits_the_change_points():
    mu = np.full((1, 40), 3.0)
    x = np.full((1, 40), 3)
    x[0, 5:10] = 8  # an old excess, long gone
    unlimited = nbglr.chart(x, mu, 0.1)
    windowed = nbglr.chart(x, mu, 0.1, window=8)
    assert windowed.statistic[0, -1] <= unlimited.statistic[0, -1]
    assert windowed.statistic[0, 9] == pytest.approx(unlimited.statistic[0, 9])


def test_a_week_too_thin_to_alarm_keeps_the_evidence_instead_of_starting_afresh():
    """A rise of 3 a week where 0.5 is usual passes c in its second week, but the product may not alarm before
    it has enough cases (limit54): the chart must keep adding up and alarm on the first week it may, with the
    rise dated from its real start, not restart unseen and come back weeks later from scratch."""
    counts = np.array([[0, 0, 0, 3, 3, 2, 2, 2]], dtype=float)
    mu = np.full_like(counts, 0.5)
    allowed = np.array([[False] * 6 + [True] * 2])
    held = nbglr.chart(counts, mu, 0.1, 3.0, allowed=allowed)
    assert held.alarm[0].tolist() == [False] * 6 + [True, False]
    assert held.change[0, 6] == 3  # the rise began in week 3
    assert held.statistic[0, 6] > held.statistic[0, 4] > 3.0
    # the chart without the gate passes c in week 4 and starts afresh: gated afterwards, week 6 is lost
    free = nbglr.chart(counts, mu, 0.1, 3.0)
    assert free.alarm[0, 4] and not (free.alarm & allowed)[0, 6]
