"""The one owner of the DuckDB database: connections, migrations, queries.

No other module imports ``duckdb``. Callers pass SQL text written in
``analytics`` and values as bound parameters; identifiers (table names) only
come from the fixed list in :mod:`analytics.schema`.

A Streamlit server runs each session's script on its own thread, so every
thread gets its own cursor (a DuckDB connection to the same database
instance); nothing is shared across threads but the instance itself. The
dashboard holds the file only while it is in use, so other processes (the
command line) can write between page draws.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from .problems import Problem
from .schema import MIGRATIONS, SCHEMA_VERSION, TABLES
from .settings import default_db_path


class DatabaseError(Problem):
    """A problem with the database file itself, said in plain words."""

    def __init__(self, reason: str):
        super().__init__("db.problem", reason=reason)


# How long to wait for another process (an import, the dashboard) to let go of the file.
LOCK_WAIT_SECONDS = 60.0


class Database:
    """A database file: per-thread cursors over one DuckDB instance, opened when in use.

    DuckDB lets one process at a time open a file for writing. The command
    line and tests ``hold`` the file from the first use until ``close()``; the
    dashboard does not: it opens the file for each script run (``in_use()``)
    and lets go when no thread needs it, so that a command-line import can run
    while the dashboard is up. Whoever finds the file taken waits for it (up to
    ``wait_seconds``) instead of failing at once.

    Use :func:`open_database` rather than the constructor, so that one process
    holds one instance per file.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        read_only: bool = False,
        schema_target: int = SCHEMA_VERSION,
        hold: bool = True,
        wait_seconds: float = LOCK_WAIT_SECONDS,
    ):
        self.path = Path(path)
        self.read_only = read_only
        self.hold = hold
        self.wait_seconds = wait_seconds
        self._local = threading.local()
        self._lock = threading.RLock()
        self._root = None
        self._cursors: list = []
        self._users = 0
        self._generation = 0
        with self.in_use():
            if not read_only:
                self.migrate(schema_target)

    # -- connections --------------------------------------------------------
    def _connect(self):
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                new = not self.path.exists()
                connection = duckdb.connect(str(self.path), read_only=self.read_only)
                if new and self.path.exists():
                    os.chmod(self.path, 0o600)  # residents' grievances: the owner's alone, whatever the umask
                return connection
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise DatabaseError(f"cannot open database {self.path}: {exc}") from exc
                time.sleep(0.1)

    @contextmanager
    def in_use(self) -> Iterator[Database]:
        """Keep the file open for the duration (one script run, one import, one command)."""
        with self._lock:
            if self._root is None:
                self._root = self._connect()
                self._generation += 1
            self._users += 1
        try:
            yield self
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0 and not self.hold:
                    self._shut()

    def _shut(self) -> None:
        for cursor in self._cursors:
            try:
                cursor.close()
            except duckdb.Error:
                pass
        self._cursors = []
        if self._root is not None:
            self._root.close()
            self._root = None

    def cursor(self):
        """This thread's cursor, created on first use (and again after the file was let go)."""
        held = getattr(self._local, "held", None)
        if held is None or held[0] != self._generation:
            with self._lock:
                if self._root is None:
                    raise DatabaseError("the database is not open: use it inside in_use()")
                cursor = self._root.cursor()
                self._cursors.append(cursor)
                held = (self._generation, cursor)
            self._local.held = held
        return held[1]

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._shut()

    # -- reading ------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        """Rows as a DataFrame, fetched through Arrow (fast for text columns)."""
        with self.in_use():
            rel = self.cursor().sql(sql, params=params or None)
            if rel is None:
                return pd.DataFrame()
            return rel.to_arrow_table().to_pandas()

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        with self.in_use():
            return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    def count(self, table: str) -> int:
        _check_table(table)
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    # -- writing ------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> None:
        with self.in_use():
            self.cursor().execute(sql, params or [])

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All writes inside commit together or not at all.

        Transactions nest: an inner one joins the outer, and an error anywhere
        rolls back the whole outer transaction.
        """
        with self.in_use():
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

    def retrying(self, work, attempts: int = 3, idempotent: bool = False):
        """Run ``work()`` (which opens its own transaction) again when another session of this process wrote
        the same rows at the same moment (DuckDB's optimistic "Conflict on update"). ``idempotent`` work
        (an insert that skips rows already there) is also tried again when the other session's rows arrived
        between its snapshot and its insert (a duplicate key)."""
        conflicts = (
            (duckdb.TransactionException, duckdb.ConstraintException) if idempotent else (duckdb.TransactionException,)
        )
        for attempt in range(1, attempts + 1):
            try:
                return work()
            except conflicts:
                if attempt == attempts:
                    raise
                time.sleep(0.05 * attempt)

    def insert_frame(self, table: str, frame: pd.DataFrame | pa.Table) -> int:
        """Append a DataFrame or Arrow table whose columns are named as the table's."""
        _check_table(table)
        data = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
        with self.in_use():
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
        with self.in_use():
            self.cursor().register(name, table)

    def unregister(self, name: str) -> None:
        with self.in_use():
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
        exists = self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
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


def open_database(
    path: str | os.PathLike | None = None, *, hold: bool = True, wait_seconds: float = LOCK_WAIT_SECONDS
) -> Database:
    """The process-wide :class:`Database` for ``path`` (default: RISK_DB, then data/risk.duckdb)."""
    resolved = Path(path or default_db_path()).resolve()
    with _open_lock:
        db = _open.get(resolved)
        if db is None:
            resolved.parent.mkdir(parents=True, exist_ok=True)
            db = Database(resolved, hold=hold, wait_seconds=wait_seconds)
            _open[resolved] = db
        return db


def create_database(path: str | os.PathLike, *, replace_ledgers: bool = False) -> Database:
    """A new, empty database at ``path`` (schema only). An existing file is replaced when it holds no ledgers
    (a demo, an empty one) or when ``replace_ledgers`` says so; a file holding an office's records is refused."""
    path = Path(path)
    if path.exists():
        with Database(path) as old:
            # a demo holds no ledgers, unless somebody entered records into it (quick entry is allowed there)
            entered = old.scalar("SELECT count(*) FROM audit_log WHERE action IN ('import', 'record_entered')")
            holds_ledgers = old.count("communities") > 0 and (old.get_meta("demo") != "true" or entered > 0)
        if holds_ledgers and not replace_ledgers:
            raise HoldsLedgers("cli.init.exists", path=path)
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Database(path)


class HoldsLedgers(Problem):
    """The file holds an office's ledgers: it is not replaced without being told to."""


def close_database(path: str | os.PathLike) -> None:
    """Close and forget the process-wide instance for ``path`` (before replacing the file)."""
    resolved = Path(path).resolve()
    with _open_lock:
        db = _open.pop(resolved, None)
    if db is not None:
        db.close()


GLOB_CHARACTERS = frozenset("*?[]{}")


@contextmanager
def literal_path(path: str | os.PathLike) -> Iterator[str]:
    """A path DuckDB's file readers take as it is written. They read ``* ? [ ]`` as patterns (``x[1].csv``
    would read ``x1.csv``) and have no escape for them: a path holding one is read through a link with a
    plain name in a private temporary folder."""
    text = str(path)
    if not GLOB_CHARACTERS & set(text):
        yield text
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="risk-read-") as folder:
        link = Path(folder) / ("file" + "".join(ch for ch in Path(text).suffix if ch not in GLOB_CHARACTERS))
        os.symlink(Path(text).resolve(), link)
        yield str(link)
