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
    """Matters petitioned again and again (three or more petitions within 90 days), one item per community
    listing its matters: the community follows them up together, and a street with many repeat petitions
    gets a few items for its meeting, not one per matter. An item of one matter names it."""
    events = _petitions(db, as_of, "matter_id IS NOT NULL")
    runs = dense_runs(events, as_of, RECURRENCE_DAYS, RECURRENCE_MINIMUM)
    window_start = as_of - timedelta(days=RECURRENCE_DAYS)
    per_matter = _from_runs(
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
    by_community: dict[int, list[Signal]] = {}
    for signal in sorted(per_matter, key=lambda s: (s.detected_on, s.episode_key)):
        by_community.setdefault(signal.community_id, []).append(signal)
    return [_gathered(community_id, mine) for community_id, mine in sorted(by_community.items())]


def _gathered(community_id: int, mine: list[Signal]) -> Signal:
    """A community's recurring matters as one item (the matter's own signal when there is one)."""
    if len(mine) == 1:
        only = mine[0]
        return Signal(**{**vars(only), "episode_key": f"community:{community_id}"})
    categories = {s.category for s in mine}
    in_window = sum(s.evidence["petitions_in_window"] for s in mine)
    records = [r for s in mine for r in s.evidence["records"]]
    return Signal(
        kind="recurrence",
        episode_key=f"community:{community_id}",
        grade="orange" if any(s.grade == "orange" for s in mine) else "yellow",
        community_id=community_id,
        group_ids=sorted({g for s in mine for g in s.group_ids}),
        category=categories.pop() if len(categories) == 1 else None,
        matter_id=None,
        detected_on=min(s.detected_on for s in mine),
        summary_key="alert.recurrence_matters",
        summary_values={"matters": len(mine), "petitions_in_window": in_window},
        evidence={
            "matters": len(mine),
            "petitions": sum(s.evidence["petitions"] for s in mine),
            "petitions_in_window": in_window,
            "members": [
                {
                    "matter": s.matter_id,
                    "category": s.category,
                    "since": s.detected_on.isoformat(),
                    "petitions_in_window": s.evidence["petitions_in_window"],
                    "grade": s.grade,
                }
                for s in mine
            ],
            "records": records[:MOST_RECORDS],
        },
    )


def overdue(db: Database, as_of: date) -> list[Signal]:
    """Petitions late at a stage of the 信访工作条例 (``stages.late_since``): not accepted or forwarded within
    ``accept_days`` of 登记, not answered by the deadline, a 复查 or 复核 not decided within 30 days.

    One item per responsible unit (承办单位), listing its late petitions: the meeting presses each unit once
    (督办), not once per petition. Petitions with no unit gather per community. The item's community is where
    most of its petitions are; its matter and category are kept when all its petitions share them.
    """
    late = db.query(
        f"""
        SELECT petition_id, community_id, group_id, category, matter_id, people_count, level, received_date AS day,
               responsible_unit AS unit, {stages.late_since()} AS since, {stages.late_stage()} AS stage
        FROM petitions
        WHERE received_date <= $as_of AND {stages.late_since()} IS NOT NULL
        """,
        stages.deadline_params(db, as_of),
    )
    if late.empty:
        return []
    has_unit = late["unit"].notna() & (late["unit"].astype(str).str.strip() != "")
    late["key"] = ("unit:" + late["unit"].astype(str).str.strip()).where(
        has_unit, "community:" + late["community_id"].astype(str)
    )
    signals = []
    for key, mine in late.sort_values(["since", "petition_id"]).groupby("key", sort=True):
        days = (as_of - mine["since"].min()).days + 1  # since is the first day past the deadline
        unit = None if key.startswith("community:") else key.removeprefix("unit:")
        community_id = int(mine["community_id"].value_counts(sort=True).index[0])
        matters, categories = mine["matter_id"].dropna().unique(), mine["category"].unique()
        one_matter = len(matters) == 1 and mine["matter_id"].notna().all()
        signals.append(
            Signal(
                kind="overdue",
                episode_key=str(key),
                grade="orange" if days > 30 else "yellow",
                community_id=community_id,
                group_ids=sorted({int(g) for g in mine["group_id"].dropna()}),
                category=categories[0] if len(categories) == 1 else None,
                matter_id=str(matters[0]) if one_matter else None,
                detected_on=mine["since"].min(),
                summary_key=("alert.overdue_unit" if len(mine) > 1 else "alert.overdue_unit_one")
                if unit
                else "alert.overdue",
                summary_values={"petitions": len(mine), "days": days, **({"unit": unit} if unit else {})},
                evidence={
                    "unit": unit,
                    "petitions": len(mine),
                    "matters": len(matters),
                    "days_overdue": days,
                    "stages": {stage: int(n) for stage, n in mine["stage"].value_counts().sort_index().items()},
                    "members": [
                        {
                            "petition": row.petition_id,
                            "matter": None if pd.isna(row.matter_id) else row.matter_id,
                            "stage": row.stage,
                            "days_overdue": (as_of - row.since).days + 1,
                        }
                        for row in mine.iloc[:MOST_RECORDS].itertuples(index=False)
                    ],
                    "records": list(mine["petition_id"].iloc[:MOST_RECORDS]),
                },
            )
        )
    return signals


def _overdue_summary(unit: str | None, petitions: int) -> str:
    """A unit's late petitions ("the oldest" only when there are several); petitions with no unit named."""
    if unit is None:
        return "alert.overdue"
    return "alert.overdue_unit" if petitions > 1 else "alert.overdue_unit_one"


def blind_spots(db: Database, as_of: date) -> list[Signal]:
    """Groups nobody has screened for ``blind_spot_days``, one item per community listing its groups and the
    days since each was last visited: a street whose screening fell behind gets a few items, not one per group
    (the screening page shows the whole gap)."""
    days = settings_store.get(db, "blind_spot_days")
    quiet = unscreened_groups(db, as_of, days)
    signals = []
    for community_id, mine in quiet.groupby("community_id", sort=True):
        since = mine["since"].min()
        longest = (as_of - since).days + days  # days without a visit of the group left longest
        signals.append(
            Signal(
                kind="blind_spot",
                episode_key=f"community:{community_id}",
                grade="orange" if (as_of - since).days >= days else "yellow",
                community_id=int(community_id),
                group_ids=sorted(int(g) for g in mine["group_id"]),
                category=None,
                matter_id=None,
                detected_on=since,
                summary_key="alert.blind_spots",
                summary_values={"groups": len(mine), "days": longest},
                evidence={
                    "groups": len(mine),
                    "last_visit": None if mine["last_visit"].isna().all() else str(mine["last_visit"].min())[:10],
                    "threshold_days": days,
                    "members": [
                        {
                            "group": row.group_name,
                            "last_visit": None if pd.isna(row.last_visit) else str(row.last_visit)[:10],
                            "days_unvisited": (as_of - row.since).days + days,
                        }
                        for row in mine.itertuples(index=False)
                    ],
                },
            )
        )
    return signals


def unscreened_groups(db: Database, as_of: date, days: int, community_id: int | None = None) -> pd.DataFrame:
    """Groups with no screening visit in the ``days`` before ``as_of`` (a group never visited counts from the
    ledger's first visit): group_id, group_name, community_id, community, households, last_visit, since (the
    first day it counted as unscreened), longest unvisited first."""
    quiet = db.query(
        """
        WITH first_day AS (SELECT min(visit_date) AS day FROM screenings WHERE visit_date <= $as_of),
        last_visit AS (
            SELECT g.group_id, g.name AS group_name, g.community_id, c.name AS community, g.households,
                   max(s.visit_date) AS last_visit
            FROM groups AS g JOIN communities AS c USING (community_id)
            LEFT JOIN screenings AS s ON s.group_id = g.group_id AND s.visit_date <= $as_of
            WHERE $community IS NULL OR g.community_id = $community
            GROUP BY ALL
        )
        SELECT group_id, group_name, community_id, community, households, last_visit,
               coalesce(last_visit, (SELECT day FROM first_day)) + $days AS since
        FROM last_visit
        WHERE coalesce(last_visit, (SELECT day FROM first_day)) + $days <= $as_of
        ORDER BY since, community_id, group_id
        """,
        {"as_of": as_of, "days": days, "community": community_id},
    )
    return quiet.dropna(subset=["since"])


def sensitive_periods(db: Database, as_of: date) -> list[Signal]:
    """Open red or orange items while a sensitive period is under way or within ``sensitive_lead_days``: one
    item per period, listing them (the meeting looks at the period once; each item is on the register)."""
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
    serious = serious[serious["grade"].isin(["red", "orange"])].sort_values(
        ["score", "matter_id"], ascending=[False, True]
    )
    if serious.empty:
        return []
    communities = serious["community_id"].value_counts(sort=True)
    first_identified = pd.Timestamp(serious["identified_date"].min()).date()
    matters, categories = serious["matter_id"].tolist(), serious["category"].unique()
    signals = []
    for period in periods.itertuples(index=False):
        signals.append(
            Signal(
                kind="sensitive_period",
                episode_key=f"period:{period.period_id}",
                grade="red" if (serious["grade"] == "red").any() else "orange",
                community_id=int(communities.index[0]),
                group_ids=sorted({int(g) for g in serious["group_id"].dropna()}),
                category=categories[0] if len(categories) == 1 else None,
                matter_id=matters[0] if len(matters) == 1 else None,
                detected_on=max(period.start_date - timedelta(days=lead), first_identified),
                summary_key="alert.sensitive_period_items",
                summary_values={"period": period.name, "start": str(period.start_date), "items": len(serious)},
                evidence={
                    "period": period.name,
                    "start": str(period.start_date),
                    "items": len(serious),
                    "red_items": int((serious["grade"] == "red").sum()),
                    "members": [
                        {
                            "matter": item.matter_id,
                            "grade": item.grade,
                            "score": round(float(item.score), 1),
                            "category": item.category,
                            "community": item.community,
                        }
                        for item in serious.iloc[:MOST_RECORDS].itertuples(index=False)
                    ],
                },
            )
        )
    return signals


RULES = (group_petitions, skip_level, recurrence, overdue, blind_spots, sensitive_periods)
