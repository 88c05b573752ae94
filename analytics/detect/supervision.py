"""督办: a 风险隐患 assigned to a unit and past its 化解期限 without 销号.

The first deadline missed raises an orange alert, for the officer and the item's 包案领导. The 督办 gives the
unit ``supervise_days`` more (or the new deadline an officer sets with a 督办单, ``lifecycle.supervise``);
missing that second deadline turns it red. One episode per item and deadline: a new deadline set by a 督办 ends
the orange episode, and the red one is a new alert.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .. import settings_store
from ..db import Database
from .signal import Signal


def overdue_items(db: Database, as_of: date) -> list[Signal]:
    """Items assigned (交办) by ``as_of``, not closed then, whose deadline had passed."""
    grace = int(settings_store.get(db, "supervise_days"))
    late = db.query(
        """
        SELECT matter_id, community_id, group_id, category, responsible_unit, leader, handler, assigned_date,
               due_date, coalesce(deadline_round, 1) AS deadline_round, status
        FROM risk_items
        WHERE responsible_unit IS NOT NULL AND due_date < $as_of
          AND (assigned_date <= $as_of OR (assigned_date IS NULL AND managed_since IS NOT NULL))
          AND (status IN ('assigned', 'in_progress') OR (status = 'resolved' AND resolved_date > $as_of))
          AND identified_date <= $as_of
        ORDER BY due_date, matter_id
        """,
        {"as_of": as_of},
    )
    signals = []
    for row in late.itertuples(index=False):
        days = (as_of - row.due_date).days
        second = row.deadline_round >= 2  # the deadline a 督办单 set
        supervised_until = row.due_date + timedelta(days=grace)
        red = second or as_of > supervised_until
        # a red that comes from the grace period running out is its own episode, starting the day after it
        detected = row.due_date + timedelta(days=1)
        if red and not second:
            detected = supervised_until + timedelta(days=1)
        signals.append(
            Signal(
                kind="supervision",
                episode_key=f"{row.matter_id}:{row.deadline_round}:{'red' if red else 'orange'}",
                grade="red" if red else "orange",
                community_id=int(row.community_id),
                group_ids=[] if pd.isna(row.group_id) else [int(row.group_id)],
                category=row.category,
                matter_id=row.matter_id,
                detected_on=detected,
                summary_key="alert.supervision",
                summary_values={"matter": row.matter_id, "unit": row.responsible_unit, "days": days},
                evidence={
                    "unit": row.responsible_unit,
                    "leader": _text(row.leader),
                    "handler": _text(row.handler),
                    "assigned": None if pd.isna(row.assigned_date) else str(row.assigned_date)[:10],
                    "due": str(row.due_date)[:10],
                    "days_overdue": days,
                    "deadline_round": int(row.deadline_round),
                    "supervise_until": None if second else str(supervised_until),
                },
            )
        )
    return signals


def _text(value) -> str | None:
    return None if pd.isna(value) else str(value)  # NaN from pandas is missing
