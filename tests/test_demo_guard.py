"""The demo never silently becomes the live database (issue 20): a real import into it is refused with the way
to the office's own database, and `init` does not wipe records entered into it."""

from __future__ import annotations

from analytics import auth
from analytics.__main__ import main
from analytics.db import Database
from tests.apptest import start

PETITION = (
    "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
    "REAL-1,2026-11-20,来电,爱民社区,第1小组,张三,1,供水,街道,登记\n"
)


def test_a_clerk_import_into_the_demo_is_refused_and_writes_nothing(served_copy, tmp_path, capsys):
    ledger = tmp_path / "信访台账.csv"
    ledger.write_text(PETITION, encoding="utf-8")
    before = Database(served_copy).count("petitions")
    assert main(["--lang", "en", "import", "petitions", str(ledger), "--db", str(served_copy)]) == 2
    said = capsys.readouterr().err
    assert "is the demo database" in said and "init --db data/office.duckdb" in said and "user add" in said
    db = Database(served_copy)
    assert db.count("petitions") == before and db.get_meta("demo") == "true"
    db.close()


def test_the_import_page_on_the_demo_says_how_to_make_the_offices_database(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    assert not at.exception
    assert "是演示数据库" in at.warning[0].value and "init --db data/office.duckdb" in at.code[0].value
    assert not at.get("file_uploader")  # nothing to upload into


def test_init_keeps_a_demo_that_records_were_entered_into(served_copy, capsys):
    db = Database(served_copy)
    from analytics import audit

    audit.record(db, "clerk", "record_entered", "XF-20261202-001")
    db.close()
    assert main(["--lang", "en", "init", "--demo", "--db", str(served_copy), "--no-model"]) == 2
    assert "already holds ledgers" in capsys.readouterr().err
    assert Database(served_copy).scalar("SELECT count(*) FROM audit_log WHERE action = 'record_entered'") == 1


def test_an_offices_database_has_no_demo_accounts(tmp_path, capsys, monkeypatch):
    path = tmp_path / "office.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    monkeypatch.setenv("RISK_PASSWORD", "a long admin password")
    assert main(["user", "add", "wang", "--role", "admin", "--db", str(path)]) == 0
    areas = tmp_path / "辖区.csv"
    areas.write_text("社区,小组,户数,人口\n爱民社区,第1小组,120,300\n", encoding="utf-8")
    assert main(["import", "areas", str(areas), "--db", str(path)]) == 0
    ledger = tmp_path / "信访台账.csv"
    ledger.write_text(PETITION, encoding="utf-8")
    assert main(["import", "petitions", str(ledger), "--db", str(path)]) == 0
    db = Database(path)
    assert not auth.has_demo_accounts(db) and db.count("petitions") == 1
    db.close()
