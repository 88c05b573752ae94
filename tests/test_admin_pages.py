"""The admin's pages and 'my account', driven as a user would."""

from __future__ import annotations

from datetime import date

import pytest

from analytics import auth
from analytics.db import open_database
from tests.apptest import metrics, start
from tests.helpers import DEMO_END


def test_accounts_page_lists_and_creates_accounts(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="admin")
    at.switch_page("app_pages/accounts.py").run()
    table = at.dataframe[0].value
    assert sorted(table["User"]) == ["admin", "analyst", "clerk", "committee", "officer"]
    assert set(table["Role"]) == {"Administrator", "Leadership", "Analyst", "Case officer", "Clerk"}
    # the role has no default: leaving it as it came creates no account (it used to create an admin)
    assert at.selectbox(key="new_role_0").value is None
    at.text_input(key="new_name_0").input("zhang")
    at.text_input(key="new_password_0").input("zhang's long password")
    at.button(key="create_account").click().run()
    assert at.error[0].value == "Choose the account's role."
    # what was typed is still there after the refusal
    assert at.text_input(key="new_name_0").value == "zhang"
    at.selectbox(key="new_role_0").select("officer")
    at.text_input(key="new_password_0").input("short")
    at.button(key="create_account").click().run()
    assert at.error[0].value == "A password needs at least 8 characters."
    assert at.text_input(key="new_name_0").value == "zhang" and at.selectbox(key="new_role_0").value == "officer"
    at.text_input(key="new_password_0").input("zhang's long password")
    at.button(key="create_account").click().run()
    assert at.success[0].value == "Account zhang created."
    assert "zhang" in list(at.dataframe[0].value["User"])
    assert at.text_input(key="new_name_1").value == "" and at.selectbox(key="new_role_1").value is None
    db = open_database(served_copy)
    assert auth.authenticate(db, "zhang", "zhang's long password").role == "officer"
    assert db.rows("SELECT username, target FROM audit_log WHERE action = 'account_created' AND target = 'zhang'") == [
        ("admin", "zhang")
    ]


def test_settings_page_changes_take_effect_for_everyone_at_once(served_copy, monkeypatch):
    db = open_database(served_copy)
    start_day = date(2025, 11, 28)
    committee = start(served_copy, monkeypatch, role="committee")
    assert metrics(committee)["Group petitions"] == str(
        db.scalar(
            "SELECT count(*) FROM petitions WHERE people_count >= 5 AND received_date BETWEEN ? AND ?",
            [start_day, DEMO_END],
        )
    )

    admin = start(served_copy, monkeypatch, role="admin")
    admin.switch_page("app_pages/settings.py").run()
    admin.number_input(key="setting_group_petition_people").set_value(3)
    admin.button(key="save_settings").click().run()
    assert admin.success[0].value == "Saved 1 change."

    committee.run()  # the committee's next look, without any restart
    three_or_more = db.scalar(
        "SELECT count(*) FROM petitions WHERE people_count >= 3 AND received_date BETWEEN ? AND ?",
        [start_day, DEMO_END],
    )
    assert metrics(committee)["Group petitions"] == f"{three_or_more:,}"
    assert db.rows("SELECT username, target FROM audit_log WHERE action = 'setting_changed'") == [
        ("admin", "group_petition_people")
    ]


def test_settings_page_shows_the_calendar(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="admin", lang="zh")
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception
    assert at.main.title[0].value == "系统设置"
    assert at.main.subheader[0].value == "敏感节点"
    assert at.number_input(key="setting_blind_spot_days").value == 60
    assert at.selectbox(key="setting_default_language").value == "zh"


@pytest.mark.slow
def test_settings_page_shows_the_model_and_trains_it_again(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="admin")
    at.switch_page("app_pages/settings.py").run()
    assert at.main.subheader[1].value == "Escalation model"
    card = [c.value for c in at.caption if c.value.startswith("Model 1, trained")]
    assert card and "2026-10-28" in card[0]  # the last snapshot whose 30 days ended by the demo's last day
    at.button(key="model_train").click().run(timeout=120)
    assert not at.exception
    assert at.success[0].value.startswith("Model 2 trained on")
    db = open_database(served_copy)
    assert db.rows("SELECT username, target FROM audit_log WHERE action = 'model_trained' ORDER BY event_id") == [
        ("cli:root", "model:1"),
        ("admin", "model:2"),
    ]  # the demo's own model, as `init --demo` trains it
    assert db.scalar("SELECT trained_by FROM models WHERE model_id = 2") == "admin"


def test_audit_page_finds_logins_and_filters_by_user(served_copy, monkeypatch):
    start(served_copy, monkeypatch, role="officer")
    at = start(served_copy, monkeypatch, role="admin")
    at.switch_page("app_pages/audit_log.py").run()
    events = at.dataframe[0].value
    assert {"officer", "admin"} <= set(events["User"])
    assert "Logged in" in set(events["Action"])
    at.selectbox(key="audit_user").select("officer").run()
    assert set(at.dataframe[0].value["User"]) == {"officer"}
    at.text_input(key="audit_text").input("' OR '1'='1").run()
    assert at.dataframe[0].value.empty


def test_audit_page_reads_in_chinese_without_codes_or_json(served_copy, monkeypatch):
    """Issue 16.9: action codes and raw JSON on a Chinese page."""

    at = start(served_copy, monkeypatch, role="admin", lang="zh")
    at.switch_page("app_pages/settings.py").run()
    at.number_input(key="setting_blind_spot_days").set_value(45)
    at.button(key="save_settings").click().run()
    at.switch_page("app_pages/audit_log.py").run()
    events = at.dataframe[0].value
    assert {"登录", "修改设置"} <= set(events["操作"])
    changed = events.loc[events["操作"] == "修改设置", "详情"].iloc[0]
    assert changed == "原值：60；新值：45"
    assert not any("{" in str(d) or "_" in str(d) for d in events["详情"])
    assert not any(a.isascii() for a in events["操作"])


def test_my_account_changes_the_password(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="analyst")
    at.switch_page("app_pages/my_account.py").run()
    assert "Analyst" in at.main.markdown[0].value and "Risk overview" in at.main.markdown[0].value
    at.text_input(key="account_old").input("demo")
    at.text_input(key="account_new").input("a better password")
    at.text_input(key="account_again").input("a better password")
    at.button(key="change_password").click().run()
    assert at.success[0].value == "Password changed."
    assert auth.authenticate(open_database(served_copy), "analyst", "a better password").role == "analyst"
