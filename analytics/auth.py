"""Local accounts: argon2 password hashes, lock-out, password changes.

Passwords are hashed with argon2id (argon2-cffi); nothing here is home-made
crypto. Every login, failure, lock and change goes to the audit log.
"""

from __future__ import annotations

import threading
import time
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
MAX_NAME = 64  # what a user name may be (the login form cuts there too)
MAX_PASSWORD = 200  # longer is no password anyone types; argon2 is not asked to hash megabytes
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


class _Throttle:
    """Repeated failures are slowed, per account name and per client, in this process (every session of a
    dashboard server is a thread of one process; DuckDB lets one process at a time hold the file).

    Each failure books the next attempt of its name and of its client a slot later: after ``FREE`` failures
    within ``WINDOW``, 1 s, then 2, 4 … up to ``MOST`` seconds apart. Slots are booked under a lock, so ten
    attempts at once wait in a queue rather than all at once. Unknown names are counted here too, and lock
    as an account would: the answers never tell a name that exists from one that does not."""

    FREE, MOST = 3, 30.0
    WINDOW = timedelta(minutes=15)

    KEPT = 100_000  # names and clients remembered at most (the oldest are let go first)

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.failures: dict[str, list[datetime]] = {}
        self.last_turn: dict[str, float] = {}
        self.unknown: dict[str, tuple[int, datetime | None]] = {}  # name → (failures, locked until)

    def recent(self, key: str, now: datetime) -> int:
        kept = [t for t in self.failures.get(key, []) if now - t < self.WINDOW]
        self.failures[key] = kept
        return len(kept)

    def wait(self, keys: list[str], now: datetime) -> float:
        """Seconds this attempt waits for its turn: the gap its keys' recent failures call for after their last
        attempt's turn; the turn is booked at once, so attempts at the same moment queue."""
        with self.lock:
            clock = self.clock()
            start = max(
                [clock, *(self.last_turn[k] + self._gap(self.recent(k, now)) for k in keys if k in self.last_turn)]
            )
            for k in keys:
                self.last_turn[k] = start
            return start - clock

    def failed(self, keys: list[str], now: datetime) -> int:
        """Count a failure against each key; the most recent failures of any of them."""
        with self.lock:
            for k in keys:
                self.failures.setdefault(k, []).append(now)
            return max(self.recent(k, now) for k in keys)

    def forget(self, key: str) -> None:
        with self.lock:
            self.failures.pop(key, None)
            self.last_turn.pop(key, None)

    def unknown_name(self, name: str, now: datetime, limit: int, minutes: int) -> datetime | None:
        """Count a failure against a name no account has, as ``_count_failure`` counts an account's; the time
        it is 'locked' until, or None."""
        with self.lock:
            failures, until = self.unknown.pop(name, (0, None))
            if until is not None and until > now:
                self.unknown[name] = (failures, until)
                return until
            failures = (0 if until is not None else failures) + 1
            until = now + timedelta(minutes=minutes) if failures >= limit else None
            self.unknown[name] = (failures, until)
            for table in (self.unknown, self.failures, self.last_turn):
                while len(table) > self.KEPT:
                    table.pop(next(iter(table)))
            return until

    def _gap(self, failures: int) -> float:
        return 0.0 if failures < self.FREE else min(2.0 ** (failures - self.FREE), self.MOST)


_throttle = _Throttle()
_failure_lock = threading.Lock()  # one failure counted at a time: read, add one and write back as one step
_sleep = time.sleep  # tests replace it


