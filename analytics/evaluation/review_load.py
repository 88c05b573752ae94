"""How long the weekly review list is, and whether it still raises what matters.

A street is run as of each week of a year, as the office would run it before its weekly meeting: every
detector's items firing that day make the open list (nobody closes one in between, so this is the longest the
list can be). Per week: items, and items per kind. Per injected event of a demo street (``demo_events``): was
it raised in its window (from its start to two weeks after its end) by a detector expected to raise it, in
one of the weekly runs?
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..db import Database
from ..detect import run_all
from .events import EXPECTED, _touches

STREET_GROUPS = 142  # the demo street's groups: loads are also given per street of this size
WEEKS = 52
AFTER_END_DAYS = 14


def weekly(db: Database, end: date, weeks: int = WEEKS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(load, events): per weekly run the items by kind; per injected event, whether and when it was raised."""
    days = [end - timedelta(days=7 * k) for k in range(weeks)][::-1]
    events = db.query("SELECT * FROM demo_events ORDER BY start_date, event_id") if _has_events(db) else None
    rows, raised = [], {}
    for day in days:
        signals = run_all(db, day)
        counts = Counter(signal.kind for signal in signals)
        rows.append({"as_of": day, "items": len(signals), **counts})
        for event in events.itertuples() if events is not None else []:
            if not event.start_date <= day <= event.end_date + timedelta(days=AFTER_END_DAYS):
                continue
            hits = [s for s in signals if s.kind in EXPECTED[event.kind] and _touches(s, event)]
            if hits and event.event_id not in raised:
                raised[event.event_id] = (day, sorted({s.kind for s in hits}))
    load = pd.DataFrame(rows).fillna(0)
    found = pd.DataFrame(
        [
            {
                "event": event.kind,
                "start": event.start_date,
                "end": event.end_date,
                "raised": event.event_id in raised,
                "first_run": raised.get(event.event_id, (None,))[0],
                "by": ", ".join(raised.get(event.event_id, (None, []))[1]),
            }
            for event in (events.itertuples() if events is not None else [])
        ]
    )
    return load, found


def _has_events(db: Database) -> bool:
    return bool(db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'demo_events'"))


def summary(name: str, groups: int, load: pd.DataFrame, found: pd.DataFrame) -> dict:
    """One street's line: weekly items (median, worst) in all and per 142 groups, the kinds, events raised."""
    per_street = groups / STREET_GROUPS
    kinds = [c for c in load.columns if c not in ("as_of", "items")]
    return {
        "street": name,
        "groups": groups,
        "weeks": len(load),
        "median_items": float(statistics.median(load["items"])),
        "worst_items": int(load["items"].max()),
        "median_per_street": round(float(statistics.median(load["items"])) / per_street, 1),
        "worst_per_street": round(float(load["items"].max()) / per_street, 1),
        "weeks_over_15_per_street": int((load["items"] / per_street > 15).sum()),
        "median_by_kind": {k: float(statistics.median(load[k])) for k in sorted(kinds)},
        "events": len(found),
        "events_raised": int(found["raised"].sum()) if len(found) else 0,
        "missed": [] if not len(found) else list(found.loc[~found["raised"], "event"]),
    }


def evaluate(folder: Path, streets=((42, 1), (7, 2), (8, 2), (9, 2)), end: date = date(2026, 11, 27), log=print):
    """Each (seed, scale) street built afresh (its escalation model trained when it is a single street, as
    ``init --demo`` does) and run week by week through the year before ``end``."""
    from ..demo import DemoConfig, prepare

    lines = []
    for seed, scale in streets:
        path = Path(folder) / f"load-{seed}-{scale}.duckdb"
        path.unlink(missing_ok=True)
        db = Database(path)
        try:
            prepare(db, DemoConfig(seed=seed, end=end, scale=scale), alerts=False)
            groups = int(db.scalar("SELECT count(*) FROM groups"))
            load, found = weekly(db, end)
            lines.append(summary(f"seed {seed}, scale {scale}", groups, load, found))
            log(f"review load: seed {seed} scale {scale} done")
        finally:
            db.close()
    return lines


def markdown(lines: list[dict]) -> str:
    kinds = sorted({k for line in lines for k in line["median_by_kind"]})
    head = (
        "| street | groups | items a week: median · worst | per 142-group street: median · worst "
        "| weeks over 15 (per 142 groups) | injected events raised | " + " | ".join(kinds) + " |"
    )
    rows = [head, "|" + "---|" * (6 + len(kinds))]
    for line in lines:
        missed = f" (missed: {', '.join(line['missed'])})" if line["missed"] else ""
        rows.append(
            f"| {line['street']} | {line['groups']} | {line['median_items']:g} · {line['worst_items']} "
            f"| {line['median_per_street']:g} · {line['worst_per_street']:g} | {line['weeks_over_15_per_street']} "
            f"| {line['events_raised']} of {line['events']}{missed} | "
            + " | ".join(f"{line['median_by_kind'].get(k, 0):g}" for k in kinds)
            + " |"
        )
    return (
        "Review load: every detector run as of each of 52 weeks; an item is open in a week when it fires that day "
        "(nobody closes one, so the list is as long as it gets). The columns by kind are weekly medians.\n\n"
        + "\n".join(rows)
    )
