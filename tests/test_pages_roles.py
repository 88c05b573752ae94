"""Each role sees exactly its pages, is refused the rest, and nothing shows before logging in."""

from __future__ import annotations

import pytest

from analytics.roles import PAGES, ROLES
from tests.apptest import menu, start
from tests.helpers import ROOT
from ui.catalogue import CATALOGUE

TITLES = {
    "heatmaps": "Heatmaps",
    "trends": "Trends",
    "rankings": "Rankings and data quality",
    "review": "Weekly alert review",
    "register": "Risk register",
    "campaigns": "Screening campaigns",
    "meeting": "Review meeting",
    "my_items": "My items",
    "import": "Import ledgers",
    "entry": "Quick entry",
    "overview": "Risk overview",
    "accounts": "Accounts",
    "settings": "Settings",
    "audit": "Audit log",
    "account": "My account",
}
MENU = {
    "heatmaps": "Heatmaps",
    "trends": "Trends",
    "rankings": "Rankings",
    "review": "Weekly alert review",
    "register": "Risk register",
    "campaigns": "Screening campaigns",
    "meeting": "Review meeting",
    "my_items": "My items",
    "import": "Import ledgers",
    "entry": "Quick entry",
    "overview": "Risk overview",
    "accounts": "Accounts",
    "settings": "Settings",
    "audit": "Audit log",
    "account": "Password",
}


def test_before_login_every_page_shows_the_login_form(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role=None)
    for spec in CATALOGUE:
        at.switch_page(spec.file).run()
        assert not at.exception
        assert [t.value for t in at.main.title] == ["Log in"], spec.key
        assert not at.metric and not at.dataframe and not at.get("plotly_chart")
        assert "password demo" in at.info[0].value  # demo accounts are announced


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_pages(served_copy, monkeypatch, role):
    at = start(served_copy, monkeypatch, role=role)  # the review page records alerts: a private copy
    allowed = [spec.key for spec in CATALOGUE if role in PAGES[spec.key]]
    assert menu(at) == [MENU[key] for key in allowed]
    assert at.main.title[0].value == TITLES[allowed[0]]  # lands on its first page
    for spec in CATALOGUE:
        at.switch_page(spec.file).run()
        assert not at.exception, (role, spec.key)
        if spec.key in allowed:
            assert at.main.title[0].value == TITLES[spec.key]
        else:
            assert at.main.title[0].value == "Not available to your role", (role, spec.key)
            assert not at.metric and not at.dataframe and not at.get("plotly_chart")


def test_a_refusal_raised_inside_analytics_is_said_and_recorded(served_copy, monkeypatch):
    """Issue 20.12: a check that only analytics/ makes (the page opened) is answered in words and logged."""
    from analytics import roles
    from analytics.db import open_database

    allowed = roles.can
    monkeypatch.setattr(roles, "can", lambda user, action: action != "view_audit" and allowed(user, action))
    at = start(served_copy, monkeypatch, role="admin")
    at.switch_page("app_pages/audit_log.py").run()
    assert not at.exception
    assert "admin (Administrator) may not read the audit log." in [e.value for e in at.main.error][-1]
    db = open_database(served_copy)
    assert db.rows(
        "SELECT username, action, target, detail->>'page' FROM audit_log WHERE action = 'access_denied'"
    ) == [("admin", "access_denied", "view_audit", "audit")]


def test_refusals_are_recorded(served_copy, monkeypatch):
    from analytics.db import open_database

    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/audit_log.py").run()
    db = open_database(served_copy)
    assert db.rows("SELECT username, action, target FROM audit_log WHERE action = 'access_denied'") == [
        ("clerk", "access_denied", "audit")
    ]


def test_logout_returns_to_the_login_form(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="analyst")
    at.sidebar.button(key="logout").click().run()
    assert [t.value for t in at.main.title] == ["Log in"]
    at.switch_page("app_pages/overview.py").run()
    assert [t.value for t in at.main.title] == ["Log in"]


def test_an_idle_session_times_out(served_copy, monkeypatch):
    from datetime import datetime, timedelta

    from analytics.db import open_database

    at = start(served_copy, monkeypatch, role="committee")
    open_database(served_copy).execute("UPDATE sessions SET last_seen = ?", [datetime.now() - timedelta(minutes=31)])
    at.run()
    assert [t.value for t in at.main.title] == ["Log in"]
    assert "30 minutes" in at.warning[0].value


def test_wrong_password_and_lockout_on_the_page(served_copy, monkeypatch):
    from tests.apptest import log_in

    at = start(served_copy, monkeypatch, role=None)
    for _ in range(4):
        log_in(at, "officer", "guess")
        assert at.error[0].value == "Wrong user name or password."
    log_in(at, "officer", "guess")
    assert "locked until" in at.error[0].value
    log_in(at, "officer", "demo")
    assert "locked until" in at.error[0].value  # even the right password waits


def test_every_page_file_is_a_page_of_the_catalogue_and_nothing_else_is_a_page():
    """Issue 17.2: app_pages/ holds the pages and only them; no pages/ folder (Streamlit's own page discovery)."""
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py")}
    assert files == {spec.file for spec in CATALOGUE}
    assert not (ROOT / "pages").exists()


def test_a_page_asked_for_before_logging_in_shows_the_login_form(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role=None)
    at.switch_page("app_pages/overview.py").run()
    assert [t.value for t in at.main.title] == ["Log in"] and at.sidebar.radio


def test_after_a_log_out_the_next_user_starts_clean_on_their_own_page(served_copy, monkeypatch):
    """Issue 16.3: the next user used to land on the last user's page (a refusal) with the last user's filters."""
    from analytics.db import open_database
    from tests.apptest import log_in

    at = start(served_copy, monkeypatch, role="committee")
    at.switch_page("app_pages/alert_review.py").run()
    assert at.main.title[0].value == TITLES["review"]
    community = next(box for box in at.sidebar.selectbox if box.key and box.key.startswith("_w_community"))
    community.select_index(2).run()
    assert at.session_state["community_id"] is not None
    at.sidebar.button(key="logout").click().run()
    assert [t.value for t in at.main.title] == ["Log in"]
    log_in(at, "clerk", "demo")
    assert not at.exception
    assert at.main.title[0].value == TITLES["import"]  # the clerk's own first page, not the review page
    assert "community_id" not in at.session_state
    db = open_database(served_copy)
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'access_denied'") == 0
    # and the committee member who logs in next does not find the clerk's choices either
    at.sidebar.button(key="logout").click().run()
    log_in(at, "committee", "demo")
    assert at.main.title[0].value == TITLES["overview"]
