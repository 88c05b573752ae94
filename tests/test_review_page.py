"""The weekly alert review: officers act on alerts, the committee reads, every action is recorded."""

from __future__ import annotations

import json

import pytest

from analytics import alerts
from analytics.db import open_database
from analytics.i18n import t
from analytics.roles import User
from analytics.taxonomy import GRADES, label
from tests.apptest import start
from tests.street import run_detectors
from ui.state import PERIOD


def test_officer_acknowledges_assigns_and_dismisses(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="officer")
    at.session_state["review_shown"] = 5  # a well-run street has fewer alerts than a page of 25: start smaller
    at.switch_page("app_pages/alert_review.py").run()
    assert not at.exception
    db = open_database(served_copy)
    listed = alerts.review_list(db, db.scalar("SELECT max(received_date) FROM petitions"))
    assert 10 <= len(listed) <= 30 and len(at.expander) == 5  # a page at a time
    assert f"Showing the first 5 of {len(listed)} open alerts." in [c.value for c in at.caption]
    at.button(key="review_more").click().run()
    assert len(at.expander) == min(30, len(listed))
    # this week's new alerts first, each card headed by its grade and detector in words
    top = listed.iloc[0]
    kind_words = t(f"kind.{top['kind']}", "en")
    assert top["new_this_week"] and at.expander[0].label.startswith(
        f"{label(GRADES, top['grade'], 'en')} · {kind_words}"
    )
    assert "New this week" in at.expander[0].label
    charts = at.get("plotly_chart")
    assert charts and len(charts) == sum(1 for kind in listed["kind"].head(30) if kind != "blind_spot")
    first = int(top["alert_id"])
    at.button(key=f"alert_{first}_ack").click().run()
    # the confirmation names the alert, beside its card (issue 16.10), not "Alert 17" at the top of the page
    assert at.expander[0].success[0].value.startswith(f"Acknowledged: {kind_words} · ")
    assert db.scalar("SELECT state FROM alerts WHERE alert_id = ?", [first]) == "acknowledged"
    at.selectbox(key=f"alert_{first}_unit").select("自来水公司")
    at.text_input(key=f"alert_{first}_person").input("王科长")
    at.button(key=f"alert_{first}_assign_go").click().run()
    assert db.rows("SELECT state, assigned_unit, assigned_to FROM alerts WHERE alert_id = ?", [first]) == [
        ("assigned", "自来水公司", "王科长")
    ]
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
        "SELECT CAST(detail AS VARCHAR) FROM alert_history WHERE alert_id = ? AND action = 'dismiss'", [second]
    )
    at.run()
    assert len(at.expander) == min(30, len(listed) - 1)  # a withdrawn alert leaves the review
    rates = next(d.value for d in at.dataframe if "Precision (95% range)" in d.value.columns).set_index("Detector")
    dismissed_kind = t(f"kind.{listed.iloc[1]['kind']}", "en")
    assert rates.loc[dismissed_kind, "Closed with a verdict"] >= 1
    assert [
        a for (a,) in db.rows("SELECT action FROM alert_history WHERE alert_id = ? ORDER BY changed_at", [first])
    ] == ["acknowledge", "assign"]
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'alert_action' AND username = 'officer'") == 3


def test_the_page_says_when_the_detectors_ran_and_an_officer_runs_them_now(served_copy, monkeypatch):
    """Issue 17.1: the list is what the runs recorded; the page says when they ran and on which data, and an
    officer's "run now" is a run of its own, audited."""
    db = open_database(served_copy)
    runs = db.scalar("SELECT count(*) FROM alert_runs")
    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("app_pages/alert_review.py").run()
    said = [c.value for c in at.caption if c.value.startswith("Detectors last ran")]
    petitions = db.scalar("SELECT count(*) FROM petitions")
    assert said and f"(demo built), as of 2026-11-27, on records up to 2026-11-27 ({petitions} petitions)" in said[0]
    assert db.scalar("SELECT count(*) FROM alert_runs") == runs  # drawing the page ran nothing
    at.button(key="review_run_now").click().run()
    assert not at.exception
    assert db.scalar("SELECT count(*) FROM alert_runs") == runs + 1
    assert db.rows("SELECT trigger, username FROM alert_runs ORDER BY run_id DESC LIMIT 1") == [("manual", "officer")]
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'alerts_run' AND username = 'officer'") == 1
    assert any(i.value.startswith("Early warning run as of ") for i in at.info)
    assert any("(run by hand)" in c.value for c in at.caption if c.value.startswith("Detectors last ran"))


def test_alerts_are_marked_read_when_the_user_says_so_not_when_the_page_is_drawn(served_copy, monkeypatch):
    db = open_database(served_copy)
    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("app_pages/alert_review.py").run()
    assert db.scalar("SELECT count(*) FROM alert_reads") == 0
    open_now = len(alerts.review_list(db, db.scalar("SELECT max(received_date) FROM petitions")))
    assert at.button(key="review_mark_read").label == f"Mark all {open_now} as read"
    at.button(key="review_mark_read").click().run()
    assert db.scalar("SELECT count(*) FROM alert_reads WHERE username = 'officer'") == open_now
    assert not [b for b in at.button if b.key == "review_mark_read"]


