"""The audit log: append-only, who did what and when.

Nothing in the product updates or deletes audit rows (a test searches the
code for it); reading the log is an admin's action.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pandas as pd

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
        [
            datetime.now(),
            username,
            action,
            target,
            json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        ],
    )


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
