"""Hand an address over to the router on a server's first run.

With a pages/ folder Streamlit resolves the very first request by file name,
before st.navigation has ever run. For each page address there is a file
pages/<address>.py that only calls :func:`hand_over`, which runs the router
(dashboard.py): login gate, sidebar, st.navigation and the real page. Without
it a bookmarked address would show Streamlit's "page not found" notice once.
"""
from __future__ import annotations

import runpy

from analytics.settings import ROOT


def hand_over() -> None:
    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
