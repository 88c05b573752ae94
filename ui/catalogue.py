"""The pages of the dashboard: file, title, icon and menu section of each.

The page key is its URL path and the key of the role matrix in
``analytics.roles.PAGES``. A page's file is named apart from its URL path;
the file named like the path (pages/<path>.py) only hands the request to the
router, because Streamlit's first run after start (and every AppTest run)
resolves addresses by file name before st.navigation takes over
(ui/first_run.py). Each page also checks its user itself (ui/guard.py).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    file: str
    title_key: str
    icon: str
    section_key: str
    uses_filters: bool = False  # shows the sidebar's period and community


CATALOGUE = (
    PageSpec("overview", "pages/committee_overview.py", "nav.overview", ":material/dashboard:", "nav.section.committee",
             uses_filters=True),
    PageSpec("register", "pages/risk_register.py", "nav.register", ":material/format_list_numbered:",
             "nav.section.committee", uses_filters=True),
    PageSpec("heatmaps", "pages/analyst_heatmaps.py", "nav.heatmaps", ":material/grid_on:", "nav.section.committee",
             uses_filters=True),
    PageSpec("trends", "pages/analyst_trends.py", "nav.trends", ":material/show_chart:", "nav.section.committee",
             uses_filters=True),
    PageSpec("rankings", "pages/analyst_rankings.py", "nav.rankings", ":material/leaderboard:",
             "nav.section.committee", uses_filters=True),
    PageSpec("review", "pages/alert_review.py", "nav.review", ":material/notifications_active:",
             "nav.section.committee", uses_filters=True),
    PageSpec("import", "pages/clerk_import.py", "nav.import", ":material/upload_file:", "nav.section.records"),
    PageSpec("entry", "pages/clerk_entry.py", "nav.entry", ":material/edit_note:", "nav.section.records"),
    PageSpec("accounts", "pages/admin_accounts.py", "nav.accounts", ":material/group:", "nav.section.admin"),
    PageSpec("settings", "pages/admin_settings.py", "nav.settings", ":material/tune:", "nav.section.admin"),
    PageSpec("audit", "pages/admin_audit.py", "nav.audit", ":material/history:", "nav.section.admin"),
    PageSpec("account", "pages/my_account.py", "nav.account", ":material/key:", "nav.section.me"),
)
BY_KEY = {spec.key: spec for spec in CATALOGUE}
