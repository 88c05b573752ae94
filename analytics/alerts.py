"""Alerts: one per episode of a detector, kept in the database with a lifecycle.

Running the detectors as of a day records each firing episode once
(kind, episode key, first firing day); running again updates what it has seen (an episode still open
goes on even when its first firing day is now judged another),
and an episode no longer firing on a later run ends (``closed_on``); when the
signal returns it is a new episode and a new alert.
The lifecycle (acknowledge, assign, resolve, dismiss) comes with the weekly review. Runs are made by
:mod:`analytics.alert_runs`; this module records what a run found and reads what was recorded.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd

from .db import Database
from .detect import Signal
from .i18n import t
from .problems import Problem


def record(db: Database, signals: list[Signal], as_of: date) -> list[int]:
    """Store the episodes; return their alert ids in the order of ``signals``."""
    ids = []
    changed = False
    with db.transaction():
        for signal in signals:
            found = db.scalar(
                "SELECT alert_id FROM alerts WHERE kind = ? AND episode_key = ? AND detected_on = ?",
                [signal.kind, signal.episode_key, signal.detected_on],
            )
            if found is None:  # still firing since the last run, though its first day is now judged another
                found = db.scalar(  # (a chart that starts afresh, a window that moved): the same alert goes on
                    "SELECT alert_id FROM alerts WHERE kind = ? AND episode_key = ? AND closed_on IS NULL "
                    "AND detected_on <= ? ORDER BY detected_on DESC LIMIT 1",
                    [signal.kind, signal.episode_key, as_of],
                )
            evidence = json.dumps(signal.evidence, ensure_ascii=False, default=str)
            summary = json.dumps(
                {"key": signal.summary_key, "values": signal.summary_values}, ensure_ascii=False, default=str
            )
            if found is None:
                found = db.scalar(
                    "INSERT INTO alerts (kind, grade, community_id, group_id, category, matter_id, detected_on, "
                    "last_seen, summary, evidence, episode_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING alert_id",
                    [
                        signal.kind,
                        signal.grade,
                        signal.community_id,
                        signal.group_ids[0] if len(signal.group_ids) == 1 else None,
                        signal.category,
                        signal.matter_id,
                        signal.detected_on,
                        as_of,
                        summary,
                        evidence,
                        signal.episode_key,
                    ],
                )
                for group_id in signal.group_ids:
                    db.execute("INSERT INTO alert_groups VALUES (?, ?) ON CONFLICT DO NOTHING", [found, group_id])
                changed = True
            else:
                db.execute(
                    "UPDATE alerts SET grade = ?, last_seen = greatest(last_seen, ?), summary = ?, "
                    "evidence = ? WHERE alert_id = ?",
                    [signal.grade, as_of, summary, evidence, found],
                )
                # the groups it covers now (a community's blind spots are visited one by one; a cluster moves)
                db.execute("DELETE FROM alert_groups WHERE alert_id = ?", [found])
                for group_id in signal.group_ids:
                    db.execute("INSERT INTO alert_groups VALUES (?, ?) ON CONFLICT DO NOTHING", [found, group_id])
            ids.append(int(found))
        # episodes that stopped firing end here (when the run moves forward in time)
        ending = db.scalar(
            "SELECT count(*) FROM alerts WHERE closed_on IS NULL AND last_seen < $as_of "
            "AND detected_on <= $as_of AND NOT list_contains($ids, alert_id)",
            {"as_of": as_of, "ids": ids},
        )
        if ending:
            db.execute(
                "UPDATE alerts SET closed_on = $as_of WHERE closed_on IS NULL AND last_seen < $as_of "
                "AND detected_on <= $as_of AND NOT list_contains($ids, alert_id)",
                {"as_of": as_of, "ids": ids},
            )
        if changed or ending:  # cached views recompute only when something new was found or ended
            db.bump_data_version()
    return ids


def describe(db: Database, signals: list[Signal], ids: list[int], lang: str = "zh") -> list[dict]:
    """The recorded signals as the command line lists them (its JSON), most serious first."""
    names = dict(db.rows("SELECT community_id, name FROM communities"))
    groups = dict(db.rows("SELECT group_id, name FROM groups"))
    shown = []
    for alert_id, signal in zip(ids, signals):
        group_names = [groups[g] for g in signal.group_ids if g in groups]
        shown.append(
            {
                "alert_id": alert_id,
                "kind": signal.kind,
                "grade": signal.grade,
                "community": names.get(signal.community_id),
                "group": group_names[0] if len(group_names) == 1 else None,
                "groups": group_names,
                "category": signal.category,
                "matter_id": signal.matter_id,
                "matters": matters_of(signal.evidence, signal.matter_id),
                "detected_on": signal.detected_on.isoformat(),
                "summary": t(signal.summary_key, lang, **readable(signal.summary_values, lang)),
                "evidence": signal.evidence,
            }
        )
    order = {"red": 0, "orange": 1, "yellow": 2, "blue": 3}
    return sorted(shown, key=lambda a: (order[a["grade"]], a["detected_on"], a["alert_id"]))


def matters_of(evidence: dict, matter_id: str | None) -> list[str]:
    """Every matter an alert covers: its own, or those an item gathers lists (``matter_id`` is then null when
    there are several, as ``group`` is for an alert over several groups)."""
    listed = [m["matter"] for m in evidence.get("members", []) if isinstance(m, dict) and m.get("matter")]
    found = list(dict.fromkeys(([matter_id] if matter_id else []) + listed))
    return found


def frame(alerts: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(alerts)


# -- lifecycle ---------------------------------------------------------------
# new -> acknowledged -> assigned -> resolved; dismissed (with a reason) from any open state.
STATES = ("new", "acknowledged", "assigned", "resolved", "dismissed")
FINISHED = ("resolved", "dismissed")
NEXT = {
    "acknowledge": ("new",),
    "assign": ("new", "acknowledged", "assigned"),
    "resolve": ("new", "acknowledged", "assigned"),
    "dismiss": ("new", "acknowledged", "assigned"),
}
DISMISS_REASONS = ("false_alarm", "duplicate", "handled_elsewhere", "other")


class AlertActionRefused(Problem):
    """An action the alert's state does not allow; ``key`` is a translation key."""


