"""``python -m analytics evaluate``: every evaluation at once, as a dictionary and as Markdown for the README."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..detect import cluster, spike
from . import clusters, events, peers, real, review_load, spikes
from .events import demo_street
from .simulate import SCENARIOS
from .street import false_alerts_per_week

FULL = {"replicates": 200, "scenarios": SCENARIOS, "ks": spikes.KS, "seeds": (7, 8, 9), "cluster_sizes": (3, 5, 8)}
QUICK = {"replicates": 30, "scenarios": SCENARIOS[1::2], "ks": (1, 5, 10), "seeds": (7,), "cluster_sizes": (5,)}
END = date(2026, 11, 27)


def run(quick: bool = False, log=print) -> dict:
    plan = QUICK if quick else FULL
    results: dict = {"plan": "quick" if quick else "full", "spike_alpha": spike.ALPHA, "cluster_alpha": cluster.ALPHA}
    log("simulated series: count model and C3 …")
    results["spikes"] = spikes.evaluate(plan["replicates"], scenarios=plan["scenarios"], ks=plan["ks"])
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        log("demo streets: false alerts, injected clusters, injected events …")
        street_rows, cluster_rows = [], []
        for seed in plan["seeds"]:
            db = demo_street(folder / f"fa-{seed}.duckdb", seed, END)
            try:
                street_rows.append({"seed": seed, **false_alerts_per_week(db, END - timedelta(days=363), END)})
                for size in plan["cluster_sizes"]:
                    cluster_rows.append(clusters.inject_and_detect(db, size, seed=seed * 100 + size).assign(seed=seed))
            finally:
                db.close()
        results["street"] = pd.DataFrame(street_rows)
        results["clusters"] = pd.concat(cluster_rows, ignore_index=True)
        results["events"] = events.evaluate(folder, plan["seeds"], END)
    log("Boston heat complaints …")
    results["boston"] = real.evaluate() if real.BOSTON.exists() else None
    return results


def run_peers(replicates: int = 200, quick: bool = False, seed: int = 2026, log=print) -> dict:
    """The peer table: R surveillance's weekly methods and ours, calibrated to the same false alerts."""
    scenarios = QUICK["scenarios"] if quick else FULL["scenarios"]
    table, calibration = peers.evaluate(replicates, seed, scenarios, log=log)
    plan = f"peers, {len(scenarios)} scenarios, {replicates} replicates each, seed {seed}"
    return {"plan": plan, "peers": table, "calibration": calibration}


def run_review_load(quick: bool = False, log=print) -> dict:
    """Open items a week through a year: the demo street and three streets of other seeds at ``--scale 2``
    (quick: the demo street alone)."""
    streets = ((42, 1),) if quick else ((42, 1), (7, 2), (8, 2), (9, 2))
    with tempfile.TemporaryDirectory() as folder:
        lines = review_load.evaluate(Path(folder), streets, END, log=log)
    return {"plan": f"review load, streets (seed, scale) {list(streets)}, 52 weeks to {END}", "streets": lines}


def review_load_markdown(results: dict) -> str:
    return f"Plan: {results['plan']}.\n\n" + review_load.markdown(results["streets"])


def run_verdicts(db) -> dict:
    """Precision in the street itself: the office's verdicts on its alerts (``analytics.verdicts``)."""
    from .. import verdicts

    return {
        "plan": f"the office's verdicts in {db.path}",
        "precision": verdicts.precision(db),
        "precision_by_month": verdicts.precision(db, by_month=True),
    }


def verdicts_markdown(results: dict) -> str:
    table = results["precision"]
    if table.empty:
        return f"Plan: {results['plan']}.\n\nNo alert has been resolved or dismissed yet: no verdict to count."
    rows = [
        "| detector | closed with a verdict | dismissed as false alarms | precision (95% Wilson) |",
        "|---|---|---|---|",
    ]
    for row in table.itertuples(index=False):
        rows.append(
            f"| {row.kind} | {row.judged} | {row.false_alarms} | {row.precision:.2f} ({row.low:.2f}–{row.high:.2f}) |"
        )
    return (
        f"Plan: {results['plan']}.\n\nPrecision from the office's verdicts: the share of each detector's closed "
        "alerts not dismissed as a false alarm.\n\n" + "\n".join(rows)
    )


