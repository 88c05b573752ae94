"""Precision from the office's own verdicts: per detector and per month raised, read back by the review page and
by ``evaluate --verdicts``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from analytics import alerts, verdicts
from analytics.__main__ import main
from analytics.roles import User
from tests.street import add_petition, add_screening, run_detectors, tiny_street

OFFICER = User("officer", "officer")


def test_wilson_interval_matches_the_published_values():
    # Newcombe (1998), table I: 81 of 263 gives 0.2553–0.3662; 15 of 148 gives 0.0624–0.1605
    low, high = verdicts.wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = verdicts.wilson(15, 148)
    assert (round(low, 4), round(high, 4)) == (0.0624, 0.1605)
    assert verdicts.wilson(0, 10)[0] == 0.0 and verdicts.wilson(10, 10)[1] == 1.0


@pytest.fixture
def judged(tmp_path):
    """Six group-petition alerts (three in March, three in April) and a skip-level one, closed by an officer:
    in March one false alarm, in April two, the skip-level one resolved."""
    db = tiny_street(tmp_path / "verdicts.duckdb")
    for group_id, community_id in ((10, 1), (11, 1), (20, 2)):
        add_screening(db, f"v{group_id}", date(2026, 3, 1), community_id, group_id, f"H{group_id}")
    days = [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4), date(2026, 4, 6), date(2026, 4, 7), date(2026, 4, 8)]
    for n, day in enumerate(days):
        add_petition(db, f"g{n}", day, 1, 10, people=6, matter_id=f"M{n}", status="resolved", resolved=day)
    add_petition(db, "c1", date(2026, 4, 9), 2, 20, level="city", matter_id="MC", status="resolved")
    found = run_detectors(db, date(2026, 3, 5)) + run_detectors(db, date(2026, 4, 10))
    ids = {(a["kind"], a["matter_id"]): a["alert_id"] for a in found}
    for matter, action, reason in [
        ("M0", "dismiss", "false_alarm"),
        ("M1", "resolve", None),
        ("M2", "dismiss", "duplicate"),
        ("M3", "dismiss", "false_alarm"),
        ("M4", "dismiss", "false_alarm"),
        ("M5", "resolve", None),
    ]:
        alerts.act(db, OFFICER, ids[("group_petition", matter)], action, reason=reason)
    alerts.act(db, OFFICER, ids[("skip_level", "MC")], "resolve")
    yield db
    db.close()


def test_precision_per_detector_and_month_raised(judged):
    table = verdicts.precision(judged).set_index("kind")
    assert table.loc["group_petition", ["judged", "false_alarms"]].tolist() == [6, 3]
    assert table.loc["group_petition", "precision"] == 0.5
    assert (round(table.loc["group_petition", "low"], 4), round(table.loc["group_petition", "high"], 4)) == (
        round(verdicts.wilson(3, 6)[0], 4),
        round(verdicts.wilson(3, 6)[1], 4),
    )
    assert table.loc["skip_level", "precision"] == 1.0
    monthly = verdicts.precision(judged, by_month=True)
    rows = monthly[monthly["kind"] == "group_petition"][["month", "judged", "false_alarms"]].values.tolist()
    assert rows == [["2026-03", 3, 1], ["2026-04", 3, 2]]


def test_evaluate_reads_the_verdicts_back(judged, tmp_path, capsys):
    path = judged.path
    judged.close()
    assert main(["evaluate", "--verdicts", "--db", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_kind = {row["kind"]: row for row in out["precision"]}
    assert by_kind["group_petition"]["judged"] == 6 and by_kind["group_petition"]["precision"] == 0.5
    report = tmp_path / "verdicts.md"
    assert main(["evaluate", "--verdicts", "--db", str(path), "--out", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    low, high = verdicts.wilson(3, 6)
    assert f"| group_petition | 6 | 3 | 0.50 ({low:.2f}–{high:.2f}) |" in text
    assert "| skip_level | 1 | 0 | 1.00 (" in text


def test_no_verdict_yet_says_so(tmp_path, capsys):
    db = tiny_street(tmp_path / "empty.duckdb")
    path = db.path
    db.close()
    report = tmp_path / "none.md"
    assert main(["evaluate", "--verdicts", "--db", str(path), "--out", str(report)]) == 0
    assert "No alert has been resolved or dismissed yet" in report.read_text(encoding="utf-8")