def act(
    db: Database,
    user,
    alert_id: int,
    action: str,
    *,
    unit: str | None = None,
    person: str | None = None,
    due: date | None = None,
    reason: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> str:
    """Move an alert through its lifecycle (officers only); every change goes to its history and the audit log."""
    from . import audit
    from .roles import require

    require(user, "act_on_alerts")
    today = today or date.today()
    state = db.scalar("SELECT state FROM alerts WHERE alert_id = ?", [alert_id])
    if state is None:
        raise AlertActionRefused("review.no_alert", alert_id=alert_id)
    if action == "reviewed":
        new_state = state
    elif action not in NEXT or state not in NEXT[action]:
        raise AlertActionRefused("review.not_now", action=action, state=state)
    else:
        new_state = {
            "acknowledge": "acknowledged",
            "assign": "assigned",
            "resolve": "resolved",
            "dismiss": "dismissed",
        }[action]
    if action == "assign" and not (unit or person):
        raise AlertActionRefused("review.assign_needs")
    if action == "dismiss" and reason not in DISMISS_REASONS:
        raise AlertActionRefused("review.dismiss_needs")
    detail = {
        k: v
        for k, v in {
            "unit": unit,
            "person": person,
            "due": due,
            "reason": reason,
            "note": note,
            "from": state,
            "to": new_state,
        }.items()
        if v is not None
    }
    with db.transaction():
        db.execute(
            "UPDATE alerts SET state = $state, "
            "assigned_unit = CASE WHEN $assign THEN $unit ELSE assigned_unit END, "
            "assigned_to = CASE WHEN $assign THEN $person ELSE assigned_to END, "
            "assigned_due = CASE WHEN $assign THEN $due ELSE assigned_due END, "
            "close_reason = CASE WHEN $finish THEN coalesce($reason, $note, $action) ELSE close_reason END, "
            "reviewed_on = CASE WHEN $reviewed THEN $today ELSE reviewed_on END "
            "WHERE alert_id = $id",
            {
                "state": new_state,
                "assign": action == "assign",
                "unit": unit,
                "person": person,
                "due": due,
                "finish": new_state in FINISHED and state not in FINISHED,
                "reason": reason,
                "note": note,
                "action": action,
                "reviewed": action == "reviewed",
                "today": today,
                "id": alert_id,
            },
        )
        db.execute(
            "INSERT INTO alert_history VALUES (?, current_timestamp, ?, ?, ?)",
            [alert_id, user.username, action, json.dumps(detail, ensure_ascii=False, default=str)],
        )
        audit.record(db, user.username, "alert_action", str(alert_id), {"action": action, **detail})
    # no data-version bump: the review list is read fresh on every draw, and a bump would make the next draw
    # run every detector again (seconds) just to show an acknowledgement
    return new_state


_RECORDED = """
    SELECT a.alert_id, a.kind, a.grade, a.state, a.detected_on, a.last_seen, a.category, a.matter_id,
           c.name AS community, CAST(a.summary AS VARCHAR) AS summary, CAST(a.evidence AS VARCHAR) AS evidence,
           a.assigned_unit, a.assigned_to, a.assigned_due, a.reviewed_on, a.community_id,
           (SELECT list(g.name ORDER BY g.name) FROM alert_groups AS ag JOIN groups AS g USING (group_id)
            WHERE ag.alert_id = a.alert_id) AS groups,
           (SELECT list(ag.group_id ORDER BY ag.group_id) FROM alert_groups AS ag
            WHERE ag.alert_id = a.alert_id) AS groups_ids
    FROM alerts AS a JOIN communities AS c USING (community_id)
"""


def _recorded(db: Database, where: str, params: dict) -> pd.DataFrame:
    """Recorded alerts whose missing text is None (pandas reads missing text as NaN, which a page would print
    as 'nan' and JSON as NaN)."""
    frame = db.query(_RECORDED + where, params)
    text = ["category", "matter_id", "community", "assigned_unit", "assigned_to"]
    frame[text] = frame[text].astype(object).where(frame[text].notna(), None)
    return frame


def review_list(db: Database, as_of: date) -> pd.DataFrame:
    """Alerts open on ``as_of`` (episode not ended, not resolved or dismissed), this week's new ones first."""
    week_start = as_of - timedelta(days=as_of.weekday())
    frame = _recorded(
        db,
        """
        WHERE a.detected_on <= $as_of AND (a.closed_on IS NULL OR a.closed_on > $as_of)
          AND a.state NOT IN ('resolved', 'dismissed')
        """,
        {"as_of": as_of},
    )
    if frame.empty:
        return frame.assign(new_this_week=[])
    frame["new_this_week"] = frame["detected_on"] >= week_start
    order = {"red": 0, "orange": 1, "yellow": 2, "blue": 3}
    frame["grade_order"] = frame["grade"].map(order)
    return (
        frame.sort_values(
            ["new_this_week", "grade_order", "detected_on", "alert_id"], ascending=[False, True, True, True]
        )
        .drop(columns="grade_order")
        .reset_index(drop=True)
    )


def listed(db: Database, as_of: date, lang: str = "zh") -> list[dict]:
    """The recorded alerts open on ``as_of`` in the command line's shape (as ``describe`` gives a run's), most
    serious first; reads only."""
    return _shaped(review_list(db, as_of), lang)


def by_id(db: Database, alert_ids: list[int], lang: str = "zh") -> list[dict]:
    """The recorded alerts named, in the command line's shape (still open ones: not resolved or dismissed)."""
    return _shaped(
        _recorded(
            db,
            " WHERE list_contains($ids, a.alert_id) AND a.state NOT IN ('resolved', 'dismissed')",
            {"ids": [int(a) for a in alert_ids]},
        ),
        lang,
    )


def _shaped(frame: pd.DataFrame, lang: str) -> list[dict]:
    shown = [
        {
            "alert_id": int(row.alert_id),
            "kind": row.kind,
            "grade": row.grade,
            "community": row.community,
            "group": row.groups[0] if row.groups is not None and len(row.groups) == 1 else None,
            "groups": [] if row.groups is None else list(row.groups),
            "category": row.category,
            "matter_id": row.matter_id,
            "matters": matters_of(evidence, row.matter_id),
            "detected_on": row.detected_on.isoformat(),
            "summary": summary_text(row.summary, lang),
            "evidence": evidence,
        }
        for row in frame.itertuples(index=False)
        for evidence in [json.loads(row.evidence)]
    ]
    order = {"red": 0, "orange": 1, "yellow": 2, "blue": 3}
    return sorted(shown, key=lambda a: (order[a["grade"]], a["detected_on"], a["alert_id"]))


def summary_text(summary_json: str, lang: str) -> str:
    """An alert's stored summary in the reader's language."""
    stored = json.loads(summary_json)
    return t(stored["key"], lang, **readable(stored["values"], lang))


# evidence an analyst checks the method by (a spike's or cluster's p-value and test), apart from the plain figures
TECHNICAL = ("p_value", "glr", "glr_threshold", "method")


def readable(values: dict, lang: str) -> dict:
    """Evidence values as a reader sees them: levels in words, missing as a dash."""
    from .taxonomy import LEVELS, label

    def shown(key, value):
        if value is None:
            return "—"
        if key == "highest_level":
            return label(LEVELS, value, lang)
        if key == "trend":
            return t(f"trend.{value}", lang)
        if key == "method":  # how a spike or cluster was judged
            return t(f"method.{value}", lang)
        if key in ("probability", "threshold"):
            return f"{100 * value:.0f}%"
        if key == "stages":  # the stages of the 信访工作条例 at which an overdue alert's petitions are late
            return ("、" if lang == "zh" else ", ").join(
                f"{t(f'stage.{stage}', lang)} {n}" for stage, n in value.items()
            ) or "—"
        if key in ("raised", "lowered"):  # the escalation model's inputs that moved its forecast
            return (
                "; ".join(f"{t(f'feature.{name}', lang)} {100 * effect:+.1f}" for name, effect in value.items()) or "—"
            )
        return value

    return {key: shown(key, value) for key, value in values.items()}


def members(values: list[dict] | None, lang: str) -> pd.DataFrame:
    """What a gathered item lists (an evidence's ``members``: the groups of a community's blind spots, a unit's
    late petitions, the items open before a sensitive period), with headers and values in the reader's language."""
    from .taxonomy import CATEGORIES, GRADES, label

    def shown(key, value):
        if value is None:
            return "—"
        if key == "stage":
            return t(f"stage.{value}", lang)
        if key == "grade":
            return label(GRADES, value, lang)
        if key == "category":
            return label(CATEGORIES, value, lang)
        return value

    rows = [{t(f"member.{key}", lang): shown(key, value) for key, value in member.items()} for member in values or []]
    return pd.DataFrame(rows)
