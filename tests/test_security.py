"""Forbidden actions refused in analytics, safe exports, bound filters, an append-only audit log."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import openpyxl
import pandas as pd
import pytest

from analytics import audit, exports, settings_store
from analytics.db import Database
from analytics.roles import ACTIONS, PAGES, ROLES, PermissionDenied, User
from tests.helpers import ROOT

ADMIN = User("root", "admin")


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "security.duckdb")
    yield database
    database.close()


def test_the_documented_role_matrix_matches_the_code():
    readme = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    for table in (PAGES, ACTIONS):
        for name, allowed in table.items():
            row = re.search(rf"^\| `{name}` \|(.*)\|$", readme, re.M)
            assert row, f"{name} missing from docs/roles.md's role matrix"
            cells = [cell.strip() for cell in row.group(1).split("|")]
            assert {role for role, cell in zip(ROLES, cells) if cell == "✓"} == set(allowed), name


@pytest.mark.parametrize("role", ["committee", "analyst", "officer", "clerk"])
def test_only_admins_change_settings_or_read_the_audit_log(db, role):
    someone = User("x", role)
    with pytest.raises(PermissionDenied):
        settings_store.update(db, someone, {"blind_spot_days": 10})
    with pytest.raises(PermissionDenied):
        settings_store.replace_calendar(db, someone, pd.DataFrame(columns=["name", "start_date", "end_date", "level"]))
    with pytest.raises(PermissionDenied):
        audit.search(db, someone)
    assert settings_store.get(db, "blind_spot_days") == 60


@pytest.mark.parametrize("role", ["admin", "clerk"])
def test_roles_without_the_overview_cannot_export_its_data(db, role):
    with pytest.raises(PermissionDenied):
        exports.record_download(db, User("x", role), "serious_items", 10)
    assert db.count("audit_log") == 0


def test_settings_are_validated_audited_and_effective_at_once(db):
    assert settings_store.get(db, "group_petition_people") == 5
    with pytest.raises(ValueError, match="between 2 and 50"):
        settings_store.update(db, ADMIN, {"blind_spot_days": 30, "group_petition_people": 1})
    assert settings_store.get(db, "blind_spot_days") == 60  # nothing half-saved
    with pytest.raises(ValueError, match="one of"):
        settings_store.update(db, ADMIN, {"default_language": "fr"})
    assert settings_store.update(db, ADMIN, {"group_petition_people": "3", "blind_spot_days": 60}) == {
        "group_petition_people": 3
    }
    assert settings_store.get(db, "group_petition_people") == 3
    detail = db.rows("SELECT username, action, target, CAST(detail AS VARCHAR) FROM audit_log")
    assert detail == [("root", "setting_changed", "group_petition_people", '{"old": 5, "new": 3}')]


def test_calendar_is_replaced_whole_or_not_at_all(db):
    good = pd.DataFrame(
        {
            "name": ["全国两会", "国庆节"],
            "start_date": [date(2027, 3, 3), date(2027, 10, 1)],
            "end_date": [date(2027, 3, 15), date(2027, 10, 7)],
            "level": [1, 1],
        }
    )
    assert settings_store.replace_calendar(db, ADMIN, good) == 2
    bad = pd.concat(
        [
            good,
            pd.DataFrame(
                {"name": ["春节"], "start_date": [date(2027, 2, 12)], "end_date": [date(2027, 2, 5)], "level": [2]}
            ),
        ],
        ignore_index=True,
    )
    with pytest.raises(settings_store.CalendarError) as problem:
        settings_store.replace_calendar(db, ADMIN, bad)
    assert (problem.value.row, problem.value.column, problem.value.reason) == (3, "end_date", "calendar.before_start")
    assert list(settings_store.calendar(db)["name"]) == ["全国两会", "国庆节"]
    no_level = good.assign(level=[4, 1])
    with pytest.raises(settings_store.CalendarError, match="row 1, level"):
        settings_store.replace_calendar(db, ADMIN, no_level)


def test_audit_filters_are_bound_not_spliced(db):
    audit.record(db, "wang", "login", "wang")
    audit.record(db, "li", "export", "serious_items", {"rows": 10})
    for hostile in ("' OR '1'='1", "%' OR 1=1 --", "x'); DELETE FROM audit_log; --"):
        assert audit.search(db, ADMIN, text=hostile).empty
        assert audit.search(db, ADMIN, username=hostile).empty
    assert db.count("audit_log") == 2
    assert list(audit.search(db, ADMIN, text="serious")["username"]) == ["li"]
    assert list(audit.search(db, ADMIN, action="login")["username"]) == ["wang"]
    assert list(audit.search(db, ADMIN, since=date.today(), until=date.today())["action"]) == ["export", "login"]
    assert audit.search(db, ADMIN, until=date(2020, 1, 1)).empty


def test_nothing_in_the_code_changes_or_removes_audit_rows():
    sources = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(UPDATE|DELETE\s+FROM)\s+audit_log", text, re.I), path


HOSTILE = ['=HYPERLINK("http://evil","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "普通文字", "a=b"]


def test_csv_cells_that_look_like_formulas_are_neutralised():
    frame = pd.DataFrame({"text": HOSTILE, "number": [-1, 2, 3, 4, 5, 6]})
    data = exports.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Chinese
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["text"]) == [
        '\'=HYPERLINK("http://evil","click")',
        "'+1+2",
        "'-2+3",
        "'@SUM(A1:A2)",
        "普通文字",
        "a=b",
    ]
    assert list(back["number"]) == [-1, 2, 3, 4, 5, 6]  # numbers stay numbers


def test_excel_cells_that_look_like_formulas_are_text():
    frame = pd.DataFrame({"=title": HOSTILE, "number": [-1, 2, 3, 4, 5, 6]})
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes({"items": frame})))
    sheet = book["items"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "'=title"
    values = [sheet.cell(row=r, column=1) for r in range(2, 8)]
    assert all(cell.data_type == "s" for cell in values)  # no formula cells
    assert [cell.value for cell in values][:2] == ['\'=HYPERLINK("http://evil","click")', "'+1+2"]
    assert sheet.cell(row=2, column=2).value == -1


def test_a_database_that_cannot_be_opened_is_not_named_before_login(tmp_path, monkeypatch):
    """Whoever reaches the login page learns nothing of the server's files (issue 20)."""
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    broken = tmp_path / "secret-place" / "office.duckdb"
    broken.parent.mkdir()
    broken.write_bytes(b"this is no database" * 100)
    monkeypatch.setenv("RISK_DB", str(broken))
    monkeypatch.setenv("RISK_LANG", "en")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    shown = " ".join(e.value for e in at.error)
    assert "cannot be opened" in shown and "secret-place" not in shown and "office.duckdb" not in shown


