"""Running the early warning: every detector as of a day, its episodes recorded, serious ones sent out.

This is the one place that *writes* alerts (command); pages only read them (``alerts.review_list``). A run
happens after every import or quick entry that commits records, once a day at the ``alert_run_time`` setting
(the dashboard server's scheduler, or cron calling ``python -m analytics alerts``), and when an officer asks
for it. Each run is kept in ``alert_runs`` — when, as of which day, on which data (the data version, the newest
record and the counts it read), by whom and with what result — so that the review page can say how fresh its
list is and an office can see that the schedule ran.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from . import audit, settings_store
from .alerts import describe, record
from .db import Database
from .detect import run_all
from .i18n import t
from .roles import SYSTEM, User, require

log = logging.getLogger(__name__)  # the server's log (journald): counts and steps, never personal fields

TRIGGERS = ("import", "entry", "schedule", "change", "manual", "command", "demo")


@dataclass(frozen=True)
class Run:
    run_id: int
    started_at: datetime
    finished_at: datetime
    as_of: date
    trigger: str
    username: str | None
    data_version: int
    latest_record: date | None
    petitions: int
    screenings: int
    alerts_open: int
    alerts_new: int
    notifications_sent: int

    def said(self, lang: str) -> str:
        """One sentence for the command line and the pages."""
        return t(
            "alert_run.said",
            lang,
            as_of=self.as_of.isoformat(),
            open=self.alerts_open,
            new=self.alerts_new,
            sent=self.notifications_sent,
        )


def run(
    db: Database, as_of: date | None = None, *, trigger: str, user: User = SYSTEM, lang: str = "zh"
) -> tuple[Run, list[dict]]:
    """Run every detector as of ``as_of`` (today by default), record the episodes, send the serious new ones
    and keep the run; return it with the alerts open then (the command line's JSON, most serious first)."""
    from . import notify

    if trigger not in TRIGGERS:
        raise ValueError(f"unknown trigger {trigger!r}")
    if trigger == "manual":
        require(user, "act_on_alerts")
    as_of = as_of or date.today()
    started = datetime.now()
    with db.in_use():
        read = _what_is_read(db, as_of)
        before = int(db.scalar("SELECT coalesce(max(alert_id), 0) FROM alerts"))
        signals = run_all(db, as_of)
        ids = db.retrying(lambda: record(db, signals, as_of), idempotent=True)  # two runs may record at once
        shown = describe(db, signals, ids, lang)
        raised = [alert for alert in shown if alert["alert_id"] > before]
        if trigger != "demo":  # a demo street's alerts are nobody's to be told of
            notify.queue(db, raised)
        sent = notify.deliver(db, lang)
        new = len({alert["alert_id"] for alert in raised})
        with db.transaction():
            record_supervisions(db, user, raised, as_of)
            run_id = db.scalar(
                "INSERT INTO alert_runs (started_at, finished_at, as_of, trigger, username, data_version, "
                "latest_record, petitions, screenings, alerts_open, alerts_new, notifications_sent) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id",
                [
                    started,
                    datetime.now(),
                    as_of,
                    trigger,
                    user.username,
                    db.data_version(),
                    read["latest"],
                    read["petitions"],
                    read["screenings"],
                    len(set(ids)),
                    new,
                    sent,
                ],
            )
            if trigger == "manual":
                audit.record(
                    db,
                    user.username,
                    "alerts_run",
                    str(run_id),
                    {"as_of": as_of, "alerts_open": len(set(ids)), "alerts_new": new},
                )
    audit.seal(db)  # what was logged until now is sealed
    ran = last_run(db, run_id)
    log.info("early warning run (%s) as of %s: %s", trigger, as_of, ran.said("en"))
    return ran, shown


def record_supervisions(db: Database, user: User, raised: list[dict], as_of: date) -> None:
    """Each 督办 a run raises goes to its item's history (``risk_actions``), with the alert that carries it."""
    from .lifecycle import record_overdue

    for alert in raised:
        if alert["kind"] == "supervision" and alert["matter_id"]:
            record_overdue(db, user, alert["matter_id"], alert["alert_id"], alert["grade"], alert["evidence"], as_of)


def _what_is_read(db: Database, as_of: date) -> dict:
    petitions, latest_petition = db.rows(
        "SELECT count(*), max(received_date) FROM petitions WHERE received_date <= ?", [as_of]
    )[0]
    screenings, latest_visit = db.rows(
        "SELECT count(*), max(visit_date) FROM screenings WHERE visit_date <= ?", [as_of]
    )[0]
    days = [d for d in (latest_petition, latest_visit) if d is not None]
    return {"petitions": int(petitions), "screenings": int(screenings), "latest": max(days) if days else None}


def last_run(db: Database, run_id: int | None = None) -> Run | None:
    """The newest run (or the one named), None before the first."""
    rows = db.rows(
        "SELECT run_id, started_at, finished_at, as_of, trigger, username, data_version, latest_record, petitions, "
        "screenings, alerts_open, alerts_new, notifications_sent FROM alert_runs "
        "WHERE run_id = coalesce(?, (SELECT max(run_id) FROM alert_runs))",
        [run_id],
    )
    return Run(*rows[0]) if rows else None


def data_changed(db: Database) -> bool:
    """Whether the data (records, settings, model) changed since the newest run recorded what it found."""
    newest = last_run(db)
    if newest is None:
        return db.count("petitions") + db.count("screenings") > 0
    return db.data_version() > newest.data_version


def scheduled_time(db: Database) -> time:
    hours, minutes = settings_store.get(db, "alert_run_time").split(":")
    return time(int(hours), int(minutes))


def daily_due(db: Database, now: datetime) -> bool:
    """Whether today's scheduled run is due: the set time has passed and no scheduled run was made today."""
    if now.time() < scheduled_time(db):
        return False
    done = db.scalar("SELECT count(*) FROM alert_runs WHERE trigger = 'schedule' AND as_of = ?", [now.date()])
    return not done
