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
shown.columns = [
    state.tr(f"col.{c}")
    for c in ("username", "role", "demo", "disabled", "failures", "locked_until", "created", "password_changed")
]
st.dataframe(shown, hide_index=True, width="stretch")


def role_label(role: str) -> str:
    return state.tr(f"role.{role}")


def new_account_key(name: str) -> str:
    """The new-account form's widgets are renewed after a creation; after a refusal they keep what was typed."""
    return f"{name}_{st.session_state.get('new_account_generation', 0)}"


left, right = st.columns(2)
with left, st.form("new_account", clear_on_submit=False):
    st.subheader(state.tr("accounts.new"))
    name = st.text_input(state.tr("login.username"), key=new_account_key("new_name"), max_chars=64)
    # no default role: an admin account is never made by leaving the box as it came
    role = st.selectbox(
        state.tr("accounts.role"),
        ROLES,
        index=None,
        placeholder=state.tr("accounts.role.choose"),
        format_func=role_label,
        key=new_account_key("new_role"),
    )
    password = st.text_input(
        state.tr("login.password"), type="password", key=new_account_key("new_password"), max_chars=256
    )
    if st.form_submit_button(state.tr("accounts.create"), type="primary", key="create_account"):
        try:
            if role is None:
                raise auth.AccountError("accounts.role.missing")
            auth.add_account(db, user, name, role, password)
        except auth.AccountError as problem:
            st.error(state.tr(problem.key, **problem.values))
        else:
            st.session_state["new_account_generation"] = st.session_state.get("new_account_generation", 0) + 1
            state.flash(state.say("accounts.created", name=name.strip()))  # shown above the refreshed table

with right:
    st.subheader(state.tr("accounts.edit"))
    # outside the form, so that the form below shows the chosen account's role and state at once
    which = st.selectbox(state.tr("accounts.which"), list(accounts["username"]), key="edit_which")
    current = accounts.loc[accounts["username"] == which].iloc[0]
    with st.form("edit_account"):
        new_role = st.selectbox(
            state.tr("accounts.role"),
            ROLES,
            index=ROLES.index(current["role"]),
            format_func=role_label,
            key=f"edit_role_{which}",
        )
        disabled = st.checkbox(
            state.tr("accounts.disabled"), value=bool(current["disabled"]), key=f"edit_disabled_{which}"
        )
        unlock = st.checkbox(state.tr("accounts.unlock"), key=f"edit_unlock_{which}")
        reset = st.text_input(state.tr("accounts.reset"), type="password", key=f"edit_reset_{which}", max_chars=256)
        if st.form_submit_button(state.tr("accounts.save"), key="save_account"):
            try:
                auth.update_account(db, user, which, role=new_role, disabled=disabled, unlock=unlock)
                if reset:
                    auth.reset_password(db, user, which, reset)
            except auth.AccountError as problem:
                st.error(state.tr(problem.key, **problem.values))
            else:
                state.flash(state.tr("accounts.saved"))
