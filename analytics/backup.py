"""Backups: a consistent snapshot of every table as Parquet, with a manifest; and restoring one.

``take(db, folder)`` reads every table inside one transaction (one snapshot,
even while the dashboard writes between its page draws), writes one Parquet
file per table into a new folder beside the destination, adds
``manifest.json`` — schema version, each table's row count and each file's
SHA-256, signed with the installation's key (analytics/signing.py), which is
never inside the backup — and only then renames the folder into place: a
backup folder either is complete or does not exist. The pseudonym key goes
with it (``pseudonym.key``), since imports after a restore must give the same
pseudonyms; keep backups as safe as the database.

``restore(folder, path)`` checks the manifest's signature, that it lists every
table of its schema version and every file against its checksum, before
touching anything; then builds the database in a temporary file at the
backup's schema version, loads the tables, checks their row counts, brings the
schema up to date and moves the file into place. A changed file, a table taken
out, or a manifest rewritten to match either is refused: whoever changes a
backup cannot sign it again without the key. Backups taken before signing
(format 1) restore only when asked for by name (``--accept-unsigned``), and
then without their stored models, which are code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from . import privacy, signing
from .db import Database, literal_path
from .problems import Problem
from .roles import SYSTEM_ROLE, User
from .schema import MIGRATIONS, SCHEMA_VERSION, TABLES
from .settings import env

log = logging.getLogger(__name__)  # the server's log (journald): counts and steps, never personal fields

MANIFEST = "manifest.json"
KEY_FILE = "pseudonym.key"
FORMAT = "risk-radar-backup/2"
UNSIGNED_FORMAT = "risk-radar-backup/1"  # before manifests were signed
# tables in the order a restore loads them; every table of the schema is in it (a test checks)
ORDER = (
    "meta",
    "street_profile",
    "settings",
    "communities",
    "groups",
    "group_neighbors",
    "group_shapes",
    "responsible_units",
    "calendar",
    "petitions",
    "screenings",
    "risk_items",
    "risk_actions",
    "record_history",
    "accounts",
    "alerts",
    "alert_groups",
    "alert_history",
    "alert_reads",
    "notifications",
    "notification_queue",
    "alert_runs",
    "risk_scores",
    "models",
    "demo_events",
    "meetings",
    "meeting_items",
    "ledger_conflicts",
    "sessions",
    "audit_log",
    "audit_seals",
)
SEQUENCES = {
    "alert_ids": ("alerts", "alert_id"),
    "audit_ids": ("audit_log", "event_id"),
    "model_ids": ("models", "model_id"),
    "risk_action_ids": ("risk_actions", "action_id"),
    "meeting_ids": ("meetings", "meeting_id"),
    "conflict_ids": ("ledger_conflicts", "conflict_id"),
    "alert_run_ids": ("alert_runs", "run_id"),
}


class BackupError(Problem):
    """A backup that cannot be taken or restored; the message says why in plain words."""


@dataclass
class Taken:
    folder: Path
    tables: dict[str, int]
    schema_version: int
    seconds: float


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def take(db: Database, folder: str | os.PathLike) -> Taken:
    """Write a backup into ``folder`` (which must not exist yet)."""
    import time

    started = time.perf_counter()
    folder = Path(folder)
    if folder.exists():
        raise BackupError("backup.exists", folder=folder)
    where = signing.key_path().resolve()
    if not env("RISK_BACKUP_KEY") and where.is_relative_to(folder.resolve().parent):
        raise BackupError("backup.key_inside", key=where, folder=folder.parent)  # it would travel with them
    secret = signing.key()
    from . import audit

    audit.seal(db)  # the backup carries a sealed log
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        counts: dict[str, int] = {}
        with db.in_use():
            cursor = db.cursor()
            cursor.execute("BEGIN TRANSACTION")  # one snapshot for every table
            try:
                version = int(cursor.execute("SELECT max(version) FROM schema_version").fetchall()[0][0])
                for table in ORDER:
                    counts[table] = int(cursor.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
                    target = str(work / f"{table}.parquet")
                    cursor.execute(f"COPY (SELECT * FROM {table}) TO '{_quoted(target)}' (FORMAT parquet)")
            finally:
                cursor.execute("ROLLBACK")
        files = {
            table: {"file": f"{table}.parquet", "rows": counts[table], "sha256": _sha256(work / f"{table}.parquet")}
            for table in ORDER
        }
        key = privacy.key_path(db.path)
        if key.exists():
            shutil.copy2(key, work / KEY_FILE)
            files["_pseudonym_key"] = {"file": KEY_FILE, "sha256": _sha256(work / KEY_FILE)}
        manifest = {
            "format": FORMAT,
            "schema_version": version,
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": db.path.name,
            "tables": files,
        }
        manifest["signature"] = signing.sign(secret, _signed_part(manifest))
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(work, folder)
        log.info("backup of %s into %s: %d tables, %d rows", db.path.name, folder, len(counts), sum(counts.values()))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Taken(folder, counts, version, time.perf_counter() - started)


def take_recorded(db: Database, user, folder: str | os.PathLike) -> Taken:
    """``take``, written to the audit log as the user's (an administrator's, or the office's own runs)."""
    from . import audit
    from .roles import require

    require(user, "change_settings")

    taken = take(db, folder)
    audit.record(db, user.username, "backup", taken.folder.name, {"rows": sum(taken.tables.values())})
    return taken


