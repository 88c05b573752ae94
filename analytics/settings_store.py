"""Reading and changing the admin settings and the sensitive-date calendar.

Values live in the ``settings`` table (JSON); a setting never changed has its
declared default. Changes are validated, audited and take effect at once:
readers look the value up each time (the pages cache by data version).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from . import audit
from .db import Database
from .roles import User, require
from .settings import APP_SETTINGS, APP_SETTINGS_BY_NAME


def get(db: Database, name: str):
    declared = APP_SETTINGS_BY_NAME[name]
    stored = db.scalar("SELECT CAST(value AS VARCHAR) FROM settings WHERE key = ?", [name])
    return declared.default if stored is None else json.loads(stored)


def all_values(db: Database) -> dict:
    stored = dict(db.rows("SELECT key, CAST(value AS VARCHAR) FROM settings"))
    return {s.name: json.loads(stored[s.name]) if s.name in stored else s.default for s in APP_SETTINGS}


def update(db: Database, user: User, changes: dict) -> dict:
    """Validate every change first, then store them all and audit each; return what changed."""
    require(user, "change_settings")
    clean = {}
    for name, value in changes.items():
        if name not in APP_SETTINGS_BY_NAME:
            raise ValueError(f"unknown setting {name!r}")
        clean[name] = APP_SETTINGS_BY_NAME[name].validate(value)
    current = all_values(db)
    changed = {name: value for name, value in clean.items() if current[name] != value}
    with db.transaction():
        for name, value in changed.items():
            db.execute(
                "INSERT INTO settings VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                [name, json.dumps(value), datetime.now(), user.username],
            )
            audit.record(db, user.username, "setting_changed", name, {"old": current[name], "new": value})
        if changed:
            db.bump_data_version()
    return changed


def calendar(db: Database) -> pd.DataFrame:
    return db.query("SELECT name, start_date, end_date, level FROM calendar ORDER BY start_date, name")


class CalendarError(ValueError):
    """A bad calendar row: ``row`` counts from 1 as the user sees the table; ``reason`` is a translation key."""

    def __init__(self, row: int, column: str, reason: str):
        super().__init__(f"row {row}, {column}: {reason}")
        self.row, self.column, self.reason = row, column, reason


def replace_calendar(db: Database, user: User, periods: pd.DataFrame) -> int:
    """Replace the whole calendar with ``periods`` (name, start_date, end_date, level) after checking every row."""
    require(user, "change_settings")
    rows = []
    for number, period in enumerate(periods.to_dict("records"), start=1):
        name = str(period.get("name") or "").strip()
        if not name or name.lower() in ("nan", "none"):
            raise CalendarError(number, "name", "calendar.missing")
        start, end = _day(period.get("start_date")), _day(period.get("end_date"))
        if start is None:
            raise CalendarError(number, "start_date", "calendar.not_a_date")
        if end is None:
            raise CalendarError(number, "end_date", "calendar.not_a_date")
        if end < start:
            raise CalendarError(number, "end_date", "calendar.before_start")
        level = period.get("level")
        if level is None or pd.isna(level):
            level = None
        elif level not in (1, 2, 3):
            raise CalendarError(number, "level", "calendar.level")
        rows.append((number, name, start, end, None if level is None else int(level)))
    before = len(calendar(db))
    with db.transaction():
        db.execute("DELETE FROM calendar")
        for row in rows:
            db.execute("INSERT INTO calendar VALUES (?, ?, ?, ?, ?)", list(row))
        audit.record(
            db, user.username, "calendar_changed", "calendar", {"periods_before": before, "periods_after": len(rows)}
        )
        db.bump_data_version()
    return len(rows)


def _day(value) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def stored(db: Database, name: str):
    """The value an admin stored, or None when the setting was never changed."""
    APP_SETTINGS_BY_NAME[name]  # unknown names fail loudly
    value = db.scalar("SELECT CAST(value AS VARCHAR) FROM settings WHERE key = ?", [name])
    return None if value is None else json.loads(value)
