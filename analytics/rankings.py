"""Rankings of communities and responsible units, and the data-quality panel.

Measures are rates, not raw counts, where sizes differ: on-time closure of
the petitions due in the period, overdue cases still open at its end per
100 due (units) or per 1,000 households (communities), the share of rated
petitions that were unsatisfied, and the share of petitions that repeat a
matter (a matter petitioned more than once up to the period's end). A place
or unit with fewer than ``MINIMUM`` petitions due is listed but not ranked.
"""

from __future__ import annotations

import pandas as pd

from . import stages
from .db import Database
from .queries import Period

MINIMUM = 10
MEASURES = ("on_time_rate", "overdue", "unsatisfied_rate", "repeat_share")
BETTER_HIGH = {"on_time_rate": True, "overdue": False, "unsatisfied_rate": False, "repeat_share": False}

_BY = {"community": "CAST(p.community_id AS VARCHAR)", "unit": "coalesce(p.responsible_unit, '')"}


def _measures(db: Database, period: Period, by: str) -> pd.DataFrame:
    key = _BY[by]  # an expression from the fixed list above
    return db.query(
        f"""
        WITH repeated AS (
            SELECT matter_id FROM petitions WHERE matter_id IS NOT NULL AND received_date <= $end
            GROUP BY matter_id HAVING count(*) > 1
        ), received AS (
            SELECT {key} AS key, count(*) AS petitions,
                   count(*) FILTER (WHERE p.matter_id IN (SELECT matter_id FROM repeated)) AS repeats,
                   count(*) FILTER (WHERE p.satisfaction IS NOT NULL) AS rated,
                   count(*) FILTER (WHERE p.satisfaction = 'unsatisfied') AS unsatisfied
            FROM petitions AS p
            WHERE p.received_date BETWEEN $start AND $end AND (CAST($community AS INTEGER) IS NULL
                  OR p.community_id = $community)
            GROUP BY ALL
        ), due AS (
            SELECT {key} AS key, count(*) AS due,
                   count(*) FILTER (WHERE {stages.on_time("p.")}) AS on_time,
                   count(*) FILTER (WHERE NOT {stages.answered_by("p.", "$end")} AND p.due_date < $end) AS overdue_open
            FROM petitions AS p
            WHERE p.due_date BETWEEN $start AND $end AND {stages.counts_for_deadline("p.")}
              AND (CAST($community AS INTEGER) IS NULL OR p.community_id = $community)
            GROUP BY ALL
        )
        SELECT coalesce(received.key, due.key) AS key, coalesce(petitions, 0) AS petitions,
               coalesce(repeats, 0) AS repeats, coalesce(rated, 0) AS rated, coalesce(unsatisfied, 0) AS unsatisfied,
               coalesce(due, 0) AS due, coalesce(on_time, 0) AS on_time, coalesce(overdue_open, 0) AS overdue_open
        FROM received FULL JOIN due USING (key)
        """,
        period.params(),
    )


def _rank(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    rankable = frame["due"] >= MINIMUM
    order = frame.loc[rankable, measure].rank(ascending=not BETTER_HIGH[measure], method="min")
    frame["rank"] = order.reindex(frame.index).astype("Int64")
    return frame.sort_values(["rank", "due"], ascending=[True, False], na_position="last").reset_index(drop=True)


def _rates(frame: pd.DataFrame) -> pd.DataFrame:
    enough = frame["due"] >= MINIMUM
    frame["on_time_rate"] = (frame["on_time"] / frame["due"]).where(enough).round(4)
    frame["unsatisfied_rate"] = (frame["unsatisfied"] / frame["rated"]).where(frame["rated"] >= MINIMUM).round(4)
    frame["repeat_share"] = (frame["repeats"] / frame["petitions"]).where(frame["petitions"] >= MINIMUM).round(4)
    return frame


def communities(db: Database, period: Period, measure: str = "on_time_rate") -> pd.DataFrame:
    """Communities with their measures and rank (overdue: open overdue cases per 1,000 households)."""
    frame = _rates(_measures(db, period, "community"))
    names = db.query(
        "SELECT CAST(c.community_id AS VARCHAR) AS key, c.name AS community, "
        "CAST(sum(g.households) AS BIGINT) AS households FROM communities AS c "
        "LEFT JOIN groups AS g USING (community_id) GROUP BY ALL"
    )
    frame = names.merge(frame, on="key", how="left").fillna(
        {c: 0 for c in ("petitions", "due", "on_time", "overdue_open", "rated", "repeats")}
    )
    frame["overdue"] = (1000 * frame["overdue_open"] / frame["households"]).where(frame["due"] >= MINIMUM).round(2)
    if period.community_id is not None:
        frame = frame[frame["key"] == str(period.community_id)]
    return _rank(frame.drop(columns="key"), measure)


def units(db: Database, period: Period, measure: str = "on_time_rate") -> pd.DataFrame:
    """Responsible units with their measures and rank (overdue: open overdue cases per 100 due)."""
    frame = _rates(_measures(db, period, "unit")).rename(columns={"key": "unit"})
    frame["overdue"] = (100 * frame["overdue_open"] / frame["due"]).where(frame["due"] >= MINIMUM).round(2)
    return _rank(frame, measure)


def data_quality(db: Database, period: Period) -> pd.DataFrame:
    """Problems in the period's records that weaken the analysis: what, how many, out of how many."""
    params = period.params()
    checks = (
        ("no_group", "SELECT count(*) FROM petitions WHERE group_id IS NULL AND {p}", "petitions"),
        ("category_other", "SELECT count(*) FROM petitions WHERE category = 'other' AND {p}", "petitions"),
        ("no_unit", "SELECT count(*) FROM petitions WHERE responsible_unit IS NULL AND {p}", "petitions"),
        (
            "resolved_no_date",
            "SELECT count(*) FROM petitions WHERE status = 'resolved' AND resolved_date IS NULL AND {p}",
            "petitions",
        ),
        (
            "resolved_before_received",
            "SELECT count(*) FROM petitions WHERE resolved_date < received_date AND {p}",
            "petitions",
        ),
        (
            "risk_no_group",
            "SELECT count(*) FROM risk_items WHERE group_id IS NULL AND identified_date BETWEEN $start "
            "AND $end AND (CAST($community AS INTEGER) IS NULL OR community_id = $community)",
            "risk_items",
        ),
    )
    in_period = (
        "received_date BETWEEN $start AND $end AND (CAST($community AS INTEGER) IS NULL OR community_id = $community)"
    )
    totals = {
        "petitions": db.scalar(f"SELECT count(*) FROM petitions WHERE {in_period}", params),
        "risk_items": db.scalar(
            "SELECT count(*) FROM risk_items WHERE identified_date BETWEEN $start AND $end "
            "AND (CAST($community AS INTEGER) IS NULL OR community_id = $community)",
            params,
        ),
    }
    rows = []
    for name, sql, table in checks:
        found = int(db.scalar(sql.replace("{p}", in_period), params))
        rows.append(
            {
                "check": name,
                "records": found,
                "of": int(totals[table]),
                "share": round(found / totals[table], 4) if totals[table] else None,
            }
        )
    return pd.DataFrame(rows)
