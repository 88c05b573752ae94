"""My account: what my role may do, and changing my password."""

from __future__ import annotations

import streamlit as st

from analytics import auth, roles
from ui import data, guard, session, state
from ui.catalogue import CATALOGUE

user = guard.page_user("account")
st.title(state.tr("account.title"))
pages = ", ".join(state.tr(spec.title_key) for spec in CATALOGUE if roles.can_open(user, spec.key))
st.write(state.tr("account.role_can", role=state.tr(f"role.{user.role}"), pages=pages))

with st.form("change_password", width=420):
    limit = auth.MAX_PASSWORD
    old = st.text_input(state.tr("account.old"), type="password", key="account_old", max_chars=limit)
    new = st.text_input(state.tr("account.new"), type="password", key="account_new", max_chars=limit)
    again = st.text_input(state.tr("account.again"), type="password", key="account_again", max_chars=limit)
    submitted = st.form_submit_button(state.tr("account.change"), type="primary", key="change_password")

if submitted:
    if new != again:
        st.error(state.tr("account.mismatch"))
    else:
        try:
            auth.change_password(data.database(), user, old, new)
        except auth.AccountError as problem:
            st.error(state.tr(problem.key, **problem.values))
        else:
            session.renew()  # the change ends the sessions started before it, in other tabs too; this one goes on
            st.success(state.tr("account.changed"))

# the name staff go by at work (包案领导, 承办人 are kept in clear: they act in their office role)
with st.form("my_name", width=420):
    st.text_input(
        state.tr("account.full_name"),
        value=auth.full_name(data.database(), user.username) or "",
        key="account_full_name",
        max_chars=100,
        help=state.tr("account.full_name.help"),
    )
    named = st.form_submit_button(state.tr("account.save_name"), key="account_save_name")
if named:
    auth.set_full_name(data.database(), user, st.session_state["account_full_name"])
    st.success(state.tr("account.name_saved"))
