"""Audit log (admin): search who did what and when; download what was found."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from analytics import audit, exports
from analytics.audit_text import action_text, detail_text
from ui import data, guard, state

LIMIT = 1000
user = guard.page_user("audit")
db = data.database()
st.title(state.tr("audit.title"))
st.caption(state.tr("audit.caption"))

columns = st.columns([2, 2, 2, 2, 3])
users = [None, *audit.usernames(db, user)]
username = columns[0].selectbox(
    state.tr("audit.user"), users, key="audit_user", format_func=lambda u: state.tr("audit.any") if u is None else u
)
action = columns[1].selectbox(
    state.tr("audit.action"),
    [None, *audit.ACTIONS],
    key=f"audit_action_{state.lang()}",
    format_func=lambda a: state.tr("audit.any") if a is None else action_text(a, state.lang()),
)
# a month up to today to start with (an empty date box would show its English placeholder, YYYY/MM/DD)
today = date.today()
since = columns[2].date_input(
    state.tr("audit.from"), value=today - timedelta(days=30), key="audit_since", format="YYYY-MM-DD"
)
until = columns[3].date_input(state.tr("audit.until"), value=today, key="audit_until", format="YYYY-MM-DD")
text = columns[4].text_input(state.tr("audit.text"), key="audit_text", max_chars=200)

events = audit.search(db, user, username=username, action=action, since=since, until=until, text=text, limit=LIMIT)
st.caption(state.tr("audit.count", count=len(events), limit=LIMIT))
# codes and JSON stay in the log (and in the download, for auditors); the page shows them in words
lang = state.lang()
shown = events.drop(columns=["event_id"]).assign(
    action=events["action"].map(lambda a: action_text(a, lang)),
    detail=[detail_text(d, lang, a) for d, a in zip(events["detail"], events["action"])],
    target=events["target"].fillna(""),
    username=events["username"].fillna("—"),
)
shown.columns = [state.tr(f"col.{c}") for c in ("when", "username", "action", "target", "detail")]
st.dataframe(shown, hide_index=True, width="stretch")
exported = events.drop(columns=["event_id"])
exported.columns = shown.columns
st.download_button(
    state.tr("download.csv"),
    exports.to_csv_bytes(exported),
    file_name="audit-log.csv",
    mime="text/csv",
    on_click=audit.record,
    args=(db, user.username, "export", "audit_log", {"rows": len(shown)}),
)
