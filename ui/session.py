"""Who is logged in to this browser session, and for how long without activity."""

from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

from analytics import audit, auth, settings_store
from analytics.roles import User

from . import data

USER = "user"
LAST_ACTIVE = "last_active"
NOTICE = "login_notice"


def current_user() -> User | None:
    """The logged-in user, or None; a session idle past the time-out is logged out here."""
    user = st.session_state.get(USER)
    if user is None:
        return None
    db = data.database()
    minutes = settings_store.get(db, "session_timeout_minutes")
    now = datetime.now()
    last = st.session_state.get(LAST_ACTIVE, now)
    if now - last > timedelta(minutes=minutes):
        audit.record(db, user.username, "session_timeout", user.username, {"idle_minutes": minutes})
        _forget()
        st.session_state[NOTICE] = ("login.timed_out", {"minutes": minutes})
        return None
    st.session_state[LAST_ACTIVE] = now
    return user


def client_address() -> str | None:
    """The browser's address, for slowing repeated failures per client: behind the office's proxy (which
    connects from this machine) the address it forwards in X-Real-IP, else the connection's own."""
    try:
        address = st.context.ip_address
        if address in (None, "127.0.0.1", "::1"):
            address = st.context.headers.get("X-Real-IP") or address
    except Exception:  # no browser behind this run (AppTest)
        return None
    return str(address)[:64] if address else None


def log_in(username: str, password: str) -> None:
    """Raises auth.LoginRefused; on success the session holds the user."""
    user = auth.authenticate(data.database(), username, password, client=client_address())
    st.session_state[USER] = user
    st.session_state[LAST_ACTIVE] = datetime.now()
    st.session_state.pop(NOTICE, None)


FRESH = "fresh_login"  # set at log-out: whoever logs in next starts on their own first page
KEPT_AT_LOGOUT = ("lang",)  # the screen's language stays; nothing of the last user does


def log_out() -> None:
    """End the session: everything the last user chose (page, filters, forms, selections) is forgotten."""
    user = st.session_state.get(USER)
    if user is not None:
        audit.record(data.database(), user.username, "logout", user.username)
    kept = {key: st.session_state[key] for key in KEPT_AT_LOGOUT if key in st.session_state}
    for key in list(st.session_state.keys()):
        try:
            del st.session_state[key]
        except Exception:  # a widget of the running script: dropped with the next run anyway
            pass
    st.session_state.update(kept)
    st.session_state[FRESH] = True


def _forget() -> None:
    for key in (USER, LAST_ACTIVE):
        st.session_state.pop(key, None)
