"""The pages of the dashboard: file, title, icon and menu section of each.

The page key is its URL path and the key of the role matrix in
``analytics.roles.PAGES``; the file (app_pages/, named for what it draws) is
run by the router (dashboard.py) through st.navigation only. The folder is not
called pages/, so Streamlit does not discover pages by itself, and every
address, even the first request after a server start, goes through the login
gate. Each page also checks its user itself (ui/guard.py).
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
    PageSpec(
        "overview",
        "app_pages/overview.py",
        "nav.overview",
        ":material/dashboard:",
        "nav.section.risks",
        uses_filters=True,
    ),
    PageSpec(
        "register",
        "app_pages/risk_register.py",
        "nav.register",
        ":material/format_list_numbered:",
        "nav.section.risks",
        uses_filters=True,
    ),
    PageSpec(
        "campaigns",
        "app_pages/campaigns.py",
        "nav.campaigns",
        ":material/door_front:",
        "nav.section.risks",
        uses_filters=True,
    ),
    PageSpec(
        "review",
        "app_pages/alert_review.py",
        "nav.review",
        ":material/notifications_active:",
        "nav.section.risks",
        uses_filters=True,
    ),
    PageSpec(
        "meeting",
        "app_pages/meeting.py",
        "nav.meeting",
        ":material/groups:",
        "nav.section.risks",
        uses_filters=True,
    ),
    PageSpec("my_items", "app_pages/my_items.py", "nav.my_items", ":material/assignment_ind:", "nav.section.risks"),
    PageSpec(
        "heatmaps",
        "app_pages/heatmaps.py",
        "nav.heatmaps",
        ":material/grid_on:",
        "nav.section.analysis",
        uses_filters=True,
    ),
    PageSpec(
        "trends",
        "app_pages/trends.py",
        "nav.trends",
        ":material/show_chart:",
        "nav.section.analysis",
        uses_filters=True,
    ),
    PageSpec(
        "rankings",
        "app_pages/rankings.py",
        "nav.rankings",
        ":material/leaderboard:",
        "nav.section.analysis",
        uses_filters=True,
    ),
    PageSpec("import", "app_pages/ledger_import.py", "nav.import", ":material/upload_file:", "nav.section.records"),
    PageSpec("entry", "app_pages/quick_entry.py", "nav.entry", ":material/edit_note:", "nav.section.records"),
    PageSpec("accounts", "app_pages/accounts.py", "nav.accounts", ":material/group:", "nav.section.admin"),
    PageSpec("settings", "app_pages/settings.py", "nav.settings", ":material/tune:", "nav.section.admin"),
    PageSpec("audit", "app_pages/audit_log.py", "nav.audit", ":material/history:", "nav.section.admin"),
    PageSpec("account", "app_pages/my_account.py", "nav.account", ":material/key:", "nav.section.me"),
)
BY_KEY = {spec.key: spec for spec in CATALOGUE}
