"""The daily backup, taken by the dashboard server: one thread per database file checks every hour whether
today's backup exists (``backup_keep`` > 0) and takes it, keeping the newest ``backup_keep``.

The first check waits a few minutes after the server starts; ``RISK_BACKUP_SCHEDULE=off`` turns the
thread off (the tests do; a cron job running ``python -m analytics backup`` can replace it).
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import date

import streamlit as st

from analytics import backup, settings_store
from analytics.db import open_database
from analytics.settings import env

FIRST_CHECK_SECONDS = 300
CHECK_SECONDS = 3600
log = logging.getLogger(__name__)


def check(path: str, today: date | None = None) -> backup.Taken | None:
    """One check: today's backup of the database at ``path`` if due (and the old ones pruned)."""
    db = open_database(path)
    with db.in_use():
        return backup.daily(db, settings_store.get(db, "backup_keep"), today or date.today())


def _loop(path: str) -> None:
    time.sleep(FIRST_CHECK_SECONDS)
    while True:
        try:
            taken = check(path)
            if taken is not None:
                log.info("daily backup written to %s", taken.folder)
        except Exception:  # a full disk must not stop the dashboard; the next check tries again
            log.exception("daily backup failed")
        time.sleep(CHECK_SECONDS)


@st.cache_resource(show_spinner=False)
def _scheduler(path: str) -> threading.Thread:
    thread = threading.Thread(target=_loop, args=(path,), name="daily-backup", daemon=True)
    thread.start()
    return thread


def keep_scheduled(path: str) -> None:
    """Start this server's daily-backup thread for ``path`` (once per server and file)."""
    if env("RISK_BACKUP_SCHEDULE") != "off":
        _scheduler(str(path))
