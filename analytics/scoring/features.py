"""What is known about each open matter as of a day: one SQL query, nothing after that day.

A matter is open on day D when it was identified by D and not resolved by D
(a matter resolved later was still open then), or when a petition about it
came after it was marked resolved and is unanswered on D (reopened). Matters named only in the
petitions ledger (a matter_id with no risk item) count too.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .. import stages
from ..db import Database

# how far above the street a petition went; a 复查 or 复核 at the level above is no escalation
LEVEL_RANK_SQL = stages.escalation_rank()


FINDING_OPEN_DAYS = 30  # how long an orange or red finding without a matter number stays an open item
NO_LINKS = pd.DataFrame({"petition_id": pd.Series(dtype=str), "matter_id": pd.Series(dtype=str)})


def matter_features(
    db: Database, as_of: date, links: pd.DataFrame | None = None, accept_days: int = 15, watch_days: int = 0
) -> pd.DataFrame:
    """``links`` (petition_id, matter_id) attach petitions that name no matter to the matter they are about.

    ``watch_days`` > 0 adds the matters marked resolved in that many days up to ``as_of`` (the escalation
    model watches them: a resolved matter petitioned again has escalated); ``resolved_on`` gives their day.

    Overdue days count the later of: a petition late at a stage of the 信访工作条例 (``stages.late_since``:
    acceptance within ``accept_days``, the answer, a 复查 or 复核 decision), the matter's own deadline.
    """
    with db.in_use():
        db.register("_links", (NO_LINKS if links is None or links.empty else links)[["petition_id", "matter_id"]])
        try:
            return _matter_features(db, as_of, accept_days, watch_days)
        finally:
            db.unregister("_links")


def _matter_features(db: Database, as_of: date, accept_days: int, watch_days: int) -> pd.DataFrame:
    return db.query(
        f"""
        WITH petitions_linked AS (
            SELECT p.* REPLACE (coalesce(p.matter_id, l.matter_id) AS matter_id),
                   p.matter_id IS NULL AND l.matter_id IS NOT NULL AS by_link
            FROM petitions AS p LEFT JOIN _links AS l USING (petition_id)
        ), reopened AS (
            -- a matter marked resolved that residents petitioned about again, still unanswered: open again
            SELECT DISTINCT r.matter_id
            FROM risk_items AS r JOIN petitions_linked AS p USING (matter_id)
            WHERE r.status = 'resolved' AND p.received_date > r.resolved_date AND p.received_date <= $as_of
              AND {stages.pending("p.")}
        ), listed AS (
            SELECT matter_id, identified_date, community_id, group_id, category, people_involved, due_date,
                   CASE WHEN status = 'resolved' AND resolved_date <= $as_of AND matter_id NOT IN (FROM reopened)
                        THEN resolved_date END AS resolved_on
            FROM risk_items
            WHERE identified_date <= $as_of
              AND (status <> 'resolved' OR resolved_date IS NULL OR resolved_date > $as_of - $watch_days
                   OR matter_id IN (FROM reopened))
        ), petitioned_only AS (
            SELECT matter_id, min(received_date) AS identified_date,
                   arg_min(community_id, received_date) AS community_id, arg_min(group_id, received_date) AS group_id,
                   arg_min(category, received_date) AS category, max(people_count) AS people_involved,
                   CAST(NULL AS DATE) AS due_date,
                   CASE WHEN NOT bool_or({stages.pending()}) THEN max({stages.settled_on()}) END AS resolved_on
            FROM petitions_linked AS p
            WHERE matter_id IS NOT NULL AND received_date <= $as_of
              AND NOT EXISTS (SELECT 1 FROM risk_items AS r WHERE r.matter_id = p.matter_id)
            GROUP BY matter_id
            HAVING bool_or({stages.pending()}
                           OR ({stages.counts_for_deadline()} AND {stages.settled_on()} > $as_of - $watch_days))
        ), screened_only AS (
            -- an orange or red finding with no matter number is an open item for a while after the visit
            SELECT 'S:' || screening_id, visit_date, community_id, group_id, finding, people_affected,
                   visit_date + $finding_days, CAST(NULL AS DATE)
            FROM screenings
            WHERE matter_id IS NULL AND finding <> 'none' AND severity >= 3
              AND visit_date <= $as_of AND visit_date > $as_of - $finding_days
              -- once the office acts on it, the finding is a risk item (listed) until 销号
              AND NOT EXISTS (SELECT 1 FROM risk_items AS r WHERE r.matter_id = 'S:' || screening_id)
        ), matters AS (
            SELECT * FROM listed UNION ALL SELECT * FROM petitioned_only UNION ALL SELECT * FROM screened_only
        ), petitions_so_far AS (
            SELECT matter_id,
                   count(*) FILTER (WHERE by_link) AS linked_petitions,
                   count(*) AS petitions,
                   count(*) FILTER (WHERE received_date > $as_of - 30) AS last_30_days,
                   count(*) FILTER (WHERE received_date > $as_of - 90
                                      AND received_date <= $as_of - 30) AS days_31_to_90,
                   count(DISTINCT petitioner) AS petitioners,
                   max(people_count) AS people_max,
                   max({LEVEL_RANK_SQL}) AS level_rank,
                   -- late at any stage of the 信访工作条例: acceptance, answer, 复查, 复核
                   max($as_of - {stages.late_since()} + 1) AS petition_overdue_days,
                   max(received_date) AS last_petition
            FROM petitions_linked
            WHERE matter_id IS NOT NULL AND received_date <= $as_of
            GROUP BY matter_id
        ), screenings_so_far AS (
            SELECT coalesce(matter_id, 'S:' || screening_id) AS matter_id, max(severity) AS severity_max,
                   max(people_affected) AS people_affected
            FROM screenings
            WHERE visit_date <= $as_of AND (matter_id IS NOT NULL OR (finding <> 'none' AND severity >= 3))
            GROUP BY 1
        )
        SELECT m.matter_id, m.identified_date, m.community_id, m.group_id, m.category, m.resolved_on,
               c.name AS community, g.name AS "group",
               coalesce(p.petitions, 0) AS petitions,
               coalesce(p.linked_petitions, 0) AS linked_petitions,
               coalesce(p.last_30_days, 0) AS last_30_days,
               coalesce(p.days_31_to_90, 0) AS days_31_to_90,
               coalesce(p.petitioners, 0) AS petitioners,
               greatest(coalesce(m.people_involved, 0), coalesce(p.people_max, 0), coalesce(s.people_affected, 0))
                   AS people,
               coalesce(p.people_max, 0) AS petition_people,
               coalesce(p.level_rank, 0) AS level_rank,
               greatest(coalesce(p.petition_overdue_days, 0),
                        CASE WHEN m.due_date < $as_of THEN $as_of - m.due_date ELSE 0 END, 0) AS overdue_days,
               coalesce(s.severity_max, 0) AS severity_max,
               p.last_petition
        FROM matters AS m
        JOIN communities AS c USING (community_id)
        LEFT JOIN groups AS g USING (group_id)
        LEFT JOIN petitions_so_far AS p USING (matter_id)
        LEFT JOIN screenings_so_far AS s USING (matter_id)
        ORDER BY m.matter_id
        """,
        {
            "as_of": as_of,
            "accept": accept_days,
            "review": stages.REVIEW_DAYS,
            "finding_days": FINDING_OPEN_DAYS,
            "watch_days": watch_days,
        },
    )


def upcoming_sensitive_level(db: Database, as_of: date, lead_days: int) -> int | None:
    """The highest level (1 highest) of a sensitive period under way or starting within ``lead_days``."""
    return db.scalar(
        "SELECT min(level) FROM calendar WHERE end_date >= $as_of AND start_date <= $until",
        {"as_of": as_of, "until": as_of + timedelta(days=lead_days)},
    )


def group_counts(db: Database, as_of: date, days: int = 90) -> pd.DataFrame:
    """Petitions per group in the ``days`` up to ``as_of``, with households (the place index's input)."""
    return db.query(
        """
        SELECT g.group_id, g.community_id, coalesce(g.households, 0) AS households,
               count(p.petition_id) AS petitions
        FROM groups AS g
        LEFT JOIN petitions AS p ON p.group_id = g.group_id
             AND p.received_date > $as_of - CAST($days AS INTEGER) AND p.received_date <= $as_of
        GROUP BY ALL
        ORDER BY g.group_id
        """,
        {"as_of": as_of, "days": days},
    )


def recent_links(db: Database, as_of: date, days: int = 365, group_size: int = 5) -> pd.DataFrame:
    """Links for the petitions of the last ``days`` that name no matter, learned from records up to ``as_of``:
    to an existing matter when they match one, else to a matter they form among themselves."""
    from .. import run_cache

    return run_cache.remember(
        ("recent_links", as_of, days, group_size), lambda: _recent_links(db, as_of, days, group_size)
    )


def _recent_links(db: Database, as_of: date, days: int, group_size: int) -> pd.DataFrame:
    from .linking import implied_matters, link_unassigned

    petitions = db.query(
        "SELECT petition_id, received_date, group_id, category, petitioner, summary, matter_id, people_count, level "
        "FROM petitions WHERE received_date <= $as_of "
        "AND (matter_id IS NOT NULL OR received_date > $as_of - CAST($days AS INTEGER))",
        {"as_of": as_of, "days": days},
    )
    linked = link_unassigned(petitions)
    loose = petitions[petitions["matter_id"].isna() & ~petitions["petition_id"].isin(linked["petition_id"])]
    formed = implied_matters(loose, group_size=group_size)
    return pd.concat([linked, formed], ignore_index=True) if len(formed) else linked


def community_category_counts(db: Database, as_of: date, days: int = 90) -> pd.DataFrame:
    """Petitions per community × category in the ``days`` up to ``as_of``, with each community's households."""
    return db.query(
        """
        WITH households AS (
            SELECT community_id, CAST(coalesce(sum(households), 0) AS BIGINT) AS households
            FROM groups GROUP BY community_id
        ), kinds AS (
            SELECT DISTINCT category FROM petitions
        ), counted AS (
            SELECT community_id, category, count(*) AS petitions FROM petitions
            WHERE received_date > $as_of - CAST($days AS INTEGER) AND received_date <= $as_of
            GROUP BY ALL
        )
        SELECT c.name AS community, k.category, h.households, coalesce(n.petitions, 0) AS petitions
        FROM communities AS c CROSS JOIN kinds AS k
        LEFT JOIN households AS h USING (community_id)
        LEFT JOIN counted AS n ON n.community_id = c.community_id AND n.category = k.category
        ORDER BY c.community_id, k.category
        """,
        {"as_of": as_of, "days": days},
    )
