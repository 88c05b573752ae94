"""The model's inputs for every open matter as of a day, from records up to that day only.

One row per matter open on ``as_of`` (the risk register's matters): what
scoring already knows (recurrence, people, level, overdue, screening
severity, the place's relative risk, the rule score) and what only the model
uses (age, quiet days, earlier escalations, unsatisfied answers, findings
nearby, season, days to the next sensitive period). No field describes a
person: petitioners enter only as a count.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import settings_store, stages
from ..db import Database
from ..scoring import score_matters
from ..scoring.features import LEVEL_RANK_SQL, NO_LINKS, recent_links
from ..taxonomy import CATEGORIES

# numeric inputs, in the order the estimators see them; category is coded last
NUMERIC = (
    "petitions",
    "last_30_days",
    "days_31_to_90",
    "petitioners",
    "people",
    "petition_people",
    "level_rank",
    "overdue_days",
    "severity_max",
    "relative_risk",
    "age_days",
    "quiet_days",
    "escalations_before",
    "unsatisfied_answers",
    "last_answer",
    "days_since_answer",
    "findings_nearby_30_days",
    "days_to_sensitive",
    "sensitive_level_next",
    "season_sin",
    "season_cos",
    "from_screening",
    "resolved",
    "days_since_resolved",
)
CATEGORY = "category"
FEATURES = (*NUMERIC, CATEGORY)
KEYS = ("matter_id", "as_of", "community_id", "group_id", "community", "group", "score", "grade")
CATEGORY_CODES = {name: code for code, name in enumerate(CATEGORIES)}
NO_SENSITIVE_DAYS = 366  # no sensitive period in the calendar ahead
# A matter marked resolved stays watched this long: petitioned again, it has escalated (信访 follow-up visits
# come within a month of concluding a case).
WATCH_DAYS = 30


def snapshot(db: Database, as_of: date, watch_days: int = WATCH_DAYS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(features, links) for the matters open on ``as_of`` and those resolved in the ``watch_days`` before:
    features hold KEYS (the matter, its place, the rule ``score`` and ``grade``) and every column of FEATURES;
    links are scoring's petition→matter links
    (the target needs them too)."""
    group_size = settings_store.get(db, "group_petition_people")
    links = recent_links(db, as_of, group_size=group_size)
    scored = score_matters(db, as_of, links=links, watch_days=watch_days)
    if scored.empty:
        return pd.DataFrame(columns=[*KEYS, *FEATURES]), links
    extra = _history(db, as_of, scored["matter_id"], links, group_size)
    out = scored.merge(extra, on="matter_id", how="left")
    out["as_of"] = as_of
    out["age_days"] = (pd.Timestamp(as_of) - pd.to_datetime(out["identified_date"])).dt.days.clip(lower=0)
    last = pd.to_datetime(out["last_petition"]).fillna(pd.to_datetime(out["identified_date"]))
    out["quiet_days"] = (pd.Timestamp(as_of) - last).dt.days.clip(lower=0)
    for column in ("escalations_before", "unsatisfied_answers", "findings_nearby_30_days", "last_answer"):
        out[column] = out[column].fillna(0).astype(int)
    out["days_since_answer"] = out["days_since_answer"].fillna(-1).astype(int)
    days, level = _next_sensitive(db, as_of)
    out["days_to_sensitive"], out["sensitive_level_next"] = days, level
    angle = 2 * np.pi * (pd.Timestamp(as_of).day_of_year - 1) / 365.25
    out["season_sin"], out["season_cos"] = np.sin(angle), np.cos(angle)
    out["from_screening"] = (out["source"] == "screening").astype(int)
    resolved_on = pd.to_datetime(out["resolved_on"])
    out["resolved"] = resolved_on.notna().astype(int)
    out["days_since_resolved"] = (pd.Timestamp(as_of) - resolved_on).dt.days.fillna(0).astype(int)
    return out[[*KEYS, *FEATURES]].reset_index(drop=True), links


def matrix(features: pd.DataFrame) -> np.ndarray:
    """The estimators' input: NUMERIC columns as floats, then the category's code."""
    numeric = features[list(NUMERIC)].astype(float).to_numpy()
    codes = features[CATEGORY].map(CATEGORY_CODES).fillna(CATEGORY_CODES["other"]).to_numpy(dtype=float)
    return np.column_stack([numeric, codes])


def _history(db: Database, as_of: date, matter_ids: pd.Series, links: pd.DataFrame, group_size: int) -> pd.DataFrame:
    with db.in_use():
        db.register("_open", pd.DataFrame({"matter_id": matter_ids.astype(str)}))
        db.register("_links", (NO_LINKS if links is None or links.empty else links)[["petition_id", "matter_id"]])
        try:
            return db.query(
                _HISTORY_SQL, {"as_of": as_of, "group_size": group_size, "nearby_from": as_of - timedelta(days=30)}
            )
        finally:
            db.unregister("_open")
            db.unregister("_links")


