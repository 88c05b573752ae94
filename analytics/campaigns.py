"""Screening campaigns (排查活动): a named drive of door-to-door visits, its progress and its findings.

A campaign is the screening ledger's 排查活动 column. Its households due (应排查户数) are the households of
the area it covers (the street, or one community); visited (已排查户数) counts each household once however
often it was called on; its hidden risks (排查出的风险隐患) are the findings that became risk items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .db import Database


@dataclass(frozen=True)
class Campaign:
    name: str
    first_day: date
    last_day: date
    visits: int


def listed(db: Database) -> list[Campaign]:
    """The campaigns in the screening ledger, the latest first."""
    return [
        Campaign(name, first, last, int(visits))
        for name, first, last, visits in db.rows(
            "SELECT campaign, min(visit_date), max(visit_date), count(*) FROM screenings "
            "WHERE campaign IS NOT NULL GROUP BY campaign ORDER BY min(visit_date) DESC, campaign"
        )
    ]


def progress(db: Database, campaign: str, community_id: int | None = None) -> pd.DataFrame:
    """Per community: households due and visited, coverage, visits, problems found and hidden risks."""
    return db.query(
        """
        WITH visits AS (
            SELECT community_id, count(*) AS visits, count(DISTINCT household) AS visited,
                   count(*) FILTER (WHERE finding <> 'none') AS problems,
                   count(DISTINCT matter_id) AS hidden_risks
            FROM screenings WHERE campaign = $campaign GROUP BY community_id
        ), due AS (
            SELECT community_id, CAST(sum(households) AS BIGINT) AS households FROM groups GROUP BY community_id
        )
        SELECT c.community_id, c.name AS community, d.households,
               coalesce(v.visited, 0) AS visited,
               coalesce(v.visited, 0) / nullif(d.households, 0) AS coverage,
               coalesce(v.visits, 0) AS visits, coalesce(v.problems, 0) AS problems,
               coalesce(v.hidden_risks, 0) AS hidden_risks
        FROM communities AS c JOIN due AS d USING (community_id) LEFT JOIN visits AS v USING (community_id)
        WHERE $community IS NULL OR c.community_id = $community
        ORDER BY c.community_id
        """,
        {"campaign": campaign, "community": community_id},
    )


def daily(db: Database, campaign: str, community_id: int | None = None) -> pd.DataFrame:
    """Each day of the campaign: visits, and households visited so far (each counted on its first visit)."""
    return db.query(
        """
        WITH mine AS (
            SELECT visit_date, household FROM screenings
            WHERE campaign = $campaign AND ($community IS NULL OR community_id = $community)
        ), firsts AS (
            SELECT min(visit_date) AS day FROM mine GROUP BY household
        ), days AS (
            SELECT visit_date AS day, count(*) AS visits FROM mine GROUP BY 1
        )
        SELECT d.day, d.visits,
               CAST(sum(coalesce(f.new, 0)) OVER (ORDER BY d.day) AS BIGINT) AS visited
        FROM days AS d LEFT JOIN (SELECT day, count(*) AS new FROM firsts GROUP BY 1) AS f USING (day)
        ORDER BY d.day
        """,
        {"campaign": campaign, "community": community_id},
    )


def findings(db: Database, campaign: str, community_id: int | None = None) -> pd.DataFrame:
    """The campaign's hidden risks: what was found where, how serious, and how the risk item stands now."""
    return db.query(
        """
        SELECT s.matter_id, s.visit_date, c.name AS community, g.name AS "group", s.finding AS category,
               s.severity, s.people_affected, s.description, r.status, r.responsible_unit, r.resolved_date
        FROM screenings AS s
        JOIN communities AS c ON c.community_id = s.community_id
        LEFT JOIN groups AS g ON g.group_id = s.group_id
        LEFT JOIN risk_items AS r ON r.matter_id = s.matter_id
        WHERE s.campaign = $campaign AND s.matter_id IS NOT NULL
          AND ($community IS NULL OR s.community_id = $community)
        ORDER BY s.severity DESC, s.visit_date, s.matter_id
        """,
        {"campaign": campaign, "community": community_id},
    )


def gaps(db: Database, as_of: date, community_id: int | None = None) -> pd.DataFrame:
    """The street's screening gap as of a day: every group with no visit for ``blind_spot_days`` (the review
    gets one blind-spot item per community; this is the whole list), longest unvisited first, with
    ``days_unvisited`` (a group never visited counts from the ledger's first visit)."""
    from . import settings_store
    from .detect.rules import unscreened_groups

    days = int(settings_store.get(db, "blind_spot_days"))
    quiet = unscreened_groups(db, as_of, days, community_id)
    unvisited = [(as_of - since).days + days for since in quiet["since"]]
    return quiet.assign(days_unvisited=pd.Series(unvisited, index=quiet.index, dtype="int64"))
