"""Notifications: serious alerts are sent as they are raised, by e-mail (SMTP) and/or to an office messaging
webhook, with retries and a record of every attempt; and which alerts each user has not read yet.

Where to send is server configuration (RISK_SMTP_*, RISK_WEBHOOK_URL); which grades, the office's setting
``notify_grades``. The webhook receives the JSON the common office robots accept:
``{"msgtype": "text", "text": {"content": ...}}`` (and the alert itself under ``"alert"``). An alert is sent once
per channel and target; a failed one is tried again on the next run.
"""
from __future__ import annotations

import json
import smtplib
import time
import urllib.request
from datetime import date, datetime
from email.message import EmailMessage

from . import settings_store
from .db import Database
from .i18n import t
from .settings import env

ATTEMPTS = 3
BACKOFF_SECONDS = (0.2, 0.5)  # waits between attempts
TIMEOUT_SECONDS = 10
GRADES = {"off": (), "red": ("red",), "red_orange": ("red", "orange")}


def targets() -> list[tuple[str, str]]:
    """(channel, target) pairs configured on this server."""
    found = []
    if env("RISK_SMTP_HOST"):
        found += [("email", address.strip()) for address in env("RISK_SMTP_TO").split(",") if address.strip()]
    if env("RISK_WEBHOOK_URL"):
        found.append(("webhook", env("RISK_WEBHOOK_URL")))
    return found


def pending(db: Database, alerts: list[dict]) -> list[tuple[dict, str, str]]:
    """The (alert, channel, target) still to send: serious enough, not sent before."""
    grades = GRADES[settings_store.get(db, "notify_grades")]
    sent = {(a, c, tg) for a, c, tg in db.rows("SELECT alert_id, channel, target FROM notifications "
                                               "WHERE status = 'sent'")}
    return [(alert, channel, target) for alert in alerts if alert["grade"] in grades
            for channel, target in targets() if (alert["alert_id"], channel, target) not in sent]


def send_new(db: Database, alerts: list[dict], lang: str, as_of: date | None = None) -> int:
    """Send what is pending for ``alerts`` (the CLI's alert dictionaries); return how many were sent."""
    sent = 0
    for alert, channel, target in pending(db, alerts):
        error, attempts = None, 0
        for attempts in range(1, ATTEMPTS + 1):
            try:
                (_email if channel == "email" else _webhook)(alert, target, lang)
                error = None
                break
            except (OSError, smtplib.SMTPException, ValueError) as problem:
                error = f"{type(problem).__name__}: {problem}"
                if attempts < ATTEMPTS:
                    time.sleep(BACKOFF_SECONDS[min(attempts - 1, len(BACKOFF_SECONDS) - 1)])
        db.execute(
            "INSERT OR REPLACE INTO notifications VALUES (?, ?, ?, ?, ?, ?, ?)",
            [alert["alert_id"], channel, target, "failed" if error else "sent", attempts, error, datetime.now()])
        sent += error is None
    return sent


def _text(alert: dict, lang: str) -> tuple[str, str]:
    from .taxonomy import GRADES, label

    place = " ".join(filter(None, [alert["community"], "、".join(alert["groups"])]))
    subject = t("notify.subject", lang, grade=label(GRADES, alert["grade"], lang), kind=t(f"kind.{alert['kind']}", lang),
                place=place)
    body = t("notify.body", lang, summary=alert["summary"], day=alert["detected_on"], alert_id=alert["alert_id"])
    return subject, body


def _email(alert: dict, target: str, lang: str) -> None:
    subject, body = _text(alert, lang)
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, env("RISK_SMTP_FROM"), target
    message.set_content(body)
    with smtplib.SMTP(env("RISK_SMTP_HOST"), int(env("RISK_SMTP_PORT")), timeout=TIMEOUT_SECONDS) as server:
        server.send_message(message)


def _webhook(alert: dict, target: str, lang: str) -> None:
    subject, body = _text(alert, lang)
    payload = {"msgtype": "text", "text": {"content": f"{subject}\n{body}"},
               "alert": {k: alert[k] for k in ("alert_id", "kind", "grade", "community", "groups", "category",
                                               "matter_id", "detected_on", "summary")}}
    request = urllib.request.Request(target, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
        if answer.status >= 300:
            raise ValueError(f"HTTP {answer.status}")


# -- unread alerts -------------------------------------------------------------
def unread_count(db: Database, username: str, as_of: date) -> int:
    """Alerts open on ``as_of`` that ``username`` has not seen on the review page."""
    return int(db.scalar(
        """
        SELECT count(*) FROM alerts AS a
        WHERE a.detected_on <= $as_of AND (a.closed_on IS NULL OR a.closed_on > $as_of)
          AND a.state NOT IN ('resolved', 'dismissed')
          AND NOT EXISTS (SELECT 1 FROM alert_reads AS r WHERE r.username = $user AND r.alert_id = a.alert_id)
        """, {"as_of": as_of, "user": username}))


def mark_read(db: Database, username: str, alert_ids: list[int]) -> None:
    """Mark the alerts read by the user; the same user's other sessions may be marking them at the same moment."""
    if alert_ids:
        db.retrying(lambda: db.execute(
            "INSERT INTO alert_reads SELECT $user, unnest($ids), now() ON CONFLICT DO NOTHING",
            {"user": username, "ids": [int(a) for a in alert_ids]}), attempts=5, idempotent=True)
