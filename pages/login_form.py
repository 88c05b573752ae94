"""Log in: the only page anyone sees before logging in."""
from __future__ import annotations

import streamlit as st

from analytics import auth
from ui import data, session, state

st.title(state.tr("login.title"))
notice = st.session_state.get(session.NOTICE)
if notice:
    st.warning(state.tr(notice[0], **notice[1]))

db = data.database()
if auth.has_demo_accounts(db):
    st.info(state.tr("login.demo"))
elif not data.account_count():
    st.warning(state.tr("login.no_accounts"))

with st.form("login", border=True, width=420):
    username = st.text_input(state.tr("login.username"), key="login_username")
    password = st.text_input(state.tr("login.password"), type="password", key="login_password")
    submitted = st.form_submit_button(state.tr("login.submit"), type="primary")

if submitted:
    try:
        session.log_in(username, password)
    except auth.LoginRefused as refused:
        if refused.reason == "locked":
            st.error(state.tr("login.locked", until=refused.until.strftime("%Y-%m-%d %H:%M")))
        elif refused.reason == "disabled":
            st.error(state.tr("login.disabled"))
        else:
            st.error(state.tr("login.wrong"))
    else:
        st.rerun()
