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
PRESET = "period_preset"
COMMUNITY = "community_id"


def lang() -> str:
    return st.session_state.get(LANG) or session.browser_language() or office_language()


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


class Said(str):
    """A message already made safe for Markdown by :func:`say`: put inside another, it is not escaped again."""


def say(key: str, **values) -> Said:
    """Translate for a place Streamlit reads as Markdown (messages, captions, labels, headers): text values
    (ledger ids, names, file names, a ledger's headers) are escaped so that they read as typed, never as a
    link or an image; numbers and messages made by ``say`` go in as they are."""
    from ui.format import plain

    safe = {k: v if isinstance(v, Said) or not isinstance(v, str) else plain(v, inline=True) for k, v in values.items()}
    return Said(tr(key, **safe))


def period() -> Period:
    start, end = st.session_state[PERIOD]
    community = st.session_state.get(COMMUNITY)
    return Period(start, end, community if isinstance(community, int) else None)


def _keep(widget_key: str, state_key: str) -> None:
    # .get: after a log-out forgot the session, the browser may still report a widget the server no longer has
    if widget_key in st.session_state:
        st.session_state[state_key] = st.session_state[widget_key]


PRESETS = ("week", "month", "quarter", "year", "custom")  # the period choices, in the user's words


def preset_period(preset: str, first, last) -> tuple:
    """The days a preset covers, ending on the data's last day (never before the first)."""
    if preset == "week":
        start = last - timedelta(days=last.weekday())
    elif preset == "month":
        start = last.replace(day=1)
    elif preset == "quarter":
        start = last.replace(month=3 * ((last.month - 1) // 3) + 1, day=1)
    else:
        start = last - timedelta(days=364)
    return max(first, start), last


def _keep_preset(widget_key: str, first, last) -> None:
    preset = st.session_state.get(widget_key)
    if preset is None:
        return
    st.session_state[PRESET] = preset
    if preset != "custom":
        st.session_state[PERIOD] = preset_period(preset, first, last)


def _keep_custom(which: int, widget_key: str) -> None:
    chosen = st.session_state.get(widget_key)
    if chosen is None or PERIOD not in st.session_state:
        return
    start, end = st.session_state[PERIOD]
    start, end = (chosen, end) if which == 0 else (start, chosen)
    st.session_state[PERIOD] = (min(start, end), max(start, end))


def kept_choice(where, label: str, options: list, state_key: str, format_func=str, **kwargs):
    """A selectbox or radio whose choice lives in ``st.session_state[state_key]``, so it survives a visit
    to another page (a widget's own key is dropped when its page is not drawn)."""
    current = st.session_state.get(state_key)
    index = options.index(current) if current in options else 0
    # one widget per language: a widget keeps its choice by label, and the labels change with the language
    widget_key = f"_w_{state_key}_{lang()}"
    return where(
        label,
        options,
        index=index,
        format_func=format_func,
        key=widget_key,
        on_change=_keep,
        args=(widget_key, state_key),
        **kwargs,
    )


def language_switch() -> None:
    st.session_state.setdefault(LANG, session.browser_language() or office_language())
    options = list(LANGUAGES)
    st.sidebar.radio(
        t("sidebar.language", lang()),
        options=options,
        format_func=LANGUAGES.get,
        index=options.index(lang()),
        key="_w_lang",
        on_change=_keep,
        args=("_w_lang", LANG),
        horizontal=True,
    )


def sidebar_filters(box) -> bool:
    """Period and community in the sidebar's ``box`` (below the menu); False when there is no data to filter."""
    first, last = data.data_range()
    if last is None:
        return False
    if PERIOD not in st.session_state:
        st.session_state[PERIOD] = preset_period("year", first, last)
        st.session_state[PRESET] = "year"
    # our own choices (Streamlit's range picker offers "Past Week…" in English only); dates only for 自定义
    preset = st.session_state.get(PRESET, "custom")
    widget = f"_w_preset_{lang()}"
    box.selectbox(
        tr("sidebar.period"),
        PRESETS,
        index=PRESETS.index(preset),
        format_func=lambda p: tr(f"period.{p}"),
        key=widget,
        on_change=_keep_preset,
        args=(widget, first, last),
    )
    start, end = st.session_state[PERIOD]
    if preset == "custom":
        left, right = box.columns(2)
        left.date_input(
            tr("period.start"),
            value=start,
            min_value=first,
            max_value=last,
            format="YYYY-MM-DD",
            key="_w_period_start",
            on_change=_keep_custom,
            args=(0, "_w_period_start"),
        )
        right.date_input(
            tr("period.end"),
            value=end,
            min_value=first,
            max_value=last,
            format="YYYY-MM-DD",
            key="_w_period_end",
            on_change=_keep_custom,
            args=(1, "_w_period_end"),
        )
    else:
        box.caption(tr("period.span", start=start.isoformat(), end=end.isoformat()))
    box.caption(tr("sidebar.data_until", date=last.isoformat()))

    frame = data.communities()
    names = dict(zip(frame["community_id"].astype(int), frame["name"]))
    options = [None, *names]
    current = st.session_state.get(COMMUNITY)
    box.selectbox(
        tr("sidebar.community"),
        options=options,
        index=options.index(current) if current in options else 0,
        format_func=lambda cid: tr("sidebar.all_communities") if cid is None else names[cid],
        # one widget per language: a selectbox keeps its choice by label, and the labels change with the language
        key=f"_w_community_{lang()}",
        on_change=_keep,
        args=(f"_w_community_{lang()}", COMMUNITY),
    )
    return True


def menu(user: User, allowed: list[PageSpec], pages: dict):
    """The sidebar menu: only the pages this user's role may open, by section; then the place for the page's
    filters (returned), then who is logged in, last, where a short screen does not push the filters out of
    reach."""
    section = None
    for spec in allowed:
        if spec.section_key != section:
            section = spec.section_key
            st.sidebar.caption(tr(section))
        st.sidebar.page_link(pages[spec.key], label=tr(spec.title_key), icon=spec.icon)
        if spec.key == "review" and PERIOD in st.session_state:
            unread = data.unread_alerts(user.username, st.session_state[PERIOD][1])
            if unread:
                st.sidebar.badge(tr("sidebar.unread", count=unread), icon=":material/mark_email_unread:", color="red")
    filters = st.sidebar.container()
    st.sidebar.divider()
    st.sidebar.caption(say("signed_in_as", name=user.username, role=tr(f"role.{user.role}")))
    st.sidebar.button(tr("logout"), on_click=session.log_out, icon=":material/logout:", key="logout")
    return filters


def refuse(user: User, spec: PageSpec) -> None:
    """Tell the user plainly that the page is not theirs, and record the attempt."""
    audit.record(data.database(), user.username, "access_denied", spec.key, {"role": user.role})
    st.title(tr("refused.title"))
    st.error(tr("refused.body", page=tr(spec.title_key), role=tr(f"role.{user.role}")), icon=":material/block:")


def refused_inside(user: User, spec: PageSpec, refused) -> None:
    """A refusal raised by analytics/ while the page ran: said in words under what the page drew, and recorded
    like a refused page."""
    audit.record(data.database(), user.username, "access_denied", refused.what, {"role": user.role, "page": spec.key})
    st.error(refused.said(lang()), icon=":material/block:")


FLASH = "flash"


def flash(message: str) -> None:
    """Say ``message`` after the page reruns with fresh data (the rerun happens here)."""
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    """The flash message, in a slot that is drawn on every run: what follows keeps its place on the page, so
    a form saved and redrawn replaces itself instead of showing twice while the page reruns."""
    slot = st.empty()
    message = st.session_state.pop(FLASH, None)
    if message:
        slot.success(message)
