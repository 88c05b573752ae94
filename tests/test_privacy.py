"""Pseudonyms: keyed, stable for a key, different across keys, never the raw value."""

from __future__ import annotations

import stat

from analytics.db import Database
from analytics.privacy import ensure_key, key_path, pseudonym


def test_key_file_is_created_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("RISK_PSEUDONYM_KEY", raising=False)
    db = tmp_path / "street.duckdb"
    first = ensure_key(db)
    assert key_path(db).exists()
    assert stat.S_IMODE(key_path(db).stat().st_mode) == 0o600
    assert ensure_key(db) == first and len(first) == 64


def test_same_person_same_pseudonym_other_key_other_pseudonym(monkeypatch, tmp_path):
    monkeypatch.setenv("RISK_PSEUDONYM_KEY", "secret-one")
    key = ensure_key(tmp_path / "a.duckdb")
    assert key == b"secret-one" and not key_path(tmp_path / "a.duckdb").exists()
    name = "张三"
    assert pseudonym(key, name) == pseudonym(key, " 张三 ")
    assert pseudonym(key, name) != pseudonym(b"secret-two", name)
    assert pseudonym(key, name).startswith("P-") and name not in pseudonym(key, name)
    assert len(pseudonym(key, name)) == 14


def test_pseudonyms_computed_in_sql_equal_the_python_ones(tmp_path, monkeypatch):
    from analytics.db import Database
    from analytics.ledger import import_file
    from analytics.roles import SYSTEM

    monkeypatch.setenv("RISK_PSEUDONYM_KEY", "a key for the test")
    db = Database(tmp_path / "p.duckdb")
    (tmp_path / "areas.csv").write_text("社区,小组\n爱民社区,一组\n", encoding="utf-8")
    import_file(db, SYSTEM, "areas", tmp_path / "areas.csv")
    (tmp_path / "p.csv").write_text(
        "信访编号,登记日期,信访形式,社区,信访人,人数,问题类别,信访层级,办理状态\n"
        "X1,2026-01-01,来访,爱民社区, 张三 ,1,其他,街道,登记\n",
        encoding="utf-8",
    )
    import_file(db, SYSTEM, "petitions", tmp_path / "p.csv")
    assert db.scalar("SELECT petitioner FROM petitions") == pseudonym(b"a key for the test", "张三")
    db.close()


# -- personal data inside free text (issue 20) -----------------------------------------------------------------------


def test_id_numbers_phones_and_doors_are_masked_in_free_text():
    from analytics.privacy import mask_personal

    masked, counts = mask_personal(
        "张三（身份证11010519491231002X，电话138-1234-5678，座机0451-86123456）反映3单元502室漏水；"
        "新华书店住宅楼4楼停水已一周，涉及金额12000元，2026年11月20日起"
    )
    assert counts == {"id_number": 1, "mobile": 1, "landline": 1, "room": 1}
    assert "11010519491231002X" not in masked and "1234-5678" not in masked and "86123456" not in masked
    assert "[身份证号]" in masked and "[手机号]" in masked and "[电话]" in masked and "[门牌号]" in masked
    # what the work needs stays: the building and its floor, amounts, dates
    assert "新华书店住宅楼4楼" in masked and "12000元" in masked and "2026年11月20日" in masked
    # an 18-digit number whose check digit does not hold is no ID-card number (an order number, say)
    assert mask_personal("订单号110105194912310021") == ("订单号110105194912310021", {})


def test_an_import_masks_free_text_and_says_how_many(tmp_path, capsys, monkeypatch):
    from analytics.__main__ import main
    from tests.street import tiny_street

    db = tiny_street(tmp_path / "street.duckdb")
    db.close()
    ledger = tmp_path / "信访.csv"
    ledger.write_text(
        "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态,内容摘要\n"
        "M1,2026-11-20,来电,A社区,一组,张三,1,供水,街道,登记,本人电话13812345678，身份证11010519491231002X\n"
        "M2,2026-11-21,来电,A社区,一组,李四,1,供水,街道,登记,2号楼1单元301室停水，电话13912345678\n",
        encoding="utf-8",
    )
    assert main(["--lang", "en", "import", "petitions", str(ledger), "--db", str(tmp_path / "street.duckdb")]) == 0
    said = capsys.readouterr().err
    assert "1 ID-card number, 2 mobile numbers, 1 room number" in said
    stored = " ".join(s for (s,) in Database(tmp_path / "street.duckdb").rows("SELECT summary FROM petitions"))
    assert "138" not in stored and "139" not in stored and "1949" not in stored and "301室" not in stored


def test_the_server_log_says_what_happened_without_personal_fields(tmp_path, caplog):
    """Starts, imports, detector runs and backups are logged to standard error (journald) with counts, never a
    petitioner's name or a summary (issue 20)."""
    import logging

    from analytics import alert_runs, backup
    from analytics.ledger import import_file
    from analytics.roles import User
    from tests.street import tiny_street

    db = tiny_street(tmp_path / "street.duckdb")
    ledger = tmp_path / "信访.csv"
    ledger.write_text(
        "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态,内容摘要\n"
        "L1,2026-11-20,来电,A社区,一组,赵六,1,供水,街道,登记,赵六家自来水发黄\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.INFO):
        import_file(db, User("li", "clerk"), "petitions", ledger)
        alert_runs.run(db, trigger="command")
        backup.take(db, tmp_path / "backup")
    said = "\n".join(record.getMessage() for record in caplog.records)
    assert "import by li: petitions ledger, 1 rows read, 1 new" in said
    assert "early warning run (command)" in said and "backup of street.duckdb" in said
    assert "赵六" not in said and "发黄" not in said
    db.close()