def peer_summary(results: dict) -> pd.DataFrame:
    """One row per scenario, event and size; per method: detected (chance), first week, median delay."""
    table = results["peers"]
    cells = table.assign(
        cell=[
            f"{d:.2f} ({c:.2f}) · {f:.2f} · {'—' if pd.isna(m) else f'{m:g}'}"
            for d, c, f, m in zip(table["detected"], table["chance"], table["first_week"], table["median_delay_weeks"])
        ]
    )
    wide = cells.pivot_table(
        index=["scenario", "event", "k"], columns="method", values="cell", aggfunc="first", sort=False
    )
    return wide.reset_index()


def peer_markdown(results: dict) -> str:
    table = results["peers"]
    false = table.groupby(["scenario", "method"], sort=False)[["false_alarm_weeks", "false_episodes"]].first()
    parts = [
        f"Plan: {results['plan']}. Each cell: detected (chance) · first week · median delay in weeks.",
        "",
        _table(peer_summary(results)),
        "",
        "**false alerts: alarming weeks per series-week, episodes per series-week**",
        "",
        _table(false.reset_index()),
        "",
        "**calibration**",
        "",
        _table(results["calibration"]),
    ]
    return "\n".join(parts)


def _table(frame: pd.DataFrame) -> str:
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == float:
            shown[column] = shown[column].map(lambda v: "—" if pd.isna(v) else f"{v:.2f}".rstrip("0").rstrip("."))
    header = "| " + " | ".join(map(str, shown.columns)) + " |"
    rule = "|" + "---|" * len(shown.columns)
    rows = [
        "| " + " | ".join("—" if v is None else str(v) for v in row) + " |" for row in shown.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])


def summaries(results: dict) -> dict[str, pd.DataFrame]:
    """The tables the README shows."""
    found = results["spikes"]
    wide = found.pivot_table(
        index=["scenario", "k"], columns="method", values=["detected", "first_week", "median_delay_days"], sort=False
    ).reset_index()
    wide.columns = [" ".join(c).strip() if isinstance(c, tuple) else c for c in wide.columns]
    fa = found.groupby(["scenario", "method"], sort=False)["false_per_series_week"].first().unstack()
    by_k = found.groupby(["k", "method"])[["detected", "first_week"]].min().unstack()
    by_k.columns = [f"{a} (worst scenario) {b}" for a, b in by_k.columns]
    cl = (
        results["clusters"]
        .groupby("per_group")
        .agg(
            trials=("found", "size"),
            found=("found", "mean"),
            first_week=("first_week", "mean"),
            median_delay_days=("delay_days", "median"),
            groups_listed=("groups_listed", "mean"),
            found_by_spikes_alone=("found_by_spikes", "mean"),
        )
        .reset_index()
    )
    ev = (
        results["events"]
        .groupby(["event", "detector"], sort=False)
        .agg(
            streets=("found", "size"),
            found=("found", "mean"),
            first_week=("first_week", "mean"),
            median_delay_days=("delay_days", "median"),
        )
        .reset_index()
    )
    tables = {
        "spike_detection": wide,
        "spike_false_alerts": fa.reset_index(),
        "spike_by_k": by_k.reset_index(),
        "street_false_alerts": results["street"].drop(columns="events_found"),
        "clusters": cl,
        "events": ev,
    }
    if results["boston"] is not None:
        tables["boston"] = pd.DataFrame(results["boston"]["surges"])
    return tables


def markdown(results: dict) -> str:
    parts = [f"Plan: {results['plan']}; spike α = {results['spike_alpha']}, cluster α = {results['cluster_alpha']}."]
    for name, table in summaries(results).items():
        parts += [f"\n**{name.replace('_', ' ')}**\n", _table(table)]
    if results["boston"] is not None:
        b = results["boston"]
        parts.append(
            f"\nBoston: judged {b['judged_days']} days from {b['judged_from']}; alarm episodes on ordinary "
            f"days: {b['ordinary_alarm_episodes']} ({b['ordinary_alarm_episodes_per_year']} a year)."
        )
    return "\n".join(parts)


def as_json(results: dict) -> dict:
    out = {}
    for key, value in results.items():
        if isinstance(value, pd.DataFrame):
            out[key] = value.astype(object).where(value.notna(), None).to_dict(orient="records")  # NaN: null
        else:
            out[key] = value
    return out