_HISTORY_SQL = f"""
WITH known AS (
    SELECT o.matter_id, p.petition_id, p.received_date, p.people_count,
           {stages.answered_on("p.")} AS resolved_date, p.satisfaction,
           {LEVEL_RANK_SQL} AS level_rank, {stages.lawful_step("p.")} AS lawful_step
    FROM petitions AS p LEFT JOIN _links AS l USING (petition_id)
    JOIN _open AS o ON o.matter_id = coalesce(p.matter_id, l.matter_id)
    WHERE p.received_date <= $as_of
), ordered AS (
    SELECT *,
           max(level_rank) OVER earlier AS level_before,
           lag(resolved_date) OVER (PARTITION BY matter_id ORDER BY received_date, petition_id)
               AS previous_resolved
    FROM known
    WINDOW earlier AS (PARTITION BY matter_id ORDER BY received_date, petition_id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), history AS (
    -- the same three kinds of escalation as the target, each counted once per petition
    SELECT matter_id,
           count(*) FILTER (WHERE NOT lawful_step AND (people_count >= $group_size OR level_rank > level_before
                                  OR previous_resolved < received_date)) AS escalations_before,
           count(*) FILTER (WHERE satisfaction = 'unsatisfied' AND resolved_date <= $as_of) AS unsatisfied_answers,
           -- the latest petition's answer as of the day: 0 none yet, 1 satisfied, 2 basically, 3 unsatisfied
           arg_max(CASE WHEN resolved_date > $as_of OR resolved_date IS NULL THEN 0
                        WHEN satisfaction = 'unsatisfied' THEN 3 WHEN satisfaction = 'basic' THEN 2 ELSE 1 END,
                   (received_date, petition_id)) AS last_answer,
           $as_of - max(resolved_date) FILTER (WHERE resolved_date <= $as_of) AS days_since_answer
    FROM ordered GROUP BY matter_id
), place AS (
    SELECT matter_id, group_id, community_id FROM risk_items JOIN _open USING (matter_id)
    UNION ALL
    SELECT o.matter_id, arg_min(p.group_id, p.received_date), arg_min(p.community_id, p.received_date)
    FROM petitions AS p LEFT JOIN _links AS l USING (petition_id)
    JOIN _open AS o ON o.matter_id = coalesce(p.matter_id, l.matter_id)
    WHERE p.received_date <= $as_of AND NOT EXISTS (SELECT 1 FROM risk_items AS r WHERE r.matter_id = o.matter_id)
    GROUP BY o.matter_id
    UNION ALL
    SELECT o.matter_id, s.group_id, s.community_id FROM screenings AS s
    JOIN _open AS o ON o.matter_id = 'S:' || s.screening_id
    WHERE NOT EXISTS (SELECT 1 FROM risk_items AS r WHERE r.matter_id = o.matter_id)
), around AS (
    SELECT p.matter_id, p.group_id AS near_id FROM place AS p WHERE p.group_id IS NOT NULL
    UNION
    SELECT p.matter_id, n.neighbor_id FROM place AS p JOIN group_neighbors AS n USING (group_id)
), findings AS (
    SELECT a.matter_id, count(*) AS findings_nearby_30_days
    FROM around AS a JOIN screenings AS s ON s.group_id = a.near_id
    WHERE s.finding <> 'none' AND s.visit_date > $nearby_from AND s.visit_date <= $as_of
    GROUP BY a.matter_id
), sources AS (
    SELECT o.matter_id, coalesce(r.source, CASE WHEN o.matter_id LIKE 'S:%' THEN 'screening' ELSE 'petition' END)
           AS source
    FROM _open AS o LEFT JOIN risk_items AS r USING (matter_id)
)
SELECT s.matter_id, s.source, h.escalations_before, h.unsatisfied_answers, h.last_answer, h.days_since_answer,
       f.findings_nearby_30_days
FROM sources AS s LEFT JOIN history AS h USING (matter_id) LEFT JOIN findings AS f USING (matter_id)
"""


def _next_sensitive(db: Database, as_of: date) -> tuple[int, int]:
    """Days until the next sensitive period starts (0 while one is under way) and its level (1 highest;
    4 when the calendar holds none ahead)."""
    found = db.rows(
        "SELECT greatest(start_date - $as_of, 0) AS days, level FROM calendar "
        "WHERE end_date >= $as_of ORDER BY days, level LIMIT 1",
        {"as_of": as_of},
    )
    if not found:
        return NO_SENSITIVE_DAYS, 4
    days, level = found[0]
    return min(int(days), NO_SENSITIVE_DAYS), int(level or 3)
