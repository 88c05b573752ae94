"""Each 风险隐患 handled to 销号: 待研判 → 已交办 → 化解中 → 申请销号 → 已销号, or 退回 with a reason.

The states are the risks ledger's own (ledger-format.md): ``open`` 待研判, ``assigned`` 已交办, ``in_progress``
化解中, ``close_requested`` 申请销号, ``resolved`` 已销号. An item of the register that exists only as a petition
matter or a screening finding (``P:``/``S:`` or a 事项编号 no risks ledger lists) is registered as a risk item
when the office first acts on it. From that first step (``managed_since``) the product keeps the item's
lifecycle: a ledger re-import that differs is reported as a conflict (``ledger.conflicts``), never applied.

Who may do what (``roles``): an officer 交办, records 反馈, issues a 督办 and asks for 销号 (``handle_risks``);
a committee member signs the 销号 off or sends it back (``sign_off_risks``), never on their own request;
either may reopen. Every step goes to ``risk_actions`` (the item's history) and the audit log, with user and
time. Staff names (包案领导, 承办人) are kept in clear: they act in their office role.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from . import audit
from .db import Database
from .problems import Problem
from .roles import SYSTEM_ROLE, User, can, require

STATES = ("open", "assigned", "in_progress", "close_requested", "resolved")
ACTIVE = ("open", "assigned", "in_progress", "close_requested")  # not yet 销号
ACTIONS = (
    "registered",
    "assign",
    "feedback",
    "supervise",
    "request_close",
    "close",
    "send_back",
    "reopen",
    "reopened",
    "overdue",
)
TEXT_LIMIT = 2000  # a note, a reason or a name longer than this is refused (a page's form says so)


class RiskActionRefused(Problem):
    """A step the item's state or the input does not allow; nothing is written."""

    def said(self, lang: str) -> str:
        """States and fields in the reader's words, never their codes."""
        from .i18n import t

        values = dict(self.values)
        if "state" in values and values["state"] in STATES:
            values["state_said"] = t(f"risk.state.{values['state']}", lang)
        if "field" in values:
            values["field"] = t(f"risk.field.{values['field']}", lang)
        text = t(self.key, lang, **values)
        return f"{self.where}: {text}" if self.where else text


@dataclass(frozen=True)
class Step:
    """What an act did: the item, its state before and after, and the history row's id."""

    matter_id: str
    state_from: str
    state_to: str
    action_id: int
    number: str | None = None  # the 交办单's or 督办单's number, when the act issues one


# -- the item -----------------------------------------------------------------------------------------------------


def item(db: Database, matter_id: str) -> dict | None:
    """The risk item with its lifecycle fields, or None (also for a matter not yet registered)."""
    found = db.query(
        """
        SELECT r.*, c.name AS community, g.name AS group_name
        FROM risk_items AS r JOIN communities AS c USING (community_id) LEFT JOIN groups AS g USING (group_id)
        WHERE r.matter_id = ?
        """,
        [matter_id],
    )
    if found.empty:
        return None
    row = found.iloc[0].to_dict()
    return {key: (None if _missing(value) else value) for key, value in row.items()}


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _derived(db: Database, matter_id: str) -> dict | None:
    """A matter of the register that no risks ledger lists: a screening finding (``S:`` + visit number), a
    matter of petitions that name none (``P:`` + the first petition's number), or a 事项编号 only petitions or
    visits name. Returns the risk item's fields, or None when no record makes it."""
    if matter_id.startswith("S:"):
        rows = db.rows(
            "SELECT visit_date, community_id, group_id, finding, people_affected, description FROM screenings "
            "WHERE screening_id = ? AND finding <> 'none'",
            [matter_id[2:]],
        )
        source = "screening"
    elif matter_id.startswith("P:"):
        rows = db.rows(
            "SELECT received_date, community_id, group_id, category, people_count, summary FROM petitions "
            "WHERE petition_id = ?",
            [matter_id[2:]],
        )
        source = "petition"
    else:
        rows = db.rows(
            "SELECT received_date, community_id, group_id, category, people_count, summary FROM petitions "
            "WHERE matter_id = ? ORDER BY received_date, petition_id LIMIT 1",
            [matter_id],
        )
        source = "petition"
        if not rows:
            rows = db.rows(
                "SELECT visit_date, community_id, group_id, finding, people_affected, description FROM screenings "
                "WHERE matter_id = ? AND finding <> 'none' ORDER BY visit_date, screening_id LIMIT 1",
                [matter_id],
            )
            source = "screening"
    if not rows:
        return None
    day, community_id, group_id, category, people, text = rows[0]
    return {
        "matter_id": matter_id,
        "identified_date": day,
        "source": source,
        "community_id": community_id,
        "group_id": group_id,
        "category": category,
        "people_involved": people,
        "status": "open",
        "description": text,
    }


