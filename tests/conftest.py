"""Shared fixtures: one demo street built once per test session, Boston imported once, browser pages.

The demo street is built with a fixed seed and last day, so that tests can
name dates. The in-process tests open it through ``open_database``; browser
tests serve a copy, because DuckDB lets one process at a time hold a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from analytics.db import Database, close_database, open_database
from tests.browser import OPEN_PAGES
from tests.helpers import ARTIFACTS, BOSTON, build_demo_file, import_boston

os.environ.setdefault("RISK_BACKUP_SCHEDULE", "off")  # no server of the tests takes daily backups of their files
os.environ.setdefault("RISK_ALERT_SCHEDULE", "off")  # nor runs the detectors on a timer (tests ask for runs)
# nothing a test runs may create the project's own data/risk.duckdb (a later `make run` would serve it, empty)
os.environ.setdefault("RISK_DB", os.path.join(tempfile.mkdtemp(prefix="risk-tests-"), "default.duckdb"))
# the tests' installation signs backups and models with a key of their own, never the developer's
os.environ.pop("RISK_BACKUP_KEY", None)
os.environ["RISK_BACKUP_KEY_FILE"] = os.path.join(tempfile.gettempdir(), f"risk-tests-{os.getuid()}", "backup.key")


@pytest.fixture(autouse=True)
def fresh_login_throttle(monkeypatch):
    """Each test starts with no failed logins remembered in this process, and failures slow nobody down: the
    delays are recorded (``auth._sleep.waited``) for the tests of the throttle to read."""
    import time

    from analytics import auth

    waited: list[float] = []

    def sleep(seconds: float) -> None:  # time passes as if slept
        waited.append(seconds)

    sleep.waited = waited
    monkeypatch.setattr(auth, "_throttle", auth._Throttle(clock=lambda: time.monotonic() + sum(waited)))
    monkeypatch.setattr(auth, "_sleep", sleep)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """A pristine demo database file, closed; copy it before serving it from another process."""
    return build_demo_file(tmp_path_factory.mktemp("pristine") / "demo.duckdb", model=True, alerts=True)


@pytest.fixture(scope="session")
def demo_path(demo_file, tmp_path_factory) -> Path:
    """The demo database that in-process tests (queries, AppTest) share.

    Logging in adds audit rows here, and nothing a test asserts depends on them; anything else that writes
    (imports, settings, scores, alerts, the review page) uses its own copy, ``served_copy``.
    """
    path = tmp_path_factory.mktemp("shared") / "demo.duckdb"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture(scope="session")
def demo_db(demo_path) -> Database:
    db = open_database(demo_path)
    yield db
    close_database(demo_path)


@pytest.fixture
def served_copy(demo_file, tmp_path) -> Path:
    """A private copy of the demo database for a server in another process."""
    path = tmp_path / "served.duckdb"
    shutil.copy(demo_file, path)
    return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    # a page's first drawing can take longer than Playwright's 5 s on CI's two cores with two test workers
    expect.set_options(timeout=20_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; a screenshot goes to tests/artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    OPEN_PAGES.append(page)
    yield page
    OPEN_PAGES.remove(page)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if report is not None and report.failed:
        # what the dashboard said while the test ran (tests.browser.dashboard_server writes it beside the database)
        folder = request.node.funcargs.get("tmp_path")
        for log in sorted(folder.rglob("*.server.log")) if folder else []:
            shutil.copy(log, ARTIFACTS / f"{request.node.name}.{log.stem}.server.log")


# -- a street nobody here made: Boston's heat complaints through their mapping ----------------------------


@pytest.fixture(scope="session")
def boston_file(tmp_path_factory) -> Path:
    """Boston's ledger imported once (areas from the records, then petitions), one account per role with
    BOSTON_PASSWORD; skipped when ../shared is not beside the project. Copy it before writing (boston_copy)."""
    if not BOSTON.exists():
        pytest.skip("the shared real data is not beside the project")
    return import_boston(tmp_path_factory.mktemp("boston") / "boston.duckdb")


@pytest.fixture
def boston_copy(boston_file, tmp_path) -> Path:
    path = tmp_path / "boston.duckdb"
    shutil.copy(boston_file, path)
    key = Path(str(boston_file) + ".key")
    if key.exists():
        shutil.copy(key, Path(str(path) + ".key"))
    return path