def authenticate(
    db: Database, username: str, password: str, now: datetime | None = None, client: str | None = None
) -> User:
    """The user, or LoginRefused; failures count towards the lock-out.

    The password is checked first, whatever the account's state, and every refusal of a wrong password says
    the same for a name that exists and one that does not ('wrong', or 'locked' after as many failures);
    only someone who knows the password learns that the account is disabled. Repeated failures are slowed
    per name and per ``client`` (the browser's address)."""
    now = now or datetime.now()
    name = username.strip()[:MAX_NAME]
    keys = [f"name:{name}"] + ([f"client:{client}"] if client else [])
    delay = _throttle.wait(keys, now)
    if delay > 0:
        _sleep(delay)
    rows = db.rows(
        "SELECT role, password_hash, is_demo, locked_until, disabled FROM accounts WHERE username = ?", [name]
    )
    stored = rows[0][1] if rows else _DUMMY_HASH  # a wrong name takes as long as a wrong password
    right = _verify(stored, password[:MAX_PASSWORD]) and bool(rows)
    limit = settings_store.get(db, "lockout_attempts")
    if not rows:
        _throttle.failed(keys, now)
        until = _throttle.unknown_name(name, now, limit, settings_store.get(db, "lockout_minutes"))
        audit.record(db, name or None, "login_failed", name, {"reason": "unknown user"})
        raise LoginRefused("locked", until) if until is not None else LoginRefused("wrong")
    role, _, is_demo, locked_until, disabled = rows[0]
    if locked_until is not None and locked_until > now:  # the same answer, right password or wrong
        if not right:
            _throttle.failed(keys, now)
        audit.record(db, name, "login_failed", name, {"reason": "locked"})
        raise LoginRefused("locked", locked_until)
    if not right:
        _throttle.failed(keys, now)
        _, until = _count_failure(db, name, now, limit)
        if until is not None:
            raise LoginRefused("locked", until)
        raise LoginRefused("wrong")
    if disabled:
        audit.record(db, name, "login_failed", name, {"reason": "disabled"})
        raise LoginRefused("disabled")

    def succeed() -> None:
        with db.transaction():
            db.execute("UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [name])
            if _hasher.check_needs_rehash(stored):
                db.execute("UPDATE accounts SET password_hash = ? WHERE username = ?", [_hasher.hash(password), name])
            audit.record(db, name, "login", name)

    with _failure_lock:
        db.retrying(succeed, attempts=20)
    _throttle.forget(f"name:{name}")
    return User(name, role, bool(is_demo))


def _count_failure(
    db: Database, name: str, now: datetime, limit: int, reason: str = "wrong password"
) -> tuple[int, datetime | None]:
    """Add one failure to the account in one step that no other attempt interleaves with (tried again when
    another write met the same row), lock it at ``limit`` and log it; (failures, locked until or None)."""
    minutes = settings_store.get(db, "lockout_minutes")

    def count() -> tuple[int, datetime | None]:
        with db.transaction():
            # a lock that ran out starts the count afresh
            failures, until = db.rows(
                "UPDATE accounts SET failed_attempts = CASE WHEN locked_until <= ? THEN 1 "
                "ELSE failed_attempts + 1 END, locked_until = CASE WHEN locked_until <= ? THEN NULL "
                "ELSE locked_until END WHERE username = ? RETURNING failed_attempts, locked_until",
                [now, now, name],
            )[0]
            if until is not None:  # locked by an attempt at the same moment
                audit.record(db, name, "login_failed", name, {"reason": "locked", "failures": failures})
            elif failures >= limit:
                until = now + timedelta(minutes=minutes)
                db.execute("UPDATE accounts SET locked_until = ? WHERE username = ?", [until, name])
                audit.record(db, name, "login_locked", name, {"failures": failures, "until": until})
            else:
                audit.record(db, name, "login_failed", name, {"reason": reason, "failures": failures})
            return failures, until

    with _failure_lock:
        return db.retrying(count, attempts=20)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def change_password(db: Database, user: User, old: str, new: str, now: datetime | None = None) -> None:
    """A user changes their own password, proving they know the old one. A wrong old password counts as a
    failed login (slowed, towards the lock-out): an open session left on a desk is no place to guess it."""
    now = now or datetime.now()
    keys = [f"name:{user.username}"]
    delay = _throttle.wait(keys, now)
    if delay > 0:
        _sleep(delay)
    stored = db.scalar("SELECT password_hash FROM accounts WHERE username = ?", [user.username])
    if stored is None or not _verify(stored, old[:MAX_PASSWORD]):
        _throttle.failed(keys, now)
        if stored is not None:
            _count_failure(db, user.username, now, settings_store.get(db, "lockout_attempts"), "wrong old password")
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