def _registered(db: Database, matter_id: str) -> dict:
    """The item, registered as a risk item first when only its petitions or visit make it (inside the caller's
    transaction); unknown matter: refused."""
    found = item(db, matter_id)
    if found is not None:
        return found
    made = _derived(db, matter_id)
    if made is None:
        raise RiskActionRefused("risk.unknown_matter", matter=matter_id)
    columns = list(made)
    db.execute(
        f"INSERT INTO risk_items ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [made[c] for c in columns],
    )
    return item(db, matter_id)


# -- the steps ------------------------------------------------------------------------------------------------------


def assign(
    db: Database,
    user: User,
    matter_id: str,
    *,
    unit: str,
    due: date,
    leader: str | None = None,
    handler: str | None = None,
    note: str | None = None,
    today: date | None = None,
    meeting_id: int | None = None,
) -> Step:
    """交办: the unit, its deadline (化解期限), the leader in charge (包案领导) and the person handling it (承办人).

    An officer assigns; in the committee's meeting (``meeting_id``) whoever runs the meeting records the
    committee's decision. A deadline before today, an unknown unit or a closed item is refused."""
    _require_either(user, ("run_meetings",) if meeting_id is not None else ("handle_risks",), "handle_risks")
    today = today or date.today()
    unit = check_assignment(db, unit, due, today)
    leader, handler, note = _text(leader, "leader"), _text(handler, "handler"), _text(note, "note")

    def work():
        with db.transaction():
            found = _registered(db, matter_id)
            _state_allows(found, ("open", "assigned", "in_progress"), "assign")
            first = found["status"] == "open" or found.get("deadline_round") is None
            number = _next_number(db, "assign", today)
            db.execute(
                "UPDATE risk_items SET status = 'assigned', responsible_unit = $unit, leader = $leader, "
                "handler = $handler, assigned_date = $today, due_date = $due, resolved_date = NULL, "
                "deadline_round = CASE WHEN $first THEN 1 ELSE deadline_round END, "
                "managed_since = coalesce(managed_since, $now) WHERE matter_id = $matter",
                {
                    "unit": unit,
                    "leader": leader,
                    "handler": handler,
                    "today": today,
                    "due": due,
                    "first": first,
                    "now": datetime.now(),
                    "matter": matter_id,
                },
            )
            detail = {"number": number, "unit": unit, "leader": leader, "handler": handler, "due": due, "note": note}
            if meeting_id is not None:
                detail["meeting"] = meeting_id
            return _log(db, user, found, "assigned", "assign", today, detail, number)

    return _acted(db, work)


def check_assignment(db: Database, unit: str | None, due: date | None, today: date) -> str:
    """The unit, when it is one of the street's handling units and the deadline is today or later."""
    unit = _text(unit, "unit", required=True)
    if due is None:
        raise RiskActionRefused("risk.due_needed")
    if due < today:
        raise RiskActionRefused("risk.due_past", due=due.isoformat(), today=today.isoformat())
    _known_unit(db, unit)
    return unit


