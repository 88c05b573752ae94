"""The one owner of the DuckDB database: connections, migrations, queries.

No other module imports ``duckdb``. Callers pass SQL text written in
``analytics`` and values as bound parameters; identifiers (table names) only
come from the fixed list in :mod:`analytics.schema`.

A Streamlit server runs each session's script on its own thread, so every
thread gets its own cursor (a DuckDB connection to the same database
instance); nothing is shared across threads but the instance itself.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from .schema import MIGRATIONS, SCHEMA_VERSION, TABLES
from .settings import default_db_path


class DatabaseError(Exception):
    """A problem with the database file itself, said in plain words."""


class Database:
    """An open database file: per-thread cursors over one DuckDB instance.

    Use :func:`open_database` rather than the constructor, so that one process
    holds one instance per file.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False,
                 schema_target: int = SCHEMA_VERSION):
        self.path = Path(path)
        self.read_only = read_only
        try:
            self._root = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise DatabaseError(f"cannot open database {self.path}: {exc}") from exc
        self._local = threading.local()
        self._lock = threading.Lock()
        if not read_only:
            self.migrate(schema_target)

    # -- connections --------------------------------------------------------
    def cursor(self):
        """This thread's cursor, created on first use."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            with self._lock:
                cur = self._root.cursor()
            self._local.cursor = cur
        return cur

    def close(self) -> None:
        with self._lock:
            self._root.close()

    # -- reading ------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        """Rows as a DataFrame, fetched through Arrow (fast for text columns)."""
        rel = self.cursor().sql(sql, params=params or None)
        if rel is None:
            return pd.DataFrame()
        return rel.to_arrow_table().to_pandas()

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    def count(self, table: str) -> int:
        _check_table(table)
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    # -- writing ------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> None:
        self.cursor().execute(sql, params or [])

    @contextmanager
    def transaction(self) -> Iterator["Database"]:
        """All writes inside commit together or not at all.

        Transactions nest: an inner one joins the outer, and an error anywhere
        rolls back the whole outer transaction.
        """
        cur = self.cursor()
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            cur.execute("BEGIN TRANSACTION")
        self._local.depth = depth + 1
        try:
            yield self
        except BaseException:
            self._local.depth = depth
            if depth == 0:
                cur.execute("ROLLBACK")
            raise
        self._local.depth = depth
        if depth == 0:
            cur.execute("COMMIT")

    def insert_frame(self, table: str, frame: pd.DataFrame | pa.Table) -> int:
        """Append a DataFrame or Arrow table whose columns are named as the table's."""
        _check_table(table)
        data = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
        cur = self.cursor()
        cur.register("_incoming", data)
        try:
            columns = ", ".join(f'"{name}"' for name in data.column_names if _is_identifier(name))
            cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
        finally:
            cur.unregister("_incoming")
        return data.num_rows

    def register(self, name: str, table: pa.Table | pd.DataFrame) -> None:
        """Make an in-memory table readable by SQL on this thread's cursor (``name`` from code only)."""
        if not _is_identifier(name.lstrip("_")):
            raise ValueError(f"bad view name {name!r}")
        self.cursor().register(name, table)

    def unregister(self, name: str) -> None:
        self.cursor().unregister(name)

    def bump_data_version(self) -> None:
        """Mark that ledger data changed, so cached views recompute."""
        self.execute(
            "INSERT INTO meta VALUES ('data_version', '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS VARCHAR)"
        )

    def data_version(self) -> int:
        value = self.scalar("SELECT value FROM meta WHERE key = 'data_version'")
        return int(value) if value is not None else 0

    def get_meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def set_meta(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )
        if not exists:
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_version"))

    def migrate(self, target: int = SCHEMA_VERSION) -> list[int]:
        """Apply the migrations this file lacks, up to ``target``; return their numbers."""
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise DatabaseError(
                f"database {self.path} has schema version {current}, newer than this "
                f"program's {SCHEMA_VERSION}; update the program"
            )
        applied = []
        with self.transaction():
            self.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
            )
            for version, description, statements in MIGRATIONS:
                if current < version <= target:
                    for statement in statements:
                        self.execute(statement)
                    self.execute(
                        "INSERT INTO schema_version VALUES (?, ?, current_timestamp)",
                        [version, description],
                    )
                    applied.append(version)
        return applied


def _is_identifier(name: str) -> bool:
    return name.replace("_", "").isalnum() and name.isascii()


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")


_open: dict[Path, Database] = {}
_open_lock = threading.Lock()


def open_database(path: str | os.PathLike | None = None) -> Database:
    """The process-wide :class:`Database` for ``path`` (default: RISK_DB, then data/risk.duckdb)."""
    resolved = Path(path or default_db_path()).resolve()
    with _open_lock:
        db = _open.get(resolved)
        if db is None:
            resolved.parent.mkdir(parents=True, exist_ok=True)
            db = Database(resolved)
            _open[resolved] = db
        return db


def close_database(path: str | os.PathLike) -> None:
    """Close and forget the process-wide instance for ``path`` (before replacing the file)."""
    resolved = Path(path).resolve()
    with _open_lock:
        db = _open.pop(resolved, None)
    if db is not None:
        db.close()
