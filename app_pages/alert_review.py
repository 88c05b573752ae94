"""The weekly alert review: this week's new alerts first, then open ones by grade; officers act on each."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import alert_runs, alerts, brief, charts, daily, exports, notify, queries, roles, verdicts
from analytics.brief_docx import to_docx
from analytics.taxonomy import CATEGORIES, GRADES, label
from ui import data, early_warning, guard, state, tables
from ui.downloads import XLSX
from ui.format import percent, plain

PAGE_SIZE = 25
user = guard.page_user("review")
lang = state.lang()
as_of = state.period().end
st.title(state.tr("review.title"))
st.caption(state.tr("review.caption", as_of=as_of.isoformat()))
state.show_flash()

db = data.database()
may_act = roles.can(user, "act_on_alerts")


def run_now() -> None:
    """An officer's "run now": the detectors as of today, audited (the list below then reads what they found)."""
    st.session_state["review_run_said"] = early_warning.after_commit(db, "manual", user, wait_seconds=60.0)


# when the detectors last ran, and on which data: the list below is what they recorded (pages never run them)
ran = alert_runs.last_run(db)
freshness, button = st.columns([4, 1], vertical_alignment="center")
freshness.caption(
    state.tr(
        "review.last_run",
        at=ran.finished_at.strftime("%Y-%m-%d %H:%M"),
        as_of=ran.as_of.isoformat(),
        latest=ran.latest_record.isoformat() if ran.latest_record else "—",
        petitions=ran.petitions,
        trigger=state.tr(f"alert_run.trigger.{ran.trigger}"),
    )
    if ran
    else state.tr("review.never_run")
)
if may_act:
    button.button(state.tr("review.run_now"), key="review_run_now", on_click=run_now, icon=":material/refresh:")
if st.session_state.get("review_run_said"):
    st.info(st.session_state.pop("review_run_said"))
listed = alerts.review_list(db, as_of)
if not may_act:
    st.info(state.tr("review.read_only"))
if listed.empty:
    st.success(state.tr("review.none"))
units = queries.unit_names(db)


def listed_or_empty(values) -> list:
    """A list column's value (an array, or None when the alert has no groups)."""
    return [] if values is None else list(values)


def heading(alert) -> str:
    groups = listed_or_empty(alert.groups)
    if len(groups) > 5:
        groups = groups[:5] + [state.tr("review.more_groups", count=len(groups) - 5)]
    place = plain(" ".join(filter(None, [alert.community, "、".join(groups)])))  # ledger text, read as typed
    new = f" · {state.tr('review.new')}" if alert.new_this_week else ""
    return (
        f"{label(GRADES, alert.grade, lang)} · {state.tr(f'kind.{alert.kind}')} · {place} · "
        f"{alerts.summary_text(alert.summary, lang)}{new}"
    )


@st.fragment
def alert_card(alert) -> None:
    """One alert, drawn on its own: an officer's action reruns this card only (within a second, whatever the
    length of the list) and the card itself says what was done to which alert."""
    said = st.session_state.get(f"review_said_{alert.alert_id}")
    done = st.session_state.get(f"review_done_{alert.alert_id}")
    current = done[1] if done else alert.state
    with st.expander(heading(alert), expanded=bool(alert.new_this_week) or said is not None, icon=":material/warning:"):
        if said:
            kind, text = said
            {"success": st.success, "warning": st.warning, "error": st.error}[kind](text)
        facts = st.columns(4)
        facts[0].badge(label(GRADES, alert.grade, lang), color=alert.grade, icon=":material/warning:")
        facts[1].caption(state.tr("review.detected", day=alert.detected_on.isoformat()))
        facts[2].caption(state.tr("review.state", state=state.tr(f"state.{current}")))
        evidence = json.loads(alert.evidence)
        if alert.category:
            trend = state.tr(f"trend.{evidence['trend']}") if evidence.get("trend") else ""
            facts[3].caption(
                " · ".join(
                    filter(
                        None,
                        [
                            label(CATEGORIES, alert.category, lang),
                            state.tr("review.trend", trend=trend) if trend else "",
                        ],
                    )
                )
            )
        records = evidence.pop("records", [])
        gathered = evidence.pop("members", None)
        left, right = st.columns([3, 2])
        shown = alerts.readable(evidence, lang)
        technical = {key: shown.pop(key) for key in alerts.TECHNICAL if key in shown}
        left.dataframe(pd.DataFrame([{state.tr(f"evidence.{k}"): v for k, v in shown.items()}]), hide_index=True)
        if technical:  # the statistics behind a spike or cluster, for whoever checks the method
            with left.popover(state.tr("review.technical"), icon=":material/functions:"):
                st.caption(state.tr("review.technical.plain"))
                st.dataframe(
                    pd.DataFrame([{state.tr(f"evidence.{k}"): v for k, v in technical.items()}]), hide_index=True
                )
        if alert.kind != "blind_spot":
            weekly = data.weekly_place_counts(
                as_of, int(alert.community_id), tuple(int(g) for g in listed_or_empty(alert.groups_ids)), alert.category
            )
            right.plotly_chart(charts.evidence_bars(weekly, lang), key=f"alert_{alert.alert_id}_chart")
        if gathered:  # an item that gathers a place's groups, a unit's petitions or a period's risk items
            st.caption(state.tr("review.members"))
            st.dataframe(alerts.members(gathered, lang), hide_index=True, width="stretch")
        if records:
            st.caption(state.tr("review.records"))
            behind = data.petitions_by_id(tuple(records))
            st.dataframe(
                tables.petitions(behind),
                hide_index=True,
                width="stretch",
            )
        if may_act and current not in alerts.FINISHED:
            actions(alert, current)