def from_alert(db: Database, user: User, alert_id: int, today: date | None = None) -> str:
    """An alert on no item becomes a 风险隐患 (``FX-YYYYMMDD-NNN``, source 预警): its place, category and summary;
    the alert then names it. Returns the new matter number."""
    from .alerts import summary_text

    require(user, "run_meetings")
    today = today or date.today()
    rows = db.rows(
        "SELECT community_id, group_id, category, CAST(summary AS VARCHAR), matter_id FROM alerts WHERE alert_id = ?",
        [alert_id],
    )
    if not rows:
        raise RiskActionRefused("risk.no_alert", alert=alert_id)
    community_id, group_id, category, summary, named = rows[0]
    if named:
        return named
    with db.transaction():
        prefix = f"FX-{today:%Y%m%d}-"
        taken = db.scalar("SELECT count(*) FROM risk_items WHERE matter_id LIKE ?", [prefix + "%"])
        matter_id = f"{prefix}{int(taken) + 1:03d}"
        db.execute(
            "INSERT INTO risk_items (matter_id, identified_date, source, community_id, group_id, category, status, "
            "description) VALUES (?, ?, 'alert', ?, ?, ?, 'open', ?)",
            [matter_id, today, community_id, group_id, category or "other", summary_text(summary, "zh")],
        )
        db.execute("UPDATE alerts SET matter_id = ? WHERE alert_id = ?", [matter_id, alert_id])
        db.execute(
            "INSERT INTO alert_history VALUES (?, current_timestamp, ?, 'to_risk', ?)",
            [alert_id, user.username, json.dumps({"matter": matter_id}, ensure_ascii=False)],
        )
        _log(db, user, {"matter_id": matter_id, "status": "open"}, "open", "registered", today, {"alert": alert_id})
    db.bump_data_version()  # a new item of the register
    return matter_id


def feedback(
    db: Database, user: User, matter_id: str, *, note: str, on: date | None = None, today: date | None = None
) -> Step:
    """反馈: the unit's dated report of progress; the item is then 化解中."""
    require(user, "handle_risks")
    today = today or date.today()
    note = _text(note, "note", required=True)
    on = on or today
    if on > today:
        raise RiskActionRefused("risk.date_future", day=on.isoformat(), today=today.isoformat())

    def work():
        with db.transaction():
            found = _existing(db, matter_id)
            _state_allows(found, ("assigned", "in_progress"), "feedback")
            if found.get("assigned_date") and on < found["assigned_date"]:
                raise RiskActionRefused(
                    "risk.before_assigned", day=on.isoformat(), assigned=found["assigned_date"].isoformat()
                )
            db.execute("UPDATE risk_items SET status = 'in_progress' WHERE matter_id = ?", [matter_id])
            return _log(db, user, found, "in_progress", "feedback", on, {"note": note})

    return _acted(db, work)


def supervise(
    db: Database, user: User, matter_id: str, *, due: date, note: str | None = None, today: date | None = None
) -> Step:
    """督办: an item past its 化解期限 gets a 督办单 and a new deadline; missing that one raises a red alert."""
    require(user, "handle_risks")
    today = today or date.today()
    note = _text(note, "note")
    if due is None or due < today:
        raise RiskActionRefused("risk.due_past", due=str(due), today=today.isoformat())

    def work():
        with db.transaction():
            found = _existing(db, matter_id)
            _state_allows(found, ("assigned", "in_progress"), "supervise")
            if found.get("due_date") is None or found["due_date"] >= today:
                raise RiskActionRefused("risk.not_overdue", matter=matter_id, due=str(found.get("due_date") or "—"))
            number = _next_number(db, "supervise", today)
            db.execute(
                "UPDATE risk_items SET due_date = ?, deadline_round = coalesce(deadline_round, 1) + 1 "
                "WHERE matter_id = ?",
                [due, matter_id],
            )
            detail = {
                "number": number,
                "missed": found["due_date"],
                "days_overdue": (today - found["due_date"]).days,
                "due": due,
                "round": (found.get("deadline_round") or 1) + 1,
                "note": note,
            }
            return _log(db, user, found, found["status"], "supervise", today, detail, number)

    return _acted(db, work)


def request_close(
    db: Database, user: User, matter_id: str, *, note: str, evidence: str | None = None, today: date | None = None
) -> Step:
    """申请销号: what was done, with an evidence note; a committee member signs it off."""
    require(user, "handle_risks")
    today = today or date.today()
    note = _text(note, "note", required=True, missing_key="risk.close_needs_what")
    evidence = _text(evidence, "evidence")

    def work():
        with db.transaction():
            found = _existing(db, matter_id)
            _state_allows(found, ("assigned", "in_progress"), "request_close")
            db.execute(
                "UPDATE risk_items SET status = 'close_requested', requested_by = ? WHERE matter_id = ?",
                [user.username, matter_id],
            )
            return _log(
                db, user, found, "close_requested", "request_close", today, {"note": note, "evidence": evidence}
            )

    return _acted(db, work)