def test_an_edited_or_removed_audit_row_is_reported_by_check(tmp_path, capsys):
    """Nothing would reveal an edited audit row (issue 20): the log is sealed in a chain that `check` verifies."""
    from analytics.__main__ import main

    path = tmp_path / "office.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    db = Database(path)
    for k in range(5):
        audit.record(db, "clerk", "import", f"ledger-{k}.xlsx", {"rows": k})
    assert audit.seal(db) == 5 and audit.broken_seals(db) == []
    db.close()
    assert main(["check", "--db", str(path), "--json"]) == 0
    capsys.readouterr()
    db = Database(path)
    first, third = [e for (e,) in db.rows("SELECT event_id FROM audit_log ORDER BY event_id")][:3:2]
    db.execute("UPDATE audit_log SET target = 'nothing-to-see.xlsx' WHERE event_id = ?", [first])
    db.execute("DELETE FROM audit_log WHERE event_id = ?", [third])
    db.close()
    assert main(["--lang", "en", "check", "--db", str(path), "--json"]) == 1
    found = {p["check"]: p["message"] for p in json.loads(capsys.readouterr().out)["problems"]}
    assert f"events {first})" in found["check.audit_changed"] and f"events {third})" in found["check.audit_removed"]


def test_command_line_papers_backups_and_refusals_are_in_the_audit_log(served_copy, tmp_path, capsys):
    """Issue 20: command-line backups, reports, the daily backups and refusals inside analytics went unlogged."""
    from datetime import date

    from analytics import backup
    from analytics.__main__ import main

    db_args = ["--db", str(served_copy)]
    assert main(["backup", *db_args, "--out", str(tmp_path / "by-hand")]) == 0
    assert main(["report", *db_args, "--quarter", "2026Q3", "--out", str(tmp_path / "report.xlsx")]) == 0
    assert main(["daily", *db_args, "--date", "2026-11-27", "--out", str(tmp_path / "daily.docx")]) == 0
    assert main(["risk", "close", "M001P000198", "--as", "analyst", *db_args]) == 2  # an analyst cannot act
    with Database(served_copy) as db:
        backup.daily(db, keep=3, today=date(2026, 12, 1), folder=tmp_path / "daily")
        logged = db.rows(
            "SELECT username, action, target FROM audit_log WHERE action IN ('backup', 'export', 'access_denied') "
            "ORDER BY event_id"
        )
    capsys.readouterr()
    names = {row[0] for row in logged}
    assert [(a, t) for _, a, t in logged] == [
        ("backup", "by-hand"),
        ("export", "public_report"),
        ("export", "daily_report"),
        ("access_denied", "sign_off_risks"),
        ("backup", "risk-2026-12-01"),
    ]
    assert "analyst" in names and "scheduler" in names
