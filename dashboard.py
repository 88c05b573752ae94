"""Risk Radar 风险雷达 — the entry file: page config, sidebar, navigation.

Run with `make run` (or `streamlit run dashboard.py`). Pages are storyboards
under pages/; everything they compute comes from the analytics package.
"""
from __future__ import annotations

import streamlit as st

from ui import state

st.set_page_config(page_title=state.tr("app.title"), page_icon=":material/radar:", layout="wide")

st.sidebar.title(state.tr("app.title"))
st.sidebar.caption(state.tr("app.subtitle"))
state.language_switch()
has_data = state.sidebar_filters()

pages = {
    state.tr("nav.section.committee"): [
        st.Page("pages/overview.py", title=state.tr("nav.overview"), icon=":material/dashboard:",
                url_path="overview", default=True),
    ],
}
page = st.navigation(pages)
if not has_data:
    st.info(state.tr("db.empty"))
    st.stop()
page.run()
