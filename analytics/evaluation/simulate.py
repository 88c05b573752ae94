"""Simulated count series in the standard outbreak-simulation design (Noufaily et al. 2013).

Background counts are negative binomial with a weekly mean that has a level,
a trend and a yearly season, and a dispersion phi (variance = phi × mean);
counts are drawn per day (the sum of daily NB counts with the same phi is NB
with that phi again, so the weekly counts follow the design). An outbreak of
size k × the standard deviation of a week's baseline count (a Poisson number
of cases with that mean) is spread over about three weeks, each case's day
drawn from a lognormal delay after the start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAYS_PER_YEAR = 364
SPREAD_DAYS = 21


@dataclass(frozen=True)
class Scenario:
    name: str
    weekly_mean: float  # at the start of the series, mid-season
    dispersion: float  # phi >= 1
    trend_per_year: float = 0.0  # relative change of the mean per year
    season: float = 0.3  # amplitude of the yearly cosine on the log scale

    def daily_mean(self, days: int) -> np.ndarray:
        t = np.arange(days)
        log_mean = (
            np.log(self.weekly_mean / 7)
            + np.log1p(self.trend_per_year) * t / DAYS_PER_YEAR
            + self.season * np.cos(2 * np.pi * t / DAYS_PER_YEAR)
        )
        return np.exp(log_mean)

    def weekly_sd(self, day: int | np.ndarray, days: int) -> np.ndarray:
        """Standard deviation of the seven-day count ending ``day`` (what k multiplies)."""
        mean = np.convolve(self.daily_mean(days), np.ones(7))[:days][day]
        return np.sqrt(self.dispersion * mean)


SCENARIOS = (
    Scenario("quiet group", 0.5, 1.2, season=0.3),
    Scenario("group", 1.0, 1.5, season=0.3),
    Scenario("busy group", 2.0, 1.5, trend_per_year=0.1, season=0.4),
    Scenario("community", 5.0, 2.0, season=0.5),
    Scenario("busy community", 10.0, 2.0, trend_per_year=0.1, season=0.5),
    Scenario("city-wide, seasonal", 20.0, 3.0, season=0.8),
)


def background(rng: np.random.Generator, scenario: Scenario, days: int, replicates: int) -> np.ndarray:
    """Days × replicates of daily counts."""
    mean = scenario.daily_mean(days)[:, None]
    if scenario.dispersion <= 1:
        return rng.poisson(np.broadcast_to(mean, (days, replicates))).astype(float)
    size = mean / (scenario.dispersion - 1)
    return rng.negative_binomial(np.broadcast_to(size, (days, replicates)), 1 / scenario.dispersion).astype(float)


def outbreak_days(rng: np.random.Generator, cases: int, spread_days: int = SPREAD_DAYS) -> np.ndarray:
    """Day offsets (0 .. spread_days - 1) of an outbreak's cases: lognormal delays, most in the first two weeks."""
    delays = rng.lognormal(mean=np.log(6), sigma=0.6, size=cases * 3)
    delays = delays[delays < spread_days][:cases]
    while len(delays) < cases:  # rare: draw again for the few past the spread
        more = rng.lognormal(mean=np.log(6), sigma=0.6, size=cases)
        delays = np.concatenate([delays, more[more < spread_days]])[:cases]
    return np.floor(delays).astype(int)


def add_outbreaks(rng: np.random.Generator, counts: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """A copy of ``counts`` with, in each column, ``sizes[c]`` mean cases from day ``starts[c]``."""
    out = counts.copy()
    for column, (start, size) in enumerate(zip(starts, sizes)):
        cases = rng.poisson(size)
        days = start + outbreak_days(rng, int(cases))
        np.add.at(out[:, column], days[days < len(out)], 1)
    return out
