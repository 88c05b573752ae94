"""我包案的事项: the risk items a leader leads (包案领导) or a staff member handles (承办人), late ones first, each
with its handling."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import auth, lifecycle
from analytics.taxonomy import CATEGORIES, label
from ui import casework, data, guard, state

user = guard.page_user("my_items")
lang = state.lang()
db = data.database()
today = date.today()
st.title(state.tr("my_items.title"))
st.caption(state.tr("mine.caption"))

# whose list: the name this account goes by (set on 我的账号), or any leader or handler the office has named
names = lifecycle.people(db)
mine = auth.full_name(db, user.username)
if mine and mine not in names:
    names.insert(0, mine)
if not names:
    st.info(state.tr("mine.nobody"))
    st.stop()
if not mine:
    st.caption(state.tr("mine.set_name"))
who = st.selectbox(state.tr("mine.whose"), names, index=names.index(mine) if mine in names else 0, key="mine_who")
items = lifecycle.items(db, today, leader=who)
late = items[items["overdue"]]
soon = items[(~items["overdue"]) & items["due"].notna() & (items["due"] <= today + timedelta(days=7))]
cards = st.columns(3)
cards[0].metric(state.tr("mine.open"), len(items))
cards[1].metric(state.tr("mine.late"), len(late))
cards[2].metric(state.tr("mine.due_soon"), len(soon))
if items.empty:
    st.success(state.say("mine.none", who=who))
    st.stop()
table = pd.DataFrame(
    {
        state.tr("col.matter"): items["matter_id"],
        state.tr("col.case_state"): [casework.state_label(s) for s in items["state"]],
        state.tr("col.community"): items["community"],
        state.tr("col.category"): [label(CATEGORIES, c, lang) for c in items["category"]],
        state.tr("register.unit"): items["unit"].fillna("—"),
        state.tr("register.due"): [("—" if pd.isna(d) else str(d)[:10]) for d in items["due"]],
        state.tr("mine.days_late"): [str(int(d)) if d > 0 else "" for d in items["days_overdue"]],
        state.tr("col.text"): items["description"].fillna(""),
    }
)
picked = st.dataframe(
    table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="mine_table"
)
rows = picked.selection.rows if picked is not None else []
if not rows and len(items) == 1:
    rows = [0]
if not rows:
    st.info(state.tr("register.pick"))
    st.stop()
chosen = items.iloc[rows[0]]
st.subheader(state.say("mine.detail", matter=chosen["matter_id"], community=chosen["community"]))
with st.container(border=True):
    casework.panel(user, chosen["matter_id"], key=f"mine_{chosen['matter_id']}")
