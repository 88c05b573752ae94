"""The schema: migrations, upgrades of older files, and the guard on identifiers."""

from __future__ import annotations

import duckdb
import pytest

from analytics.db import Database, DatabaseError
from analytics.schema import MIGRATIONS, SCHEMA_VERSION, TABLES


def table_names(db: Database) -> set[str]:
    return set(db.query("SELECT table_name FROM information_schema.tables")["table_name"])


def test_new_file_has_every_table_at_the_latest_version(tmp_path):
    db = Database(tmp_path / "new.duckdb")
    assert db.schema_version() == SCHEMA_VERSION
    assert TABLES <= table_names(db)
    assert [v for v, _, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    db.close()


def test_opening_an_older_file_upgrades_it_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    old = Database(path, schema_target=1)
    assert old.schema_version() == 1
    assert "alerts" not in table_names(old)
    old.execute("INSERT INTO communities VALUES (1, '爱民社区')")
    old.execute("INSERT INTO groups VALUES (10, 1, '第1小组', 30, 95)")
    old.close()

    upgraded = Database(path)
    assert upgraded.schema_version() == SCHEMA_VERSION
    assert {"alerts", "accounts", "audit_log", "demo_events"} <= table_names(upgraded)
    assert upgraded.rows("SELECT name, households, population FROM groups") == [("第1小组", 30, 95)]
    assert upgraded.rows("SELECT version FROM schema_version ORDER BY version") == [
        (v,) for v in range(1, SCHEMA_VERSION + 1)
    ]
    upgraded.close()


def test_a_file_from_a_newer_program_is_refused_in_plain_words(tmp_path):
    path = tmp_path / "future.duckdb"
    db = Database(path)
    db.execute("INSERT INTO schema_version VALUES (?, 'from the future', current_timestamp)", [SCHEMA_VERSION + 1])
    db.close()
    with pytest.raises(DatabaseError, match="newer than this program"):
        Database(path)


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "half.duckdb"
    Database(path, schema_target=1).close()
    broken = MIGRATIONS + [(SCHEMA_VERSION + 1, "broken", ("CREATE TABLE ok_so_far (x INTEGER)", "NOT SQL"))]
    monkeypatch.setattr("analytics.db.MIGRATIONS", broken)
    monkeypatch.setattr("analytics.db.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(duckdb.Error):
        Database(path, schema_target=SCHEMA_VERSION + 1)
    monkeypatch.undo()
    db = Database(path, schema_target=1)
    assert db.schema_version() == 1
    assert "ok_so_far" not in table_names(db) and "alerts" not in table_names(db)
    db.close()


def test_values_are_bound_not_spliced(tmp_path):
    db = Database(tmp_path / "quotes.duckdb")
    tricky = "x'); DROP TABLE communities; --"
    db.execute("INSERT INTO communities VALUES (?, ?)", [1, tricky])
    assert db.rows("SELECT name FROM communities WHERE name = ?", [tricky]) == [(tricky,)]
    assert db.count("communities") == 1
    db.close()


def test_only_known_tables_can_be_named(tmp_path):
    db = Database(tmp_path / "guard.duckdb")
    with pytest.raises(ValueError, match="unknown table"):
        db.count("communities; DROP TABLE groups")
    db.close()


def test_each_thread_gets_its_own_cursor(tmp_path):
    import threading

    db = Database(tmp_path / "threads.duckdb")
    seen = []

    def worker():
        cursor = db.cursor()
        assert db.cursor() is cursor  # the same thread keeps its cursor
        seen.append(cursor)  # kept alive, so ids cannot be reused
        db.scalar("SELECT 1")

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(cursor) for cursor in seen}) == 4
    db.close()
