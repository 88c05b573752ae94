"""Accounts (admin): who may log in, with which role; create, change, unlock, reset."""
from __future__ import annotations

import streamlit as st

from analytics import auth
from analytics.roles import ROLES
from ui import data, guard, state

user = guard.page_user("accounts")
db = data.database()
st.title(state.tr("accounts.title"))
st.caption(state.tr("accounts.caption"))
state.show_flash()

accounts = auth.list_accounts(db, user)
shown = accounts.assign(role=accounts["role"].map(lambda r: state.tr(f"role.{r}")))
shown.columns = [state.tr(f"col.{c}") for c in ("username", "role", "demo", "disabled", "failures",
                                                 "locked_until", "created", "password_changed")]
st.dataframe(shown, hide_index=True, width="stretch")


def role_label(role: str) -> str:
    return state.tr(f"role.{role}")


left, right = st.columns(2)
with left, st.form("new_account", clear_on_submit=True):
    st.subheader(state.tr("accounts.new"))
    name = st.text_input(state.tr("login.username"), key="new_name")
    role = st.selectbox(state.tr("accounts.role"), ROLES, format_func=role_label, key="new_role")
    password = st.text_input(state.tr("login.password"), type="password", key="new_password")
    if st.form_submit_button(state.tr("accounts.create"), type="primary", key="create_account"):
        try:
            auth.add_account(db, user, name, role, password)
        except auth.AccountError as problem:
            st.error(state.tr(problem.key, **problem.values))
        else:
            state.flash(state.tr("accounts.created", name=name.strip()))  # shown above the refreshed table

with right, st.form("edit_account"):
    st.subheader(state.tr("accounts.edit"))
    which = st.selectbox(state.tr("accounts.which"), list(accounts["username"]), key="edit_which")
    current = accounts.loc[accounts["username"] == which].iloc[0]
    new_role = st.selectbox(state.tr("accounts.role"), ROLES, index=ROLES.index(current["role"]),
                            format_func=role_label, key="edit_role")
    disabled = st.checkbox(state.tr("accounts.disabled"), value=bool(current["disabled"]), key="edit_disabled")
    unlock = st.checkbox(state.tr("accounts.unlock"), key="edit_unlock")
    reset = st.text_input(state.tr("accounts.reset"), type="password", key="edit_reset")
    if st.form_submit_button(state.tr("accounts.save"), key="save_account"):
        try:
            auth.update_account(db, user, which, role=new_role, disabled=disabled, unlock=unlock)
            if reset:
                auth.reset_password(db, user, which, reset)
        except auth.AccountError as problem:
            st.error(state.tr(problem.key, **problem.values))
        else:
            state.flash(state.tr("accounts.saved"))
