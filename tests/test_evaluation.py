"""The evaluation's own parts: the simulation design, C3 as the CDC defines it, equal false alerts, Boston."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.detect.ears import ears
from analytics.evaluation import real, spikes
from analytics.evaluation.simulate import SCENARIOS, Scenario, add_outbreaks, background


def test_background_weeks_have_the_designed_mean_and_dispersion():
    scenario = Scenario("flat", weekly_mean=4.0, dispersion=2.0, season=0.0)
    daily = background(np.random.default_rng(1), scenario, 7 * 4000, 1)[:, 0]
    weeks = daily.reshape(-1, 7).sum(axis=1)
    assert weeks.mean() == pytest.approx(4.0, rel=0.05)
    assert weeks.var() == pytest.approx(2.0 * 4.0, rel=0.1)  # variance = phi × mean


def test_an_outbreak_adds_about_its_size_over_three_weeks():
    rng = np.random.default_rng(2)
    quiet = np.zeros((100, 500))
    sick = add_outbreaks(rng, quiet, np.full(500, 10), np.full(500, 6.0))
    assert sick.sum(axis=0).mean() == pytest.approx(6.0, rel=0.05)
    assert sick[:10].sum() == 0 and sick[31:].sum() == 0  # nothing before the start or after 21 days
    assert 0.5 < sick[10:17].sum() / sick.sum() < 0.7  # most in the first week


def test_c3_is_the_cdc_sum_of_three_c2_excesses_on_weekly_windows():
    rng = np.random.default_rng(3)
    daily = rng.poisson(1.0, size=(400, 1)).astype(float)
    sums = spikes.window_sums(daily)
    day = 399
    weekly = sums[day - 7 * np.arange(12)[::-1], 0]  # oldest first, the judged week last
    c2 = ears(weekly, "C2", min_sigma=0.2).statistic
    expected = sum(max(c2[-1 - lag] - 1, 0) for lag in range(3))
    assert spikes.c3_statistic(sums, np.array([[day]]))[0, 0] == pytest.approx(expected)


def test_c3_threshold_gives_at_most_the_target_false_alerts():
    rng = np.random.default_rng(4)
    statistic = rng.exponential(1.0, size=(300, 20))
    threshold = spikes.threshold_for(statistic, 30)
    assert spikes.episodes(statistic > threshold) <= 30
    assert spikes.episodes(statistic > threshold * 0.8) > 30  # not needlessly high: a little lower gives more
    assert spikes.episodes(statistic > threshold * 1.5) < spikes.episodes(statistic > threshold)


def test_count_model_beats_c3_at_equal_false_alerts_on_a_small_run():
    rows = spikes.evaluate_scenario(SCENARIOS[3], replicates=40, seed=5, ks=(7,))
    model = next(r for r in rows if r["method"] == "count model")
    c3 = next(r for r in rows if r["method"] == "C3")
    assert c3["false_per_series_week"] <= model["false_per_series_week"]
    assert model["detected"] >= 0.8 and model["detected"] > c3["detected"]


@pytest.mark.skipif(not real.BOSTON.exists(), reason="../shared/data/real is not beside the project")
def test_boston_cold_wave_surges_are_flagged_within_two_days():
    result = real.evaluate()
    starts = [str(s["start"]) for s in result["surges"]]
    assert starts == ["2013-01-23", "2014-01-03", "2015-01-06", "2016-02-14", "2016-12-15", "2017-12-27"]
    assert all(s["within_two_days"] for s in result["surges"])
    assert result["ordinary_alarm_episodes_per_year"] <= 4
