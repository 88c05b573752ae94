"""The product's spike model against every weekly-count method of R ``surveillance``, at equal false alerts.

Weekly series from the Noufaily design (:mod:`.simulate`): three years of
history and one year judged week by week. Two kinds of event are added to
copies of the same clean series, one per series in the judged year:

- ``spike``: k × the week's standard deviation of cases spread over about
  three weeks (most in the first two), as in the daily evaluation;
- ``step``: a slow persistent rise, k × sd more cases every week for 4–8
  weeks (a building losing water, a dispute growing).

Each method judges every week of the year. Its false alerts are the share of
alarming weeks on the clean series (episodes, runs of alarming weeks, are
reported beside them); every peer is calibrated, by R itself
(``peers.R``), to the largest share not above the product's. An event is
detected when a week of it alarms; "chance" is the share of the same weeks
alarming on the clean series, what a method would score by luck.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..detect import countmodel, nbglr, rise
from ..detect.spike import ALPHA, MIN_CASES, MIN_WEEKS
from .simulate import SCENARIOS, Scenario, add_outbreaks, background

HISTORY_WEEKS = 52 * 3 + 4  # what the count model reads (and farringtonFlexible with b = 3, w = 3)
JUDGED_WEEKS = 52
WEEKS = HISTORY_WEEKS + JUDGED_WEEKS
FIRST = HISTORY_WEEKS  # 0-based index of the first judged week
SPIKE_KS = (1, 2, 3, 4, 5)
STEP_KS = (1, 2, 3)
STEP_WEEKS = (4, 8)
SCRIPT = Path(__file__).with_name("peers.R")
PRODUCT = "product: count model + NB GLR"
OURS = (PRODUCT, "count model", "NB GLR (ours)")
PEERS = (
    "earsC_C1",
    "earsC_C2",
    "earsC_C3",
    "C3_documented",
    "farrington_original",
    "farrington_noufaily",
    "glrnb",
    "bayes",
    "rki",
    "cusum",
)


@dataclass
class Series:
    """One scenario's weekly counts: the clean series and a copy per event kind and size, with its weeks."""

    scenario: Scenario
    clean: np.ndarray  # weeks × replicates
    events: dict[str, np.ndarray]  # "spike_3" -> weeks × replicates
    windows: dict[str, tuple[np.ndarray, np.ndarray]]  # first and last week (0-based) of each replicate's event


def weekly(daily: np.ndarray) -> np.ndarray:
    return daily.reshape(-1, 7, daily.shape[1]).sum(axis=1)


