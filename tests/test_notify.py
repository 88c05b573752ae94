"""Notifications: red alerts reach a local SMTP server and a local webhook, once; failures are retried and
recorded; each user's unread alerts are counted and cleared by the review page."""

from __future__ import annotations

import json
import socketserver
import threading
from datetime import date as D
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from analytics import notify
from analytics.db import Database
from tests.street import add_petition, add_screening, run_detectors, tiny_street


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive a message: answers every command with OK, keeps DATA."""

    def handle(self):
        self.wfile.write(b"220 test\r\n")
        data, in_data = [], False
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    self.server.messages.append("\n".join(data))
                    data = []
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line.split(" ")[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == "DATA":
                in_data = True
                self.wfile.write(b"354 go\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture
def webhook():
    received, failures = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if failures and failures.pop():
                self.send_response(503)
                self.end_headers()
                return
            received.append(json.loads(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.received, server.failures = received, failures
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture
def street(tmp_path, monkeypatch, smtp, webhook):
    monkeypatch.setenv("RISK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RISK_SMTP_PORT", str(smtp.server_address[1]))
    monkeypatch.setenv("RISK_SMTP_TO", "duty@street.example, leader@street.example")
    monkeypatch.setenv("RISK_WEBHOOK_URL", f"http://127.0.0.1:{webhook.server_address[1]}/robot")
    monkeypatch.setattr(notify, "BACKOFF_SECONDS", (0.0, 0.0))
    db = tiny_street(tmp_path / "notify.duckdb")
    for group_id, community_id in ((10, 1), (11, 1), (20, 2)):
        add_screening(db, f"v{group_id}", D(2026, 3, 1), community_id, group_id, f"H{group_id}")
    yield db
    db.close()


def test_a_red_alert_is_mailed_and_posted_once(street, smtp, webhook):
    add_petition(street, "big", D(2026, 3, 10), 1, 10, people=25)  # a group petition of 25 people: red
    add_petition(street, "small", D(2026, 3, 10), 2, 20, people=6)  # six people: yellow, not sent
    found = run_detectors(street, D(2026, 3, 11), lang="en")
    red = [a for a in found if a["grade"] == "red"]
    assert len(red) == 1
    assert len(smtp.messages) == 2 and all("Risk Radar: Red" in m for m in smtp.messages)
    assert "Group petition: 1 petition, up to 25 people" in smtp.messages[0]
    assert len(webhook.received) == 1
    posted = webhook.received[0]
    assert posted["msgtype"] == "text" and posted["alert"]["alert_id"] == red[0]["alert_id"]
    assert street.rows("SELECT channel, status, attempts FROM notifications ORDER BY channel, target") == [
        ("email", "sent", 1),
        ("email", "sent", 1),
        ("webhook", "sent", 1),
    ]
    run_detectors(street, D(2026, 3, 12), lang="en")  # the same episode again: nothing more is sent
    assert len(smtp.messages) == 2 and len(webhook.received) == 1


def test_a_failing_webhook_is_retried_and_recorded(street, webhook):
    webhook.failures.extend([True, True, True])  # three refusals: all attempts of the first run fail
    add_petition(street, "big", D(2026, 3, 10), 1, 10, people=25)
    run_detectors(street, D(2026, 3, 11), lang="en")
    status, attempts, error = street.rows(
        "SELECT status, attempts, last_error FROM notifications WHERE channel = 'webhook'"
    )[0]
    assert (status, attempts) == ("failed", 3) and "503" in error
    run_detectors(street, D(2026, 3, 12), lang="en")  # the next run tries again, and gets through
    assert street.rows("SELECT status, attempts FROM notifications WHERE channel = 'webhook'") == [("sent", 1)]
    assert len(webhook.received) == 1


def test_off_sends_nothing(street, smtp, webhook):
    from analytics import settings_store
    from analytics.roles import SYSTEM

    settings_store.update(street, SYSTEM, {"notify_grades": "off"})
    add_petition(street, "big", D(2026, 3, 10), 1, 10, people=25)
    run_detectors(street, D(2026, 3, 11), lang="en")
    assert smtp.messages == [] and webhook.received == []


def test_unread_alerts_per_user(street):
    add_petition(street, "big", D(2026, 3, 10), 1, 10, people=25)
    add_petition(street, "small", D(2026, 3, 10), 2, 20, people=6)
    found = run_detectors(street, D(2026, 3, 11), lang="en")
    assert notify.unread_count(street, "officer", D(2026, 3, 11)) == len(found) == 2
    notify.mark_read(street, "officer", [found[0]["alert_id"]])
    assert notify.unread_count(street, "officer", D(2026, 3, 11)) == 1
    assert notify.unread_count(street, "committee", D(2026, 3, 11)) == 2


def test_review_page_clears_the_badge(served_copy, monkeypatch):
    from tests.apptest import start

    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("app_pages/alert_review.py").run()
    at.switch_page("app_pages/overview.py").run()
    badges = [m.value for m in at.sidebar.markdown if "unread" in m.value]  # st.badge is drawn as markdown
    db = Database(served_copy)
    left = notify.unread_count(db, "officer", D(2026, 11, 27))
    db.close()
    assert left > 0  # more than the first page of 25 are open: the rest stay unread
    assert len(badges) == 1 and f"{left} unread alert{'' if left == 1 else 's'}" in badges[0]


class RecordingSMTP:
    """Stands in for smtplib.SMTP: records what the product asked of the server (issue 20: STARTTLS, login)."""

    calls: list = []
    offers_tls = True

    def __init__(self, host, port, timeout=None):
        self.calls.append(("connect", host, port))

    def ehlo(self):
        self.calls.append(("ehlo",))

    def has_extn(self, name):
        return name == "starttls" and self.offers_tls

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def close(self):
        self.calls.append(("close",))


def test_mail_goes_over_starttls_with_a_login_and_never_sends_a_password_in_clear(monkeypatch):
    import smtplib

    from analytics import notify

    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    monkeypatch.setenv("RISK_SMTP_HOST", "mail.street.example")
    monkeypatch.setenv("RISK_SMTP_PORT", "587")
    monkeypatch.setenv("RISK_SMTP_USER", "radar")
    monkeypatch.setenv("RISK_SMTP_PASSWORD", "mail secret")
    RecordingSMTP.calls = []
    notify._smtp()
    assert RecordingSMTP.calls == [
        ("connect", "mail.street.example", 587),
        ("ehlo",),
        ("starttls",),
        ("ehlo",),
        ("login", "radar", "mail secret"),
    ]
    RecordingSMTP.calls, RecordingSMTP.offers_tls = [], False
    try:
        with pytest.raises(smtplib.SMTPNotSupportedError):
            notify._smtp()
        assert not [c for c in RecordingSMTP.calls if c[0] == "login"] and RecordingSMTP.calls[-1] == ("close",)
    finally:
        RecordingSMTP.offers_tls = True
