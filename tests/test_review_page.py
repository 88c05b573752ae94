"""The weekly alert review: officers act on alerts, the committee reads, every action is recorded."""
from __future__ import annotations

import pytest

from analytics import alerts
from analytics.i18n import t
from analytics.db import open_database
from analytics.roles import User
from tests.apptest import start
from ui.state import PERIOD


def test_officer_acknowledges_assigns_and_dismisses(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("pages/alert_review.py").run()
    assert not at.exception
    db = open_database(served_copy)
    listed = alerts.review_list(db, db.scalar("SELECT max(received_date) FROM petitions"))
    assert len(listed) > 25 and len(at.expander) == 25  # a page at a time
    assert at.caption[1].value == f"Showing the first 25 of {len(listed)} open alerts."
    at.button(key="review_more").click().run()
    assert len(at.expander) == min(50, len(listed))
    assert at.expander[0].label.startswith("Red · Skip-level")
    assert "up to National level" in at.expander[0].label
    assert "New this week" in at.expander[0].label
    charts = at.get("plotly_chart")
    assert charts and len(charts) == sum(1 for kind in listed["kind"].head(50) if kind != "blind_spot")
    first = int(listed.iloc[0]["alert_id"])
    at.button(key=f"alert_{first}_ack").click().run()
    # the confirmation names the alert, beside its card (issue 16.10), not "Alert 17" at the top of the page
    assert at.expander[0].success[0].value.startswith("Acknowledged: Skip-level · ")
    assert db.scalar("SELECT state FROM alerts WHERE alert_id = ?", [first]) == "acknowledged"
    at.selectbox(key=f"alert_{first}_unit").select("自来水公司")
    at.text_input(key=f"alert_{first}_person").input("王科长")
    at.button(key=f"alert_{first}_assign_go").click().run()
    assert db.rows("SELECT state, assigned_unit, assigned_to FROM alerts WHERE alert_id = ?", [first]) == [
        ("assigned", "自来水公司", "王科长")]
    second = int(listed.iloc[1]["alert_id"])
    at.selectbox(key=f"alert_{second}_reason").select("other")
    at.button(key=f"alert_{second}_dismiss_go").click().run()
    assert "Tick the confirmation first" in at.expander[1].warning[0].value  # a withdrawal is confirmed
    assert db.scalar("SELECT state FROM alerts WHERE alert_id = ?", [second]) == "new"
    at.checkbox(key=f"alert_{second}_dismiss_sure").check()
    at.button(key=f"alert_{second}_dismiss_go").click().run()
    assert "Say in a few words why" in at.expander[1].warning[0].value  # 'other' needs the reason in words
    at.text_input(key=f"alert_{second}_note").input("居民已自行协商解决")
    at.button(key=f"alert_{second}_dismiss_go").click().run()
    assert db.scalar("SELECT state FROM alerts WHERE alert_id = ?", [second]) == "dismissed"
    assert db.scalar("SELECT close_reason FROM alerts WHERE alert_id = ?", [second]) == "other"
    assert "居民已自行协商解决" in db.scalar(
        "SELECT CAST(detail AS VARCHAR) FROM alert_history WHERE alert_id = ? AND action = 'dismiss'", [second])
    at.run()
    assert len(at.expander) == min(50, len(listed) - 1)  # a withdrawn alert leaves the review
    rates = at.dataframe[-1].value.set_index("Detector")
    dismissed_kind = t(f"kind.{listed.iloc[1]['kind']}", "en")
    assert rates.loc[dismissed_kind, "Closed by people"] >= 1
    assert [a for (a,) in db.rows("SELECT action FROM alert_history WHERE alert_id = ? ORDER BY changed_at",
                                  [first])] == ["acknowledge", "assign"]
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'alert_action' AND username = 'officer'") == 3


def test_committee_reads_but_cannot_act(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="committee", lang="zh")
    at.switch_page("pages/alert_review.py").run()
    assert not at.exception and at.main.title[0].value == "每周预警研判"
    assert "承办干部" in at.info[0].value
    assert not [b for b in at.button if b.key and b.key.startswith("alert_")]
    db = open_database(served_copy)
    alert_id = db.scalar("SELECT min(alert_id) FROM alerts")
    with pytest.raises(Exception, match="may not act_on_alerts"):
        alerts.act(db, User("committee", "committee"), alert_id, "acknowledge")


def test_lifecycle_refuses_what_the_state_does_not_allow(served_copy, monkeypatch):
    start(served_copy, monkeypatch, role="officer").switch_page("pages/alert_review.py").run()
    db = open_database(served_copy)
    officer = User("officer", "officer")
    alert_id = db.scalar("SELECT min(alert_id) FROM alerts")
    alerts.act(db, officer, alert_id, "resolve")
    with pytest.raises(alerts.AlertActionRefused):
        alerts.act(db, officer, alert_id, "acknowledge")
    with pytest.raises(alerts.AlertActionRefused):
        alerts.act(db, officer, db.scalar("SELECT max(alert_id) FROM alerts"), "dismiss", reason="because")


def test_spike_and_cluster_alerts_show_their_numbers_and_trend(served_copy, monkeypatch):
    """On the day after the demo's property surge was found, the review lists its cluster with all three groups."""
    from datetime import timedelta

    db = open_database(served_copy)
    event = db.query("SELECT group_ids, start_date FROM demo_events WHERE kind = 'property_surge'").iloc[0]
    names = [name for (name,) in db.rows("SELECT name FROM groups WHERE list_contains(?, group_id) ORDER BY name",
                                         [[int(g) for g in event["group_ids"]]])]
    at = start(served_copy, monkeypatch, role="officer")
    as_of = event["start_date"] + timedelta(days=14)
    at.session_state[PERIOD] = (as_of - timedelta(days=364), as_of)
    at.switch_page("pages/alert_review.py").run()
    assert not at.exception
    clusters = [e for e in at.expander if "· Cluster ·" in e.label]
    assert len(clusters) == 1
    label = clusters[0].label
    assert all(name in label for name in names) and "3 neighbouring groups rising together" in label
    captions = [c.value for c in clusters[0].caption]
    assert any(c.startswith("Property management · trend: ") for c in captions)
    shown = clusters[0].dataframe[0].value
    assert shown["Groups"][0] == 3 and shown["Method"][0] == "neighbourhood scan"


def test_escalation_forecasts_show_their_chance_and_reasons(served_copy, monkeypatch):
    """With the alert threshold at 5 %, the demo's likeliest matters come to the review with what moved them."""
    from analytics import settings_store
    from analytics.model import predict_open

    db = open_database(served_copy)
    settings_store.update(db, User("root", "admin"), {"model_alert_probability": 5})
    day = db.scalar("SELECT max(received_date) FROM petitions")
    likely = predict_open(db, day).sort_values("probability", ascending=False)
    top = likely.iloc[0]
    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("pages/alert_review.py").run()
    assert not at.exception
    forecasts = [e for e in at.expander if "· Escalation forecast ·" in e.label]
    assert forecasts
    mine = [e for e in forecasts if f"Likely to escalate: {round(100 * top['probability'])}% chance" in e.label]
    assert mine, [e.label for e in forecasts]
    shown = mine[0].dataframe[0].value
    assert shown["Chance of escalating in 30 days"][0] == f"{100 * top['probability']:.0f}%"
    assert shown["Alert from"][0] == "5%"
    name, effect = top["raised"][0]
    assert f"{t(f'feature.{name}', 'en')} {100 * round(effect, 4):+.1f}" in shown["Raised it (points of %)"][0]
