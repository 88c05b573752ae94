"""Every page as every role in a real browser, in English and in Chinese: it opens, shows its title and no error.
On the demo street, and on Boston's ledger imported through its mapping (a street nobody here made)."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from analytics.auth import add_account
from analytics.db import Database
from analytics.i18n import t
from analytics.roles import PAGES, ROLES, SYSTEM
from tests.browser import dashboard_server, log_in, served_demo
from tests.conftest import ROOT
from ui.catalogue import CATALOGUE

pytestmark = pytest.mark.browser
BOSTON = ROOT.parent / "shared" / "data" / "real" / "boston_311_heat.csv"
PASSWORD = "Boston-heat-2018"


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


@pytest.fixture(scope="module")
def boston_file(tmp_path_factory):
    if not BOSTON.exists():
        pytest.skip("the shared real data is not beside the project")
    from analytics.__main__ import main

    path = tmp_path_factory.mktemp("boston") / "boston.duckdb"
    mapping = ROOT / "data" / "mappings" / "boston_311_heat.toml"
    assert main(["init", "--db", str(path)]) == 0
    assert main(["import", "areas", str(BOSTON), "--from-records", "petitions", "--mapping", str(mapping),
                 "--db", str(path)]) == 0
    assert main(["import", "petitions", str(BOSTON), "--mapping", str(mapping), "--db", str(path),
                 "--skip-invalid"]) == 0
    db = Database(path)
    for role in ROLES:
        add_account(db, SYSTEM, role, role, PASSWORD)
    db.close()
    return path


@pytest.mark.parametrize("role", ["committee", "analyst", "officer"])
def test_every_page_on_boston(boston_file, tmp_path, page, role):
    path = tmp_path / "boston.duckdb"
    shutil.copy(boston_file, path)
    with dashboard_server(path, lang="en") as url:
        visit_every_page(page, url, role, PASSWORD)
