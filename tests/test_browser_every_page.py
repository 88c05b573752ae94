"""Every page as every role in a real browser, in English and in Chinese: it opens, shows its title and no error.
On the demo street, and on Boston's ledger imported through its mapping (a street nobody here made)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from analytics.i18n import t
from analytics.roles import PAGES, ROLES
from tests.browser import dashboard_server, log_in, served_demo
from tests.helpers import BOSTON_PASSWORD
from ui.catalogue import CATALOGUE

pytestmark = pytest.mark.browser


def title_key(spec) -> str:
    return "account.title" if spec.key == "account" else f"{spec.key}.title"


# words a Chinese page may show: file kinds, the other language's own name, Streamlit's running indicator
# (the screen reader's "Skip to main content" link is left out with the icons, and commands shown as code)
ALLOWED = {"CSV", "Excel", "Word", "PDF", "xlsx", "English", "UTF", "Stop", "Running"}
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest('[data-testid="stIconMaterial"], script, style, code, pre, a[href="#stMain"]')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden" || style.display === "none") continue;
    if (style.fontFamily.includes("Material")) continue;  // an icon drawn from its name
    out.push(node.textContent);
  }
  return out.join(" ");
}"""


def english_words(page) -> set[str]:
    """Latin words of three letters or more visible on the page (icons, scripts and hidden text left out)."""
    import re

    text = re.sub(r"(?:[A-Za-z]:)?/[\w./-]+", " ", page.evaluate(VISIBLE_TEXT))  # file paths (an admin's folders)
    return set(re.findall(r"[A-Za-z][A-Za-z_]{2,}", text))


def visit_every_page(page, url, role, password, no_english: bool = False):
    """``no_english``: a Chinese page shows no English word (on the demo street, whose places are Chinese)."""
    log_in(page, url, role, password=password)
    for lang in ("en", "zh"):
        if lang == "zh":
            page.get_by_text("简体中文").click()
        for spec in CATALOGUE:
            if role not in PAGES[spec.key]:
                continue
            page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(
                has_text=t(spec.title_key, lang)
            ).click()
            expect(page.get_by_role("heading", name=t(title_key(spec), lang), exact=True)).to_be_visible(timeout=60000)
            page.wait_for_load_state("networkidle")
            assert page.locator('[data-testid="stException"]').count() == 0, (role, spec.key, lang)
            if lang == "zh" and no_english:
                assert not english_words(page) - ALLOWED - {role}, (role, spec.key)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_on_the_demo_street(demo_file, tmp_path, page, role):
    with served_demo(demo_file, tmp_path, lang="en") as url:
        visit_every_page(page, url, role, "demo", no_english=True)


@pytest.mark.parametrize("role", ["committee", "analyst", "officer"])
def test_every_page_on_boston(boston_copy, page, role):
    with dashboard_server(boston_copy, lang="en") as url:
        visit_every_page(page, url, role, BOSTON_PASSWORD)


@pytest.mark.parametrize(
    "address,role,title",
    [
        ("review", "officer", "Weekly alert review"),
        ("heatmaps", "analyst", "Heatmaps"),
        ("audit", "admin", "Audit log"),
    ],
)
def test_a_bookmarked_address_is_the_first_request_after_a_server_start(
    demo_file, tmp_path, page, address, role, title
):
    """Issue 17.2: a fresh server, and the very first thing it is asked is a bookmark: after the login form, that
    page shows (no "page not found", no detour by the role's first page)."""
    with served_demo(demo_file, tmp_path, lang="en") as url:
        page.goto(f"{url}/{address}")
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        log_in(page, url, role, path=address)
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        assert page.url.rstrip("/").endswith(f"/{address}")
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
