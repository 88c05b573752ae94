"""The house drawn from the imports (issue 17): analytics/ never imports upward (ui/, app_pages/, Streamlit, the
router), and no SQL is written in ui/, app_pages/ or the router — the database has one owner."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers import ROOT

UPWARD = ("ui", "app_pages", "dashboard", "streamlit")
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|COPY|ATTACH|PRAGMA)\b", re.IGNORECASE)
QUERYING = {"execute", "scalar", "rows", "query", "sql", "cursor"}


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_analytics_imports_nothing_above_it():
    found = {
        str(path.relative_to(ROOT)): sorted(name for name in imported(path) if name.split(".")[0] in UPWARD)
        for path in sources("analytics")
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_no_sql_in_pages_ui_or_the_router():
    offending = []
    for path in [*sources("ui", "app_pages"), ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in QUERYING:
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.func.attr}(…)")
    assert offending == []


def test_the_check_itself_finds_sql_and_upward_imports(tmp_path):
    """The two rules catch what they are for (a rule that cannot fail proves nothing)."""
    sample = tmp_path / "page.py"
    sample.write_text('import streamlit as st\nfrom ui import data\nrows = db.rows("SELECT 1")\n', encoding="utf-8")
    assert {"streamlit", "ui"} <= imported(sample)
    tree = ast.parse(sample.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.match(n.value) for n in ast.walk(tree))
