"""Login sessions: what keeps a user logged in across a page reload or a second tab, and what ends it.

A login gives the browser a token: a random id and its signature (HMAC with
a key derived from the installation's key, analytics/signing.py), kept in a
cookie. The database keeps only the id's hash, with when the session started,
was last seen and must end. Every run of every page checks the session again
(``check``): a disabled or locked account, a password reset, a changed role,
a log-out, the idle time-out or the session's end (``LIFETIME`` after the
login) ends it there and then, in every tab that shares it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import audit, settings_store, signing
from .db import Database
from .roles import User

LIFETIME = timedelta(hours=12)  # a working day: then a new login, whatever the activity
TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often
COOKIE = "risk_radar_session"
MAX_TOKEN = 200


@dataclass(frozen=True)
class Ended:
    """Why a session is over: 'gone' (unknown, forged or logged out), 'timeout', 'expired', 'changed' (role or
    password changed since the login) or 'disabled' (disabled or locked)."""

    why: str


def _session_key() -> bytes:
    return hmac.new(signing.key(), b"risk-radar sessions", hashlib.sha256).digest()


def _signature(session_id: str) -> str:
    return hmac.new(_session_key(), session_id.encode(), hashlib.sha256).hexdigest()[:32]


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _id_of(token: str | None) -> str | None:
    """The session id of a token whose signature holds, else None (nothing forged reaches the database)."""
    if not token or len(token) > MAX_TOKEN or token.count(".") != 1:
        return None
    session_id, signature = token.split(".")
    return session_id if hmac.compare_digest(_signature(session_id), signature) else None


def start(db: Database, user: User, now: datetime | None = None) -> str:
    """A new session for a user who just logged in; the token for the browser."""
    now = now or datetime.now()
    session_id = secrets.token_urlsafe(24)
    db.execute(
        "INSERT INTO sessions (token_hash, username, role, started_at, last_seen, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [_hash(session_id), user.username, user.role, now, now, now + LIFETIME],
    )
    return f"{session_id}.{_signature(session_id)}"


def check(db: Database, token: str | None, now: datetime | None = None) -> User | Ended:
    """The session's user as the account stands now, or why the session is over (and it is then ended)."""
    now = now or datetime.now()
    session_id = _id_of(token)
    if session_id is None:
        return Ended("gone")
    found = db.rows(
        "SELECT s.username, s.role, s.started_at, s.last_seen, s.expires_at, s.ended_at, a.role, a.is_demo, "
        "a.disabled, "
        "a.locked_until, a.password_changed_at FROM sessions s JOIN accounts a USING (username) "
        "WHERE s.token_hash = ?",
        [_hash(session_id)],
    )
    if not found:
        return Ended("gone")
    username, role_then, started, last_seen, expires, ended, role, is_demo, disabled, locked_until, changed = found[0]
    if ended is not None:
        return Ended("gone")
    idle = timedelta(minutes=settings_store.get(db, "session_timeout_minutes"))
    why = None
    if disabled or (locked_until is not None and locked_until > now):
        why = "disabled"
    elif role != role_then or (changed is not None and changed > started):
        why = "changed"
    elif now >= expires:
        why = "expired"
    elif now - last_seen > idle:
        why = "timeout"
    if why is not None:
        end(db, token, why, username=username, now=now)
        return Ended(why)
    if now - last_seen >= TOUCH_EVERY:
        db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, _hash(session_id)])
    return User(username, role, bool(is_demo))


def end(db: Database, token: str | None, why: str, *, username: str | None = None, now: datetime | None = None):
    """End one session (a log-out, or what ``check`` found); audit-logged when the account ended it."""
    session_id = _id_of(token)
    if session_id is None:
        return
    with db.transaction():
        db.execute(
            "UPDATE sessions SET ended_at = ?, ended_why = ? WHERE token_hash = ? AND ended_at IS NULL",
            [now or datetime.now(), why, _hash(session_id)],
        )
        if why == "timeout":
            minutes = settings_store.get(db, "session_timeout_minutes")
            audit.record(db, username, "session_timeout", username, {"idle_minutes": minutes})
        elif why in ("changed", "disabled", "expired"):
            audit.record(db, username, "session_ended", username, {"why": why})
