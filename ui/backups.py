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

from analytics import backup, settings_store
from analytics.db import open_database
from analytics.settings import env

WAIT_SECONDS = 30.0
FIRST_CHECK_SECONDS = 300
CHECK_SECONDS = 3600
log = logging.getLogger(__name__)


def check(path: str, today: date | None = None) -> backup.Taken | None:
    """One check: today's backup of the database at ``path`` if due (and the old ones pruned)."""
    db = open_database(path, hold=False, wait_seconds=WAIT_SECONDS)  # as the pages open it: let go between uses
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


_threads: dict[str, threading.Thread] = {}
_threads_lock = threading.Lock()


def keep_scheduled(path) -> None:
    """Start this process's daily-backup thread for ``path`` (once per process and file: by ``serve`` when
    the server starts, else by the first page drawn)."""
    if env("RISK_BACKUP_SCHEDULE") == "off":
        return
    with _threads_lock:
        if str(path) not in _threads:
            _threads[str(path)] = threading.Thread(target=_loop, args=(str(path),), name="daily-backup", daemon=True)
            _threads[str(path)].start()
