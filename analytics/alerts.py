"""Alerts: one per episode of a detector, kept in the database with a lifecycle.

Running the detectors as of a day records each firing episode once
(kind, episode key, first firing day); running again updates what it has seen,
and an episode no longer firing on a later run ends (``closed_on``); when the
signal returns it is a new episode and a new alert.
The lifecycle (acknowledge, assign, resolve, dismiss) comes with the weekly review.
"""
from __future__ import annotations

import json
from datetime import date

import pandas as pd

from .db import Database
from .detect import Signal, run_all
from .i18n import t


def record(db: Database, signals: list[Signal], as_of: date) -> list[int]:
    """Store the episodes; return their alert ids in the order of ``signals``."""
    ids = []
    with db.transaction():
        for signal in signals:
            found = db.scalar("SELECT alert_id FROM alerts WHERE kind = ? AND episode_key = ? AND detected_on = ?",
                              [signal.kind, signal.episode_key, signal.detected_on])
            evidence = json.dumps(signal.evidence, ensure_ascii=False, default=str)
            summary = json.dumps({"key": signal.summary_key, "values": signal.summary_values}, ensure_ascii=False,
                                 default=str)
            if found is None:
                found = db.scalar(
                    "INSERT INTO alerts (kind, grade, community_id, group_id, category, matter_id, detected_on, "
                    "last_seen, summary, evidence, episode_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING alert_id",
                    [signal.kind, signal.grade, signal.community_id,
                     signal.group_ids[0] if len(signal.group_ids) == 1 else None, signal.category, signal.matter_id,
                     signal.detected_on, as_of, summary, evidence, signal.episode_key])
                for group_id in signal.group_ids:
                    db.execute("INSERT INTO alert_groups VALUES (?, ?) ON CONFLICT DO NOTHING", [found, group_id])
            else:
                db.execute("UPDATE alerts SET grade = ?, last_seen = greatest(last_seen, ?), summary = ?, "
                           "evidence = ? WHERE alert_id = ?", [signal.grade, as_of, summary, evidence, found])
            ids.append(int(found))
        # episodes that stopped firing end here (when the run moves forward in time)
        db.execute("UPDATE alerts SET closed_on = $as_of WHERE closed_on IS NULL AND last_seen < $as_of "
                   "AND detected_on <= $as_of AND NOT list_contains($ids, alert_id)", {"as_of": as_of, "ids": ids})
        db.bump_data_version()
    return ids


def open_alerts(db: Database, as_of: date, lang: str = "zh") -> list[dict]:
    """Run every detector as of ``as_of``, record the episodes, and list those firing then (the CLI's JSON)."""
    signals = run_all(db, as_of)
    ids = record(db, signals, as_of)
    names = dict(db.rows("SELECT community_id, name FROM communities"))
    groups = dict(db.rows("SELECT group_id, name FROM groups"))
    shown = []
    for alert_id, signal in zip(ids, signals):
        group_names = [groups[g] for g in signal.group_ids if g in groups]
        shown.append({
            "alert_id": alert_id, "kind": signal.kind, "grade": signal.grade,
            "community": names.get(signal.community_id), "group": group_names[0] if len(group_names) == 1 else None,
            "groups": group_names, "category": signal.category, "matter_id": signal.matter_id,
            "detected_on": signal.detected_on.isoformat(),
            "summary": t(signal.summary_key, lang, **{k: ("—" if v is None else v)
                                                       for k, v in signal.summary_values.items()}),
            "evidence": signal.evidence,
        })
    order = {"red": 0, "orange": 1, "yellow": 2, "blue": 3}
    return sorted(shown, key=lambda a: (order[a["grade"]], a["detected_on"], a["alert_id"]))


def frame(alerts: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(alerts)
