"""Every page as every role in a real browser, in English and in Chinese: it opens, shows its title and no error.
On the demo street, and on Boston's ledger imported through its mapping (a street nobody here made)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from analytics.i18n import t
from analytics.roles import PAGES, ROLES
from tests.browser import dashboard_server, log_in, served_demo
from tests.conftest import BOSTON_PASSWORD
from ui.catalogue import CATALOGUE

pytestmark = pytest.mark.browser


def title_key(spec) -> str:
    return "account.title" if spec.key == "account" else f"{spec.key}.title"


def visit_every_page(page, url, role, password):
    log_in(page, url, role, password=password)
    for lang in ("en", "zh"):
        if lang == "zh":
            page.get_by_text("简体中文").click()
        for spec in CATALOGUE:
            if role not in PAGES[spec.key]:
                continue
            page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(
                has_text=t(spec.title_key, lang)).click()
            expect(page.get_by_role("heading", name=t(title_key(spec), lang), exact=True)).to_be_visible(
                timeout=60000)
            page.wait_for_load_state("networkidle")
            assert page.locator('[data-testid="stException"]').count() == 0, (role, spec.key, lang)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_on_the_demo_street(demo_file, tmp_path, page, role):
    with served_demo(demo_file, tmp_path, lang="en") as url:
        visit_every_page(page, url, role, "demo")


@pytest.mark.parametrize("role", ["committee", "analyst", "officer"])
def test_every_page_on_boston(boston_copy, page, role):
    with dashboard_server(boston_copy, lang="en") as url:
        visit_every_page(page, url, role, BOSTON_PASSWORD)
