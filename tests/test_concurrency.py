"""Many users at once: ten browser sessions go through the overview, the heatmaps and the weekly review while
an import runs from the command line and an officer acts on alerts. No page shows an error, no user reads
"database is locked", and no write is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from analytics.alerts import act
from analytics.db import Database
from analytics.roles import User
from tests.browser import dashboard_server, log_in, settle
from tests.helpers import DEMO_END, ROOT, as_office
from tests.street import run_detectors

pytestmark = pytest.mark.browser
SESSIONS = 10
NEW_PETITIONS = 400
HEADER = "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态,办结日期,内容摘要,备注\n"
PAGES = ("Heatmaps", "Weekly alert review", "Risk overview", "Heatmaps", "Weekly alert review")


def _new_petitions(db_path, folder):
    db = Database(db_path)
    places = db.rows(
        "SELECT c.name, g.name FROM groups AS g JOIN communities AS c USING (community_id) ORDER BY g.group_id LIMIT 20"
    )
    db.close()
    rows = [
        f"NEW{k:05d},2026-11-2{k % 7},来访,{places[k % len(places)][0]},{places[k % len(places)][1]},"
        f"居民{k},1,供水,街道,受理,,停水,x"
        for k in range(NEW_PETITIONS)
    ]
    path = folder / "new-petitions.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_ten_sessions_an_import_and_alert_actions_at_once(served_copy, tmp_path, browser):
    db = Database(as_office(served_copy))
    shown = [a["alert_id"] for a in run_detectors(db, DEMO_END)]
    alert_ids = [
        i
        for (i,) in db.rows(
            "SELECT alert_id FROM alerts WHERE state = 'new' AND list_contains(?, alert_id) ORDER BY alert_id LIMIT 12",
            [shown],
        )
    ]
    db.close()
    assert len(alert_ids) >= 5
    ledger = _new_petitions(served_copy, tmp_path)
    outcome: dict = {}

    def writer() -> None:
        """The import from the command line, then an officer's acknowledgements, one transaction each."""
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
                str(served_copy),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        outcome["import"] = (done.returncode, done.stderr[-2000:])
        officer = Database(served_copy, hold=False)
        acted = []
        for alert_id in alert_ids:
            with officer.in_use():
                acted.append(act(officer, User("officer", "officer"), alert_id, "acknowledge", today=DEMO_END))
        outcome["acted"] = acted

    with dashboard_server(served_copy) as url:
        contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(SESSIONS)]
        pages = [context.new_page() for context in contexts]
        for k, page in enumerate(pages):
            log_in(page, url, ("committee", "officer")[k % 2])
        thread = threading.Thread(target=writer)
        thread.start()
        try:
            for title in PAGES:
                for page in pages:  # every session asks at once
                    page.get_by_test_id("stSidebar").locator("a", has_text=title).click()
                for k, page in enumerate(pages):
                    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
                    settle(page)
                    assert page.get_by_test_id("stException").count() == 0, f"session {k} on {title}"
                    shown = page.get_by_test_id("stMain").inner_text()
                    assert "locked" not in shown.lower() and "cannot open" not in shown.lower(), (k, title, shown[:500])
        finally:
            thread.join(timeout=300)
            for context in contexts:
                context.close()
    assert outcome["import"][0] == 0, outcome["import"][1]
    assert outcome["acted"] == ["acknowledged"] * len(alert_ids)
    db = Database(served_copy)
    assert db.scalar("SELECT count(*) FROM petitions WHERE petition_id LIKE 'NEW%'") == NEW_PETITIONS
    assert db.scalar(
        "SELECT count(*) FROM alert_history WHERE action = 'acknowledge' AND list_contains(?, alert_id)", [alert_ids]
    ) == len(alert_ids)
    assert db.scalar(
        "SELECT count(*) FROM alerts WHERE state = 'acknowledged' AND list_contains(?, alert_id)", [alert_ids]
    ) == len(alert_ids)
    db.close()
