"""The committee's meeting, item by item: this week's new alerts, then red and orange 风险隐患 not yet 销号, then
overdue ones; one at a time in big type with its evidence chart, a decision for each, and the minutes at the end."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from analytics import casework_docs, charts, exports, meetings, queries
from analytics.problems import Problem
from analytics.taxonomy import GRADES, label
from ui import casework, data, guard, state
from ui.format import plain

user = guard.page_user("meeting")
lang = state.lang()
as_of = state.period().end
db = data.database()
st.title(state.tr("meeting.title"))
st.caption(state.tr("meeting.caption"))
state.show_flash()


def begin() -> None:
    try:
        meeting_id = meetings.start(
            db,
            user,
            data.scored_matters(as_of),
            held_on=as_of,
            chair=st.session_state.get("meeting_chair"),
            attendees=st.session_state.get("meeting_attendees"),
            lang=lang,
        )
    except Problem as problem:
        st.session_state["meeting_said"] = ("error", problem.said(lang))
        return
    st.session_state["meeting_at"] = 1
    st.session_state["meeting_said"] = ("success", state.tr("meeting.started", meeting=meeting_id))


def decide(meeting_id: int, position: int, count: int) -> None:
    """Record the decision on this item; the meeting moves on to the next one."""
    key = f"meeting_{meeting_id}_{position}"
    value = st.session_state.get
    choice = value(f"{key}_decision")
    try:
        meetings.decide(
            db,
            user,
            meeting_id,
            position,
            choice,
            unit=value(f"{key}_unit"),
            due=value(f"{key}_due"),
            leader=value(f"{key}_leader"),
            handler=value(f"{key}_handler"),
            note=value(f"{key}_note"),
        )
    except Problem as problem:
        st.session_state["meeting_said"] = ("error", problem.said(lang))
        return
    st.session_state["meeting_said"] = ("success", state.tr("meeting.recorded", position=position))
    st.session_state["meeting_at"] = min(position + 1, count)


def finish(meeting_id: int) -> None:
    try:
        meetings.end(db, user, meeting_id)
    except Problem as problem:
        st.session_state["meeting_said"] = ("error", problem.said(lang))
        return
    st.session_state["meeting_said"] = ("success", state.tr("meeting.ended_now", meeting=meeting_id))
    st.session_state["meeting_show"] = meeting_id


def move(to: int) -> None:
    st.session_state["meeting_at"] = to


said = st.session_state.pop("meeting_said", None)
if said:
    getattr(st, said[0])(said[1])

running = meetings.running(db)
if running is None:
    with st.form("meeting_start"):
        st.subheader(state.tr("meeting.new"))
        cells = st.columns(2)
        cells[0].text_input(state.tr("doc.field.chair"), key="meeting_chair", max_chars=100)
        cells[1].text_input(state.tr("doc.field.attendees"), key="meeting_attendees", max_chars=500)
        st.caption(state.tr("meeting.agenda_is", as_of=as_of.isoformat()))
        st.form_submit_button(state.tr("meeting.start"), key="meeting_start_go", on_click=begin, type="primary")
    held = meetings.past(db)
    if len(held):
        st.subheader(state.tr("meeting.past"))
        shown = int(st.session_state.get("meeting_show") or held["meeting_id"].iloc[0])
        pick = st.selectbox(
            state.tr("meeting.pick_minutes"),
            list(held["meeting_id"]),
            index=list(held["meeting_id"]).index(shown) if shown in list(held["meeting_id"]) else 0,
            format_func=lambda m: state.tr(
                "meeting.past_line",
                meeting=m,
                day=str(held.set_index("meeting_id").loc[m, "held_on"])[:10],
                decided=int(held.set_index("meeting_id").loc[m, "decided"]),
                items=int(held.set_index("meeting_id").loc[m, "items"]),
            ),
            key="meeting_minutes_pick",
        )
        for row in meetings.items(db, int(pick)).itertuples(index=False):
            st.markdown(
                state.say(
                    "meeting.minutes_line",
                    position=row.position,
                    subject=row.subject,
                    decision=meetings.decision_text(row._asdict(), lang),
                )
            )
        logged = {"on_click": exports.record_download, "args": (db, user, "meeting_minutes", 1)}
        left, right = st.columns(2)
        left.download_button(
            state.tr("meeting.minutes_docx"),
            lambda: casework_docs.minutes(db, int(pick), lang),
            file_name=f"{state.tr('meeting.minutes_file')}-{pick}.docx",
            mime=casework.DOCX,
            key="meeting_minutes_docx",
            icon=":material/description:",
            **logged,
        )
        if casework_docs.pdf_available():
            right.download_button(
                state.tr("meeting.minutes_pdf"),
                lambda: casework_docs.to_pdf(casework_docs.minutes(db, int(pick), lang)),
                file_name=f"{state.tr('meeting.minutes_file')}-{pick}.pdf",
                mime="application/pdf",
                key="meeting_minutes_pdf",
                icon=":material/picture_as_pdf:",
                **logged,
            )
    st.stop()

agenda = meetings.items(db, running)
count = len(agenda)
if count == 0:
    st.info(state.tr("meeting.empty"))
    st.button(state.tr("meeting.end"), key="meeting_end", on_click=finish, args=(running,), type="primary")
    st.stop()
at = min(max(int(st.session_state.get("meeting_at", 1)), 1), count)
decided = int(agenda["decision"].notna().sum())
st.progress(decided / count, text=state.tr("meeting.progress", decided=decided, count=count))
entry = agenda.iloc[at - 1]
st.caption(state.tr(f"meeting.section.{entry['section']}") + f" · {state.tr('meeting.item_of', at=at, count=count)}")
grade = label(GRADES, entry["grade"], lang) if entry["grade"] in GRADES else ""
with st.container(border=True):  # big type: the room reads it from the screen
    if grade:
        st.badge(grade, color=entry["grade"], icon=":material/warning:")
    st.header(plain(entry["subject"]), anchor=False)  # ledger text, read as typed
    st.caption(plain(meetings.decision_text(entry.to_dict(), lang)))
found = queries.matter(db, entry["matter_id"]) if entry["matter_id"] else None
community_id, groups, category = meetings.place_of(db, entry.to_dict())
if community_id is not None:  # the evidence: petitions a week in its place and category, as the review shows it
    weekly = data.weekly_place_counts(as_of, int(community_id), groups, category)
    st.plotly_chart(charts.evidence_bars(weekly, lang), key=f"meeting_chart_{running}_{at}")

key = f"meeting_{running}_{at}"
with st.form(f"{key}_form"):
    st.radio(
        state.tr("meeting.decision"),
        meetings.DECISIONS,
        format_func=lambda d: state.tr(f"meeting.choice.{d}"),
        key=f"{key}_decision",
        horizontal=True,
    )
    units = queries.unit_names(db)
    cells = st.columns(2)
    current = (found or {}).get("responsible_unit")
    cells[0].selectbox(
        state.tr("register.unit"),
        [None, *units],
        index=(units.index(current) + 1) if current in units else 0,
        key=f"{key}_unit",
        format_func=lambda u: "—" if u is None else u,
    )
    cells[1].date_input(
        state.tr("register.due"),
        value=date.today() + timedelta(days=30),
        min_value=date.today(),
        key=f"{key}_due",
        format="YYYY-MM-DD",
    )
    cells[0].text_input(
        state.tr("register.leader"), value=(found or {}).get("leader") or "", key=f"{key}_leader", max_chars=100
    )
    cells[1].text_input(state.tr("case.handler"), key=f"{key}_handler", max_chars=100)
    st.text_input(state.tr("meeting.note"), key=f"{key}_note", max_chars=500)
    st.form_submit_button(
        state.tr("meeting.record"), key=f"{key}_go", on_click=decide, args=(running, at, count), type="primary"
    )
steps = st.columns([1, 1, 2])
steps[0].button(state.tr("meeting.previous"), key="meeting_prev", on_click=move, args=(at - 1,), disabled=at <= 1)
steps[1].button(state.tr("meeting.next"), key="meeting_next", on_click=move, args=(at + 1,), disabled=at >= count)
steps[2].button(
    state.tr("meeting.end"), key="meeting_end", on_click=finish, args=(running,), icon=":material/task_alt:"
)
