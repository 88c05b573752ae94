"""How the false-alert budget is split between the spike test and the sustained-rise chart (issue 21).

The product raises an alert where the count model's p-value is at most
``spike.ALPHA`` or the NB GLR chart reaches ``rise.THRESHOLD``. Each pair
(alpha, c) has its own share of alarming weeks on clean series; at that share
the count model alone and the GLR alone can each be calibrated too. The
combination is worth having only if, in every scenario and event of the peer
table, it finds at least as much as the better of the two alone at the same
share. This script measures that on the peer table's simulated series (our
methods only: no R needed) over a grid of pairs and writes the table the
choice was made from.

    python bench/operating_point.py [--replicates 100] [--out bench/results/operating_point.md]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.detect import rise, spike  # noqa: E402
from analytics.evaluation import peers  # noqa: E402
from analytics.evaluation.simulate import SCENARIOS  # noqa: E402

NOTICEABLE = 0.05  # a shortfall this large is called out; smaller ones are within a few replicates


def detected(series: peers.Series, name: str, alarm: np.ndarray) -> float:
    """Share of the replicates whose event has an alarming week inside its window."""
    _, inside = peers.event_weeks(series, name)
    return float((alarm & inside).any(axis=0).mean())


def measure(scenarios, replicates: int, seed: int, pairs, log=print) -> list[dict]:
    """One row per pair × scenario × event: the combination's detection and each half's alone at its share."""
    rows = []
    for i, scenario in enumerate(scenarios):
        started = time.monotonic()
        series = peers.simulate(scenario, replicates, seed + i)
        matrices = {"clean": series.clean} | series.events
        verdicts = {name: peers.count_model(counts) for name, counts in matrices.items()}
        charts = {}
        for alpha, c in pairs:
            if c not in charts:
                charts[c] = {name: peers.glr(counts, verdicts[name], c) for name, counts in matrices.items()}
            combined = {
                name: peers.count_alarms(counts, verdicts[name], alpha) | charts[c][name]
                for name, counts in matrices.items()
            }
            share = float(combined["clean"].mean())
            _, count_alone = peers.calibrated(
                lambda x, v, a: peers.count_alarms(x, v, 1 / a), series, verdicts, share, 2, 1e6, log=True
            )
            _, glr_alone = peers.calibrated(peers.glr, series, verdicts, share, 1.0, 30.0)
            for name in series.events:
                kind, k = name.split("_")
                rows.append(
                    {
                        "alpha": alpha,
                        "c": c,
                        "scenario": scenario.name,
                        "event": kind,
                        "k": int(k),
                        "share": share,
                        "combined": detected(series, name, combined[name]),
                        "count_alone": detected(series, name, count_alone[name]),
                        "glr_alone": detected(series, name, glr_alone[name]),
                    }
                )
        log(f"{scenario.name}: {time.monotonic() - started:.0f} s")
    return rows


def summary(rows: list[dict]) -> list[dict]:
    """Per pair: mean share, the combination's mean detection, and its shortfalls against the better half."""
    out = []
    for (alpha, c), cells in itertools.groupby(
        sorted(rows, key=lambda r: (-r["alpha"], -r["c"])), key=lambda r: (r["alpha"], r["c"])
    ):
        cells = list(cells)
        gaps = [max(r["count_alone"], r["glr_alone"]) - r["combined"] for r in cells]
        worst = int(np.argmax(gaps))
        shares = {r["scenario"]: r["share"] for r in cells}
        out.append(
            {
                "alpha": alpha,
                "c": c,
                "mean_share": float(np.mean(list(shares.values()))),
                "mean_detected": float(np.mean([r["combined"] for r in cells])),
                "worst_shortfall": float(gaps[worst]),
                "worst_cell": f"{cells[worst]['scenario']} {cells[worst]['event']} {cells[worst]['k']}",
                "cells_behind": int(sum(g >= NOTICEABLE for g in gaps)),
                "total_shortfall": float(sum(max(g, 0) for g in gaps)),
            }
        )
    return out


def markdown(rows: list[dict], pairs: list[dict], replicates: int, seed: int) -> str:
    chosen = (spike.ALPHA, rise.THRESHOLD)
    lines = [
        f"Plan: the peer table's six scenarios, {replicates} replicates each, seed {seed}; our methods only. "
        "For each pair (spike alpha, GLR c): the share of alarming clean weeks (mean over scenarios), the "
        "combination's mean detection over the 48 cells, and how far it falls behind the better of the count "
        f"model alone and the GLR alone, each calibrated to the same share (cells {NOTICEABLE:.2f} or more behind, "
        f"the worst cell, the sum of shortfalls). The product's pair: alpha = {chosen[0]}, c = {chosen[1]}.",
        "",
        "| spike alpha | GLR c | share | detected | cells ≥ 0.05 behind | worst shortfall | worst cell "
        "| sum of shortfalls |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in pairs:
        mark = " (product)" if (p["alpha"], p["c"]) == chosen else ""
        lines.append(
            f"| {p['alpha']:g}{mark} | {p['c']:g} | {p['mean_share']:.4f} | {p['mean_detected']:.3f} | "
            f"{p['cells_behind']} | {p['worst_shortfall']:+.2f} | {p['worst_cell']} | {p['total_shortfall']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--alphas", default="0.02,0.01,0.005,0.002")
    parser.add_argument("--cs", default="5,3.5,3,2.75,2.5")
    parser.add_argument("--out", type=Path, default=Path("bench/results/operating_point.md"))
    args = parser.parse_args(argv)
    pairs = list(itertools.product([float(a) for a in args.alphas.split(",")], [float(c) for c in args.cs.split(",")]))
    rows = measure(SCENARIOS, args.replicates, args.seed, pairs, log=lambda m: print(m, file=sys.stderr))
    summarised = summary(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(rows, summarised, args.replicates, args.seed), encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps({"pairs": summarised, "cells": rows}, indent=1), encoding="utf-8"
    )
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