def close(db: Database, user: User, matter_id: str, *, note: str | None = None, today: date | None = None) -> Step:
    """销号, signed off by a committee member who did not ask for it."""
    require(user, "sign_off_risks")
    today = today or date.today()
    note = _text(note, "note")

    def work():
        with db.transaction():
            found = _existing(db, matter_id)
            if found["status"] == "resolved":
                raise RiskActionRefused(
                    "risk.closed_already", matter=matter_id, day=str(found.get("resolved_date") or "—")
                )
            _state_allows(found, ("close_requested",), "close")
            if user.role != SYSTEM_ROLE and found.get("requested_by") == user.username:
                raise RiskActionRefused("risk.own_request", matter=matter_id)
            db.execute(
                "UPDATE risk_items SET status = 'resolved', resolved_date = ?, closed_by = ? WHERE matter_id = ?",
                [today, user.username, matter_id],
            )
            return _log(db, user, found, "resolved", "close", today, {"note": note})

    return _acted(db, work)


def send_back(db: Database, user: User, matter_id: str, *, reason: str, today: date | None = None) -> Step:
    """退回: the request for 销号 is sent back with a reason; the item is 化解中 again."""
    require(user, "sign_off_risks")
    today = today or date.today()
    reason = _text(reason, "reason", required=True)

    def work():
        with db.transaction():
            found = _existing(db, matter_id)
            _state_allows(found, ("close_requested",), "send_back")
            db.execute(
                "UPDATE risk_items SET status = 'in_progress', requested_by = NULL WHERE matter_id = ?", [matter_id]
            )
            return _log(db, user, found, "in_progress", "send_back", today, {"reason": reason})

    return _acted(db, work)


def reopen(db: Database, user: User, matter_id: str, *, reason: str, today: date | None = None) -> Step:
    """Reopen a closed item (待研判 again, its unit and leader kept for the next 交办)."""
    _require_either(user, ("handle_risks", "sign_off_risks", "run_meetings"), "handle_risks")
    today = today or date.today()
    reason = _text(reason, "reason", required=True)

    def work():
        with db.transaction():
            found = _existing(db, matter_id)
            _state_allows(found, ("resolved",), "reopen")
            _reopen_row(db, matter_id)
            return _log(db, user, found, "open", "reopen", today, {"reason": reason})

    return _acted(db, work)


def reopen_on_new_records(db: Database, user: User, today: date | None = None) -> list[dict]:
    """Items closed in the product that a later petition or screening finding names are reopened, and say so.

    Called after every import and quick entry; returns ``[{"matter_id", "records"}]`` of the items reopened."""
    today = today or date.today()
    found = db.query(
        """
        WITH later AS (
            SELECT r.matter_id, p.petition_id AS record_id, p.received_date AS day
            FROM risk_items AS r JOIN petitions AS p USING (matter_id)
            WHERE r.status = 'resolved' AND r.managed_since IS NOT NULL AND p.received_date > r.resolved_date
            UNION ALL
            SELECT r.matter_id, s.screening_id, s.visit_date
            FROM risk_items AS r JOIN screenings AS s USING (matter_id)
            WHERE r.status = 'resolved' AND r.managed_since IS NOT NULL AND s.visit_date > r.resolved_date
              AND s.finding <> 'none'
        )
        SELECT matter_id, list(record_id ORDER BY day, record_id) AS records FROM later GROUP BY matter_id
        ORDER BY matter_id
        """
    )
    reopened = []
    for row in found.itertuples(index=False):
        records = [str(r) for r in row.records]

        def work(matter_id=row.matter_id, records=records):
            with db.transaction():
                current = _existing(db, matter_id)
                if current["status"] != "resolved":
                    return None
                _reopen_row(db, matter_id)
                return _log(db, user, current, "open", "reopened", today, {"records": records})

        if _acted(db, work) is not None:
            reopened.append({"matter_id": row.matter_id, "records": records})
    return reopened


