"""Issue 17.1: early warning runs by itself — after a command-line import, with a server up and no page open —
and drawing a page never writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from analytics.db import Database, open_database
from analytics.roles import PAGES, ROLES
from analytics.schema import TABLES
from tests.apptest import start
from tests.browser import dashboard_server
from tests.helpers import ROOT
from ui.catalogue import CATALOGUE

AREAS = "社区,小组,户数,人口,相邻小组\n爱民社区,一组,30,95,二组\n爱民社区,二组,40,120,一组\n新华社区,一组,50,150,\n"
HEADER = "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态,内容摘要\n"


@pytest.fixture
def webhook():
    """An office robot on 127.0.0.1 that keeps what is posted to it."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/robot", received
    server.shutdown()


def cli(*argv, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def group_petition(folder, petition_id: str, community: str, group: str) -> str:
    path = folder / f"{petition_id}.csv"
    path.write_text(
        HEADER + f"{petition_id},{date.today().isoformat()},来访,{community},{group},王五,25,供水,街道,"
        f"办理中,整栋楼停水一周\n",
        encoding="utf-8",
    )
    return str(path)


def red_group_alerts(path) -> list[tuple]:
    db = Database(path, read_only=True)
    try:
        return db.rows(
            "SELECT alert_id, matter_id FROM alerts WHERE kind = 'group_petition' AND grade = 'red' ORDER BY alert_id"
        )
    finally:
        db.close()


def test_a_command_line_import_raises_and_sends_the_alert_with_no_page_open(tmp_path, webhook):
    url, received = webhook
    path = tmp_path / "office.duckdb"
    office = {**os.environ, "RISK_DB": str(path)}
    assert cli("init", env=office).returncode == 0
    (tmp_path / "areas.csv").write_text(AREAS, encoding="utf-8")
    assert cli("import", "areas", str(tmp_path / "areas.csv"), env=office).returncode == 0
    server_env = {"RISK_WEBHOOK_URL": url, "RISK_ALERT_SCHEDULE": "on", "RISK_ALERT_CHECK_SECONDS": "1"}
    with dashboard_server(path, env=server_env):  # up, with its scheduler, and nobody opens a page
        done = cli(
            "import",
            "petitions",
            group_petition(tmp_path, "XF1", "爱民社区", "一组"),
            env={**office, "RISK_WEBHOOK_URL": url},
        )
        assert done.returncode == 0, done.stderr
        assert "新增 1 条，已推送 1 条" in done.stderr
        assert [m for _, m in red_group_alerts(path)] == [None]
        assert len(received) == 1 and received[0]["alert"]["kind"] == "group_petition"
        assert "Red" in received[0]["text"]["content"] or "红色" in received[0]["text"]["content"]
        time.sleep(4)  # the server checks every second: it neither runs again nor sends the alert twice
        assert len(received) == 1

        # run by an account whose environment names no robot: the run queues it, the server sends it
        done = cli("import", "petitions", group_petition(tmp_path, "XF2", "新华社区", "一组"), env=office)
        assert done.returncode == 0 and "已推送 0 条" in done.stderr
        deadline = time.monotonic() + 30
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)
    assert len(red_group_alerts(path)) == 2
    assert len(received) == 2 and received[1]["alert"]["community"] == "新华社区"


def fingerprint(db) -> dict:
    """Every table's rows, as a count and an order-free checksum; but the login's own bookkeeping (its session
    is seen again at most once a minute, which a slow machine's drawing of every page may outlast)."""
    tables = sorted(TABLES - {"sessions"})
    return {table: db.rows(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} AS t") for table in tables}


@pytest.mark.parametrize("role", ROLES)
def test_drawing_every_page_writes_nothing(served_copy, monkeypatch, role):
    at = start(served_copy, monkeypatch, role=role)  # logging in writes (the audit log); drawing must not
    db = open_database(served_copy)
    before = fingerprint(db)
    for spec in CATALOGUE:
        if role in PAGES[spec.key]:
            at.switch_page(spec.file).run()
            assert not at.exception, (role, spec.key, at.exception)
            at.run()  # and drawn again
    assert fingerprint(db) == before


def test_entries_in_a_row_wait_for_one_run_not_one_each(served_copy):
    """Five clerks' saves queued while a run goes on are answered by the next run together."""
    from analytics.roles import User
    from ui import early_warning

    db = open_database(served_copy)
    try:
        before = db.scalar("SELECT count(*) FROM alert_runs")
        worker = early_warning.Worker(db, scheduled=False)
        clerk = User("clerk", "clerk")
        worker.ask("entry", clerk)  # the first run starts; the next five wait in the queue meanwhile
        answers = [None] * 5

        def save(n):
            answers[n] = worker.ask("entry", clerk, wait_seconds=120)

        savers = [threading.Thread(target=save, args=(n,)) for n in range(5)]
        for saver in savers:
            saver.start()
        for saver in savers:
            saver.join()
        assert all(answer is not None for answer in answers)
        ran = db.scalar("SELECT count(*) FROM alert_runs") - before
        assert 2 <= ran < 6  # the first run and at least one shared one
        assert len({answer.run_id for answer in answers}) < 5
    finally:
        db.close()
