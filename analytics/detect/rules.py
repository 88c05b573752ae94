"""Rule detectors: group and skip-level petitions, recurrence, overdue cases, blind spots, sensitive periods.

Each reads only records dated on or before the as-of day and returns
:class:`Signal` rows, one per episode that is firing on that day.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .. import settings_store, stages
from ..db import Database
from ..taxonomy import LEVEL_RANK
from .episodes import active_runs, dense_runs
from .signal import Signal

WINDOW_DAYS = 14  # a group or skip-level petition keeps its alert firing this long
RECURRENCE_DAYS, RECURRENCE_MINIMUM = 90, 3  # petitions on one matter within 90 days
LOOKBACK_DAYS = 400  # history read to find where an episode began
MOST_RECORDS = 200  # records an alert's evidence lists


def _petitions(db: Database, as_of: date, where: str, params: dict | None = None) -> pd.DataFrame:
    frame = db.query(
        f"SELECT petition_id, received_date AS day, community_id, group_id, category, matter_id, people_count, level, "
        f"{stages.escalation_rank()} AS escalation_rank, status, due_date, resolved_date "
        f"FROM petitions WHERE received_date <= $as_of "
        f"AND received_date > $as_of - {LOOKBACK_DAYS} AND ({where})",
        {"as_of": as_of, **(params or {})},
    )
    frame["key"] = frame["matter_id"].where(frame["matter_id"].notna(), "petition:" + frame["petition_id"])
    return frame


def _from_runs(
    kind: str,
    runs: pd.DataFrame,
    events: pd.DataFrame,
    as_of: date,
    grade_of,
    summary_key: str,
    evidence_of,
    window_days: int = 0,
) -> list[Signal]:
    """Signals for the runs firing on ``as_of``; the evidence is the run's events and those of the window.

    ``grade_of`` and ``evidence_of`` read a run's events as columns of plain lists (a city's review has
    thousands of runs, and a data frame for each costs seconds)."""
    signals = []
    mine_all = events[events["key"].isin(runs["key"])] if len(runs) else events.iloc[:0]
    columns = {name: mine_all[name].tolist() for name in mine_all.columns}
    at: dict[str, list[int]] = {}
    for i, key in enumerate(columns.get("key", [])):
        at.setdefault(key, []).append(i)
    for run in runs.itertuples(index=False):
        since = min(run.detected_on, as_of - timedelta(days=window_days - 1)) if window_days else run.detected_on
        rows = [i for i in at[run.key] if since <= columns["day"][i] <= as_of]
        mine = {name: [values[i] for i in rows] for name, values in columns.items()}
        first = rows[0]
        matter = columns["matter_id"][first]
        signals.append(
            Signal(
                kind=kind,
                episode_key=str(run.key),
                grade=grade_of(mine),
                community_id=int(columns["community_id"][first]),
                group_ids=sorted({int(g) for g in mine["group_id"] if not pd.isna(g)}),
                category=columns["category"][first],
                matter_id=None if pd.isna(matter) else matter,
                detected_on=run.detected_on,
                summary_key=summary_key,
                summary_values=evidence_of(mine),
                evidence={**evidence_of(mine), "records": list(mine["petition_id"])},
            )
        )
    return signals


def group_petitions(db: Database, as_of: date) -> list[Signal]:
    """Petitions by the group size or more (集体访), one episode per matter (or petition)."""
    size = settings_store.get(db, "group_petition_people")
    events = _petitions(db, as_of, "people_count >= $size", {"size": size})
    runs = active_runs(events, as_of, WINDOW_DAYS)
    return _from_runs(
        "group_petition",
        runs,
        events,
        as_of,
        grade_of=lambda m: (
            "red" if max(m["people_count"]) >= 20 else "orange" if max(m["people_count"]) >= 10 else "yellow"
        ),
        summary_key="alert.group_petition",
        evidence_of=lambda m: {"petitions": len(m["petition_id"]), "people_max": int(max(m["people_count"]))},
    )


def skip_level(db: Database, as_of: date) -> list[Signal]:
    """越级访 (``stages.skip_level``): lodged at ``skip_level_from`` or above, other than a 复查 or 复核."""
    events = _petitions(db, as_of, stages.skip_level(), {"skip_rank": stages.skip_rank(db)})
    runs = active_runs(events, as_of, WINDOW_DAYS)

    def grade(mine):
        top = max(LEVEL_RANK[level] for level in mine["level"])
        return "red" if top >= LEVEL_RANK["province"] else "orange" if top >= LEVEL_RANK["city"] else "yellow"

    return _from_runs(
        "skip_level",
        runs,
        events,
        as_of,
        grade_of=grade,
        summary_key="alert.skip_level",
        evidence_of=lambda m: {
            "petitions": len(m["petition_id"]),
            "highest_level": max(m["level"], key=lambda level: LEVEL_RANK[level]),
        },
    )


def recurrence(db: Database, as_of: date) -> list[Signal]:
    """A matter petitioned again and again: three or more petitions within 90 days."""
    events = _petitions(db, as_of, "matter_id IS NOT NULL")
    runs = dense_runs(events, as_of, RECURRENCE_DAYS, RECURRENCE_MINIMUM)
    window_start = as_of - timedelta(days=RECURRENCE_DAYS)
    return _from_runs(
        "recurrence",
        runs,
        events,
        as_of,
        grade_of=lambda m: (
            "orange" if len(m["petition_id"]) >= 5 or max(m["escalation_rank"]) >= LEVEL_RANK["city"] else "yellow"
        ),
        summary_key="alert.recurrence",
        evidence_of=lambda m: {
            "petitions": len(m["petition_id"]),
            "petitions_in_window": sum(1 for day in m["day"] if day > window_start),
        },
        window_days=RECURRENCE_DAYS,
    )


def overdue(db: Database, as_of: date) -> list[Signal]:
    """Petitions late at a stage of the 信访工作条例 (``stages.late_since``): not accepted or forwarded within
    ``accept_days`` of 登记, not answered by the deadline, a 复查 or 复核 not decided within 30 days.

    One alert per matter; petitions without a matter are gathered per community and category, so that a
    ledger with many unclosed cases gives the review a few alerts that list them, not thousands.
    """
    late = db.query(
        f"""
        SELECT petition_id, community_id, group_id, category, matter_id, people_count, level, received_date AS day,
               {stages.late_since()} AS since, {stages.late_stage()} AS stage
        FROM petitions
        WHERE received_date <= $as_of AND {stages.late_since()} IS NOT NULL
        """,
        stages.deadline_params(db, as_of),
    )
    if late.empty:
        return []
    late["key"] = late["matter_id"].where(
        late["matter_id"].notna(), "unmatched:" + late["community_id"].astype(str) + ":" + late["category"]
    )
    signals = []
    for key, mine in late.sort_values(["since", "petition_id"]).groupby("key"):
        days = (as_of - mine["since"].min()).days + 1  # since is the first day past the deadline
        first = mine.iloc[0]
        signals.append(
            Signal(
                kind="overdue",
                episode_key=str(key),
                grade="orange" if days > 30 else "yellow",
                community_id=int(first["community_id"]),
                group_ids=sorted({int(g) for g in mine["group_id"].dropna()}),
                category=first["category"],
                matter_id=None if pd.isna(first["matter_id"]) else first["matter_id"],
                detected_on=mine["since"].min(),
                summary_key="alert.overdue",
                summary_values={"petitions": len(mine), "days": days},
                evidence={
                    "petitions": len(mine),
                    "days_overdue": days,
                    "stages": {stage: int(n) for stage, n in mine["stage"].value_counts().sort_index().items()},
                    "records": list(mine["petition_id"].iloc[:MOST_RECORDS]),
                },
            )
        )
    return signals


def blind_spots(db: Database, as_of: date) -> list[Signal]:
    """Groups nobody has screened for ``blind_spot_days``."""
    days = settings_store.get(db, "blind_spot_days")
    quiet = db.query(
        """
        WITH first_day AS (SELECT min(visit_date) AS day FROM screenings WHERE visit_date <= $as_of),
        last_visit AS (
            SELECT g.group_id, g.community_id, max(s.visit_date) AS last_visit
            FROM groups AS g LEFT JOIN screenings AS s ON s.group_id = g.group_id AND s.visit_date <= $as_of
            GROUP BY ALL
        )
        SELECT group_id, community_id, last_visit, coalesce(last_visit, (SELECT day FROM first_day)) + $days AS since
        FROM last_visit
        WHERE coalesce(last_visit, (SELECT day FROM first_day)) + $days <= $as_of
        """,
        {"as_of": as_of, "days": days},
    )
    return [
        Signal(
            kind="blind_spot",
            episode_key=f"group:{row.group_id}",
            grade="orange" if (as_of - row.since).days >= days else "yellow",
            community_id=int(row.community_id),
            group_ids=[int(row.group_id)],
            category=None,
            matter_id=None,
            detected_on=row.since,
            summary_key="alert.blind_spot",
            summary_values={"days": (as_of - row.last_visit).days if not pd.isna(row.last_visit) else None},
            evidence={"last_visit": None if pd.isna(row.last_visit) else str(row.last_visit), "threshold_days": days},
        )
        for row in quiet.itertuples(index=False)
        if not pd.isna(row.since)
    ]


def sensitive_periods(db: Database, as_of: date) -> list[Signal]:
    """Open red or orange items while a sensitive period is under way or within ``sensitive_lead_days``."""
    from ..scoring import score_matters

    lead = settings_store.get(db, "sensitive_lead_days")
    periods = db.query(
        "SELECT period_id, name, start_date, end_date, level FROM calendar "
        "WHERE end_date >= $as_of AND start_date <= $until ORDER BY start_date",
        {"as_of": as_of, "until": as_of + timedelta(days=lead)},
    )
    if periods.empty:
        return []
    serious = score_matters(db, as_of)
    serious = serious[serious["grade"].isin(["red", "orange"])]
    signals = []
    for period in periods.itertuples(index=False):
        for item in serious.itertuples(index=False):
            signals.append(
                Signal(
                    kind="sensitive_period",
                    episode_key=f"{item.matter_id}@{period.period_id}",
                    grade=item.grade,
                    community_id=int(item.community_id),
                    group_ids=[] if pd.isna(item.group_id) else [int(item.group_id)],
                    category=item.category,
                    matter_id=item.matter_id,
                    detected_on=max(period.start_date - timedelta(days=lead), item.identified_date),
                    summary_key="alert.sensitive_period",
                    summary_values={"period": period.name, "start": str(period.start_date)},
                    evidence={"period": period.name, "start": str(period.start_date), "score": float(item.score)},
                )
            )
    return signals


RULES = (group_petitions, skip_level, recurrence, overdue, blind_spots, sensitive_periods)
