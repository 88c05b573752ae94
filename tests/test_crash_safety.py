"""Kill -9 during a large import: the database then holds the whole import or none of it, opens without repair,
passes the self-check, and the same import then succeeds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from analytics.db import Database
from analytics.demo import areas as demo_areas
from bench.import_speed import ledger
from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # kills processes mid-import and reopens the files

ROWS = 300_000


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A street's areas (pristine database) and a screenings ledger of ROWS rows for it."""
    folder = tmp_path_factory.mktemp("crash")
    rng = np.random.default_rng(3)
    db = Database(folder / "pristine.duckdb")
    areas = demo_areas.build_areas(rng, 0, 1, 1)
    db.insert_frame("communities", areas.communities)
    db.insert_frame("groups", areas.groups)
    db.close()
    ledger(ROWS, areas, rng).to_csv(folder / "screenings.csv", index=False)
    return folder


def _import(db_path, csv_path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analytics", "import", "screenings", str(csv_path), "--db", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RISK_PSEUDONYM_KEY": "crash-test-key"},
    )


def test_kill_9_during_an_import_leaves_all_or_nothing(prepared, tmp_path):
    csv_path = prepared / "screenings.csv"
    # how long a whole import takes here, to spread the kills over it
    whole = tmp_path / "whole.duckdb"
    shutil.copy(prepared / "pristine.duckdb", whole)
    started = time.perf_counter()
    assert _import(whole, csv_path).wait(timeout=300) == 0
    duration = time.perf_counter() - started
    assert Database(whole).count("screenings") == ROWS
    outcomes = []
    for k in range(10):
        path = tmp_path / f"killed-{k}.duckdb"
        shutil.copy(prepared / "pristine.duckdb", path)
        process = _import(path, csv_path)
        time.sleep(duration * (k + 0.5) / 10)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        db = Database(path)  # opens as it is: DuckDB replays or drops its write-ahead log by itself
        held = db.count("screenings")
        assert held in (0, ROWS), f"kill {k}: {held} rows, neither none nor all"
        outcomes.append(held)
        db.close()
        check = subprocess.run(
            [sys.executable, "-m", "analytics", "check", "--db", str(path)],
            cwd=ROOT,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
        assert _import(path, csv_path).wait(timeout=300) == 0  # the same import then succeeds
        db = Database(path)
        assert db.count("screenings") == ROWS
        db.close()
    assert 0 in outcomes  # some kills landed before the import committed
