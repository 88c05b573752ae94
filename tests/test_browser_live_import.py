"""The command line imports into the database the dashboard is serving, and the page shows it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, served_demo, settle
from tests.helpers import ROOT, as_office

pytestmark = pytest.mark.browser


def test_cli_import_while_the_dashboard_serves(demo_file, tmp_path, page):
    folder = tmp_path / "live"
    folder.mkdir()
    with served_demo(demo_file, folder, prepare=as_office) as url:
        log_in(page, url, "committee")
        card = page.get_by_test_id("stMetric").filter(has_text="Group petitions")
        expect(card).to_be_visible()
        before = int(card.inner_text().split()[-1].replace(",", ""))
        ledger = tmp_path / "more.csv"
        ledger.write_text(
            "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
            "LIVE1,2026-11-27,来访,爱民社区,第1小组,某人,12,欠薪,市,登记\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "analytics",
                "--lang",
                "en",
                "import",
                "petitions",
                str(ledger),
                "--db",
                str(folder / "demo.duckdb"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        settle(page)
        page.get_by_test_id("stSidebar").get_by_text("简体中文").click()  # any interaction reruns the page
        expect(page.get_by_test_id("stMetric").filter(has_text="集体访")).to_contain_text(f"{before + 1}")
