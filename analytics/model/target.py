"""What the escalation model predicts: does an open matter escalate within the next ``horizon`` days?

A matter open on day D escalates when, in the ``horizon`` days after D, a
petition about it is

- a group petition (``group_petition_people`` or more people, 5 by default), or
- lodged at a higher level than any petition about it up to D, or
- received after the matter was marked resolved: a risk item's resolution
  date; for a matter known only from petitions, the resolution of its
  latest earlier petition (the answer the resident came back about).

A later petition is "about" the matter when it names the matter, or names
none and comes from one of the matter's petitioners in the same group and
category (the linker's main rule; similarity of summaries is not used here,
so that the answer does not depend on a model).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .. import stages
from ..db import Database
from ..scoring.features import LEVEL_RANK_SQL, NO_LINKS

HORIZON_DAYS = 30
REASONS = ("group_petition", "higher_level", "after_resolution")


def escalations(
    db: Database,
    as_of: date,
    matter_ids: pd.Series,
    links: pd.DataFrame | None = None,
    *,
    horizon: int = HORIZON_DAYS,
    group_size: int = 5,
) -> pd.DataFrame:
    """For each matter in ``matter_ids`` (open on ``as_of``): whether it escalated in the horizon, how first,
    and when. ``links`` attach petitions up to ``as_of`` that name no matter to a matter (as scoring does).

    Columns: matter_id, escalated (bool), reason (one of REASONS or None), escalated_on (date or None).
    """
    open_matters = pd.DataFrame({"matter_id": pd.Series(matter_ids, dtype=str).unique()})
    with db.in_use():
        db.register("_open", open_matters)
        db.register("_links", (NO_LINKS if links is None or links.empty else links)[["petition_id", "matter_id"]])
        try:
            found = db.query(_SQL, {"as_of": as_of, "until": as_of + timedelta(days=horizon), "group_size": group_size})
        finally:
            db.unregister("_open")
            db.unregister("_links")
    out = open_matters.merge(found, on="matter_id", how="left")
    out["escalated"] = out["reason"].notna()
    out["reason"] = out["reason"].astype(object).where(out["escalated"], None)
    return out[["matter_id", "escalated", "reason", "escalated_on"]]


_SQL = f"""
WITH ranked AS (
    SELECT p.petition_id, p.received_date, p.group_id, p.category, p.petitioner, p.people_count,
           {stages.answered_on("p.")} AS resolved_date, p.status, p.matter_id AS named, l.matter_id AS linked,
           {LEVEL_RANK_SQL} AS level_rank, {stages.lawful_step("p.")} AS lawful_step
    FROM petitions AS p LEFT JOIN _links AS l USING (petition_id)
    WHERE p.received_date <= $until
), known AS (
    -- the matter's petitions up to the as-of day
    SELECT o.matter_id, r.*
    FROM ranked AS r JOIN _open AS o ON o.matter_id = coalesce(r.named, r.linked)
    WHERE r.received_date <= $as_of
), signature AS (
    SELECT DISTINCT matter_id, group_id, category, petitioner FROM known
), later AS (
    SELECT o.matter_id, r.* FROM ranked AS r JOIN _open AS o ON o.matter_id = r.named
    WHERE r.received_date > $as_of
    UNION
    SELECT s.matter_id, r.* FROM ranked AS r
    JOIN signature AS s ON r.named IS NULL AND r.group_id IS NOT DISTINCT FROM s.group_id
         AND r.category = s.category AND r.petitioner = s.petitioner
    WHERE r.received_date > $as_of
), every_one AS (
    SELECT * FROM known UNION ALL SELECT * FROM later
), ordered AS (
    -- for each petition: when was the matter's previous petition resolved?
    SELECT *, lag(resolved_date) OVER (PARTITION BY matter_id ORDER BY received_date, petition_id)
                  AS previous_resolved
    FROM every_one
), level_before AS (
    SELECT matter_id, max(level_rank) AS level_rank FROM known GROUP BY matter_id
), judged AS (
    SELECT o.matter_id, o.received_date, o.petition_id,
           CASE WHEN o.people_count >= $group_size THEN 'group_petition'
                WHEN o.level_rank > coalesce(b.level_rank, 0) THEN 'higher_level'
                WHEN r.matter_id IS NOT NULL AND r.resolved_date IS NOT NULL AND r.resolved_date < o.received_date
                    THEN 'after_resolution'
                WHEN r.matter_id IS NULL AND o.previous_resolved < o.received_date THEN 'after_resolution'
           END AS reason
    FROM ordered AS o
    LEFT JOIN level_before AS b USING (matter_id)
    LEFT JOIN risk_items AS r USING (matter_id)
    WHERE o.received_date > $as_of
      AND NOT o.lawful_step  -- a 复查 or 复核 is the path the rules give, not an escalation
)
SELECT matter_id, arg_min(reason, (received_date, petition_id)) AS reason, min(received_date) AS escalated_on
FROM judged WHERE reason IS NOT NULL
GROUP BY matter_id
"""
