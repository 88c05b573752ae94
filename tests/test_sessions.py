"""Sessions (issue 20): every run checks the login again, and the login outlives a reload and a second tab."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from analytics import auth, sessions
from analytics.db import Database, open_database
from analytics.roles import SYSTEM, User
from tests.apptest import start
from tests.browser import log_in, served_demo, settle

ADMIN = User("admin", "admin")


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "sessions.duckdb")
    auth.add_account(database, SYSTEM, "wang", "officer", "officer password 1")
    yield database
    database.close()


def test_a_session_ends_when_the_account_changes(db):
    wang = User("wang", "officer")
    token = sessions.start(db, wang)
    assert sessions.check(db, token) == wang
    auth.update_account(db, SYSTEM, "wang", role="analyst")
    assert sessions.check(db, token) == sessions.Ended("changed")
    assert sessions.check(db, token) == sessions.Ended("gone")  # ended for good
    token = sessions.start(db, User("wang", "analyst"))
    auth.reset_password(db, SYSTEM, "wang", "a password set by the admin")
    assert sessions.check(db, token) == sessions.Ended("changed")
    token = sessions.start(db, User("wang", "analyst"))
    auth.update_account(db, SYSTEM, "wang", disabled=True)
    assert sessions.check(db, token) == sessions.Ended("disabled")
    actions = [a for (a,) in db.rows("SELECT action FROM audit_log WHERE action LIKE 'session%' ORDER BY event_id")]
    assert actions == ["session_ended"] * 3


def test_a_session_ends_when_idle_and_after_its_lifetime_and_a_forged_token_reaches_nothing(db):
    wang = User("wang", "officer")
    now = datetime(2026, 12, 1, 9, 0)
    token = sessions.start(db, wang, now=now)
    assert sessions.check(db, token, now + timedelta(minutes=29)) == wang
    assert sessions.check(db, token, now + timedelta(minutes=58)) == wang  # seen 29 minutes before
    assert sessions.check(db, token, now + timedelta(minutes=89)) == sessions.Ended("timeout")
    token = sessions.start(db, wang, now=now)
    for minutes in range(20, 12 * 60, 20):
        assert sessions.check(db, token, now + timedelta(minutes=minutes)) == wang
    assert sessions.check(db, token, now + sessions.LIFETIME) == sessions.Ended("expired")
    session_id = sessions.start(db, wang).split(".")[0]
    for forged in (session_id + ".0" * 16, session_id, "", "x" * 5000, None):
        assert sessions.check(db, forged) == sessions.Ended("gone")
    assert db.scalar("SELECT count(*) FROM sessions WHERE token_hash = ?", [session_id]) == 0  # only hashes kept


def test_an_open_page_is_logged_out_when_an_admin_disables_the_account(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="analyst")
    assert at.sidebar.button(key="logout")
    auth.update_account(open_database(served_copy), ADMIN, "analyst", disabled=True)
    at.run()
    assert [t.value for t in at.main.title] == ["Log in"]
    assert "disabled or locked" in at.warning[0].value


def test_a_changed_role_takes_effect_at_once(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="analyst")
    auth.update_account(open_database(served_copy), ADMIN, "analyst", role="clerk")
    at.run()
    assert [t.value for t in at.main.title] == ["Log in"]
    assert "changed your account" in at.warning[0].value


def test_my_own_password_change_keeps_me_logged_in(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="analyst")
    at.switch_page("app_pages/my_account.py").run()
    at.text_input(key="account_old").input("demo")
    at.text_input(key="account_new").input("a much longer secret")
    at.text_input(key="account_again").input("a much longer secret")
    at.button(key="change_password").click().run()
    assert "Password changed" in at.success[0].value
    at.run()
    assert at.sidebar.button(key="logout") and [t.value for t in at.main.title] != ["Log in"]


@pytest.mark.browser
def test_the_login_outlives_a_reload_and_a_second_tab_and_a_log_out_ends_both(demo_file, tmp_path, page):
    with served_demo(demo_file, tmp_path) as url:
        log_in(page, url, "analyst", path="trends")
        settle(page)
        page.get_by_test_id("stSidebar").get_by_text("简体中文").click()
        expect(page.get_by_role("heading", name="趋势分析").first).to_be_visible(timeout=30000)
        settle(page)
        page.reload()
        expect(page.get_by_role("heading", name="趋势分析").first).to_be_visible(timeout=30000)
        expect(page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录")).to_be_visible()
        other = page.context.new_page()
        try:
            other.goto(f"{url}/rankings")
            expect(other.get_by_test_id("stSidebar").get_by_role("button", name="退出登录")).to_be_visible(
                timeout=30000
            )
            settle(other)
            other.get_by_test_id("stSidebar").get_by_role("button", name="退出登录").click()
            expect(other.get_by_role("heading", name="登录").first).to_be_visible(timeout=30000)
        finally:
            other.close()
        # the first tab's next run finds the session ended
        page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text="排名").click()
        expect(page.get_by_role("heading", name="登录").first).to_be_visible(timeout=30000)
        page.reload()
        expect(page.get_by_role("heading", name="登录").first).to_be_visible(timeout=30000)
        assert "risk_radar_session" not in {c["name"] for c in page.context.cookies() if c["value"]}
