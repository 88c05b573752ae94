"""Every text a user can type is limited, and what reaches the audit log is cut short (issue 20: 5 MB user names
on the login form grew the database by 58 MB, unauthenticated)."""

from __future__ import annotations

import ast

from analytics import audit, auth
from analytics.db import Database
from analytics.roles import SYSTEM
from tests.helpers import ROOT

TYPED = {"text_input", "text_area", "chat_input", "number_input"}


def _calls_without_a_limit() -> list[str]:
    found = []
    pages = [*sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    for path in [ROOT / "dashboard.py", *pages]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TYPED:
                keywords = {k.arg for k in node.keywords}
                limited = "max_chars" in keywords or node.func.attr == "number_input"
                if not limited:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}")
    return found


def test_every_text_field_has_a_length_limit():
    assert _calls_without_a_limit() == []


def test_a_huge_user_name_on_the_login_form_adds_a_few_bytes_to_the_log(tmp_path):
    db = Database(tmp_path / "fill.duckdb")
    auth.add_account(db, SYSTEM, "wang", "officer", "officer password 1")
    for k in range(5):
        try:
            auth.authenticate(db, f"{k}" + "x" * 5_000_000, "p" * 1_000_000)
        except auth.LoginRefused:
            pass
    longest = db.scalar("SELECT max(length(coalesce(username, '')) + length(coalesce(target, ''))) FROM audit_log")
    assert longest <= 2 * auth.MAX_NAME
    db.close()
    assert (tmp_path / "fill.duckdb").stat().st_size < 5 * 2**20


def test_what_the_audit_log_keeps_of_long_values_is_cut_and_says_so(tmp_path):
    db = Database(tmp_path / "log.duckdb")
    audit.record(db, "u" * 10_000, "import", "t" * 10_000, {"file": "f" * 100_000, "rows": 3})
    username, target, detail = db.rows("SELECT username, target, CAST(detail AS VARCHAR) FROM audit_log")[0]
    assert len(username) <= audit.MAX_TEXT and len(target) <= audit.MAX_TEXT and len(detail) <= audit.MAX_DETAIL
    assert target.endswith("…") and '"rows": 3' in detail
    db.close()
