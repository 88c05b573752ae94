"""Risk scores of open matters as of a day: named components, their sum, the four-colour grade."""

from __future__ import annotations

from datetime import date

import pandas as pd

from .. import settings_store
from ..db import Database
from . import components, features, place
from .weights import grade, load

__all__ = ["score_matters", "open_count", "COMPONENTS"]
COMPONENTS = components.COMPONENTS
POINTS = "points_"  # column prefix of each component's points in score_matters' frame


def score_matters(
    db: Database, as_of: date, weights: dict | None = None, links: pd.DataFrame | None = None, watch_days: int = 0
) -> pd.DataFrame:
    """One row per open matter as of ``as_of``: its features, score, grade and each component's points
    (columns ``points_<component>``).

    Only records dated on or before ``as_of`` are read. Rows are ordered by
    score, highest first (then by matter id). ``links`` (from ``features.recent_links``) may be passed by a
    caller that needs them too; they are found otherwise. ``watch_days`` adds recently resolved matters
    (column ``resolved_on``), which the escalation model watches; the register shows open ones only.
    """
    weights = weights or load()
    group_size = settings_store.get(db, "group_petition_people")
    if links is None:
        links = features.recent_links(db, as_of, group_size=group_size)
    found = features.matter_features(
        db, as_of, links, accept_days=settings_store.get(db, "accept_days"), watch_days=watch_days
    )
    if found.empty:
        return pd.DataFrame(
            columns=[
                "matter_id",
                "community",
                "group",
                "category",
                "score",
                "grade",
                *(POINTS + name for name in COMPONENTS),
            ]
        )
    groups = place.group_index(features.group_counts(db, as_of))
    risk = found["group_id"].map(dict(zip(groups["group_id"], groups["relative_risk"]))).fillna(1.0)
    points = components.contributions(
        found,
        weights,
        group_size=group_size,
        sensitive_level=features.upcoming_sensitive_level(db, as_of, settings_store.get(db, "sensitive_lead_days")),
        relative_risk=risk,
    )
    scored = pd.concat([found.assign(relative_risk=risk), points.add_prefix(POINTS)], axis=1)
    scored["score"] = points.sum(axis=1).round(2)  # the sum of the shown points, to the cent
    scored["grade"] = scored["score"].map(lambda s: grade(s, weights))
    return scored.sort_values(["score", "matter_id"], ascending=[False, True]).reset_index(drop=True)


def open_count(scored: pd.DataFrame, community_id: int | None = None) -> int:
    """Open 风险隐患 as of the day ``scored`` was scored for: the register's rows, in one community or all.

    The one definition of the count: the overview, the register, the brief and the command line read it here.
    """
    if community_id is None:
        return len(scored)
    return int((scored["community_id"] == community_id).sum())


def as_json(scored: pd.DataFrame) -> list[dict]:
    """The `score --json` shape: contributions by component name, summing to the score."""
    return [
        {
            "matter_id": row["matter_id"],
            "community": row["community"],
            "group": None if pd.isna(row["group"]) else row["group"],
            "category": row["category"],
            "score": float(row["score"]),
            "grade": row["grade"],
            "contributions": {name: float(row[POINTS + name]) for name in COMPONENTS},
        }
        for _, row in scored.iterrows()
    ]


def save(db: Database, as_of: date, scored: pd.DataFrame) -> int:
    """Keep the day's scores and their components (replacing an earlier run for the same day)."""
    import json
    from datetime import datetime

    rows = pd.DataFrame(
        [
            {
                "as_of": as_of,
                "matter_id": item["matter_id"],
                "score": item["score"],
                "grade": item["grade"],
                "contributions": json.dumps(item["contributions"]),
                "computed_at": datetime.now(),
            }
            for item in as_json(scored)
        ],
        columns=["as_of", "matter_id", "score", "grade", "contributions", "computed_at"],
    )
    with db.transaction():
        db.execute("DELETE FROM risk_scores WHERE as_of = ?", [as_of])
        if len(rows):
            db.insert_frame("risk_scores", rows)
    return len(rows)