def actions(alert, current: str) -> None:
    """The officer's buttons; each acts in a callback, before the card is drawn again with the new state."""
    key = f"alert_{alert.alert_id}"
    if not alert.matter_id:  # an alert on no item: the office may take it up as a 风险隐患 of the register
        st.button(
            state.tr("review.to_risk"),
            key=f"{key}_to_risk",
            on_click=to_risk,
            args=(alert,),
            icon=":material/assignment_add:",
            help=state.tr("review.to_risk.help"),
        )
    buttons = st.columns(4)
    buttons[0].button(
        state.tr("review.acknowledge"),
        key=f"{key}_ack",
        disabled=current != "new",
        on_click=act,
        args=(alert, "acknowledge"),
    )
    buttons[1].button(state.tr("review.resolve"), key=f"{key}_resolve", on_click=act, args=(alert, "resolve"))
    buttons[2].button(
        state.tr("review.reviewed"),
        key=f"{key}_reviewed",
        on_click=act,
        args=(alert, "reviewed"),
        disabled=alert.reviewed_on is not None and not pd.isna(alert.reviewed_on),
    )
    with st.form(f"{key}_assign", border=False):
        cells = st.columns(3)
        cells[0].selectbox(
            state.tr("review.unit"), [None, *units], key=f"{key}_unit", format_func=lambda u: "—" if u is None else u
        )
        cells[1].text_input(state.tr("review.person"), key=f"{key}_person", max_chars=100)
        # by the next weekly review unless the officer sets another day
        cells[2].date_input(
            state.tr("review.due"),
            value=date.today() + timedelta(days=7),
            key=f"{key}_due",
            min_value=date.today(),
            format="YYYY-MM-DD",
            help=state.tr("review.due.help"),
        )
        st.form_submit_button(state.tr("review.assign"), key=f"{key}_assign_go", on_click=assign, args=(alert,))
    with st.form(f"{key}_dismiss", border=False):
        cells = st.columns([2, 3])
        cells[0].selectbox(
            state.tr("review.reason"),
            alerts.DISMISS_REASONS,
            key=f"{key}_reason",
            format_func=lambda r: state.tr(f"dismiss.{r}"),
        )
        cells[1].text_input(state.tr("review.dismiss_note"), key=f"{key}_note", max_chars=500)
        st.checkbox(state.tr("review.dismiss_sure"), key=f"{key}_dismiss_sure")
        st.form_submit_button(state.tr("review.dismiss"), key=f"{key}_dismiss_go", on_click=dismiss, args=(alert,))


def to_risk(alert) -> None:
    """The alert becomes a 风险隐患 (待研判), to be assigned on the register or in the meeting."""
    from analytics import lifecycle

    matter = lifecycle.from_alert(db, user, int(alert.alert_id))
    st.session_state[f"review_said_{alert.alert_id}"] = ("success", state.say("review.made_risk", matter=matter))


def assign(alert) -> None:
    key = f"alert_{alert.alert_id}"
    act(
        alert,
        "assign",
        unit=st.session_state[f"{key}_unit"],
        person=st.session_state[f"{key}_person"] or None,
        due=st.session_state[f"{key}_due"],
    )


def dismiss(alert) -> None:
    """A withdrawal is confirmed, and 'other' is said in words."""
    key = f"alert_{alert.alert_id}"
    reason, note = st.session_state[f"{key}_reason"], st.session_state[f"{key}_note"].strip()
    if not st.session_state[f"{key}_dismiss_sure"]:
        st.session_state[f"review_said_{alert.alert_id}"] = ("warning", state.tr("review.dismiss_confirm"))
    elif reason == "other" and not note:
        st.session_state[f"review_said_{alert.alert_id}"] = ("warning", state.tr("review.dismiss_say_why"))
    else:
        act(alert, "dismiss", reason=reason, note=note or None)


