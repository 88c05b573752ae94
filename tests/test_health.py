"""The self-check: a sound database passes; broken references and values are named in plain words."""

from __future__ import annotations

import json

from analytics.__main__ import main
from analytics.db import Database


def test_the_demo_street_is_healthy(demo_path, capsys):
    assert main(["check", "--db", str(demo_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (
        report["healthy"] and report["problems"] == [] and report["schema_version"] == report["expected_schema_version"]
    )


def test_broken_references_and_values_are_reported(served_copy, capsys):
    db = Database(served_copy)
    db.execute(
        "UPDATE petitions SET community_id = 999 WHERE petition_id IN "
        "(SELECT petition_id FROM petitions ORDER BY petition_id LIMIT 2)"
    )
    db.execute(
        "UPDATE screenings SET finding = 'weather' WHERE screening_id = (SELECT min(screening_id) FROM screenings)"
    )
    db.close()
    assert main(["--lang", "en", "check", "--db", str(served_copy), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {p["check"]: p for p in report["problems"]}
    assert found["check.petition_community"]["rows"] == 2
    assert found["check.petition_community"]["message"] == "2 petitions name a community that is not in the areas."
    assert found["check.screening_vocab"]["rows"] == 1
    assert main(["--lang", "zh", "check", "--db", str(served_copy)]) == 1
    assert "条信访的社区不在辖区中" in capsys.readouterr().out
