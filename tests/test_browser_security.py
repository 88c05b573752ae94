"""Security as a person meets it in a real browser: the login gate, roles, refusals, text shown as text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from analytics.db import Database
from tests.browser import log_in, served_demo
from tests.helpers import DEMO_END
from tests.street import add_petition

pytestmark = pytest.mark.browser
HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>**bold** [link](http://evil)'


def with_hostile_text(path) -> None:
    db = Database(path)
    add_petition(db, "XSS-1", DEMO_END, 1, 1, people=9, level="city", summary=HOSTILE)
    db.close()


@pytest.fixture(scope="module")
def server(demo_file, tmp_path_factory):
    with served_demo(demo_file, tmp_path_factory.mktemp("security"), prepare=with_hostile_text) as url:
        yield url


def sidebar_links(page) -> list[str]:
    return page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").all_inner_texts()


def test_nothing_but_the_login_form_without_logging_in(server, page):
    for path in ("", "overview", "accounts", "audit", "settings", "account", "no-such-page"):
        page.goto(f"{server}/{path}")
        expect(page.get_by_role("heading", name="Log in")).to_be_visible(timeout=30000)
        expect(page.get_by_test_id("stMetric")).to_have_count(0)
        expect(page.locator(".js-plotly-plot")).to_have_count(0)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_text("password demo")).to_be_visible()


FIRST_PAGE = {"committee": "Risk overview", "admin": "Accounts", "clerk": "Import ledgers"}


@pytest.mark.parametrize(
    "role, links, refused",
    [
        (
            "committee",
            [
                "Risk overview",
                "Risk register",
                "Screening campaigns",
                "Weekly alert review",
                "Review meeting",
                "My items",
                "Heatmaps",
                "Trends",
                "Rankings",
                "Password",
            ],
            "accounts",
        ),
        ("admin", ["Accounts", "Settings", "Audit log", "Password"], "overview"),
        ("clerk", ["Import ledgers", "Quick entry", "Password"], "settings"),
    ],
)
def test_each_role_sees_its_menu_and_is_refused_by_direct_address(server, page, role, links, refused):
    log_in(page, server, role)
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")).to_have_count(len(links))
    assert [text.split("\n")[-1].strip() for text in sidebar_links(page)] == links  # after the icon's name
    expect(page.get_by_role("heading", name=FIRST_PAGE[role], exact=True)).to_be_visible()
    # a direct address to another role's page keeps the login (the session's cookie) and is refused there
    # (AppTest walks the refusals page by page)
    page.goto(f"{server}/{refused}")
    expect(page.get_by_text("Not available to your role")).to_be_visible(timeout=30000)
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")).to_have_count(len(links))
    assert page.get_by_test_id("stDataFrame").count() == 0 and page.get_by_test_id("stForm").count() == 0


def test_script_and_html_in_ledger_text_stay_text(server, page):
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    log_in(page, server, "committee")
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__xss") is None
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href="http://evil"]').count() == 0
    # the grid's accessible table holds the text exactly as it was written
    expect(grid.get_by_text(HOSTILE, exact=True)).to_have_count(1)


def test_after_a_log_out_the_next_user_starts_on_their_own_page(server, page):
    log_in(page, server, "committee", path="review")
    expect(page.get_by_role("heading", name="Weekly alert review", exact=True)).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in", exact=True)).to_be_visible()
    form = page.get_by_test_id("stForm")
    form.locator("input").nth(0).fill("clerk")
    form.locator("input[type=password]").fill("demo")
    form.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(page.get_by_role("heading", name="Import ledgers", exact=True)).to_be_visible()
    expect(page.get_by_text("Not available to your role")).to_have_count(0)
