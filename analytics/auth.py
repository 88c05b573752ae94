"""Local accounts: argon2 password hashes, lock-out, password changes.

Passwords are hashed with argon2id (argon2-cffi); nothing here is home-made
crypto. Every login, failure, lock and change goes to the audit log.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import audit, settings_store
from .db import Database
from .problems import Problem
from .roles import ROLES, User, require

_hasher = PasswordHasher()
# Verified when the user is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
MIN_PASSWORD = 8
DEMO_PASSWORD = "demo"


class LoginRefused(Exception):
    """Why a login failed: ``reason`` is 'wrong' (name or password), 'locked' or 'disabled'."""

    def __init__(self, reason: str, until: datetime | None = None):
        super().__init__(reason)
        self.reason = reason
        self.until = until


class AccountError(Problem):
    """A bad account request; ``key`` is a translation key, ``values`` fill it in."""


def check_password_rules(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("account.password.short", minimum=MIN_PASSWORD)
    if password.strip().lower() == username.strip().lower():
        raise AccountError("account.password.is_name")


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise AccountError("account.name.invalid")
    return name


def add_account(db: Database, actor: User, username: str, role: str, password: str, *, is_demo: bool = False) -> User:
    """Create an account (``actor`` must manage accounts; the command line acts as SYSTEM)."""
    require(actor, "manage_accounts")
    name = _check_username(username)
    if role not in ROLES:
        raise AccountError("account.role.invalid", roles=", ".join(ROLES))
    if not is_demo:
        check_password_rules(name, password)
    if db.scalar("SELECT count(*) FROM accounts WHERE username = ?", [name]):
        raise AccountError("account.name.taken", name=name)
    with db.transaction():
        db.execute(
            "INSERT INTO accounts (username, role, password_hash, is_demo, created_at) VALUES (?, ?, ?, ?, ?)",
            [name, role, _hasher.hash(password), is_demo, datetime.now()],
        )
        audit.record(db, actor.username, "account_created", name, {"role": role, "demo": is_demo})
    return User(name, role, is_demo)


DEMO_NAMES = {"committee": "街道党工委书记", "officer": "综治中心主任"}


def add_demo_accounts(db: Database, actor: User) -> None:
    """One account per role, named after it, password 'demo' (demo databases only)."""
    for role in ROLES:
        add_account(db, actor, role, role, DEMO_PASSWORD, is_demo=True)
    # the demo street's leaders in charge are named by office: the committee account leads as its secretary
    for role, name in DEMO_NAMES.items():
        db.execute("UPDATE accounts SET full_name = ? WHERE username = ?", [name, role])


def account_count(db: Database) -> int:
    """How many accounts there are (none: the login page says how to create the first)."""
    return int(db.scalar("SELECT count(*) FROM accounts"))


def has_demo_accounts(db: Database) -> bool:
    return bool(db.scalar("SELECT count(*) FROM accounts WHERE is_demo AND NOT disabled"))


def authenticate(db: Database, username: str, password: str, now: datetime | None = None) -> User:
    """The user, or LoginRefused; failures count towards the lock-out."""
    now = now or datetime.now()
    name = username.strip()
    rows = db.rows(
        "SELECT role, password_hash, is_demo, failed_attempts, locked_until, disabled FROM accounts WHERE username = ?",
        [name],
    )
    if not rows:
        _verify(_DUMMY_HASH, password)
        audit.record(db, name or None, "login_failed", name, {"reason": "unknown user"})
        raise LoginRefused("wrong")
    role, stored, is_demo, failures, locked_until, disabled = rows[0]
    if disabled:
        audit.record(db, name, "login_failed", name, {"reason": "disabled"})
        raise LoginRefused("disabled")
    if locked_until is not None and locked_until > now:
        audit.record(db, name, "login_failed", name, {"reason": "locked"})
        raise LoginRefused("locked", locked_until)
    if not _verify(stored, password):
        failures = (0 if locked_until is not None else failures) + 1  # a lock that ran out starts afresh
        limit = settings_store.get(db, "lockout_attempts")
        with db.transaction():
            if failures >= limit:
                until = now + timedelta(minutes=settings_store.get(db, "lockout_minutes"))
                db.execute(
                    "UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                    [failures, until, name],
                )
                audit.record(db, name, "login_locked", name, {"failures": failures, "until": until})
            else:
                db.execute(
                    "UPDATE accounts SET failed_attempts = ?, locked_until = NULL WHERE username = ?", [failures, name]
                )
                audit.record(db, name, "login_failed", name, {"reason": "wrong password", "failures": failures})
        if failures >= limit:
            raise LoginRefused("locked", until)
        raise LoginRefused("wrong")
    with db.transaction():
        db.execute("UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [name])
        if _hasher.check_needs_rehash(stored):
            db.execute("UPDATE accounts SET password_hash = ? WHERE username = ?", [_hasher.hash(password), name])
        audit.record(db, name, "login", name)
    return User(name, role, bool(is_demo))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def change_password(db: Database, user: User, old: str, new: str) -> None:
    """A user changes their own password, proving they know the old one."""
    stored = db.scalar("SELECT password_hash FROM accounts WHERE username = ?", [user.username])
    if stored is None or not _verify(stored, old):
        audit.record(db, user.username, "login_failed", user.username, {"reason": "wrong old password"})
        raise AccountError("account.password.old_wrong")
    check_password_rules(user.username, new)
    with db.transaction():
        db.execute(
            "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE username = ?",
            [_hasher.hash(new), datetime.now(), user.username],
        )
        audit.record(db, user.username, "password_changed", user.username)


def reset_password(db: Database, actor: User, username: str, new: str) -> None:
    require(actor, "manage_accounts")
    _existing(db, username)
    check_password_rules(username, new)
    with db.transaction():
        db.execute(
            "UPDATE accounts SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, "
            "locked_until = NULL WHERE username = ?",
            [_hasher.hash(new), datetime.now(), username],
        )
        audit.record(db, actor.username, "password_changed", username, {"by_admin": True})


def update_account(
    db: Database,
    actor: User,
    username: str,
    *,
    role: str | None = None,
    disabled: bool | None = None,
    unlock: bool = False,
) -> None:
    """An admin changes a role, disables or enables an account, or lifts a lock."""
    require(actor, "manage_accounts")
    before = _existing(db, username)
    if role is not None and role not in ROLES:
        raise AccountError("account.role.invalid", roles=", ".join(ROLES))
    if username == actor.username and (disabled or (role is not None and role != "admin")):
        raise AccountError("account.self_lockout")  # an admin cannot lock themselves out
    changes = {}
    if role is not None and role != before["role"]:
        changes["role"] = [before["role"], role]
    if disabled is not None and disabled != before["disabled"]:
        changes["disabled"] = [before["disabled"], disabled]
    if unlock and before["locked_until"] is not None:
        changes["unlocked"] = True
    if not changes:
        return
    with db.transaction():
        db.execute(
            "UPDATE accounts SET role = coalesce(?, role), disabled = coalesce(?, disabled), "
            "locked_until = CASE WHEN ? THEN NULL ELSE locked_until END, "
            "failed_attempts = CASE WHEN ? THEN 0 ELSE failed_attempts END WHERE username = ?",
            [role, disabled, unlock, unlock, username],
        )
        audit.record(db, actor.username, "account_changed", username, changes)


def acting_as(db: Database, username: str) -> User:
    """The account a command acts as (``--as USER``): its role is checked as in the pages; a disabled or
    unknown account is refused."""
    found = _existing(db, username)
    if found["disabled"]:
        raise AccountError("account.disabled_cannot_act", name=username)
    is_demo = bool(db.scalar("SELECT is_demo FROM accounts WHERE username = ?", [username]))
    return User(username, found["role"], is_demo)


def full_name(db: Database, username: str) -> str | None:
    """The name an account goes by at work (包案领导, 承办人), when the administrator gave one."""
    return db.scalar("SELECT full_name FROM accounts WHERE username = ?", [username])


def set_full_name(db: Database, user: User, name: str | None) -> None:
    """One's own name at work (shown on 我包案的事项); audited."""
    name = (name or "").strip()[:100] or None
    with db.transaction():
        db.execute("UPDATE accounts SET full_name = ? WHERE username = ?", [name, user.username])
        audit.record(db, user.username, "account_changed", user.username, {"full_name": name})


def _existing(db: Database, username: str) -> dict:
    rows = db.query("SELECT role, disabled, locked_until FROM accounts WHERE username = ?", [username])
    if rows.empty:
        raise AccountError("account.name.unknown", name=username)
    row = rows.iloc[0]
    return {
        "role": row["role"],
        "disabled": bool(row["disabled"]),
        "locked_until": None if pd.isna(row["locked_until"]) else row["locked_until"],
    }


def list_accounts(db: Database, actor: User) -> pd.DataFrame:
    require(actor, "manage_accounts")
    return db.query(
        "SELECT username, role, is_demo, disabled, failed_attempts, locked_until, created_at, password_changed_at "
        "FROM accounts ORDER BY username"
    )
