"""A dashboard server in another process and headless Chromium to drive it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import ROOT

CHROMIUM = "/usr/bin/chromium"
# the page a browser test drives (set by the ``page`` fixture): photographed by dashboard_server when the test
# fails inside it, before the server stops; afterwards the page would only show "CONNECTING"
OPEN_PAGES: list = []
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def dashboard_server(
    db_path: Path,
    lang: str = "en",
    timeout: float = 60,
    env: dict | None = None,
    command: list[str] | None = None,
    cwd: Path = ROOT,
):
    """Serve the dashboard as `make run` does (ui.serve; or ``command``, e.g. an installed ``risk-radar serve``,
    run in ``cwd``) on a free port, with ``env`` added to the environment; yield its base URL; stop it after."""
    port = free_port()
    log = open(db_path.with_suffix(".server.log"), "w")
    process = subprocess.Popen(
        [*(command or [sys.executable, "-m", "ui.serve", "serve"]), "--db", str(db_path), "--port", str(port)],
        cwd=cwd,
        env={**os.environ, "RISK_LANG": lang, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dashboard did not start: see {log.name}")
            time.sleep(0.3)
        yield url
    except BaseException:
        _photograph_open_pages()
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _photograph_open_pages() -> None:
    """A screenshot of each open page in tests/artifacts/, named after the running test, while its server lives."""
    from tests.helpers import ARTIFACTS

    test = os.environ.get("PYTEST_CURRENT_TEST", "test").split("::")[-1].split(" ")[0]
    for number, page in enumerate(OPEN_PAGES):
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{test}.live{number or ''}.png"), full_page=True, timeout=10_000)
        except Exception:  # a closed page or a dead browser: the fixture's own screenshot still comes
            pass


def log_in(page, url: str, username: str, password: str = "demo", path: str = "") -> None:
    """Open ``url/path`` as a browser holding no login (its cookies cleared: a login outlives a reload), log in
    on the form it shows, and wait for the login to go through."""
    page.context.clear_cookies()
    page.goto(f"{url}/{path}")
    form = page.get_by_test_id("stForm")
    form.locator("input").nth(0).fill(username)
    form.locator("input[type=password]").fill(password)
    form.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log out").or_(
        page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录")
    ).wait_for()


def settle(page, timeout: float = 90_000, quiet_ms: int = 400) -> None:
    """Wait until the page stops running: while a rerun goes on, Streamlit keeps the old drawing beside the new
    one and elements move as they are replaced, so a click then may land on what moved under the pointer.

    The page must stay idle for two looks ``quiet_ms`` apart: between a run and the rerun it asks for (a message
    said after a decision is recorded), the status widget is briefly gone, and a click in that gap was lost on CI
    (the meeting's "End the meeting" after its first decision)."""
    widget = page.get_by_test_id("stStatusWidget")
    quiet = 0
    while quiet < 2:
        widget.wait_for(state="detached", timeout=timeout)
        page.wait_for_timeout(quiet_ms)
        quiet = quiet + 1 if widget.count() == 0 else 0


def choose(page, option: str, attempts: int = 3) -> None:
    """Pick the radio option labelled ``option`` and wait until it shows as chosen. A click that lands while a
    rerun redraws the form can be lost (CI once recorded a meeting decision with the default choice: the click on
    "Keep watching" had not taken), so the option is clicked again, after the page settles, until it is chosen."""
    from playwright.sync_api import expect

    radio = page.get_by_role("radio", name=option, exact=True)
    for attempt in range(attempts):
        page.get_by_text(option, exact=True).click()
        try:
            expect(radio).to_be_checked(timeout=5_000)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise
            settle(page)


@contextmanager
def served_demo(demo_file: Path, folder: Path, lang: str = "en", prepare=None):
    """A private copy of the demo database (changed first by ``prepare(path)`` if given), served; yields the URL."""
    import shutil

    path = folder / "demo.duckdb"
    shutil.copy(demo_file, path)
    if prepare is not None:
        prepare(path)
    with dashboard_server(path, lang=lang) as url:
        yield url
