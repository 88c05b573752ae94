"""The committee's weekly meeting, item by item (逐条逐项), ending in its minutes.

The agenda is fixed when the meeting starts: this week's new alerts, then the 风险隐患 found in the last 30 days
and still 待研判 (a screening campaign's hidden risks, whatever their grade), then every red and orange one not
yet 销号, then the overdue ones not already listed. For each the meeting records a decision: 交办 (to a unit, by a
day, with the leader in charge) or keep watching (持续关注). A 交办 decided in the meeting is the item's 交办
(``lifecycle.assign`` with the meeting as its authority); an alert on no item becomes a 风险隐患 first. Ending
the meeting closes its agenda; the minutes are made from what was recorded (``casework_docs.minutes``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from . import alerts, audit, lifecycle
from .db import Database
from .i18n import t
from .problems import Problem
from .roles import User, require
from .taxonomy import CATEGORIES, GRADES, label

SECTIONS = ("new_alerts", "to_review", "serious", "overdue")
REVIEW_DAYS = 30  # a 风险隐患 found this recently and still 待研判 comes to the meeting, whatever its grade
DECISIONS = ("assign", "watch")


class MeetingRefused(Problem):
    """A meeting step that cannot be taken (no such meeting or item, a meeting already ended, a bad decision)."""


def start(
    db: Database,
    user: User,
    scored: pd.DataFrame,
    *,
    held_on: date | None = None,
    chair: str | None = None,
    attendees: str | None = None,
    lang: str = "zh",
) -> int:
    """Open a meeting with its agenda; ``scored`` is the register as of the day (``scoring.score_matters``)."""
    require(user, "run_meetings")
    held_on = held_on or date.today()
    agenda = _agenda(db, scored, held_on, lang)
    with db.transaction():
        meeting_id = int(
            db.scalar(
                "INSERT INTO meetings (held_on, started_at, started_by, chair, attendees) VALUES (?, ?, ?, ?, ?) "
                "RETURNING meeting_id",
                [held_on, datetime.now(), user.username, _clean(chair), _clean(attendees)],
            )
        )
        if agenda:
            rows = pd.DataFrame(agenda, columns=["section", "subject", "grade", "alert_id", "matter_id"])
            rows.insert(0, "position", range(1, len(rows) + 1))
            rows.insert(0, "meeting_id", meeting_id)
            rows["alert_id"] = rows["alert_id"].astype("Int32")
            rows[["grade", "matter_id"]] = rows[["grade", "matter_id"]].astype(object)
            db.insert_frame("meeting_items", rows)
        audit.record(db, user.username, "meeting", str(meeting_id), {"step": "start", "items": len(agenda)})
    return meeting_id


def _agenda(db: Database, scored: pd.DataFrame, held_on: date, lang: str) -> list[dict]:
    entries, seen = [], set()
    listed = alerts.review_list(db, held_on)
    week_start = held_on - timedelta(days=held_on.weekday())
    fresh = listed[listed["detected_on"] >= week_start] if len(listed) else listed
    for row in fresh.itertuples(index=False):
        said = alerts.summary_text(row.summary, lang)
        entries.append(
            {
                "section": "new_alerts",
                "subject": f"{t('kind.' + row.kind, lang)} · {row.community} · {said}",
                "grade": row.grade,
                "alert_id": int(row.alert_id),
                "matter_id": row.matter_id,
            }
        )
        if row.matter_id:
            seen.add(row.matter_id)
    states = dict(db.rows("SELECT matter_id, status FROM risk_items"))
    grades = dict(zip(scored["matter_id"], scored["grade"])) if len(scored) else {}
    recent = held_on - timedelta(days=REVIEW_DAYS)
    matters: list[tuple[str, str]] = []  # (section, matter), in the agenda's order
    if len(scored):
        awaiting = scored[
            scored["matter_id"].map(lambda m: states.get(m, "open") == "open")
            & (pd.to_datetime(scored["identified_date"]).dt.date > recent)
        ]
        matters += [("to_review", m) for m in awaiting.sort_values(["identified_date", "matter_id"])["matter_id"]]
        matters += [("serious", m) for m in scored[scored["grade"].isin(["red", "orange"])]["matter_id"]]
    matters += [("overdue", m) for m in lifecycle.items(db, held_on, overdue=True)["matter_id"]]
    chosen = []
    for section, matter in matters:
        if matter not in seen:
            seen.add(matter)
            chosen.append((section, matter))
    subjects = subjects_of(db, [m for _, m in chosen], lang)
    entries += [
        {"section": section, "subject": subjects[m], "grade": grades.get(m), "alert_id": None, "matter_id": m}
        for section, m in chosen
    ]
    return entries


def subjects_of(db: Database, matter_ids: list[str], lang: str) -> dict[str, str]:
    """'M001-… · 新华社区 · 水电气暖 · what it is about' for each item (registered or not yet), in four queries
    whatever their number: risk items, findings (``S:``), petitions that name none (``P:``), petition matters."""
    found = db.query(
        """
        WITH wanted AS (SELECT unnest($ids) AS matter_id)
        SELECT w.matter_id, coalesce(r.community_id, s.community_id, p.community_id, m.community_id) AS community_id,
               coalesce(r.category, s.finding, p.category, m.category) AS category,
               coalesce(r.description, s.description, p.summary, m.summary) AS text
        FROM wanted AS w
        LEFT JOIN risk_items AS r USING (matter_id)
        LEFT JOIN screenings AS s ON w.matter_id = 'S:' || s.screening_id
        LEFT JOIN petitions AS p ON w.matter_id = 'P:' || p.petition_id
        LEFT JOIN (SELECT matter_id, arg_min(community_id, received_date) AS community_id,
                          arg_min(category, received_date) AS category, arg_min(summary, received_date) AS summary
                   FROM petitions WHERE list_contains($ids, matter_id) GROUP BY matter_id) AS m
               ON m.matter_id = w.matter_id
        """,
        {"ids": list(matter_ids)},
    )
    names = dict(db.rows("SELECT community_id, name FROM communities"))
    subjects = {}
    for row in found.itertuples(index=False):
        community = None if pd.isna(row.community_id) else names.get(int(row.community_id))
        category = None if pd.isna(row.category) else label(CATEGORIES, row.category, lang)
        text = None if pd.isna(row.text) else str(row.text)[:80]
        subjects[row.matter_id] = " · ".join(p for p in (row.matter_id, community, category, text) if p)
    return {m: subjects.get(m, m) for m in matter_ids}


def subject_of(db: Database, matter_id: str, lang: str) -> str:
    return subjects_of(db, [matter_id], lang)[matter_id]


def decide(
    db: Database,
    user: User,
    meeting_id: int,
    position: int,
    decision: str,
    *,
    unit: str | None = None,
    due: date | None = None,
    leader: str | None = None,
    handler: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> dict:
    """Record the meeting's decision on one agenda item; a 交办 is made at once (refused as ``lifecycle`` refuses
    it: unknown unit, a deadline before today, an item already closed)."""
    require(user, "run_meetings")
    if decision not in DECISIONS:
        raise MeetingRefused("meeting.bad_decision", decision=decision)
    entry = _entry(db, meeting_id, position)
    today = today or date.today()
    matter_id = entry["matter_id"]
    if decision == "assign":
        if matter_id is None:  # an alert on no item: it becomes a 风险隐患, then the meeting assigns it
            lifecycle.check_assignment(db, unit, due, today)
            matter_id = lifecycle.from_alert(db, user, int(entry["alert_id"]), today=today)
        found = lifecycle.item(db, matter_id)
        if found is not None and found["status"] == "resolved":  # closed in the ledger, yet alerting: handle it again
            lifecycle.check_assignment(db, unit, due, today)
            lifecycle.reopen(
                db, user, matter_id, reason=t("meeting.reopen_reason", "zh", meeting=meeting_id), today=today
            )
        lifecycle.assign(
            db,
            user,
            matter_id,
            unit=unit,
            due=due,
            leader=leader,
            handler=handler,
            note=note,
            today=today,
            meeting_id=meeting_id,
        )
    subject = entry["subject"]
    if matter_id and not subject.startswith(matter_id):  # the minutes name the item the decision made
        subject = f"{matter_id} · {subject}"
    with db.transaction():
        db.execute(
            "UPDATE meeting_items SET subject = ?, decision = ?, matter_id = ?, unit = ?, leader = ?, handler = ?, "
            "due = ?, note = ?, decided_by = ?, decided_at = ? WHERE meeting_id = ? AND position = ?",
            [
                subject,
                decision,
                matter_id,
                unit if decision == "assign" else None,
                _clean(leader),
                _clean(handler) if decision == "assign" else None,
                due if decision == "assign" else None,
                _clean(note),
                user.username,
                datetime.now(),
                meeting_id,
                position,
            ],
        )
        audit.record(
            db,
            user.username,
            "meeting",
            str(meeting_id),
            {"step": "decide", "decision": decision, "matter": matter_id, "unit": unit, "due": due},
        )
    return _entry(db, meeting_id, position)


def end(db: Database, user: User, meeting_id: int) -> None:
    """End the meeting: its agenda is closed and its minutes can be printed."""
    require(user, "run_meetings")
    held = meeting(db, meeting_id)
    if held is None:
        raise MeetingRefused("meeting.unknown", meeting=meeting_id)
    if held["ended_at"] is not None:
        raise MeetingRefused("meeting.ended", meeting=meeting_id)
    with db.transaction():
        db.execute("UPDATE meetings SET ended_at = ? WHERE meeting_id = ?", [datetime.now(), meeting_id])
        decided = db.scalar(
            "SELECT count(*) FROM meeting_items WHERE meeting_id = ? AND decision IS NOT NULL", [meeting_id]
        )
        audit.record(db, user.username, "meeting", str(meeting_id), {"step": "end", "items": int(decided)})


def meeting(db: Database, meeting_id: int) -> dict | None:
    found = db.query("SELECT * FROM meetings WHERE meeting_id = ?", [meeting_id])
    if found.empty:
        return None
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in found.iloc[0].to_dict().items()}


def running(db: Database) -> int | None:
    """The newest meeting not yet ended, to go on with."""
    found = db.scalar("SELECT max(meeting_id) FROM meetings WHERE ended_at IS NULL")
    return None if found is None else int(found)


def past(db: Database) -> pd.DataFrame:
    return db.query(
        "SELECT m.meeting_id, m.held_on, m.chair, m.ended_at, count(i.position) AS items, "
        "count(i.decision) AS decided FROM meetings AS m LEFT JOIN meeting_items AS i USING (meeting_id) "
        "GROUP BY ALL ORDER BY m.meeting_id DESC"
    )


def items(db: Database, meeting_id: int) -> pd.DataFrame:
    frame = db.query("SELECT * FROM meeting_items WHERE meeting_id = ? ORDER BY position", [meeting_id])
    text = ["matter_id", "decision", "unit", "leader", "handler", "note", "grade"]
    frame[text] = frame[text].astype(object).where(frame[text].notna(), None)
    frame["alert_id"] = frame["alert_id"].astype("Int64")
    return frame


def place_of(db: Database, entry: dict) -> tuple[int | None, tuple[int, ...], str | None]:
    """(community, groups, category) of an agenda item, for its evidence chart: the alert's place, else the item's."""
    if entry.get("alert_id") is not None and not pd.isna(entry["alert_id"]):
        rows = db.rows(
            "SELECT community_id, category, (SELECT list(group_id ORDER BY group_id) FROM alert_groups AS g "
            "WHERE g.alert_id = a.alert_id) FROM alerts AS a WHERE alert_id = ?",
            [int(entry["alert_id"])],
        )
        if rows:
            community_id, category, groups = rows[0]
            return community_id, tuple(int(g) for g in groups or ()), category
    if entry.get("matter_id"):
        found = lifecycle.item(db, entry["matter_id"]) or lifecycle._derived(db, entry["matter_id"]) or {}
        group = found.get("group_id")
        groups = () if group is None or pd.isna(group) else (int(group),)
        return found.get("community_id"), groups, found.get("category")
    return None, (), None


def decision_text(row: dict, lang: str) -> str:
    """'决定：交办自来水公司，包案领导王建国，2026年7月20日前化解' or '决定：持续关注' (or not yet decided)."""
    decision = row.get("decision")
    if decision is None:
        return t("meeting.undecided", lang)
    if decision == "watch":
        text = t("meeting.decided.watch", lang)
    else:
        from .casework_docs import _day

        text = t(
            "meeting.decided.assign",
            lang,
            unit=row.get("unit") or "—",
            leader=row.get("leader") or "—",
            due=_day(row.get("due"), lang),
        )
    if row.get("note"):
        text += t("meeting.decided.note", lang, note=row["note"])
    if row.get("grade") in GRADES:
        text = f"{label(GRADES, row['grade'], lang)} · {text}"
    return text


def _entry(db: Database, meeting_id: int, position: int) -> dict:
    held = meeting(db, meeting_id)
    if held is None:
        raise MeetingRefused("meeting.unknown", meeting=meeting_id)
    if held["ended_at"] is not None:
        raise MeetingRefused("meeting.ended", meeting=meeting_id)
    found = items(db, meeting_id)
    found = found[found["position"] == position]
    if found.empty:
        raise MeetingRefused("meeting.no_item", meeting=meeting_id, position=position)
    row = found.iloc[0].to_dict()
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}


def _clean(text: str | None) -> str | None:
    text = None if text is None else str(text).strip()[: lifecycle.TEXT_LIMIT] or None
    return text
