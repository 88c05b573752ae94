"""The admin's pages and 'my account' in a real browser: log in, look, click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_file, tmp_path_factory):
    with served_demo(demo_file, tmp_path_factory.mktemp("admin"), lang="en") as url:
        yield url


def open_from_menu(page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=label).click()


def test_admin_creates_an_account(server, page):
    log_in(page, server, "admin")
    expect(page.get_by_role("heading", name="Accounts", exact=True)).to_be_visible()  # the admin's first page
    form = page.get_by_test_id("stForm").filter(has_text="New account")
    form.locator("input").nth(0).fill("zhao")
    form.locator("input[type=password]").fill("zhao's long password")
    form.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Clerk").click()
    form.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Account zhao created.")).to_be_visible()


def test_admin_changes_a_setting(server, page):
    log_in(page, server, "admin")
    open_from_menu(page, "Settings")
    expect(page.get_by_role("heading", name="Sensitive periods")).to_be_visible()
    field = page.get_by_label(re.compile("blind_spot_days"))
    field.fill("45")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Saved 1 change.")).to_be_visible()


def test_admin_reads_the_audit_log(server, page):
    log_in(page, server, "admin")
    open_from_menu(page, "Audit log")
    expect(page.get_by_text("events (newest first")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").get_by_text("Logged in", exact=True).first).to_be_attached()


def test_officer_changes_own_password_in_chinese(server, page):
    log_in(page, server, "officer")
    page.get_by_test_id("stSidebar").get_by_text("简体中文").click()
    open_from_menu(page, "修改密码")
    form = page.get_by_test_id("stForm")
    passwords = form.locator("input[type=password]")
    passwords.nth(0).fill("demo")
    passwords.nth(1).fill("新的长密码12345")
    passwords.nth(2).fill("新的长密码12345")
    form.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码已修改。")).to_be_visible()
