"""Audit log (admin): search who did what and when; download what was found."""
from __future__ import annotations

import streamlit as st

from analytics import audit, exports
from ui import data, guard, state

LIMIT = 1000
user = guard.page_user("audit")
db = data.database()
st.title(state.tr("audit.title"))
st.caption(state.tr("audit.caption"))

columns = st.columns([2, 2, 2, 2, 3])
users = [None, *audit.usernames(db, user)]
username = columns[0].selectbox(state.tr("audit.user"), users, key="audit_user",
                                format_func=lambda u: state.tr("audit.any") if u is None else u)
action = columns[1].selectbox(state.tr("audit.action"), [None, *audit.ACTIONS], key="audit_action",
                              format_func=lambda a: state.tr("audit.any") if a is None else a)
since = columns[2].date_input(state.tr("audit.from"), value=None, key="audit_since")
until = columns[3].date_input(state.tr("audit.until"), value=None, key="audit_until")
text = columns[4].text_input(state.tr("audit.text"), key="audit_text")

events = audit.search(db, user, username=username, action=action, since=since, until=until, text=text, limit=LIMIT)
st.caption(state.tr("audit.count", count=len(events), limit=LIMIT))
shown = events.drop(columns=["event_id"])
shown.columns = [state.tr(f"col.{c}") for c in ("when", "username", "action", "target", "detail")]
st.dataframe(shown, hide_index=True, width="stretch")
st.download_button(state.tr("download.csv"), exports.to_csv_bytes(shown), file_name="audit-log.csv",
                   mime="text/csv", on_click=audit.record, args=(db, user.username, "export", "audit_log",
                                                                  {"rows": len(shown)}))
