"""Who is logged in to this browser session: the login, its token in the browser, and its checks on every run."""

from __future__ import annotations

import json

import streamlit as st

from analytics import audit, auth, sessions, settings_store
from analytics.roles import User

from . import data

USER = "user"
TOKEN = "session_token"
DEAD = "session_cookie_dead"  # a cookie of this tab found ended: not asked again, and deleted in the browser
NOTICE = "login_notice"
ENDED_NOTICES = {
    "timeout": "login.timed_out",
    "changed": "login.ended.changed",
    "disabled": "login.ended.disabled",
    "expired": "login.ended.expired",
}


def current_user() -> User | None:
    """The logged-in user as the account stands now, or None. The session is checked again on every run
    (analytics.sessions.check): a disabled or locked account, a reset password, a changed role, the idle
    time-out or a log-out in another tab ends it here. A new tab or a reload resumes the login from the
    browser's session cookie."""
    db = data.database()
    token = st.session_state.get(TOKEN)
    resumed = token is None
    if resumed:
        token = _cookie()
        if token is None or token == st.session_state.get(DEAD):
            return None
    checked = sessions.check(db, token)
    if isinstance(checked, sessions.Ended):
        had_user = st.session_state.get(USER) is not None
        _forget()
        st.session_state[DEAD] = token
        notice = ENDED_NOTICES.get(checked.why)
        if notice and (had_user or resumed):
            minutes = settings_store.get(db, "session_timeout_minutes")
            hours = int(sessions.LIFETIME.total_seconds() // 3600)
            st.session_state[NOTICE] = (notice, {"minutes": minutes, "hours": hours})
        return None
    if resumed:
        st.session_state[TOKEN] = token
        audit.record(db, checked.username, "session_resumed", checked.username)
    st.session_state[USER] = checked
    return checked


LANG_COOKIE = "risk_radar_lang"
LANG_DAYS = 365


def _cookie(name: str = sessions.COOKIE) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser behind this run (AppTest)
        return None
    return value if isinstance(value, str) and 0 < len(value) <= sessions.MAX_TOKEN else None


def browser_language() -> str | None:
    """The language this browser chose last (kept across reloads and tabs), if any."""
    chosen = _cookie(LANG_COOKIE)
    return chosen if chosen in ("zh", "en") else None


def _set_cookie(name: str, value: str, seconds: int) -> str:
    secure = "(location.protocol === 'https:' ? '; Secure' : '')"
    attributes = f"; Max-Age={seconds}; Path=/; SameSite=Strict"
    return f"document.cookie = '{name}=' + {json.dumps(value)} + '{attributes}' + {secure};"


def keep_in_browser(lang: str) -> None:
    """Give the browser this session's cookie (so that a reload or a new tab stays logged in) and the chosen
    language, or take back a dead session's cookie. A script, run where it is drawn; the same on every run
    until something changes, so drawing it again does nothing."""
    script = [_set_cookie(LANG_COOKIE, lang, LANG_DAYS * 86400)]
    token = st.session_state.get(TOKEN)
    if token is not None:
        script.append(_set_cookie(sessions.COOKIE, token, int(sessions.LIFETIME.total_seconds())))
    elif st.session_state.get(DEAD) or _cookie() is not None:
        script.append(_set_cookie(sessions.COOKIE, "", 0))
    with st.sidebar:
        st.html(f"<script>{' '.join(script)}</script>", unsafe_allow_javascript=True, width=1)


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
    """Raises auth.LoginRefused; on success the session holds the user and a new session token."""
    db = data.database()
    user = auth.authenticate(db, username, password, client=client_address())
    st.session_state[USER] = user
    st.session_state[TOKEN] = sessions.start(db, user)
    st.session_state.pop(NOTICE, None)


def renew() -> None:
    """A new session for the user of this tab (after they changed their own password, which ends the old
    one in every tab)."""
    user = st.session_state.get(USER)
    if user is not None:
        st.session_state[TOKEN] = sessions.start(data.database(), user)


FRESH = "fresh_login"  # set at log-out: whoever logs in next starts on their own first page
KEPT_AT_LOGOUT = ("lang",)  # the screen's language stays; nothing of the last user does


def log_out() -> None:
    """End the session, in every tab that shares it: everything the last user chose (page, filters, forms,
    selections) is forgotten, and the browser's cookie is taken back."""
    user = st.session_state.get(USER)
    token = st.session_state.get(TOKEN)
    if user is not None:
        db = data.database()
        sessions.end(db, token, "logout")
        audit.record(db, user.username, "logout", user.username)
    kept = {key: st.session_state[key] for key in KEPT_AT_LOGOUT if key in st.session_state}
    for key in list(st.session_state.keys()):
        try:
            del st.session_state[key]
        except Exception:  # a widget of the running script: dropped with the next run anyway
            pass
    st.session_state.update(kept)
    st.session_state[FRESH] = True
    st.session_state[DEAD] = token


def _forget() -> None:
    for key in (USER, TOKEN):
        st.session_state.pop(key, None)
