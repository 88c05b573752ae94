"""Notifications: serious alerts are sent as they are raised, by e-mail (SMTP) and/or to an office messaging
webhook, with retries and a record of every attempt; and which alerts each user has not read yet.

Where to send is server configuration (RISK_SMTP_*, RISK_WEBHOOK_URL); which grades, the office's setting
``notify_grades``. The webhook receives the JSON the common office robots accept:
``{"msgtype": "text", "text": {"content": ...}}`` (and the alert itself under ``"alert"``). An alert is sent once
per channel and target. A run puts the serious alerts it raised in an outbox (``notification_queue``) and
delivers it at once when this process has targets configured; the dashboard server delivers what is left
every minute, so a failed attempt, or an alert raised by a command-line run without targets, is sent then.
"""

from __future__ import annotations

import json
import smtplib
import time
import urllib.request
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from . import settings_store
from .db import Database
from .i18n import t
from .settings import env

ATTEMPTS = 3
BACKOFF_SECONDS = (0.2, 0.5)  # waits between attempts
TIMEOUT_SECONDS = 10
GRADES = {"off": (), "red": ("red",), "red_orange": ("red", "orange")}
KEEP_HOURS = 24  # an alert nobody could deliver for a day leaves the outbox (the review page still lists it)


def targets() -> list[tuple[str, str]]:
    """(channel, target) pairs configured on this server."""
    found = []
    if env("RISK_SMTP_HOST"):
        found += [("email", address.strip()) for address in env("RISK_SMTP_TO").split(",") if address.strip()]
    if env("RISK_WEBHOOK_URL"):
        found.append(("webhook", env("RISK_WEBHOOK_URL")))
    return found


def queue(db: Database, alerts: list[dict]) -> int:
    """Put the serious ones of ``alerts`` (just raised by a run) in the outbox; return how many."""
    grades = GRADES[settings_store.get(db, "notify_grades")]
    serious = [int(alert["alert_id"]) for alert in alerts if alert["grade"] in grades]
    if serious:
        db.execute("INSERT INTO notification_queue SELECT unnest($ids), now() ON CONFLICT DO NOTHING", {"ids": serious})
    return len(serious)


def deliver(db: Database, lang: str, now: datetime | None = None) -> int:
    """Send what the outbox holds to every target configured here (by whichever process has them: the
    dashboard server, cron, the command line); return how many were sent. An alert leaves the outbox once it
    reached every target, or when it was resolved or dismissed, or after ``KEEP_HOURS`` of failed attempts."""
    from .alerts import by_id

    now = now or datetime.now()
    db.execute(
        "DELETE FROM notification_queue WHERE queued_at < ? OR alert_id IN (SELECT alert_id FROM alerts "
        "WHERE state IN ('resolved', 'dismissed'))",
        [now - timedelta(hours=KEEP_HOURS)],
    )
    where = targets()
    queued = [a for (a,) in db.rows("SELECT alert_id FROM notification_queue ORDER BY alert_id")]
    if not where or not queued:
        return 0
    sent_before = {
        (a, c, tg)
        for a, c, tg in db.rows(
            "SELECT alert_id, channel, target FROM notifications "
            "WHERE status = 'sent' AND list_contains($ids, alert_id)",
            {"ids": queued},
        )
    }
    sent = 0
    for alert in by_id(db, queued, lang):
        missing = [(c, tg) for c, tg in where if (alert["alert_id"], c, tg) not in sent_before]
        reached = sum(_send(db, alert, channel, target, lang) for channel, target in missing)
        sent += reached
        if reached == len(missing):
            db.execute("DELETE FROM notification_queue WHERE alert_id = ?", [alert["alert_id"]])
    return sent


def _send(db: Database, alert: dict, channel: str, target: str, lang: str) -> bool:
    """One alert to one target, with retries; the attempt is recorded either way."""
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
        [alert["alert_id"], channel, target, "failed" if error else "sent", attempts, error, datetime.now()],
    )
    return error is None


