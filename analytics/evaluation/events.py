"""The injected events of demo streets: which detectors find each, and how soon.

Demo streets built with other seeds (and so other backgrounds) each carry the
five injected events (``demo_events``). The rule detectors are run as of
every week from an event's start until they find it (up to two weeks after
its end, as the review load counts it; each alert carries the first day its
detector fired, so weekly runs lose nothing of the delay); spike
and cluster episodes come from a day-by-day pass over the year. An event is
found by a detector when an alert of that kind touches it (same matter, or
same category and a shared group, or the event's community for a community
spike) starting no earlier than a week before it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ..db import Database
from ..demo import DemoConfig, build_demo
from ..detect import rules
from .street import match_events, street_episodes

EXPECTED = {  # the detectors each event should raise
    "water_outage": ("spike", "group_petition"),
    "wage_arrears": ("group_petition", "skip_level"),
    "demolition_repeat": ("recurrence", "skip_level"),
    "property_surge": ("cluster", "spike"),
    "blind_spot": ("blind_spot",),
}
RULES = {
    "group_petition": rules.group_petitions,
    "skip_level": rules.skip_level,
    "recurrence": rules.recurrence,
    "blind_spot": rules.blind_spots,
}
AFTER_END_DAYS = 14  # the demolition story reaches the province on its 174th day, late in the event


def demo_street(path, seed: int, end: date) -> Database:
    db = Database(path)
    build_demo(db, DemoConfig(seed=seed, end=end))
    return db


def _touches(signal, event) -> bool:
    if event.matter_id is not None and signal.matter_id == event.matter_id:
        return True
    listed = {member.get("matter") for member in signal.evidence.get("members", [])}
    if event.matter_id is not None and event.matter_id in listed:  # an item that gathers a place's matters
        return True
    if event.kind == "blind_spot":
        return signal.kind == "blind_spot" and bool(set(signal.group_ids) & set(event.group_ids))
    return signal.category == event.category and bool(set(signal.group_ids) & set(event.group_ids))


def rule_delays(db: Database) -> list[dict]:
    """Per event and expected rule detector: the first day it fired, by running it as of each day."""
    events = db.query("SELECT * FROM demo_events ORDER BY start_date")
    rows = []
    for event in events.itertuples():
        for kind in EXPECTED[event.kind]:
            if kind not in RULES:
                continue
            first = None
            for offset in range(0, (event.end_date - event.start_date).days + AFTER_END_DAYS + 7, 7):
                day = event.start_date + timedelta(days=offset)
                hits = [s for s in RULES[kind](db, day) if _touches(s, event)]
                if hits:
                    first = min(s.detected_on for s in hits)
                    break
            rows.append(_row(event, kind, first))
    return rows


def model_delays(db: Database, since: date, until: date) -> list[dict]:
    """Per event and expected spike or cluster detector: the first episode touching it."""
    matched = match_events(db, street_episodes(db, since, until))
    events = db.query("SELECT * FROM demo_events ORDER BY start_date")
    rows = []
    for event in events.itertuples():
        for kind in EXPECTED[event.kind]:
            if kind not in ("spike", "cluster"):
                continue
            mine = matched[(matched["kind"] == kind) & (matched["event"] == event.kind)]
            rows.append(_row(event, kind, mine["first_day"].min() if len(mine) else None))
    return rows


def _row(event, kind, first) -> dict:
    delay = None if first is None or pd.isna(first) else max(0, (first - event.start_date).days)
    return {
        "event": event.kind,
        "detector": kind,
        "start": event.start_date,
        "first_alert": None if delay is None else first,
        "delay_days": delay,
        "found": delay is not None,
        "first_week": delay is not None and delay < 7,
    }


def evaluate(folder, seeds=(7, 8, 9), end: date = date(2026, 11, 27)) -> pd.DataFrame:
    """Every seed's events × expected detectors."""
    rows = []
    for seed in seeds:
        db = demo_street(folder / f"street-{seed}.duckdb", seed, end)
        try:
            since = end - timedelta(days=364)
            for row in rule_delays(db) + model_delays(db, since, end):
                rows.append({"seed": seed, **row})
        finally:
            db.close()
    return pd.DataFrame(rows)
