"""`python -m analytics risk …`: each 风险隐患 handled to 销号 from the shell, under the pages' role checks.

A command acts as the role ``system`` unless ``--as USER`` names an account, whose role is then checked exactly
as in the pages (an officer 交办, records 反馈 and asks for 销号; a committee member signs it off or sends it
back; analysts and clerks cannot act). A refusal exits 2 with the reason and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

import pandas as pd

from . import lifecycle
from .auth import acting_as
from .i18n import t
from .roles import SYSTEM, require

STEPS = ("assign", "feedback", "supervise", "request-close", "close", "send-back", "reopen")


def add_commands(commands, db_option, parse_date, existing_db) -> None:
    """The ``risk`` command and its actions, on the main parser's sub-commands (``existing_db(args)`` opens
    the database the arguments name)."""
    risk = commands.add_parser("risk", help="handle a risk item: 交办, 反馈, 督办, 申请销号, 销号, 退回, reopen; list")
    actions = risk.add_subparsers(dest="risk_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, run) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("matter", help="the matter number (事项编号), as in the register")
        db_option(parser)
        parser.add_argument("--as", dest="as_user", default=None, help="act as this account (its role is checked)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.set_defaults(run=run, open_db=existing_db)
        return parser

    assign = action("assign", "交办: to a unit, with a deadline, a leader in charge and who handles it", _assign)
    assign.add_argument("--unit", required=True, help="the handling unit (承办单位), one of the street's units")
    assign.add_argument("--due", type=parse_date, required=True, help="the deadline (化解期限), today or later")
    assign.add_argument("--leader", help="the leader in charge (包案领导)")
    assign.add_argument("--handler", help="who handles it (承办人)")
    assign.add_argument("--note", help="what is asked of the unit")
    feedback = action("feedback", "反馈: the unit's progress report", _feedback)
    feedback.add_argument("--note", required=True, help="what the unit reported")
    feedback.add_argument("--date", type=parse_date, default=None, help="the day of the report (default today)")
    supervise = action("supervise", "督办: a new deadline for an overdue item (a 督办单)", _supervise)
    supervise.add_argument("--due", type=parse_date, required=True, help="the new deadline, today or later")
    supervise.add_argument("--note", help="what is asked")
    request = action("request-close", "申请销号: what was done to settle it", _request_close)
    request.add_argument("--note", required=True, help="what was done")
    request.add_argument("--evidence", help="the evidence (photos, minutes, signatures)")
    closing = action("close", "销号: sign off the request (committee)", _close)
    closing.add_argument("--note", help="a remark")
    back = action("send-back", "退回: send the request back with a reason (committee)", _send_back)
    back.add_argument("--reason", required=True, help="why it is sent back")
    again = action("reopen", "reopen a closed item", _reopen)
    again.add_argument("--reason", required=True, help="why it is reopened")
    shown = action("history", "the item's steps: who did what and when", _history)
    del shown  # history takes no more options

    listed = actions.add_parser("list", help="risk items with their lifecycle state, owner and deadline")
    db_option(listed)
    listed.add_argument("--overdue", action="store_true", help="only items past their deadline")
    listed.add_argument("--leader", help="only items this leader leads (包案领导) or this person handles (承办人)")
    listed.add_argument("--status", choices=lifecycle.STATES, help="only items in this state (default: not closed)")
    listed.add_argument("--as", dest="as_user", default=None, help="read as this account (its role is checked)")
    listed.add_argument("--json", action="store_true", help="print one JSON document")
    listed.set_defaults(run=_list, open_db=existing_db)


def _user(db, args):
    return SYSTEM if args.as_user is None else acting_as(db, args.as_user)


def _acted(args, step: lifecycle.Step) -> int:
    said = t(
        "cli.risk.done",
        args.lang,
        matter=step.matter_id,
        before=t(f"risk.state.{step.state_from}", args.lang),
        after=t(f"risk.state.{step.state_to}", args.lang),
    )
    if step.number:
        said += " " + t("cli.risk.number", args.lang, number=step.number)
    if args.json:
        print(
            json.dumps(
                {
                    "matter_id": step.matter_id,
                    "from": step.state_from,
                    "state": step.state_to,
                    "number": step.number,
                    "action_id": step.action_id,
                },
                ensure_ascii=False,
            )
        )
    print(said, file=sys.stderr)
    return 0


def _open(args):
    return args.open_db(args)


def _assign(args) -> int:
    with _open(args) as db:
        step = lifecycle.assign(
            db,
            _user(db, args),
            args.matter,
            unit=args.unit,
            due=args.due,
            leader=args.leader,
            handler=args.handler,
            note=args.note,
        )
    return _acted(args, step)


def _feedback(args) -> int:
    with _open(args) as db:
        step = lifecycle.feedback(db, _user(db, args), args.matter, note=args.note, on=args.date)
    return _acted(args, step)


def _supervise(args) -> int:
    with _open(args) as db:
        step = lifecycle.supervise(db, _user(db, args), args.matter, due=args.due, note=args.note)
    return _acted(args, step)


def _request_close(args) -> int:
    with _open(args) as db:
        step = lifecycle.request_close(db, _user(db, args), args.matter, note=args.note, evidence=args.evidence)
    return _acted(args, step)


def _close(args) -> int:
    with _open(args) as db:
        step = lifecycle.close(db, _user(db, args), args.matter, note=args.note)
    return _acted(args, step)


def _send_back(args) -> int:
    with _open(args) as db:
        step = lifecycle.send_back(db, _user(db, args), args.matter, reason=args.reason)
    return _acted(args, step)


def _reopen(args) -> int:
    with _open(args) as db:
        step = lifecycle.reopen(db, _user(db, args), args.matter, reason=args.reason)
    return _acted(args, step)


def _history(args) -> int:
    with _open(args) as db:
        require(_user(db, args), "view_aggregates")
        if lifecycle.item(db, args.matter) is None:
            raise lifecycle.RiskActionRefused("risk.unknown_matter", matter=args.matter)
        steps = lifecycle.history(db, args.matter)
    rows = [
        {
            "at": str(row.acted_at)[:19],
            "on": str(row.acted_on)[:10],
            "user": row.username,
            "action": row.action,
            "from": row.state_from,
            "to": row.state_to,
            "detail": row.detail,
        }
        for row in steps.itertuples(index=False)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return 0
    for row in rows:
        detail = "; ".join(f"{k}: {v}" for k, v in row["detail"].items())
        print(f"{row['on']}  {row['user']:<14} {t('risk.act.' + row['action'], args.lang)}  {detail}")
    return 0


def _list(args) -> int:
    from .scoring import score_matters

    today = date.today()
    with _open(args) as db:
        require(_user(db, args), "view_aggregates")
        found = lifecycle.items(db, today, overdue=args.overdue, leader=args.leader, status=args.status)
        grades = score_matters(db, today).set_index("matter_id")["grade"] if len(found) else pd.Series(dtype=str)
    rows = [
        {
            "matter_id": row.matter_id,
            "community": row.community,
            "group": None if pd.isna(row.group) else row.group,
            "category": row.category,
            "state": row.state,
            "unit": None if pd.isna(row.unit) else row.unit,
            "leader": None if pd.isna(row.leader) else row.leader,
            "handler": None if pd.isna(row.handler) else row.handler,
            "due": None if pd.isna(row.due) else str(row.due)[:10],
            "overdue": bool(row.overdue),
            "days_overdue": int(row.days_overdue),
            "grade": grades.get(row.matter_id),
            "deadline_round": int(row.deadline_round),
        }
        for row in found.itertuples(index=False)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        late = t("cli.risk.late", args.lang, days=row["days_overdue"]) if row["overdue"] else ""
        print(
            f"{row['matter_id']:<18} {t('risk.state.' + row['state'], args.lang):<8} {row['unit'] or '—':<16} "
            f"{row['leader'] or '—':<14} {row['due'] or '—':<10} {late}"
        )
    print(t("cli.risk.count", args.lang, count=len(rows)), file=sys.stderr)
    return 0
