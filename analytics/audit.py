"""The audit log: append-only, who did what and when.

Nothing in the product updates or deletes audit rows (a test searches the
code for it); reading the log is an admin's action.
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta

import pandas as pd

from . import signing
from .db import Database
from .roles import User, require

ACTIONS = (
    "login",
    "login_failed",
    "login_locked",
    "logout",
    "session_timeout",
    "session_resumed",
    "session_ended",
    "password_changed",
    "account_created",
    "account_changed",
    "access_denied",
    "setting_changed",
    "calendar_changed",
    "export",
    "import",
    "alert_action",
    "record_entered",
    "model_trained",
    "backup",
    "restore",
    "alerts_run",
    "risk_action",
    "meeting",
    "conflict_settled",
)


def record(
    db: Database, username: str | None, action: str, target: str | None = None, detail: dict | None = None
) -> None:
    """Append one event. Call it inside the caller's transaction when there is one."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.execute(
        "INSERT INTO audit_log (logged_at, username, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        [datetime.now(), _cut(username), action, _cut(target), _detail(detail)],
    )


MAX_TEXT = 200  # a user name or a target as logged: what is longer was never a name (the tail says it was cut)
MAX_DETAIL = 4000


def _cut(text, limit: int = MAX_TEXT):
    if text is None:
        return None
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _detail(detail: dict | None) -> str | None:
    """The detail as JSON, each long text in it cut, and the whole kept under MAX_DETAIL characters."""
    if not detail:
        return None
    cut = {str(k)[:60]: _cut(v, 500) if isinstance(v, str) else v for k, v in detail.items()}
    text = json.dumps(cut, ensure_ascii=False, default=str)
    if len(text) > MAX_DETAIL:
        text = json.dumps({"cut": _cut(text, MAX_DETAIL - 20)}, ensure_ascii=False)
    return text


def search(
    db: Database,
    user: User,
    *,
    username: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """Events matching every given filter, newest first; ``text`` matches target or detail."""
    require(user, "view_audit")
    pattern = f"%{text.strip()}%" if text and text.strip() else None
    return db.query(
        """
        SELECT event_id, logged_at, username, action, target, CAST(detail AS VARCHAR) AS detail
        FROM audit_log
        WHERE (CAST($username AS VARCHAR) IS NULL OR username = $username)
          AND (CAST($action AS VARCHAR) IS NULL OR action = $action)
          AND (CAST($since AS TIMESTAMP) IS NULL OR logged_at >= $since)
          AND (CAST($until AS TIMESTAMP) IS NULL OR logged_at < $until)
          AND (CAST($pattern AS VARCHAR) IS NULL
               OR target ILIKE $pattern OR CAST(detail AS VARCHAR) ILIKE $pattern)
        ORDER BY event_id DESC
        LIMIT $limit
        """,
        {
            "username": username or None,
            "action": action or None,
            "since": datetime.combine(since, datetime.min.time()) if since else None,
            "until": datetime.combine(until + timedelta(days=1), datetime.min.time()) if until else None,
            "pattern": pattern,
            "limit": limit,
        },
    )


def usernames(db: Database, user: User) -> list[str]:
    """Everyone who appears in the log, for the search filter."""
    require(user, "view_audit")
    return [
        name
        for (name,) in db.rows("SELECT DISTINCT username FROM audit_log WHERE username IS NOT NULL ORDER BY username")
    ]


# -- the seal: a chain over the log ------------------------------------------------------------------------------------

GENESIS = "risk-radar audit log"
_seal_lock = threading.Lock()


def _link(secret: bytes, previous: str, row: tuple) -> str:
    event_id, logged_at, username, action, target, detail = row
    fields = json.dumps([previous, event_id, str(logged_at), username, action, target, detail], ensure_ascii=False)
    return signing.sign(secret, fields.encode("utf-8"))


def _rows_after(db: Database, event_id: int):
    return db.rows(
        "SELECT event_id, logged_at, username, action, target, CAST(detail AS VARCHAR) FROM audit_log "
        "WHERE event_id > ? ORDER BY event_id",
        [event_id],
    )


def seal(db: Database) -> int:
    """Seal the rows logged since the last seal, each chained to the one before with the installation's key
    (analytics/signing.py): a row changed or removed afterwards breaks the chain, and without the key nobody can
    forge it again. Run by the server's worker every minute, by each early-warning run, backup and ``check``.
    Returns how many rows were sealed."""
    secret = signing.key()

    def work() -> int:
        with db.transaction():
            head = db.rows("SELECT event_id, seal FROM audit_seals ORDER BY event_id DESC LIMIT 1")
            last, previous = head[0] if head else (0, GENESIS)
            rows = _rows_after(db, last)
            now = datetime.now()
            sealed = []
            for row in rows:
                previous = _link(secret, previous, row)
                sealed.append((row[0], previous, now))
            if sealed:
                db.insert_frame("audit_seals", pd.DataFrame(sealed, columns=["event_id", "seal", "sealed_at"]))
            return len(sealed)

    with _seal_lock:
        return db.retrying(work, attempts=10)


def broken_seals(db: Database) -> list[dict]:
    """Where the sealed log no longer matches its seals: rows changed ('changed') or removed ('removed'), each with
    the event id where the chain breaks. Empty when the log is as it was sealed."""
    secret = signing.key(create=False)
    logged = {row[0]: row for row in _rows_after(db, 0)}
    previous, found = GENESIS, []
    for event_id, stored in db.rows("SELECT event_id, seal FROM audit_seals ORDER BY event_id"):
        row = logged.get(event_id)
        if row is None:
            found.append({"event_id": int(event_id), "how": "removed"})
        elif _link(secret, previous, row) != stored:
            found.append({"event_id": int(event_id), "how": "changed"})
        previous = stored
    return found
