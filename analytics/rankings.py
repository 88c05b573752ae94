"""Rankings of communities and responsible units by the figures a street reports, and the data-quality panel.

The measures are the figures of ``analytics.figures`` (one definition for the overview, the rankings, the brief
and the reports): 按期办结率, 满意率, 化解率, 重复访率, 初信初访一次性化解率, 早发现率, 万人信访率 (communities
only: a unit has no residents), and the overdue cases still open at the period's end, per 1,000 households
(communities) or per 100 due (units). A figure on fewer than ``MINIMUM`` cases is not shown or ranked; a
place or unit is ranked on the chosen measure only where it has one.
"""

from __future__ import annotations

import pandas as pd

from . import figures, stages
from .db import Database
from .queries import Period

MINIMUM = figures.MINIMUM
MEASURES = ("on_time", "satisfaction", "settled", "repeat", "first_settled", "found_early", "petition_rate", "overdue")
UNIT_MEASURES = tuple(m for m in MEASURES if m != "petition_rate")
BETTER_HIGH = {
    "on_time": True,
    "satisfaction": True,
    "settled": True,
    "repeat": False,
    "first_settled": True,
    "found_early": True,
    "petition_rate": False,
    "overdue": False,
}
SHOWN = ("petition_rate", "on_time", "satisfaction", "settled", "repeat", "first_settled", "found_early")

_BY = {
    "community": "CAST(p.community_id AS VARCHAR)",
    "unit": figures.UNIT_KEY.replace("responsible_unit", "p.responsible_unit"),
}


def _overdue_open(db: Database, period: Period, by: str) -> pd.DataFrame:
    """Petitions due in the period still unanswered at its end, per community or unit."""
    key = _BY[by]  # an expression from the fixed list above
    return db.query(
        f"""
        SELECT {key} AS key,
               count(*) FILTER (WHERE NOT {stages.answered_by("p.", "$end")} AND p.due_date < $end) AS overdue_open
        FROM petitions AS p
        WHERE p.due_date BETWEEN $start AND $end AND {stages.counts_for_deadline("p.")}
          AND (CAST($community AS INTEGER) IS NULL OR p.community_id = $community)
        GROUP BY ALL
        """,
        period.params(),
    )


def _values(counts: pd.DataFrame) -> pd.DataFrame:
    """Each figure's value per row (None on too few cases), beside its counts."""
    for key in SHOWN:
        numerator, denominator, _, _ = figures.FIGURES[key]
        if denominator not in counts:
            continue
        values = [figures.Figure(key, int(n), int(d)).value for n, d in zip(counts[numerator], counts[denominator])]
        counts[column_of(key)] = pd.Series(values, index=counts.index, dtype="float64").round(
            2 if key == "petition_rate" else 4
        )
    return counts


def column_of(measure: str) -> str:
    """The column holding a measure's value (a figure's count of the same name stays beside it)."""
    return measure if measure == "overdue" else f"figure_{measure}"


def _rank(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    values = frame[column_of(measure)]
    order = values.rank(ascending=not BETTER_HIGH[measure], method="min")
    frame["rank"] = order.where(values.notna()).astype("Int64")
    return frame.sort_values(["rank", "due"], ascending=[True, False], na_position="last").reset_index(drop=True)


def communities(db: Database, period: Period, measure: str = "on_time") -> pd.DataFrame:
    """Communities with every figure and their rank on ``measure`` (overdue: open overdue cases per 1,000
    households)."""
    frame = _values(figures.by_community(db, period))
    frame["key"] = frame["community_id"].astype(str)
    late = _overdue_open(db, Period(period.start, period.end, None), "community")
    frame = frame.merge(late, on="key", how="left").fillna({"overdue_open": 0})
    frame["overdue"] = (1000 * frame["overdue_open"] / frame["households"]).where(frame["due"] >= MINIMUM).round(2)
    if period.community_id is not None:
        frame = frame[frame["community_id"] == period.community_id]
    return _rank(frame.drop(columns="key"), measure)


def units(db: Database, period: Period, measure: str = "on_time") -> pd.DataFrame:
    """Responsible units with every figure but the rate per resident, ranked on ``measure`` (on 按期办结率 when
    the measure is one a unit cannot have); overdue: open overdue cases per 100 due."""
    frame = _values(figures.by_unit(db, period)).rename(columns={"unit": "key"})
    frame = frame.merge(_overdue_open(db, period, "unit"), on="key", how="left").fillna({"overdue_open": 0})
    frame["overdue"] = (100 * frame["overdue_open"] / frame["due"]).where(frame["due"] >= MINIMUM).round(2)
    frame = frame.rename(columns={"key": "unit"})
    frame[column_of("petition_rate")] = float("nan")
    return _rank(frame, measure if measure in UNIT_MEASURES else "on_time")


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
