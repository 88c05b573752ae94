"""Risk Radar 风险雷达 — the entry file: page config, login gate, sidebar, navigation.

Run with `make run` (or `streamlit run dashboard.py`). Pages are storyboards
under app_pages/; everything they compute comes from the analytics package.
Every page is registered so that its URL resolves, but a page runs only for
a logged-in user whose role may open it (analytics.roles.PAGES). The database
file is held open for the length of one script run (ui.data).
"""

from __future__ import annotations

import logging

import streamlit as st

from analytics import roles
from analytics.db import DatabaseError
from ui import backups, data, early_warning, login, session, state
from ui.catalogue import CATALOGUE


def main() -> None:
    user = session.current_user()
    session.keep_in_browser(state.lang())
    st.sidebar.title(state.tr("app.title"))
    st.sidebar.caption(state.tr("app.subtitle"))
    state.language_switch()

    allowed = [spec for spec in CATALOGUE if roles.can_open(user, spec.key)] if user else []
    pages = {
        spec.key: st.Page(
            spec.file,
            title=state.tr(spec.title_key),
            icon=spec.icon,
            url_path=spec.key,
            default=bool(allowed) and spec is allowed[0],
        )
        for spec in CATALOGUE
    }
    if user is None:
        # Whatever the address, the login form is what runs; after it, the address asked for
        # (or, from the bare address, the role's first page).
        entry = st.Page(login.render, title=state.tr("login.title"), url_path="login", default=True)
        page = st.navigation([entry, *pages.values()], position="hidden")
        login.render(pages_by_key=pages, asked=next((key for key, p in pages.items() if p is page), None))
        return
    page = st.navigation(list(pages.values()), position="hidden")
    filters = state.menu(user, allowed, pages)

    spec = next(spec for spec in CATALOGUE if pages[spec.key] is page)
    if not roles.can_open(user, spec.key):
        state.refuse(user, spec)
        return
    if spec.uses_filters and not state.sidebar_filters(filters):
        st.info(state.tr("db.empty"))
        return
    try:
        page.run()
    except roles.PermissionDenied as refused:  # a check inside analytics/ the page itself did not make
        state.refused_inside(user, spec, refused)


st.set_page_config(page_title=state.tr("app.title"), page_icon=":material/radar:", layout="wide")
try:
    with data.database().in_use():
        backups.keep_scheduled(data.database().path)  # this server's daily backup (ui.backups)
        early_warning.worker(data.database())  # and its early warning, which runs whether or not pages are open
        main()
except DatabaseError as problem:
    logging.getLogger("risk_radar").error("cannot open the database: %s", problem)  # the path stays in the log
    st.error(state.tr("db.cannot_open"))