def _reopen_row(db: Database, matter_id: str) -> None:
    db.execute(
        "UPDATE risk_items SET status = 'open', resolved_date = NULL, closed_by = NULL, requested_by = NULL, "
        "deadline_round = NULL WHERE matter_id = ?",
        [matter_id],
    )


def record_overdue(
    db: Database, user: User, matter_id: str, alert_id: int, grade: str, evidence: dict, on: date
) -> None:
    """The 督办 an early-warning run raised for an item past its deadline (inside the run's transaction): its
    history says so; the item's lifecycle state does not change (the unit still has to settle it)."""
    status = db.scalar("SELECT status FROM risk_items WHERE matter_id = ?", [matter_id])
    detail = {
        "alert": alert_id,
        "grade": grade,
        "missed": evidence.get("due"),
        "days_overdue": evidence.get("days_overdue"),
        "round": evidence.get("deadline_round"),
        "supervise_until": evidence.get("supervise_until"),
    }
    db.execute(
        "INSERT INTO risk_actions (matter_id, acted_at, acted_on, username, action, state_from, state_to, detail) "
        "VALUES (?, ?, ?, ?, 'overdue', ?, ?, ?)",
        [
            matter_id,
            datetime.now(),
            on,
            user.username,
            status,
            status,
            json.dumps({k: v for k, v in detail.items() if v is not None}, ensure_ascii=False, default=str),
        ],
    )


# -- reading ---------------------------------------------------------------------------------------------------------


def history(db: Database, matter_id: str) -> pd.DataFrame:
    """The item's steps, oldest first: when, who, what, from which state to which, and the details."""
    frame = db.query(
        "SELECT action_id, acted_at, acted_on, username, action, state_from, state_to, CAST(detail AS VARCHAR) "
        "AS detail FROM risk_actions WHERE matter_id = ? ORDER BY action_id",
        [matter_id],
    )
    frame["detail"] = [json.loads(d) if isinstance(d, str) else {} for d in frame["detail"]]
    return frame


def step(db: Database, action_id: int) -> dict | None:
    """One history row (for a document made from it)."""
    frame = db.query(
        "SELECT action_id, matter_id, acted_at, acted_on, username, action, state_from, state_to, "
        "CAST(detail AS VARCHAR) AS detail FROM risk_actions WHERE action_id = ?",
        [action_id],
    )
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    row["detail"] = json.loads(row["detail"]) if isinstance(row["detail"], str) else {}
    return row


def last_step(db: Database, matter_id: str, action: str) -> dict | None:
    action_id = db.scalar(
        "SELECT max(action_id) FROM risk_actions WHERE matter_id = ? AND action = ?", [matter_id, action]
    )
    return None if action_id is None else step(db, int(action_id))


def people(db: Database) -> list[str]:
    """Every leader in charge and handler named on a risk item, for choosing whose list to see."""
    return [
        name
        for (name,) in db.rows(
            "SELECT DISTINCT name FROM (SELECT leader AS name FROM risk_items UNION SELECT handler FROM risk_items) "
            "WHERE name IS NOT NULL AND trim(name) <> '' ORDER BY name"
        )
    ]


def items(
    db: Database,
    today: date,
    *,
    overdue: bool = False,
    leader: str | None = None,
    status: str | None = None,
    matter_ids: list[str] | None = None,
) -> pd.DataFrame:
    """Risk items with their lifecycle: state, unit, leader, handler, deadline, days overdue, deadline round.

    Without ``status``: the items not yet 销号. ``leader`` matches the 包案领导 or the 承办人 exactly."""
    if status is not None and status not in STATES:
        raise RiskActionRefused("risk.unknown_state", state=status, states=", ".join(STATES))
    frame = db.query(
        """
        SELECT r.matter_id, c.name AS community, g.name AS "group", r.category, r.status AS state,
               r.responsible_unit AS unit, r.leader, r.handler, r.assigned_date, r.due_date AS due,
               CASE WHEN r.status <> 'resolved' AND r.due_date < $today THEN $today - r.due_date ELSE 0 END
                   AS days_overdue,
               coalesce(r.deadline_round, 1) AS deadline_round, r.identified_date, r.resolved_date, r.description,
               r.community_id, r.managed_since IS NOT NULL AS managed
        FROM risk_items AS r JOIN communities AS c USING (community_id) LEFT JOIN groups AS g USING (group_id)
        WHERE r.identified_date <= $today
          AND (CASE WHEN $status IS NULL THEN r.status <> 'resolved' ELSE r.status = $status END)
          AND ($leader IS NULL OR r.leader = $leader OR r.handler = $leader)
          AND ($ids IS NULL OR list_contains($ids, r.matter_id))
        ORDER BY days_overdue DESC, r.due_date NULLS LAST, r.matter_id
        """,
        {"today": today, "status": status, "leader": leader, "ids": matter_ids},
    )
    frame["overdue"] = frame["days_overdue"] > 0
    if overdue:
        frame = frame[frame["overdue"]].reset_index(drop=True)
    return frame


