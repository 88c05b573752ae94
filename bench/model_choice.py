"""The simplest escalation model that is as good: the averaged ensemble against the logistic regression alone.

    python bench/model_choice.py [--out bench/results/model_choice.md] [--replicates 200]

Each street's rolling-origin backtest (``python -m analytics model evaluate``) is run on demo streets of other
seeds and end dates and on Boston's heat complaints. Per street: AUPR and Brier skill of both, and the AUPR
difference (ensemble - logistic regression) with a 90 % interval from resampling matters (all snapshots of a
matter together). Across streets: the mean difference and its spread. The ensemble ships only if it wins
beyond that spread (its mean lead larger than twice the standard error across streets) and the logistic
regression is clearly ahead nowhere (no street's interval lies below zero); otherwise the logistic regression
does. ``--from-json`` writes the table again from a run's JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import model  # noqa: E402
from analytics.db import Database  # noqa: E402
from analytics.demo import DemoConfig, build_demo  # noqa: E402
from analytics.evaluation.real import BOSTON  # noqa: E402

STREETS = [(42, date(2026, 11, 27)), (42, date(2026, 6, 15)), (42, date(2025, 12, 31)), (7, date(2026, 11, 27))]
STREETS += [(8, date(2026, 11, 27)), (9, date(2026, 11, 27)), (11, date(2026, 3, 31))]
BOSTON_AS_OF = date(2018, 12, 31)


def compare(predictions, replicates: int, seed: int) -> dict:
    """Both learners' scores on the pooled predictions, and the AUPR difference resampled by matter."""
    truth = predictions["escalated"].to_numpy()
    ensemble, linear = predictions["model"].to_numpy(), predictions["logistic_regression"].to_numpy()
    reference = brier_score_loss(truth, predictions["climatology"])

    def skill(p):
        return 1 - brier_score_loss(truth, p) / reference

    matters = predictions["matter_id"].to_numpy()
    names, index = np.unique(matters, return_inverse=True)
    rows_of = [np.flatnonzero(index == k) for k in range(len(names))]
    rng = np.random.default_rng(seed)
    differences = []
    for _ in range(replicates):
        rows = np.concatenate([rows_of[k] for k in rng.integers(0, len(names), len(names))])
        if truth[rows].sum() == 0:
            continue
        differences.append(
            average_precision_score(truth[rows], ensemble[rows]) - average_precision_score(truth[rows], linear[rows])
        )
    return {
        "rows": len(truth),
        "escalations": int(truth.sum()),
        "ensemble_aupr": float(average_precision_score(truth, ensemble)),
        "linear_aupr": float(average_precision_score(truth, linear)),
        "ensemble_bss": float(skill(ensemble)),
        "linear_bss": float(skill(linear)),
        "difference": float(average_precision_score(truth, ensemble) - average_precision_score(truth, linear)),
        "difference_low": float(np.quantile(differences, 0.05)),
        "difference_high": float(np.quantile(differences, 0.95)),
    }


def render(lines: list[dict]) -> tuple[str, dict]:
    """The Markdown table and the verdict: which learner ships."""
    differences = [line["difference"] for line in lines]
    mean = statistics.mean(differences)
    spread = statistics.stdev(differences) if len(differences) > 1 else float("nan")
    error = spread / len(differences) ** 0.5
    linear_ahead = [line["street"] for line in lines if line["difference_high"] < 0]
    ensemble_wins = mean > 2 * error and not linear_ahead
    verdict = {
        "mean_difference": mean,
        "sd_difference": spread,
        "standard_error": error,
        "ensemble_wins": ensemble_wins,
        "ships": "ensemble" if ensemble_wins else "logistic_regression",
    }
    rows = [
        "| street | predictions | escalations | ensemble AUPR · BSS | logistic regression AUPR · BSS "
        "| difference in AUPR (90% by matter) |",
        "|---|---:|---:|---|---|---|",
    ]
    for line in lines:
        rows.append(
            f"| {line['street']} | {line['rows']:,} | {line['escalations']} "
            f"| {line['ensemble_aupr']:.3f} · {line['ensemble_bss']:.3f} "
            f"| {line['linear_aupr']:.3f} · {line['linear_bss']:.3f} "
            f"| {line['difference']:+.3f} ({line['difference_low']:+.3f} to {line['difference_high']:+.3f}) |"
        )
    text = (
        "Escalation model: the averaged ensemble (calibrated boosted trees + logistic regression) against the "
        "logistic regression alone, in each street's rolling-origin backtest.\n\n"
        + "\n".join(rows)
        + f"\n\nAcross the {len(lines)} streets the ensemble's AUPR lead is {mean:+.3f} on average "
        f"(sd {spread:.3f}, standard error {error:.3f}); "
        + (
            "it leads beyond that spread, and the logistic regression is clearly ahead in no street (no "
            "interval below zero): the ensemble ships."
            if ensemble_wins
            else "that is within the spread, or the logistic regression is clearly ahead somewhere: the logistic "
            "regression ships."
        )
    )
    return text, verdict


def boston(folder: Path) -> Path:
    from tests.helpers import import_boston

    return import_boston(folder / "boston.duckdb")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "model_choice.md")
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--from-json", type=Path, default=None, help="write the table from this run's JSON")
    args = parser.parse_args(argv)
    if args.from_json:
        lines = json.loads(args.from_json.read_text(encoding="utf-8"))["streets"]
    else:
        lines = measure(args.replicates)
    text, verdict = render(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps({"streets": lines, "verdict": verdict}, indent=1) + "\n", encoding="utf-8"
    )
    print(text)
    return 0


def measure(replicates: int) -> list[dict]:
    """Every street's comparison."""
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for seed, end in STREETS:
            started = time.monotonic()
            path = folder / f"street-{seed}-{end}.duckdb"
            with Database(path) as db:
                build_demo(db, DemoConfig(seed=seed, end=end))
                result = model.evaluate(db, end)
            lines.append({"street": f"demo seed {seed}, ending {end}", **compare(result.predictions, replicates, 1)})
            print(f"{lines[-1]['street']}: {time.monotonic() - started:.0f} s", file=sys.stderr)
        if BOSTON.exists():
            with Database(boston(folder)) as db:
                result = model.evaluate(db, BOSTON_AS_OF)
            lines.append({"street": "Boston heat complaints", **compare(result.predictions, replicates, 1)})
    return lines


if __name__ == "__main__":
    sys.exit(main())