def simulate(scenario: Scenario, replicates: int, seed: int) -> Series:
    rng = np.random.default_rng(seed)
    days = WEEKS * 7
    daily = background(rng, scenario, days, replicates)
    clean = weekly(daily)
    events, windows = {}, {}
    for k in SPIKE_KS:
        start = rng.integers(FIRST * 7, (WEEKS - 4) * 7, size=replicates)
        sizes = k * scenario.weekly_sd(start + 6, days)
        events[f"spike_{k}"] = weekly(add_outbreaks(rng, daily, start, sizes))
        windows[f"spike_{k}"] = (start // 7, np.minimum((start + 20) // 7, WEEKS - 1))
    week_mean = weekly(scenario.daily_mean(days)[:, None])[:, 0]
    for k in STEP_KS:
        start = rng.integers(FIRST, WEEKS - STEP_WEEKS[1], size=replicates)
        length = rng.integers(STEP_WEEKS[0], STEP_WEEKS[1] + 1, size=replicates)
        weeks = np.arange(WEEKS)[:, None]
        inside = (weeks >= start) & (weeks < start + length)
        extra = rng.poisson(np.where(inside, k * np.sqrt(scenario.dispersion * week_mean)[:, None], 0.0))
        events[f"step_{k}"] = clean + extra
        windows[f"step_{k}"] = (start, start + length - 1)
    return Series(scenario, clean, events, windows)


def count_model(counts: np.ndarray, alpha: float = ALPHA) -> countmodel.Judgement:
    """The product's count model on every judged week; each field is judged weeks × replicates."""
    lags = np.arange(HISTORY_WEEKS)
    weeks = np.arange(FIRST, WEEKS)
    history = counts[weeks[:, None, None] - lags[None, None, :], np.arange(counts.shape[1])[None, :, None]]
    verdict = countmodel.judge(
        history.reshape(-1, HISTORY_WEEKS), alpha, years=3, min_cases=MIN_CASES, min_weeks=MIN_WEEKS
    )
    shape = (len(weeks), counts.shape[1])
    return countmodel.Judgement(*(np.asarray(v).reshape(shape) for v in vars(verdict).values()))


def count_alarms(counts: np.ndarray, verdict: countmodel.Judgement, alpha: float) -> np.ndarray:
    """The count model's alarms at another ``alpha`` from the same fit: the count's p-value at most alpha."""
    return verdict.enough_cases & (verdict.pvalue <= alpha) & (counts[FIRST:] > 0)


def product(counts: np.ndarray, verdict: countmodel.Judgement) -> np.ndarray:
    """The product's default: the count model at ``spike.ALPHA`` or the GLR at ``rise.THRESHOLD``."""
    return count_alarms(counts, verdict, ALPHA) | glr(counts, verdict, rise.THRESHOLD)


def glr(counts: np.ndarray, verdict: countmodel.Judgement, threshold: float) -> np.ndarray:
    """The NB GLR chart over the judged weeks (judged weeks × replicates), in control at the count model's
    expected counts and dispersion, alarming only with the count model's minimum of cases."""
    mu = np.maximum(verdict.expected, 1e-6)
    dispersion = np.maximum(verdict.phi - 1, 0) / mu
    return nbglr.chart(counts[FIRST:].T, mu.T, dispersion.T, threshold, allowed=verdict.enough_cases.T).alarm.T


def episodes(alarm: np.ndarray) -> int:
    """Runs of alarming weeks (judged weeks × series)."""
    alarm = np.asarray(alarm, dtype=bool)
    return int(alarm[0].sum() + (alarm[1:] & ~alarm[:-1]).sum())


def run_r(series: Series, target: float, folder: Path) -> tuple[dict[str, dict[str, np.ndarray]], pd.DataFrame]:
    """Every peer's alarms (method -> matrix name -> judged weeks × replicates) and its calibration."""
    folder.mkdir(parents=True, exist_ok=True)
    names = ["clean", *series.events]
    pd.DataFrame({"target": [target], "first": [FIRST + 1], "last": [WEEKS]}).to_csv(folder / "plan.csv", index=False)
    (folder / "names.txt").write_text("\n".join(names) + "\n")
    np.savetxt(folder / "clean.csv", series.clean, fmt="%d", delimiter=",")
    rows = []
    for name, counts in series.events.items():
        np.savetxt(folder / f"{name}.csv", counts, fmt="%d", delimiter=",")
        first, last = series.windows[name]
        rows.append(
            pd.DataFrame(
                {"name": name, "replicate": np.arange(1, len(first) + 1), "first": first + 1, "last": last + 1}
            )
        )
    pd.concat(rows).to_csv(folder / "windows.csv", index=False)
    done = subprocess.run(["Rscript", str(SCRIPT), str(folder)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"R failed on {series.scenario.name}:\n{done.stderr[-3000:]}")
    alarms = {
        method: {name: np.genfromtxt(folder / f"{method}__{name}.csv", delimiter=",", ndmin=2) == 1 for name in names}
        for method in PEERS
    }
    return alarms, pd.read_csv(folder / "calibration.csv")


def event_weeks(series: Series, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(offset, inside), judged weeks × replicates: each week's distance from the event's first week, and
    whether the week is within the event."""
    first, last = series.windows[name]
    offset = np.arange(JUDGED_WEEKS)[:, None] - (first - FIRST)[None, :]
    inside = (offset >= 0) & (np.arange(FIRST, WEEKS)[:, None] <= last[None, :])
    return offset, inside


def score(series: Series, method: str, alarms: dict[str, np.ndarray], calibrated: float | None = None) -> list[dict]:
    """Detection, first-week detection, delay and chance per event kind and size."""
    clean = alarms["clean"]
    judged_weeks = clean.size
    base = {
        "scenario": series.scenario.name,
        "method": method,
        "false_alarm_weeks": float(clean.mean()),
        "false_episodes": episodes(clean) / judged_weeks,
        "calibration": calibrated,
    }
    rows = []
    replicates = np.arange(clean.shape[1])
    for name, alarm in alarms.items():
        if name == "clean":
            continue
        kind, k = name.split("_")
        first, _ = series.windows[name]
        offset, inside = event_weeks(series, name)
        hit = (alarm & inside).any(axis=0)
        first_week = alarm[first - FIRST, replicates]
        delays = np.where(alarm & inside, offset, JUDGED_WEEKS).min(axis=0)[hit]
        chance = (clean & inside).any(axis=0)
        rows.append(
            {
                **base,
                "event": kind,
                "k": int(k),
                "detected": float(hit.mean()),
                "first_week": float(first_week.mean()),
                "median_delay_weeks": float(np.median(delays)) if hit.any() else float("nan"),
                "chance": float(chance.mean()),
            }
        )
    return rows


def calibrated(alarms, series: Series, verdicts: dict[str, countmodel.Judgement], target: float, low, high, log=False):
    """The parameter of ``alarms(counts, verdict, value)`` (larger: fewer alarms) giving the largest share of
    alarming clean weeks not above ``target``, by bisection, and the alarms on every matrix."""
    scale = np.log if log else (lambda x: x)
    back = np.exp if log else (lambda x: x)
    low, high = scale(low), scale(high)
    for _ in range(16):
        middle = (low + high) / 2
        if alarms(series.clean, verdicts["clean"], back(middle)).mean() > target:
            low = middle
        else:
            high = middle
    value = float(back(high))
    matrices = {"clean": series.clean} | series.events
    return value, {name: alarms(counts, verdicts[name], value) for name, counts in matrices.items()}


def evaluate_scenario(scenario: Scenario, replicates: int, seed: int, work: Path) -> tuple[list[dict], pd.DataFrame]:
    series = simulate(scenario, replicates, seed)
    matrices = {"clean": series.clean} | series.events
    verdicts = {name: count_model(counts) for name, counts in matrices.items()}
    ours = {name: product(counts, verdicts[name]) for name, counts in matrices.items()}
    target = float(ours["clean"].mean())
    rows = score(series, PRODUCT, ours)
    # each half alone, calibrated to the product's share: the combination must do at least as well as each
    alpha, alarms = calibrated(lambda c, v, a: count_alarms(c, v, 1 / a), series, verdicts, target, 2, 1e6, log=True)
    rows += score(series, "count model", alarms, 1 / alpha)
    threshold, alarms = calibrated(glr, series, verdicts, target, 1.0, 30.0)
    rows += score(series, "NB GLR (ours)", alarms, threshold)
    peer_alarms, calibration = run_r(series, target, work / scenario.name.replace(" ", "_").replace(",", ""))
    for method in PEERS:
        value = calibration.loc[calibration["method"] == method, "value"]
        rows += score(series, method, peer_alarms[method], None if value.isna().all() else float(value.iloc[0]))
    return rows, calibration.assign(scenario=scenario.name, target=target)


def evaluate(replicates: int = 200, seed: int = 2026, scenarios=SCENARIOS, workers: int | None = None, log=print):
    """The peer table (one row per scenario × method × event × k) and the calibrations."""
    if shutil.which("Rscript") is None:
        raise RuntimeError("Rscript not found: install R and r-cran-surveillance (see README)")
    workers = workers or max(1, min(len(scenarios), os.cpu_count() or 1))
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(workers) as pool:
        futures = [
            pool.submit(evaluate_scenario, scenario, replicates, seed + i, Path(folder))
            for i, scenario in enumerate(scenarios)
        ]
        rows, calibrations = [], []
        for scenario, future in zip(scenarios, futures):
            found, calibration = future.result()
            log(f"peers: {scenario.name} done")
            rows += found
            calibrations.append(calibration)
    return pd.DataFrame(rows), pd.concat(calibrations, ignore_index=True)
