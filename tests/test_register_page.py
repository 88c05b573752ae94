"""The risk register page: the same order as the command line, filters, and an item's make-up."""

from __future__ import annotations

import json

from analytics.__main__ import main
from tests.apptest import start


def test_register_shows_the_same_order_as_the_cli(served_copy, monkeypatch, capsys):
    assert main(["score", "--db", str(served_copy), "--as-of", "2026-11-27", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    at = start(served_copy, monkeypatch, role="analyst")
    at.switch_page("app_pages/risk_register.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Matter"]) == [item["matter_id"] for item in cli]
    assert list(table["Score"]) == [item["score"] for item in cli]
    assert table["Grade"].iloc[0] == "Red"
    assert f"{len(cli)} of {len(cli)} open items" in at.caption[1].value


def test_register_filters_by_grade_and_category(served_copy, monkeypatch, capsys):
    assert main(["score", "--db", str(served_copy), "--as-of", "2026-11-27", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    at = start(served_copy, monkeypatch, role="committee")
    at.switch_page("app_pages/risk_register.py").run()
    at.multiselect(key="register_grades").set_value(["red", "orange"]).run()
    serious = [i for i in cli if i["grade"] in ("red", "orange")]
    category = max({i["category"] for i in serious}, key=lambda c: sum(i["category"] == c for i in serious))
    at.multiselect(key="register_categories").set_value([category]).run()
    expected = [i["matter_id"] for i in serious if i["category"] == category]
    assert list(at.dataframe[0].value["Matter"]) == expected and expected


def test_register_without_a_selection_lists_the_places_by_smoothed_rate(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="officer")
    at.switch_page("app_pages/risk_register.py").run()
    places = at.dataframe[1].value
    assert len(places) == 10
    assert list(places["Smoothed"]) == sorted(places["Smoothed"], reverse=True)
    kinds = at.dataframe[2].value
    assert list(kinds["Against the street"]) == sorted(kinds["Against the street"], reverse=True)
    assert set(kinds["Community"]) <= {"爱民社区", "新华社区", "团结社区"}


def test_register_shows_each_matters_escalation_chance(demo_path, demo_db, monkeypatch):
    from datetime import date

    from analytics.model import predict_open

    expected = predict_open(demo_db, date(2026, 11, 27)).set_index("matter_id")["probability"]
    at = start(demo_path, monkeypatch, role="analyst")
    at.switch_page("app_pages/risk_register.py").run()
    table = at.dataframe[0].value.set_index("Matter")
    shown = table["Escalation chance (30 days)"]
    assert len(shown) == len(expected) > 0
    assert all(abs(shown[m] - 100 * p) <= 0.05 + 1e-9 for m, p in expected.items())  # percent, one decimal


def test_register_without_a_model_has_no_chance_column(served_copy, monkeypatch):
    from analytics.db import Database

    db = Database(served_copy)
    db.execute("DELETE FROM models")
    db.bump_data_version()
    db.close()
    at = start(served_copy, monkeypatch, role="analyst")
    at.switch_page("app_pages/risk_register.py").run()
    assert not at.exception
    assert "Escalation chance (30 days)" not in at.dataframe[0].value.columns
