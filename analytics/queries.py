"""Named read queries that the pages, the command line and the detectors share.

Every query takes its values as bound parameters. A period is inclusive at
both ends; ``community_id`` None means the whole street.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from . import stages
from .db import Database
from .roles import User, can, require
from .taxonomy import GROUP_PETITION_PEOPLE


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    community_id: int | None = None

    def params(self, **more) -> dict:
        return {"start": self.start, "end": self.end, "community": self.community_id, **more}


# Every week (Mondays) from $first to $last, so that weeks without records show as zeros.
WEEKS = """weeks AS (
            SELECT CAST(week AS DATE) AS week
            FROM range(CAST($first AS TIMESTAMP), CAST($last AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 7 DAY) AS t(week)
        )"""


def _week_span(end: date, weeks: int) -> tuple[date, date]:
    """The Mondays of the first and the last of ``weeks`` weeks ending with the week of ``end``."""
    last_week = end - timedelta(days=end.weekday())
    return last_week - timedelta(weeks=weeks - 1), last_week


# A community filter that also works when the parameter is NULL (whole street).
IN_COMMUNITY = "(CAST($community AS INTEGER) IS NULL OR community_id = $community)"


def summary(db: Database) -> dict[str, int]:
    """What the database holds (the `summary` command's JSON)."""
    row = db.rows(
        """
        SELECT
            (SELECT count(*) FROM communities),
            (SELECT count(*) FROM groups),
            (SELECT CAST(coalesce(sum(households), 0) AS BIGINT) FROM groups),
            (SELECT CAST(coalesce(sum(population), 0) AS BIGINT) FROM groups),
            (SELECT count(*) FROM petitions),
            (SELECT count(*) FROM screenings),
            (SELECT count(*) FROM risk_items),
            (SELECT count(*) FROM alerts WHERE closed_on IS NULL AND state NOT IN ('resolved', 'dismissed'))
        """
    )[0]
    keys = ("communities", "groups", "households", "population", "petitions", "screenings", "risk_items", "open_alerts")
    return {key: int(value) for key, value in zip(keys, row)}


def street_name(db: Database) -> str:
    return db.scalar("SELECT value FROM street_profile WHERE key = 'street'") or ""


def unit_names(db: Database) -> list[str]:
    """The units that handle residents' matters (承办单位), which an alert or a matter can be assigned to, in
    their order; the co-building partners (共建单位) are not among them."""
    return [name for (name,) in db.rows("SELECT name FROM responsible_units WHERE kind = 'handler' ORDER BY unit_id")]


def periods_in_force(db: Database, day: date) -> list[str]:
    """The names of the sensitive periods ``day`` falls in, highest level first."""
    return [
        name
        for (name,) in db.rows(
            "SELECT name FROM calendar WHERE $day BETWEEN start_date AND end_date "
            "ORDER BY level NULLS LAST, start_date",
            {"day": day},
        )
    ]


def communities(db: Database) -> pd.DataFrame:
    return db.query("SELECT community_id, name FROM communities ORDER BY community_id")


def data_range(db: Database) -> tuple[date | None, date | None]:
    """First and last day on which any petition or screening was recorded."""
    first, last = db.rows(
        """
        SELECT min(day), max(day) FROM (
            SELECT min(received_date) AS day FROM petitions UNION ALL SELECT max(received_date) FROM petitions
            UNION ALL SELECT min(visit_date) FROM screenings UNION ALL SELECT max(visit_date) FROM screenings
        )
        """
    )[0]
    return first, last


def overview_kpis(db: Database, period: Period, group_size: int = GROUP_PETITION_PEOPLE) -> dict:
    """The committee's headline figures for a period; ``group_size`` people make a group petition.

    The count of open 风险隐患 is not here: it is the risk register's own count (``scoring.open_count``), so
    that the overview and the register can never disagree."""
    month_start = period.end.replace(day=1)
    last_year_start, last_year_end = _year_before(month_start), _year_before(period.end)
    month, last_year, group_petitions, skip_level = db.rows(
        f"""
        SELECT
            count(*) FILTER (WHERE received_date BETWEEN $month_start AND $end),
            count(*) FILTER (WHERE received_date BETWEEN $ly_start AND $ly_end),
            count(*) FILTER (WHERE received_date BETWEEN $start AND $end AND people_count >= $group_size),
            count(*) FILTER (WHERE received_date BETWEEN $start AND $end AND {stages.skip_level()})
        FROM petitions
        WHERE {IN_COMMUNITY}
        """,
        period.params(
            month_start=month_start,
            ly_start=last_year_start,
            ly_end=last_year_end,
            group_size=group_size,
            skip_rank=stages.skip_rank(db),
        ),
    )[0]
    due, on_time = db.rows(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE {stages.on_time()})
        FROM petitions
        WHERE due_date BETWEEN $start AND $end AND received_date <= $end
          AND {stages.counts_for_deadline()} AND {IN_COMMUNITY}
        """,
        period.params(),
    )[0]
    screened, households = db.rows(
        f"""
        WITH visited AS (
            SELECT count(DISTINCT household) AS n FROM screenings
            WHERE visit_date BETWEEN $since AND $end AND {IN_COMMUNITY}
        ), housed AS (
            SELECT CAST(coalesce(sum(households), 0) AS BIGINT) AS n FROM groups WHERE {IN_COMMUNITY}
        )
        SELECT visited.n, housed.n FROM visited, housed
        """,
        {"since": period.end - timedelta(days=29), "end": period.end, "community": period.community_id},
    )[0]
    return {
        "petitions_month": int(month),
        "petitions_month_last_year": int(last_year),
        "group_petitions": int(group_petitions),
        "skip_level_petitions": int(skip_level),
        "due": int(due),
        "on_time": int(on_time),
        "on_time_rate": on_time / due if due else None,
        "households_screened_30d": int(screened),
        "households": int(households),
        "screened_share": screened / households if households else None,
    }


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def community_category_counts(db: Database, period: Period) -> pd.DataFrame:
    """Petitions per community × category in the period, with households for rates."""
    return db.query(
        f"""
        WITH households AS (
            SELECT community_id, CAST(sum(households) AS BIGINT) AS households
            FROM groups GROUP BY community_id
        ), counts AS (
            SELECT community_id, category, count(*) AS petitions
            FROM petitions
            WHERE received_date BETWEEN $start AND $end AND {IN_COMMUNITY}
            GROUP BY community_id, category
        )
        SELECT c.community_id, c.name AS community, counts.category, counts.petitions, h.households
        FROM counts
        JOIN communities AS c USING (community_id)
        LEFT JOIN households AS h USING (community_id)
        ORDER BY c.community_id, counts.category
        """,
        period.params(),
    )


def weekly_counts(db: Database, period: Period, weeks: int = 52) -> pd.DataFrame:
    """Petitions and screening findings per week (weeks start on Monday), ending with the period's end."""
    first_week, last_week = _week_span(period.end, weeks)
    return db.query(
        f"""
        WITH {WEEKS}, petitions_by_week AS (
            SELECT CAST(date_trunc('week', received_date) AS DATE) AS week, count(*) AS petitions
            FROM petitions
            WHERE received_date BETWEEN $first AND $end AND {IN_COMMUNITY}
            GROUP BY 1
        ), findings_by_week AS (
            SELECT CAST(date_trunc('week', visit_date) AS DATE) AS week, count(*) AS findings
            FROM screenings
            WHERE visit_date BETWEEN $first AND $end AND finding <> 'none' AND {IN_COMMUNITY}
            GROUP BY 1
        )
        SELECT weeks.week,
               coalesce(p.petitions, 0) AS petitions,
               coalesce(f.findings, 0) AS findings
        FROM weeks
        LEFT JOIN petitions_by_week AS p USING (week)
        LEFT JOIN findings_by_week AS f USING (week)
        ORDER BY weeks.week
        """,
        {"first": first_week, "last": last_week, "end": period.end, "community": period.community_id},
    )


def serious_items(
    db: Database, period: Period, limit: int = 10, group_size: int = GROUP_PETITION_PEOPLE
) -> pd.DataFrame:
    """The newest group or high-level petitions and orange/red screening findings."""
    return db.query(
        f"""
        WITH serious_petitions AS (
            SELECT received_date AS day, 'petition' AS source, community_id, group_id, category,
                   people_count AS people, level AS grade_or_level, summary AS text, matter_id,
                   petition_id AS record_id
            FROM petitions
            WHERE received_date BETWEEN $start AND $end AND {IN_COMMUNITY}
              AND (people_count >= $group_size OR {stages.skip_level()})
        ), serious_findings AS (
            SELECT visit_date, 'screening', community_id, group_id, finding,
                   people_affected, CASE severity WHEN 4 THEN 'red' ELSE 'orange' END, description, matter_id,
                   screening_id
            FROM screenings
            WHERE visit_date BETWEEN $start AND $end AND {IN_COMMUNITY} AND severity >= 3
        ), final AS (  -- the newest of each source first: a city's year has tens of thousands of each
            (SELECT * FROM serious_petitions ORDER BY day DESC, record_id LIMIT $limit)
            UNION ALL
            (SELECT * FROM serious_findings ORDER BY visit_date DESC, screening_id LIMIT $limit)
        )
        SELECT final.day, final.source, c.name AS community, g.name AS "group", final.category,
               final.people, final.grade_or_level, final.text, final.matter_id, final.record_id
        FROM final
        JOIN communities AS c USING (community_id)
        LEFT JOIN groups AS g USING (group_id)
        ORDER BY final.day DESC, final.record_id
        LIMIT $limit
        """,
        period.params(group_size=group_size, limit=limit, skip_rank=stages.skip_rank(db)),
    )


def groups(db: Database) -> pd.DataFrame:
    """Every group with its community's name, for pickers."""
    return db.query(
        "SELECT g.group_id, g.name AS group_name, c.community_id, c.name AS community "
        "FROM groups AS g JOIN communities AS c USING (community_id) ORDER BY c.community_id, g.group_id"
    )


def matter(db: Database, matter_id: str) -> dict | None:
    """A risk item's own record (None for a matter named only in petitions)."""
    found = db.query(
        "SELECT r.*, c.name AS community, g.name AS group_name FROM risk_items AS r "
        "JOIN communities AS c USING (community_id) LEFT JOIN groups AS g USING (group_id) WHERE matter_id = ?",
        [matter_id],
    )
    return None if found.empty else found.iloc[0].to_dict()


PERSONAL_FIELDS = ("petitioner", "household", "visitor", "phone", "id_number")  # pseudonymised at import


def matter_timeline(db: Database, matter_id: str, as_of: date, user: User) -> pd.DataFrame:
    """Petitions and screenings on a matter up to ``as_of``, oldest first; the ``person`` column (pseudonyms)
    only for a user who may view case details (docs/roles.md), else it is left out."""
    require(user, "view_aggregates")
    found = db.query(
        """
        SELECT received_date AS day, 'petition' AS source, petition_id AS record_id, channel AS how, level,
               people_count AS people, status, summary AS text, petitioner AS person, responsible_unit
        FROM petitions WHERE matter_id = $matter AND received_date <= $as_of
        UNION ALL
        SELECT visit_date, 'screening', screening_id, finding, CAST(severity AS VARCHAR), people_affected, NULL,
               description, household, NULL
        FROM screenings WHERE matter_id = $matter AND visit_date <= $as_of
        ORDER BY day, record_id
        """,
        {"matter": matter_id, "as_of": as_of},
    )
    return found if can(user, "view_case_details") else found.drop(columns=["person"])


def matter_history(db: Database, matter_id: str, user: User) -> pd.DataFrame:
    """Changes to the matter and its petitions seen on re-import (status, resolution), oldest first; changes to
    personal fields (pseudonyms) only for a user who may view case details."""
    require(user, "view_aggregates")
    return db.query(
        """
        SELECT h.changed_at, h.kind, h.record_id, h.field, h.old_value, h.new_value
        FROM record_history AS h
        WHERE ((h.kind = 'risks' AND h.record_id = $matter)
           OR (h.kind = 'petitions' AND h.record_id IN (SELECT petition_id FROM petitions WHERE matter_id = $matter)))
          AND ($details OR NOT list_contains($personal, h.field))
        ORDER BY h.changed_at, h.record_id, h.field
        """,
        {"matter": matter_id, "details": can(user, "view_case_details"), "personal": list(PERSONAL_FIELDS)},
    )


def petitions_by_id(db: Database, ids: list[str]) -> pd.DataFrame:
    return db.query(
        'SELECT p.petition_id, p.received_date, c.name AS community, g.name AS "group", p.category, p.channel, '
        "p.level, p.people_count, p.status, p.summary FROM petitions AS p JOIN communities AS c USING (community_id) "
        "LEFT JOIN groups AS g USING (group_id) WHERE list_contains($ids, p.petition_id) ORDER BY p.received_date",
        {"ids": ids},
    )


def weekly_place_counts(
    db: Database, as_of: date, community_id: int, group_ids: list[int], category: str | None, weeks: int = 12
) -> pd.DataFrame:
    """Petitions per week for an alert's place (its groups, or its community) and category, ending at ``as_of``."""
    first_week, last_week = _week_span(as_of, weeks)
    return db.query(
        f"""
        WITH {WEEKS}, counted AS (
            SELECT CAST(date_trunc('week', received_date) AS DATE) AS week, count(*) AS petitions
            FROM petitions
            WHERE received_date BETWEEN $first AND $as_of AND community_id = $community
              AND (len($groups) = 0 OR list_contains($groups, group_id))
              AND (CAST($category AS VARCHAR) IS NULL OR category = $category)
            GROUP BY 1
        )
        SELECT weeks.week, coalesce(counted.petitions, 0) AS petitions
        FROM weeks LEFT JOIN counted USING (week) ORDER BY weeks.week
        """,
        {
            "first": first_week,
            "last": last_week,
            "as_of": as_of,
            "community": community_id,
            "groups": [int(g) for g in group_ids],
            "category": category,
        },
    )


def case_states(db: Database) -> dict[str, tuple[str, bool]]:
    """Each risk item's lifecycle state and whether it is past its deadline today (``lifecycle``); a matter of
    the register not listed here is still 待研判."""
    rows = db.rows("SELECT matter_id, status, status <> 'resolved' AND due_date < current_date FROM risk_items")
    return {matter: (status, bool(late)) for matter, status, late in rows}


def is_demo(db: Database) -> bool:
    """Whether this is a demo database (made by ``init --demo``): real ledgers are never imported into one."""
    return db.get_meta("demo") == "true"