def act(alert, action: str, **details) -> None:
    """Carry out the action; the card then says what happened to which alert (or why not)."""
    try:
        new_state = alerts.act(db, user, alert.alert_id, action, **details)
        notify.mark_read(db, user.username, [int(alert.alert_id)])
    except alerts.AlertActionRefused as refused:
        st.session_state[f"review_said_{alert.alert_id}"] = ("error", state.tr(refused.key, **refused.values))
        return
    st.session_state[f"review_said_{alert.alert_id}"] = (
        "success",
        state.say(f"review.did.{action}", kind=state.tr(f"kind.{alert.kind}"), place=place_of(alert)),
    )
    st.session_state[f"review_done_{alert.alert_id}"] = (action, new_state)


def place_of(alert) -> str:
    groups = listed_or_empty(alert.groups)
    return " ".join(filter(None, [alert.community, "、".join(groups[:3])]))


# a long list is shown a page at a time, this week's new alerts and the most serious first
showing = st.session_state.setdefault("review_shown", PAGE_SIZE)
if len(listed) > showing:
    st.caption(state.tr("review.showing", shown=showing, total=len(listed)))
for alert in listed.head(showing).itertuples(index=False):
    alert_card(alert)

if len(listed) > showing and st.button(
    state.tr("review.show_more", count=min(PAGE_SIZE, len(listed) - showing)),
    key="review_more",
    icon=":material/expand_more:",
):
    st.session_state["review_shown"] = showing + PAGE_SIZE
    st.rerun()

unread = data.unread_alerts(user.username, as_of)
if unread:  # reading is recorded when the user says so (or acts on an alert), never by drawing the page
    st.button(
        state.tr("review.mark_read", count=unread),
        key="review_mark_read",
        icon=":material/done_all:",
        on_click=notify.mark_read,
        args=(db, user.username, [int(a) for a in listed["alert_id"]]),
    )

if roles.can(user, "export_brief"):
    st.subheader(state.tr("review.brief"))
    left, right = st.columns(2)
    logged = {"on_click": exports.record_download, "args": (db, user, "brief", len(listed))}
    stem = f"brief-{brief.week_of(as_of)[0].isoformat()}"
    # as of the day the page shows (the alerts it recorded), never a later day
    left.download_button(
        state.tr("review.brief_docx"),
        lambda: to_docx(found := brief.gather(db, as_of, lang, as_of=as_of, user=user), brief.chart_images(found)),
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="brief_docx",
        icon=":material/description:",
        **logged,
    )
    right.download_button(
        state.tr("review.brief_xlsx"),
        lambda: brief.to_xlsx(brief.gather(db, as_of, lang, as_of=as_of, user=user)),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="brief_xlsx",
        icon=":material/table:",
        **logged,
    )
    # the sensitive-period daily report (日报 / 零报告) for the day the page shows
    st.subheader(state.tr("review.daily"))
    in_force = data.periods_in_force(as_of)
    st.caption(
        state.tr("review.daily.in_period", periods="、".join(in_force) if lang == "zh" else ", ".join(in_force))
        if in_force
        else state.tr("review.daily.no_period")
    )
    left, right = st.columns(2)
    daily_logged = {"on_click": exports.record_download, "args": (db, user, "daily", 1)}
    left.download_button(
        state.tr("review.daily_docx"),
        lambda: daily.to_docx(daily.build(db, as_of, lang, user=user)),
        file_name=f"daily-{as_of.isoformat()}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="daily_docx",
        icon=":material/description:",
        **daily_logged,
    )
    right.download_button(
        state.tr("review.daily_xlsx"),
        lambda: daily.to_xlsx(daily.build(db, as_of, lang, user=user)),
        file_name=f"daily-{as_of.isoformat()}.xlsx",
        mime=XLSX,
        key="daily_xlsx",
        icon=":material/table:",
        **daily_logged,
    )

# the office's own verdicts: how often each detector's alerts were real, by the people who closed them
st.subheader(state.tr("review.precision"))
st.caption(state.tr("review.precision.caption"))
judged = verdicts.precision(db)  # read afresh: an action on an alert does not bump the data version
if judged.empty:
    st.info(state.tr("review.precision.none"), icon=":material/info:")
else:
    st.dataframe(
        tables.shown(
            judged.assign(
                kind=judged["kind"].map(lambda k: state.tr(f"kind.{k}")),
                precision=[
                    state.tr("review.precision.cell", share=percent(p), low=percent(lo), high=percent(hi))
                    for p, lo, hi in zip(judged["precision"], judged["low"], judged["high"])
                ],
            ),
            kind="kind",
            judged="judged",
            false_alarms="false_alarms",
            precision="precision",
        ),
        hide_index=True,
        width="stretch",
        key="review_precision",
    )
    st.plotly_chart(
        charts.precision_over_time(verdicts.precision(db, by_month=True), lang), key="review_precision_chart"
    )