def take_by_hand(db: Database, user) -> Taken:
    """A backup taken now by a user (the settings page), named manual-<time> in the backup folder; audit-logged."""
    return take_recorded(db, user, folder_for(db.path) / f"manual-{datetime.now():%Y-%m-%d-%H%M%S}")


def restore_beside(db: Database, user, name: str) -> tuple[Path, dict[str, int]]:
    """Restore the backup ``name`` of the backup folder into a new file beside the database in use (never over
    it: sessions may be writing); audit-logged. Returns the new file and each table's rows."""
    from .roles import require

    require(user, "change_settings")
    folder = folder_for(db.path) / name
    path = db.path.with_name(f"restored-{name}.duckdb")
    counts = restore(folder, path)
    from . import audit

    audit.record(db, user.username, "restore", name, {"into": str(path), "rows": sum(counts.values())})
    return path, counts


def _quoted(path: str) -> str:
    """A file path inside a SQL string literal (COPY TO takes no parameter); the path is ours, not a user's."""
    return path.replace("'", "''")


def _signed_part(manifest: dict) -> bytes:
    """The bytes a manifest's signature covers: everything in it but the signature, in one canonical form."""
    body = {name: value for name, value in manifest.items() if name != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def verify(folder: str | os.PathLike, secret: bytes, *, accept_unsigned: bool = False) -> dict:
    """The manifest, after checking its signature with ``secret``, that it lists every table of its schema
    version, and that every file it lists is there with its checksum."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError("backup.no_manifest", folder=folder)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("backup.bad_manifest", folder=folder, reason=str(exc)) from None
    if not isinstance(manifest, dict):
        raise BackupError("backup.bad_manifest", folder=folder, reason="not a JSON object")
    if manifest.get("format") == UNSIGNED_FORMAT:
        if not accept_unsigned:
            raise BackupError("backup.unsigned", folder=folder)
    elif manifest.get("format") != FORMAT:
        raise BackupError("backup.bad_manifest", folder=folder, reason=f"format {manifest.get('format')!r}")
    elif not signing.signed_by(secret, _signed_part(manifest), manifest.get("signature")):
        raise BackupError("backup.signature", folder=folder)
    try:
        version = int(manifest.get("schema_version", 0))
    except (TypeError, ValueError):
        raise BackupError("backup.bad_manifest", folder=folder, reason="schema_version") from None
    if version > SCHEMA_VERSION or version < 1:
        raise BackupError("backup.newer", folder=folder, version=version, ours=SCHEMA_VERSION)
    tables = manifest.get("tables", {})
    if not isinstance(tables, dict):
        raise BackupError("backup.bad_manifest", folder=folder, reason="tables")
    missing = sorted(schema_tables(version) - set(tables))
    if missing:
        raise BackupError("backup.tables_missing", folder=folder, tables=", ".join(missing), version=version)
    for name, entry in tables.items():
        if name != "_pseudonym_key" and name not in TABLES:
            raise BackupError("backup.bad_manifest", folder=folder, reason=f"unknown table {name!r}")
        path = folder / entry["file"]
        if not path.exists() or path.parent != folder:
            raise BackupError("backup.missing_file", folder=folder, file=entry["file"])
        if _sha256(path) != entry["sha256"]:
            raise BackupError("backup.checksum", folder=folder, file=entry["file"])
    return manifest


def restore(
    folder: str | os.PathLike,
    path: str | os.PathLike,
    *,
    force: bool = False,
    accept_unsigned: bool = False,
) -> dict[str, int]:
    """Rebuild the database at ``path`` from a backup verified with the installation's key; returns each table's
    rows. A format-1 (unsigned) backup restores only with ``accept_unsigned``, without its stored models."""
    folder, path = Path(folder), Path(path)
    manifest = verify(folder, signing.key(create=accept_unsigned), accept_unsigned=accept_unsigned)
    if path.exists() and not force:
        raise BackupError("backup.target_exists", path=path)
    version = int(manifest["schema_version"])
    tables = {name: entry for name, entry in manifest["tables"].items() if name != "_pseudonym_key"}
    if manifest.get("format") == UNSIGNED_FORMAT:
        tables.pop("models", None)  # pickled code nobody signed is never loaded
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".restoring", dir=path.parent)
    os.close(fd)
    os.unlink(temporary)  # DuckDB creates the file itself
    temporary = Path(temporary)
    try:
        db = Database(temporary, schema_target=version)
        counts = {}
        with db.transaction():
            db.execute("DELETE FROM meta")
            for table in ORDER:
                if table not in tables:
                    continue  # a table the backup's version did not have yet
                with literal_path(folder / tables[table]["file"]) as source:
                    db.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)", [source])
                counts[table] = int(db.scalar(f"SELECT count(*) FROM {table}"))
                if counts[table] != int(tables[table]["rows"]):
                    raise BackupError("backup.rows", table=table, expected=tables[table]["rows"], found=counts[table])
            for sequence, (table, column) in SEQUENCES.items():
                if table in counts:
                    highest = int(db.scalar(f"SELECT coalesce(max({column}), 0) FROM {table}"))
                    # a sequence cannot be set in DuckDB: draw it up to the highest id restored
                    db.execute(f"SELECT max(nextval('{sequence}')) FROM range(?)", [highest])
        db.close()
        db = Database(temporary)  # brings an older backup's schema up to date
        db.close()
        if path.exists():
            path.unlink()
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                wal.unlink()
        os.replace(temporary, path)
        key = manifest["tables"].get("_pseudonym_key")
        if key is not None:
            shutil.copy2(folder / key["file"], privacy.key_path(path))
            os.chmod(privacy.key_path(path), 0o600)
    except BaseException:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
        raise
    return counts


def schema_tables(version: int = SCHEMA_VERSION) -> set[str]:
    """Every table the migrations up to ``version`` create (what a backup of that version must hold)."""
    found = set()
    for number, _, statements in MIGRATIONS:
        if number > version:
            continue
        for statement in statements:
            match = re.match(r"\s*CREATE TABLE (\w+)", statement)
            if match:
                found.add(match.group(1))
    return found


# -- the daily backups ------------------------------------------------------------------------------------------------

SCHEDULER = User("scheduler", SYSTEM_ROLE)  # the daily backups' actor in the audit log
DAILY = re.compile(r"risk-\d{4}-\d{2}-\d{2}")  # scheduled backups: risk-YYYY-MM-DD; others (manual-…) are kept


def folder_for(db_path: str | os.PathLike) -> Path:
    """Where backups go: ``RISK_BACKUP_DIR``, else a ``backups`` folder beside the database."""
    configured = env("RISK_BACKUP_DIR")
    return Path(configured) if configured else Path(db_path).resolve().parent / "backups"


def listed(folder: str | os.PathLike) -> list[dict]:
    """The backups in ``folder`` (sub-folders with a manifest), newest first: name, taken_at, tables, rows, MB."""
    found = []
    folder = Path(folder)
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        manifest_path = entry / MANIFEST
        if entry.name.startswith(".") or not manifest_path.is_file():
            continue
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        tables = {k: v for k, v in manifest.get("tables", {}).items() if k != "_pseudonym_key"}
        found.append(
            {
                "name": entry.name,
                "taken_at": manifest.get("taken_at", ""),
                "schema_version": manifest.get("schema_version"),
                "tables": len(tables),
                "rows": sum(int(v.get("rows", 0)) for v in tables.values()),
                "mb": round(sum(f.stat().st_size for f in entry.iterdir() if f.is_file()) / 2**20, 1),
                "scheduled": bool(DAILY.fullmatch(entry.name)),
            }
        )
    return sorted(found, key=lambda b: b["taken_at"], reverse=True)


def daily(db: Database, keep: int, today: date, folder: str | os.PathLike | None = None) -> Taken | None:
    """Today's scheduled backup (unless ``keep`` is 0 or it exists), then only the ``keep`` newest scheduled
    backups are kept; backups taken by hand are never removed."""
    if keep <= 0:
        return None
    folder = Path(folder) if folder is not None else folder_for(db.path)
    target = folder / f"risk-{today.isoformat()}"
    taken = None if target.exists() else take_recorded(db, SCHEDULER, target)
    scheduled = sorted((b["name"] for b in listed(folder) if b["scheduled"]), reverse=True)
    for name in scheduled[keep:]:
        shutil.rmtree(folder / name, ignore_errors=True)
    return taken
