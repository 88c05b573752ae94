"""One 风险隐患's handling, as the register, the meeting and 我包案的事项 show it: where it stands, its history,
the step the user's role may take next, and the 交办单 / 督办单 to print.

Each step runs in a callback (``lifecycle``), so that the page draws once, with the step done and said.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import casework_docs, exports, lifecycle, queries, roles
from analytics.problems import Problem
from analytics.roles import User

from . import data, state

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def state_label(status: str | None) -> str:
    return state.tr(f"risk.state.{status or 'open'}")


def panel(user: User, matter_id: str, key: str) -> None:
    """Where the item stands, what the user may do next, its history and its papers."""
    db = data.database()
    found = lifecycle.item(db, matter_id)
    status = found["status"] if found else "open"
    today = date.today()
    said = st.session_state.pop(f"{key}_said", None)
    if said:
        getattr(st, said[0])(said[1])
    due = found.get("due_date") if found else None
    late = due is not None and status not in ("resolved",) and due < today
    facts = st.columns(5)
    for column, title, value in zip(
        facts,
        ("case.state", "register.unit", "register.leader", "case.handler", "register.due"),
        (
            state_label(status),
            found and found.get("responsible_unit"),
            found and found.get("leader"),
            found and found.get("handler"),
            None if due is None else due.isoformat(),
        ),
    ):
        column.caption(state.tr(title))
        column.text("—" if value in (None, "") else str(value))
    if late:
        st.error(state.tr("case.overdue", days=(today - due).days), icon=":material/alarm:")
    _actions(user, matter_id, status, key, found)
    _papers(user, matter_id, key)
    steps = lifecycle.history(db, matter_id)
    if len(steps):
        st.caption(state.tr("case.history"))
        st.dataframe(history_table(steps), hide_index=True, width="stretch")


def history_table(steps: pd.DataFrame) -> pd.DataFrame:
    """The steps in words: when, who, what, the state after, and the details (notes, units, deadlines)."""
    from analytics.audit_text import detail_text

    lang = state.lang()
    return pd.DataFrame(
        {
            state.tr("col.when"): [str(at)[:16] for at in steps["acted_at"]],
            state.tr("case.who"): steps["username"].fillna("—"),
            state.tr("case.step"): [state.tr(f"risk.act.{a}") for a in steps["action"]],
            state.tr("case.state"): [state_label(s) for s in steps["state_to"]],
            state.tr("case.details"): [detail_text(d, lang) for d in steps["detail"]],
        }
    )


def _actions(user: User, matter_id: str, status: str, key: str, found: dict | None) -> None:
    handles = roles.can(user, "handle_risks")
    signs = roles.can(user, "sign_off_risks")
    if not (handles or signs):
        st.caption(state.tr("case.read_only"))
        return
    tabs = []
    if handles and status in ("open", "assigned", "in_progress"):
        tabs.append(("assign", state.tr("case.tab.assign")))
    if handles and status in ("assigned", "in_progress"):
        tabs += [("feedback", state.tr("case.tab.feedback")), ("request_close", state.tr("case.tab.request_close"))]
        due = found.get("due_date") if found else None
        if due is not None and due < date.today():
            tabs.append(("supervise", state.tr("case.tab.supervise")))
    if signs and status == "close_requested":
        tabs += [("close", state.tr("case.tab.close")), ("send_back", state.tr("case.tab.send_back"))]
    if status == "resolved":
        tabs.append(("reopen", state.tr("case.tab.reopen")))
    if status == "close_requested" and handles and not signs:
        st.info(state.tr("case.waiting_sign_off"))
    if not tabs:
        return
    for (name, _), tab in zip(tabs, st.tabs([title for _, title in tabs])):
        with tab, st.form(f"{key}_{name}", border=False):
            _form(name, matter_id, key, found)
            st.form_submit_button(
                state.tr(f"case.go.{name}"), key=f"{key}_{name}_go", on_click=_do, args=(user, name, matter_id, key)
            )


def _form(name: str, matter_id: str, key: str, found: dict | None) -> None:
    today = date.today()
    key = f"{key}_{name}"  # each form's widgets have their own keys
    if name == "assign":
        units = queries.unit_names(data.database())
        current = found.get("responsible_unit") if found else None
        cells = st.columns(2)
        cells[0].selectbox(
            state.tr("register.unit"),
            [None, *units],
            index=(units.index(current) + 1) if current in units else 0,
            key=f"{key}_unit",
            format_func=lambda u: "—" if u is None else u,
        )
        cells[1].date_input(
            state.tr("register.due"),
            value=today + timedelta(days=30),
            min_value=today,
            key=f"{key}_due",
            format="YYYY-MM-DD",
        )
        cells[0].text_input(
            state.tr("register.leader"), value=(found or {}).get("leader") or "", key=f"{key}_leader", max_chars=100
        )
        cells[1].text_input(
            state.tr("case.handler"), value=(found or {}).get("handler") or "", key=f"{key}_handler", max_chars=100
        )
        st.text_area(state.tr("case.asked"), key=f"{key}_note", max_chars=2000, height=80)
    elif name == "feedback":
        st.date_input(state.tr("case.report_day"), value=today, max_value=today, key=f"{key}_day", format="YYYY-MM-DD")
        st.text_area(state.tr("case.report"), key=f"{key}_note", max_chars=2000, height=80)
    elif name == "supervise":
        st.date_input(
            state.tr("case.new_due"),
            value=today + timedelta(days=7),
            min_value=today,
            key=f"{key}_due",
            format="YYYY-MM-DD",
        )
        st.text_area(state.tr("case.asked"), key=f"{key}_note", max_chars=2000, height=80)
    elif name == "request_close":
        st.text_area(state.tr("case.what_done"), key=f"{key}_note", max_chars=2000, height=80)
        st.text_input(state.tr("case.evidence"), key=f"{key}_evidence", max_chars=500)
    elif name == "close":
        st.text_input(state.tr("case.remark"), key=f"{key}_note", max_chars=500)
    else:  # send_back, reopen
        st.text_area(state.tr("case.reason"), key=f"{key}_reason", max_chars=2000, height=80)


def _do(user: User, name: str, matter_id: str, key: str) -> None:
    """Take the step; the panel then says what was done, or why not (nothing written)."""
    db = data.database()
    value = st.session_state.get
    said_key, key = f"{key}_said", f"{key}_{name}"
    try:
        if name == "assign":
            step = lifecycle.assign(
                db,
                user,
                matter_id,
                unit=value(f"{key}_unit"),
                due=value(f"{key}_due"),
                leader=value(f"{key}_leader"),
                handler=value(f"{key}_handler"),
                note=value(f"{key}_note"),
            )
        elif name == "feedback":
            step = lifecycle.feedback(db, user, matter_id, note=value(f"{key}_note"), on=value(f"{key}_day"))
        elif name == "supervise":
            step = lifecycle.supervise(db, user, matter_id, due=value(f"{key}_due"), note=value(f"{key}_note"))
        elif name == "request_close":
            step = lifecycle.request_close(
                db, user, matter_id, note=value(f"{key}_note"), evidence=value(f"{key}_evidence")
            )
        elif name == "close":
            step = lifecycle.close(db, user, matter_id, note=value(f"{key}_note"))
        elif name == "send_back":
            step = lifecycle.send_back(db, user, matter_id, reason=value(f"{key}_reason"))
        else:
            step = lifecycle.reopen(db, user, matter_id, reason=value(f"{key}_reason"))
    except Problem as problem:
        st.session_state[said_key] = ("error", problem.said(state.lang()))
        return
    done = state.tr(
        "case.done", matter=matter_id, before=state_label(step.state_from), after=state_label(step.state_to)
    )
    if name == "supervise":  # the state stays; the deadline is new
        done = state.say("case.supervised", matter=matter_id, due=value(f"{key}_due").isoformat())
    if step.number:
        done += " " + state.tr("cli.risk.number", number=step.number)
    st.session_state[said_key] = ("success", done)


def _papers(user: User, matter_id: str, key: str) -> None:
    """The 交办单 and 督办单 of the item, as Word and PDF, made when clicked and logged as exports."""
    db = data.database()
    lang = state.lang()
    papers = []
    if lifecycle.last_step(db, matter_id, "assign") is not None:
        papers.append(("assignment", casework_docs.assignment_sheet))
    if lifecycle.last_step(db, matter_id, "supervise") or lifecycle.last_step(db, matter_id, "overdue"):
        papers.append(("supervision", casework_docs.supervision_sheet))
    if not papers:
        return
    columns = st.columns(2 * len(papers))
    safe = matter_id.replace(":", "-")
    for number, (name, make) in enumerate(papers):
        logged = {"on_click": exports.record_download, "args": (db, user, f"{name}_sheet", 1)}
        columns[2 * number].download_button(
            state.tr(f"case.paper.{name}"),
            lambda make=make: make(db, matter_id, lang),
            file_name=f"{state.tr(f'case.file.{name}')}-{safe}.docx",
            mime=DOCX,
            key=f"{key}_{name}_docx",
            icon=":material/description:",
            **logged,
        )
        if casework_docs.pdf_available():
            columns[2 * number + 1].download_button(
                state.tr(f"case.paper.{name}_pdf"),
                lambda make=make: casework_docs.to_pdf(make(db, matter_id, lang)),
                file_name=f"{state.tr(f'case.file.{name}')}-{safe}.pdf",
                mime="application/pdf",
                key=f"{key}_{name}_pdf",
                icon=":material/picture_as_pdf:",
                **logged,
            )
