"""The command line as outside checks drive it (../shared/spec/cli.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from analytics.__main__ import main
from analytics.db import Database
from tests.helpers import ROOT


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.mark.slow
def test_init_demo_then_summary_json_in_another_process(tmp_path):
    db = tmp_path / "street.duckdb"
    made = run_cli("init", "--demo", "--db", str(db), "--seed", "42", "--end", "2026-11-27")
    assert made.returncode == 0, made.stderr
    assert made.stdout == ""  # messages go to stderr
    assert (tmp_path / "street.duckdb.key").exists()
    shown = run_cli("summary", "--db", str(db), "--json")
    assert shown.returncode == 0, shown.stderr
    counts = json.loads(shown.stdout)  # one JSON document and nothing else
    assert {k: counts[k] for k in ("communities", "groups", "households", "population")} == {
        "communities": 3,
        "groups": 142,
        "households": 4465,
        "population": 13873,
    }
    assert set(counts) >= {"petitions", "screenings", "risk_items", "open_alerts"}
    assert all(isinstance(v, int) for v in counts.values())


def test_db_comes_from_risk_db_when_not_given(tmp_path):
    db = tmp_path / "from-env.duckdb"
    assert run_cli("init", env={"RISK_DB": str(db)}).returncode == 0
    shown = run_cli("summary", "--json", env={"RISK_DB": str(db)})
    assert json.loads(shown.stdout) == {
        "communities": 0,
        "groups": 0,
        "households": 0,
        "population": 0,
        "petitions": 0,
        "screenings": 0,
        "risk_items": 0,
        "open_alerts": 0,
    }


def test_summary_of_a_missing_database_exits_2_and_names_it(tmp_path, capsys):
    missing = tmp_path / "nowhere.duckdb"
    assert main(["--lang", "en", "summary", "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "No database" in err
    assert not missing.exists()  # nothing written


def test_bad_arguments_exit_2(tmp_path):
    bad_date = run_cli("init", "--demo", "--db", str(tmp_path / "x.duckdb"), "--end", "27/11/2026")
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr
    assert not (tmp_path / "x.duckdb").exists()
    assert run_cli("init", "--scale", "0", "--db", str(tmp_path / "y.duckdb")).returncode == 2
    assert run_cli("no-such-command").returncode == 2


@pytest.mark.slow
def test_init_refuses_to_replace_real_ledgers_without_force(tmp_path, capsys):
    path = tmp_path / "office.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    db = Database(path)
    db.execute("INSERT INTO communities VALUES (1, '爱民社区')")
    db.close()
    assert main(["--lang", "en", "init", "--demo", "--db", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    db = Database(path)
    assert db.rows("SELECT name FROM communities") == [("爱民社区",)]  # untouched
    db.close()
    assert main(["init", "--demo", "--force", "--db", str(path), "--end", "2026-11-27"]) == 0
    db = Database(path)
    assert db.count("groups") == 142
    db.close()


@pytest.mark.slow
def test_a_demo_database_is_rebuilt_in_place(tmp_path):
    path = tmp_path / "demo.duckdb"
    assert main(["init", "--demo", "--db", str(path), "--end", "2026-11-27"]) == 0
    assert main(["init", "--demo", "--db", str(path), "--end", "2026-11-27", "--seed", "7"]) == 0
    db = Database(path)
    assert db.scalar("SELECT value FROM street_profile WHERE key = 'demo_seed'") == "7"
    db.close()


def test_summary_in_english_and_chinese(demo_path, capsys):
    assert main(["--lang", "en", "summary", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "Households" in out and "4,465" in out and "13,873" in out
    assert main(["--lang", "zh", "summary", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "户数" in out and "人口" in out


def test_a_new_database_starts_with_the_standing_sensitive_periods(tmp_path, capsys):
    from datetime import date

    path = tmp_path / "office.duckdb"
    assert main(["--lang", "en", "init", "--db", str(path)]) == 0
    assert "correct the dates in Settings" in capsys.readouterr().err
    db = Database(path)
    year = date.today().year
    names = [name for (name,) in db.rows("SELECT name FROM calendar WHERE year(start_date) = ? ORDER BY 1", [year])]
    assert sorted(names) == sorted(["市两会", "省两会", "春节", "全国两会", "国庆节"])
    assert db.rows("SELECT level FROM calendar WHERE name = '省两会' AND year(start_date) = ?", [year + 1]) == [(1,)]
    assert db.count("petitions") == 0 and db.count("responsible_units") == 0
    db.close()
