"""Files holding residents' grievances are their owner's alone (issue 20: the database, its WAL, restored
databases and rejects with raw names were readable by every local user, mode 0644)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from tests.helpers import ROOT

PETITIONS = (
    "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
    "P1,2026-11-20,来电,爱民社区,一组,张三,1,供水,街道,登记\n"
    "P2,不是日期,来电,爱民社区,一组,李四,1,供水,街道,登记\n"
)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def cli(*argv, cwd, env):
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "--lang", "en", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(0o022),  # a shell's usual umask: files would be 0644
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_database_backups_restores_and_rejects_are_private(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(tmp_path / "state")}
    db = tmp_path / "office.duckdb"
    cli("init", "--db", str(db), cwd=tmp_path, env=env)
    (tmp_path / "areas.csv").write_text("社区,小组,户数,人口\n爱民社区,一组,100,250\n", encoding="utf-8")
    cli("import", "areas", "areas.csv", "--db", str(db), cwd=tmp_path, env=env)
    (tmp_path / "petitions.csv").write_text(PETITIONS, encoding="utf-8")
    # from inside the project's checkout: the rejects (raw names) never land in its working tree
    said = cli(
        "import", "petitions", str(tmp_path / "petitions.csv"), "--db", str(db), "--skip-invalid", cwd=ROOT, env=env
    )
    assert not list(ROOT.glob("*.rejects.csv"))
    rejects = tmp_path / "state" / "risk-radar" / "rejects" / "petitions.csv.rejects.csv"
    assert str(rejects) in said and "李四" in rejects.read_text(encoding="utf-8")
    cli("backup", "--db", str(db), "--out", str(tmp_path / "backup"), cwd=tmp_path, env=env)
    cli("restore", str(tmp_path / "backup"), "--db", str(tmp_path / "restored.duckdb"), cwd=tmp_path, env=env)
    assert mode(db) == mode(tmp_path / "restored.duckdb") == mode(rejects) == 0o600
    assert mode(tmp_path / "backup") == mode(rejects.parent) == 0o700
    assert {mode(f) for f in (tmp_path / "backup").iterdir()} == {0o600}
    assert mode(tmp_path / "office.duckdb.key") == 0o600  # the pseudonym key
