"""Cross-page state: plain session_state keys, set in the entry file.

Widget keys are dropped when their page is not drawn, so the sidebar's
widgets copy their values into these keys in ``on_change`` callbacks, and
take their shown value from them; every page reads the plain keys. (A
widget's identity can change between the first run and later ones under
``st.navigation``; the callbacks carry the user's choice across.)
"""
from __future__ import annotations

from datetime import timedelta

import streamlit as st

from analytics import audit, settings_store
from analytics.i18n import LANGUAGES, t
from analytics.queries import Period
from analytics.roles import User
from analytics.settings import default_language

from . import data, session
from .catalogue import PageSpec

LANG = "lang"
PERIOD = "period"
COMMUNITY = "community_id"


def lang() -> str:
    return st.session_state.get(LANG) or office_language()


def office_language() -> str:
    """The admin's default language if one was set, else RISK_LANG, else Chinese."""
    try:
        chosen = settings_store.stored(data.database(), "default_language")
    except Exception:  # no database yet: the environment decides
        chosen = None
    return chosen or default_language()


def tr(key: str, **values) -> str:
    """Translate into the session's language."""
    return t(key, lang(), **values)


def period() -> Period:
    start, end = st.session_state[PERIOD]
    community = st.session_state.get(COMMUNITY)
    return Period(start, end, community if isinstance(community, int) else None)


def _keep(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def _keep_period() -> None:
    chosen = st.session_state["_w_period"]
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        st.session_state[PERIOD] = tuple(chosen)


def kept_choice(where, label: str, options: list, state_key: str, format_func=str, **kwargs):
    """A selectbox or radio whose choice lives in ``st.session_state[state_key]``, so it survives a visit
    to another page (a widget's own key is dropped when its page is not drawn)."""
    current = st.session_state.get(state_key)
    index = options.index(current) if current in options else 0
    # one widget per language: a widget keeps its choice by label, and the labels change with the language
    widget_key = f"_w_{state_key}_{lang()}"
    return where(label, options, index=index, format_func=format_func, key=widget_key, on_change=_keep,
                 args=(widget_key, state_key), **kwargs)


def language_switch() -> None:
    st.session_state.setdefault(LANG, office_language())
    options = list(LANGUAGES)
    st.sidebar.radio(
        t("sidebar.language", lang()), options=options, format_func=LANGUAGES.get,
        index=options.index(lang()), key="_w_lang", on_change=_keep, args=("_w_lang", LANG),
        horizontal=True,
    )


def sidebar_filters() -> bool:
    """Period and community in the sidebar; False when there is no data to filter."""
    first, last = data.data_range()
    if last is None:
        return False
    if PERIOD not in st.session_state:
        st.session_state[PERIOD] = (max(first, last - timedelta(days=364)), last)
    chosen = st.sidebar.date_input(
        tr("sidebar.period"), value=st.session_state[PERIOD], min_value=first, max_value=last,
        key="_w_period", on_change=_keep_period,
    )
    if not (isinstance(chosen, (tuple, list)) and len(chosen) == 2):
        st.sidebar.caption(tr("period.invalid"))  # half-picked: keep the last whole period
    st.sidebar.caption(tr("sidebar.data_until", date=last.isoformat()))

    frame = data.communities()
    names = dict(zip(frame["community_id"].astype(int), frame["name"]))
    options = [None, *names]
    current = st.session_state.get(COMMUNITY)
    st.sidebar.selectbox(
        tr("sidebar.community"), options=options,
        index=options.index(current) if current in options else 0,
        format_func=lambda cid: tr("sidebar.all_communities") if cid is None else names[cid],
        # one widget per language: a selectbox keeps its choice by label, and the labels change with the language
        key=f"_w_community_{lang()}", on_change=_keep, args=(f"_w_community_{lang()}", COMMUNITY),
    )
    return True


def menu(user: User, allowed: list[PageSpec], pages: dict) -> None:
    """The sidebar menu: only the pages this user's role may open, by section; then who is logged in."""
    section = None
    for spec in allowed:
        if spec.section_key != section:
            section = spec.section_key
            st.sidebar.caption(tr(section))
        st.sidebar.page_link(pages[spec.key], label=tr(spec.title_key), icon=spec.icon)
        if spec.key == "review" and PERIOD in st.session_state:
            unread = data.unread_alerts(user.username, st.session_state[PERIOD][1])
            if unread:
                st.sidebar.badge(tr("sidebar.unread", count=unread), icon=":material/mark_email_unread:",
                                 color="red")
    st.sidebar.divider()
    st.sidebar.caption(tr("signed_in_as", name=user.username, role=tr(f"role.{user.role}")))
    st.sidebar.button(tr("logout"), on_click=session.log_out, icon=":material/logout:", key="logout")


def refuse(user: User, spec: PageSpec) -> None:
    """Tell the user plainly that the page is not theirs, and record the attempt."""
    audit.record(data.database(), user.username, "access_denied", spec.key, {"role": user.role})
    st.title(tr("refused.title"))
    st.error(tr("refused.body", page=tr(spec.title_key), role=tr(f"role.{user.role}")), icon=":material/block:")


FLASH = "flash"


def flash(message: str) -> None:
    """Say ``message`` after the page reruns with fresh data (the rerun happens here)."""
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def run_alert_action(user: User, alert_id: int, action: str, **details) -> None:
    """Carry out an officer's action on an alert and say what happened (or why not)."""
    from analytics.alerts import AlertActionRefused, act

    try:
        new_state = act(data.database(), user, alert_id, action, **details)
    except AlertActionRefused as refused:
        st.error(tr(refused.key, **refused.values))
        return
    flash(tr("review.done", alert_id=alert_id, state=tr(f"state.{new_state}")))
