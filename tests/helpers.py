"""What tests share besides fixtures: the project's places, the demo street's fixed seed and last day, and how
the demo street and Boston's real ledger are built (conftest.py holds only fixtures and hooks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from analytics.db import Database
from analytics.demo import DemoConfig, prepare
from analytics.evaluation.real import BOSTON
from analytics.evaluation.real import MAPPING as BOSTON_MAPPING
from analytics.settings import ROOT

__all__ = ["ARTIFACTS", "BOSTON", "BOSTON_MAPPING", "BOSTON_PASSWORD", "DEMO_END", "DEMO_SEED", "ROOT"]

DEMO_END = date(2026, 11, 27)
DEMO_SEED = 42
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots of failed browser tests
BOSTON_PASSWORD = "Boston-heat-2018"  # every role's account on the Boston database


def build_demo_file(
    path: Path, seed: int = DEMO_SEED, end: date = DEMO_END, scale: int = 1, model: bool = False, alerts: bool = False
) -> Path:
    """A demo database; with ``model`` and ``alerts`` also its escalation model and the detectors' run as of
    ``end``, as ``init --demo`` makes it."""
    db = Database(path)
    prepare(db, DemoConfig(seed=seed, end=end, scale=scale), model=model, alerts=alerts)
    db.close()
    return path


def import_boston(path: Path) -> Path:
    """Boston's heat complaints through their mapping into a new database at ``path`` (areas from the records,
    then petitions; the rejects beside the database, never in the working directory), one account per role."""
    from analytics.__main__ import main
    from analytics.auth import add_account
    from analytics.roles import ROLES, SYSTEM

    mapped = ["--mapping", str(BOSTON_MAPPING), "--db", str(path)]
    assert main(["init", "--db", str(path)]) == 0
    assert main(["import", "areas", str(BOSTON), "--from-records", "petitions", *mapped]) == 0
    rejects = ["--skip-invalid", "--rejects", str(path.with_suffix(".rejects.csv"))]
    assert main(["import", "petitions", str(BOSTON), *mapped, *rejects]) == 0
    db = Database(path)
    for role in ROLES:
        add_account(db, SYSTEM, role, role, BOSTON_PASSWORD)
    db.close()
    return path


def as_office(path: Path) -> Path:
    """A copy of the demo street turned into an office's own database (no demo mark, its accounts no longer demo
    accounts, passwords kept), for tests that import ledgers into a street with history: the product refuses
    real imports into a demo database."""
    db = Database(path)
    db.set_meta("demo", "false")
    db.execute("UPDATE accounts SET is_demo = false")
    db.close()
    return path