def test_committee_reads_but_cannot_act(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="committee", lang="zh")
    at.switch_page("app_pages/alert_review.py").run()
    assert not at.exception and at.main.title[0].value == "每周预警研判"
    assert "承办干部" in at.info[0].value
    assert not [b for b in at.button if b.key and b.key.startswith("alert_")]
    db = open_database(served_copy)
    alert_id = db.scalar("SELECT min(alert_id) FROM alerts")
    with pytest.raises(Exception, match="may not act on alerts"):
        alerts.act(db, User("committee", "committee"), alert_id, "acknowledge")


def test_lifecycle_refuses_what_the_state_does_not_allow(served_copy, monkeypatch):
    start(served_copy, monkeypatch, role="officer").switch_page("app_pages/alert_review.py").run()
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
    names = [
        name
        for (name,) in db.rows(
            "SELECT name FROM groups WHERE list_contains(?, group_id) ORDER BY name",
            [[int(g) for g in event["group_ids"]]],
        )
    ]
    as_of = event["start_date"] + timedelta(days=14)
    run_detectors(db, as_of)  # that day's scheduled run
    at = start(served_copy, monkeypatch, role="officer")
    at.session_state[PERIOD] = (as_of - timedelta(days=364), as_of)
    at.switch_page("app_pages/alert_review.py").run()
    assert not at.exception
    clusters = [e for e in at.expander if "· Neighbouring groups rising ·" in e.label]
    assert len(clusters) == 1
    label = clusters[0].label
    assert all(name in label for name in names) and "3 neighbouring groups rising together" in label
    captions = [c.value for c in clusters[0].caption]
    assert any(c.startswith("Property management · trend: ") for c in captions)
    shown, technical = (table.value for table in clusters[0].dataframe[:2])
    assert shown["Groups"][0] == 3 and "Method" not in shown  # the plain figures first
    assert technical["Method"][0] == "neighbourhood scan"  # behind "How it was judged"


def test_escalation_forecasts_show_their_chance_and_reasons(served_copy, monkeypatch):
    """With the alert threshold at 5 %, the demo's likeliest matters come to the review with what moved them."""
    from analytics import settings_store
    from analytics.model import predict_open

    db = open_database(served_copy)
    settings_store.update(db, User("root", "admin"), {"model_alert_probability": 5})
    day = db.scalar("SELECT max(received_date) FROM petitions")
    likely = predict_open(db, day).sort_values("probability", ascending=False)
    top = likely.iloc[0]
    run_detectors(db, day)  # the run that follows a change of settings
    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("app_pages/alert_review.py").run()
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


def test_an_item_that_gathers_a_communitys_blind_spots_lists_its_groups(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="committee")
    at.session_state["review_shown"] = 50
    at.switch_page("app_pages/alert_review.py").run()
    assert not at.exception
    db = open_database(served_copy)
    as_of = db.scalar("SELECT max(received_date) FROM petitions")
    listed = alerts.review_list(db, as_of)
    blind = listed[listed["kind"] == "blind_spot"]
    truth = db.query("SELECT group_ids FROM demo_events WHERE kind = 'blind_spot'")["group_ids"].iloc[0]
    last = db.scalar("SELECT max(visit_date) FROM screenings WHERE group_id = ?", [int(truth[0])])
    db.close()
    assert len(blind) == 1 and list(blind["groups_ids"].iloc[0]) == [int(g) for g in truth]
    card = next(e for e in at.expander if " · Blind spot · " in e.label)
    assert "What it lists" in [c.value for c in card.caption]
    members = next(d.value for d in card.dataframe if "Days without a visit" in d.value.columns)
    assert members.to_dict("records") == [
        {
            "Group": blind["groups"].iloc[0][0],
            "Last visit": str(last),
            "Days without a visit": (as_of - last).days,
        }
    ]


def test_precision_from_the_offices_verdicts(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="committee")
    at.switch_page("app_pages/alert_review.py").run()
    assert "No alert has been closed yet" in " ".join(i.value for i in at.info)
    db = open_database(served_copy)
    listed = alerts.review_list(db, db.scalar("SELECT max(received_date) FROM petitions"))
    officer = User("officer", "officer")
    kind = listed["kind"].iloc[0]
    same = [int(a) for a in listed.loc[listed["kind"] == kind, "alert_id"]]
    alerts.act(db, officer, same[0], "dismiss", reason="false_alarm")
    others = [int(a) for a in listed.loc[listed["kind"] != kind, "alert_id"]]
    alerts.act(db, officer, others[0], "resolve")
    db.close()
    at.run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Precision (95% range)" in d.value.columns)
    rows = {r["Detector"]: r for r in table.to_dict("records")}
    assert rows[t(f"kind.{kind}", "en")]["Closed with a verdict"] == 1
    assert rows[t(f"kind.{kind}", "en")]["Precision (95% range)"].startswith("0.0% (0.0%–")
    other_kind = listed.loc[listed["alert_id"] == others[0], "kind"].iloc[0]
    assert rows[t(f"kind.{other_kind}", "en")]["Precision (95% range)"].startswith("100.0% (")
    chart = next(c for c in at.get("plotly_chart") if "Precision" in json.dumps(json.loads(c.proto.spec)["layout"]))
    assert {trace["name"] for trace in json.loads(chart.proto.spec)["data"]} == {
        t(f"kind.{kind}", "en"),
        t(f"kind.{other_kind}", "en"),
    }
