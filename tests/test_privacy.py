"""Pseudonyms: keyed, stable for a key, different across keys, never the raw value."""

from __future__ import annotations

import stat

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
