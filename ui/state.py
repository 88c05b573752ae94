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

from analytics.i18n import LANGUAGES, t
from analytics.queries import Period
from analytics.settings import default_language

from . import data

LANG = "lang"
PERIOD = "period"
COMMUNITY = "community_id"


def lang() -> str:
    return st.session_state.get(LANG) or default_language()


def tr(key: str, **values) -> str:
    """Translate into the session's language."""
    return t(key, lang(), **values)


def period() -> Period:
    start, end = st.session_state[PERIOD]
    return Period(start, end, st.session_state.get(COMMUNITY))


def _keep(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def _keep_period() -> None:
    chosen = st.session_state["_w_period"]
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        st.session_state[PERIOD] = tuple(chosen)


def language_switch() -> None:
    st.session_state.setdefault(LANG, default_language())
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
        key="_w_community", on_change=_keep, args=("_w_community", COMMUNITY),
    )
    return True