def _text(alert: dict, lang: str) -> tuple[str, str]:
    from .taxonomy import GRADES, label

    place = " ".join(filter(None, [alert["community"], "、".join(alert["groups"])]))
    subject = t(
        "notify.subject",
        lang,
        grade=label(GRADES, alert["grade"], lang),
        kind=t(f"kind.{alert['kind']}", lang),
        place=place,
    )
    body = t("notify.body", lang, summary=alert["summary"], day=alert["detected_on"], alert_id=alert["alert_id"])
    return subject, body


def _email(alert: dict, target: str, lang: str) -> None:
    subject, body = _text(alert, lang)
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, env("RISK_SMTP_FROM"), target
    message.set_content(body)
    with _smtp() as server:
        server.send_message(message)


def _smtp() -> smtplib.SMTP:
    """A connection to the mail server, encrypted as RISK_SMTP_TLS says (auto: STARTTLS whenever the server
    offers it; starttls: required; ssl: TLS from the first byte; off: none), logged in when RISK_SMTP_USER is
    set. A password is never sent over a connection that is not encrypted."""
    import ssl

    host, port, mode = env("RISK_SMTP_HOST"), int(env("RISK_SMTP_PORT")), env("RISK_SMTP_TLS").lower()
    if mode not in ("auto", "starttls", "ssl", "off"):
        raise ValueError(f"RISK_SMTP_TLS must be auto, starttls, ssl or off, not {mode!r}")
    context = ssl.create_default_context()
    if mode == "ssl":
        server = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        server = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    try:
        encrypted = mode == "ssl"
        if mode in ("auto", "starttls"):
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
                encrypted = True
            elif mode == "starttls":
                raise smtplib.SMTPNotSupportedError(f"{host} does not offer STARTTLS (RISK_SMTP_TLS=starttls)")
        user = env("RISK_SMTP_USER")
        if user:
            if not encrypted:
                raise smtplib.SMTPNotSupportedError("RISK_SMTP_USER is set: the password is sent only encrypted")
            server.login(user, env("RISK_SMTP_PASSWORD"))
    except BaseException:
        server.close()
        raise
    return server


def _webhook(alert: dict, target: str, lang: str) -> None:
    subject, body = _text(alert, lang)
    payload = {
        "msgtype": "text",
        "text": {"content": f"{subject}\n{body}"},
        "alert": {
            k: alert[k]
            for k in (
                "alert_id",
                "kind",
                "grade",
                "community",
                "groups",
                "category",
                "matter_id",
                "detected_on",
                "summary",
            )
        },
    }
    request = urllib.request.Request(
        target,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
        if answer.status >= 300:
            raise ValueError(f"HTTP {answer.status}")


# -- unread alerts -------------------------------------------------------------
def unread_count(db: Database, username: str, as_of: date) -> int:
    """Alerts open on ``as_of`` that ``username`` has not seen on the review page."""
    return int(
        db.scalar(
            """
        SELECT count(*) FROM alerts AS a
        WHERE a.detected_on <= $as_of AND (a.closed_on IS NULL OR a.closed_on > $as_of)
          AND a.state NOT IN ('resolved', 'dismissed')
          AND NOT EXISTS (SELECT 1 FROM alert_reads AS r WHERE r.username = $user AND r.alert_id = a.alert_id)
        """,
            {"as_of": as_of, "user": username},
        )
    )


def mark_read(db: Database, username: str, alert_ids: list[int]) -> None:
    """Mark the alerts read by the user; the same user's other sessions may be marking them at the same moment."""
    if alert_ids:
        db.retrying(
            lambda: db.execute(
                "INSERT INTO alert_reads SELECT $user, unnest($ids), now() ON CONFLICT DO NOTHING",
                {"user": username, "ids": [int(a) for a in alert_ids]},
            ),
            attempts=5,
            idempotent=True,
        )
