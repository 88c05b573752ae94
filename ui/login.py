"""The login form: the only thing anyone sees before logging in, whatever the address."""

from __future__ import annotations

import streamlit as st

from analytics import auth, roles

from . import data, session, state


def render(pages_by_key: dict | None = None, asked: str | None = None) -> None:
    """The form; on success go on to the page asked for (a bookmark) if the role may open it, else to the role's
    first page. After a log-out in the same tab, the next user always starts on their own first page."""
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
        username = st.text_input(state.tr("login.username"), key="login_username", max_chars=auth.MAX_NAME)
        password = st.text_input(
            state.tr("login.password"), type="password", key="login_password", max_chars=auth.MAX_PASSWORD
        )
        submitted = st.form_submit_button(state.tr("login.submit"), type="primary", key="login_submit")

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
            user = st.session_state[session.USER]
            fresh = st.session_state.pop(session.FRESH, False)
            landing = next((key for key in (pages_by_key or {}) if roles.can_open(user, key)), None)
            stay = asked is not None and not fresh and roles.can_open(user, asked)
            if landing is not None and not stay:
                st.switch_page(pages_by_key[landing])
            st.rerun()
