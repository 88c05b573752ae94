"""The dashboard server's early warning: one worker thread per database file runs the detectors
(``analytics.alert_runs.run``) so that alerts are raised and sent whether or not anybody opens a page:

- when a page asks: after an import or a quick entry committed records, or an officer's "run now";
- once a day at the ``alert_run_time`` setting, and whenever the data changed since the last run (a
  command-line import with ``--no-alerts``, a settings change, a model trained), checked every minute.

``RISK_ALERT_SCHEDULE=off`` turns the daily and on-change runs off (cron or a systemd timer calling
``python -m analytics alerts`` may replace them); runs that pages ask for still happen. Page renders never run
the detectors: they read what the runs recorded.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from datetime import datetime

from analytics import alert_runs, audit, notify, settings_store
from analytics.alert_runs import Run
from analytics.db import Database
from analytics.roles import SYSTEM, User
from analytics.settings import env

CHECK_SECONDS = 60.0
log = logging.getLogger(__name__)


@dataclass
class _Asked:
    trigger: str
    user: User
    done: threading.Event
    run: Run | None = None
    error: str | None = None


class Worker:
    """Runs the detectors on one database, one run at a time, in its own thread."""

    def __init__(self, db: Database, scheduled: bool):
        self.db = db
        self.scheduled = scheduled
        self._asked: queue.Queue[_Asked] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=f"early-warning:{db.path.name}", daemon=True)
        self._thread.start()

    def ask(self, trigger: str, user: User, wait_seconds: float = 0.0) -> Run | None:
        """Ask for a run (as of today); wait up to ``wait_seconds`` for it and return it if it ended by then.
        A failed run raises its error here when it is waited for (and is logged either way)."""
        asked = _Asked(trigger, user, threading.Event())
        self._asked.put(asked)
        if asked.done.wait(wait_seconds) and asked.error:
            raise RuntimeError(asked.error)
        return asked.run

    def _loop(self) -> None:
        while True:
            try:
                asked = self._asked.get(timeout=float(env("RISK_ALERT_CHECK_SECONDS")) if self.scheduled else None)
            except queue.Empty:
                self._check()
                continue
            waiting = [asked, *self._also_asked()]  # entries in a row: one run answers all that wait
            try:
                ran = self._run(asked.trigger, asked.user)
                for each in waiting:
                    each.run = ran
            except Exception as problem:  # the server goes on; the page that asked says so
                log.exception("early warning run failed")
                for each in waiting:
                    each.error = f"{type(problem).__name__}: {problem}"
            finally:
                for each in waiting:
                    each.done.set()

    def _also_asked(self) -> list[_Asked]:
        """The other requests already queued: a run started now sees their records too."""
        more = []
        while True:
            try:
                more.append(self._asked.get_nowait())
            except queue.Empty:
                return more

    def _check(self) -> None:
        """The daily run when due, else a run when the data changed since the last one; then what is still to
        be sent (the outbox: alerts raised where no notification target was configured, failed attempts)."""
        try:
            with self.db.in_use():
                trigger = (
                    "schedule"
                    if alert_runs.daily_due(self.db, datetime.now())
                    else "change"
                    if alert_runs.data_changed(self.db)
                    else None
                )
            if trigger:
                self._run(trigger, SYSTEM)
            with self.db.in_use():
                notify.deliver(self.db, settings_store.get(self.db, "default_language"))
                audit.seal(self.db)  # the log of the last minute joins the sealed chain
        except Exception:  # a locked or full disk must not stop the dashboard; the next check tries again
            log.exception("scheduled early warning run failed")

    def _run(self, trigger: str, user: User) -> Run:
        with self.db.in_use():
            lang = settings_store.get(self.db, "default_language")
            ran, _ = alert_runs.run(self.db, trigger=trigger, user=user, lang=lang)
        log.info("early warning (%s): %s", trigger, ran.said("en"))
        return ran


_workers: dict[str, Worker] = {}
_workers_lock = threading.Lock()


def worker(db: Database) -> Worker:
    """This process's early-warning worker for ``db``, started on first use: by ``serve`` when the server
    starts (so that it works before anybody opens a page), else by the first page drawn."""
    with _workers_lock:
        if str(db.path) not in _workers:
            _workers[str(db.path)] = Worker(db, env("RISK_ALERT_SCHEDULE") != "off")
        return _workers[str(db.path)]


def after_commit(db: Database, trigger: str, user: User, wait_seconds: float = 10.0) -> str:
    """Ask for a run after ``user`` committed records; what to tell them (the run's result if it ended in
    ``wait_seconds``, else that it goes on in the background)."""
    from .state import lang, tr

    try:
        ran = worker(db).ask(trigger, user, wait_seconds)
    except RuntimeError as problem:
        return tr("alert_run.failed", reason=str(problem))
    return ran.said(lang()) if ran is not None else tr("alert_run.background")