# -- helpers -----------------------------------------------------------------------------------------------------------


def _require_either(user: User | None, actions: tuple[str, ...], said: str) -> None:
    if not any(can(user, action) for action in actions):
        require(user, said)  # refuses, naming the main action


def _text(value: str | None, field: str, *, required: bool = False, missing_key: str | None = None) -> str | None:
    value = None if value is None else str(value).strip() or None
    if value is None and required:
        raise RiskActionRefused(missing_key or "risk.field_needed", field=field)
    if value is not None and len(value) > TEXT_LIMIT:
        raise RiskActionRefused("risk.too_long", field=field, limit=TEXT_LIMIT)
    return value


def _known_unit(db: Database, unit: str) -> None:
    units = [name for (name,) in db.rows("SELECT name FROM responsible_units WHERE kind = 'handler'")]
    if unit not in units:
        close = difflib.get_close_matches(unit, units, n=3, cutoff=0.3)
        raise RiskActionRefused("risk.unknown_unit", unit=unit, close="、".join(close) or "—")


def _existing(db: Database, matter_id: str) -> dict:
    found = item(db, matter_id)
    if found is None:
        if _derived(db, matter_id) is not None:  # in the register, never acted on: still 待研判
            raise RiskActionRefused("risk.not_now", matter=matter_id, state="open")
        raise RiskActionRefused("risk.unknown_matter", matter=matter_id)
    return found


def _state_allows(found: dict, states: tuple[str, ...], action: str) -> None:
    if found["status"] not in states:
        raise RiskActionRefused("risk.not_now", matter=found["matter_id"], state=found["status"], action=action)


def _next_number(db: Database, action: str, today: date) -> str:
    """The document's number: 交办〔2026〕12号 for the 12th 交办 of the year (督办 likewise)."""
    issued = db.scalar(
        "SELECT count(*) FROM risk_actions WHERE action = ? AND year(acted_on) = ?", [action, today.year]
    )
    word = {"assign": "交办", "supervise": "督办"}[action]
    return f"{word}〔{today.year}〕{int(issued) + 1}号"


def _log(
    db: Database,
    user: User,
    found: dict,
    state_to: str,
    action: str,
    on: date,
    detail: dict,
    number: str | None = None,
) -> Step:
    kept = {k: v for k, v in detail.items() if v is not None}
    text = json.dumps(kept, ensure_ascii=False, default=str)
    action_id = db.scalar(
        "INSERT INTO risk_actions (matter_id, acted_at, acted_on, username, action, state_from, state_to, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING action_id",
        [found["matter_id"], datetime.now(), on, user.username, action, found["status"], state_to, text],
    )
    db.execute(
        "UPDATE risk_items SET managed_since = coalesce(managed_since, ?) WHERE matter_id = ?",
        [datetime.now(), found["matter_id"]],
    )
    audit.record(
        db,
        user.username,
        "risk_action",
        found["matter_id"],
        {"step": action, "state_from": found["status"], "state_to": state_to, **kept},
    )
    return Step(found["matter_id"], found["status"], state_to, int(action_id), number)


def _acted(db: Database, work):
    """Run a step's transaction (retried on a write conflict; a refusal inside it writes nothing), then let the
    cached views recompute (the register's open items change)."""
    done = db.retrying(work)
    if done is not None:
        db.bump_data_version()
    return done
