"""`python -m analytics risk …`: the lifecycle from the shell, under the pages' role checks."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from analytics.__main__ import main
from analytics.auth import add_account
from analytics.db import create_database
from analytics.roles import SYSTEM
from tests.street import add_screening, tiny_street

TODAY = date.today()


@pytest.fixture
def street(tmp_path):
    path = tmp_path / "s.duckdb"
    create_database(path).close()
    db = tiny_street(path)
    db.execute("INSERT INTO responsible_units (unit_id, name, kind) VALUES (1, '自来水公司', 'handler')")
    add_screening(
        db,
        "PC-1",
        TODAY - timedelta(days=3),
        1,
        10,
        "H-1",
        finding="utilities",
        severity=4,
        description="新华书店住宅楼停水",
    )
    for name, role in (("wang", "officer"), ("li", "committee"), ("zhao", "analyst"), ("qian", "clerk")):
        add_account(db, SYSTEM, name, role, "a long enough password 1")
    db.close()
    return path


def run(path, *argv):
    return main(["--lang", "zh", *argv, "--db", str(path)])


def test_an_officer_and_a_committee_member_take_a_matter_from_assignment_to_closing(street, capsys):
    due = (TODAY + timedelta(days=10)).isoformat()
    assert (
        run(
            street,
            "risk",
            "assign",
            "S:PC-1",
            "--unit",
            "自来水公司",
            "--due",
            due,
            "--leader",
            "王建国",
            "--handler",
            "李明",
            "--as",
            "wang",
            "--json",
        )
        == 0
    )
    done = json.loads(capsys.readouterr().out)
    assert (done["from"], done["state"], done["number"]) == ("open", "assigned", f"交办〔{TODAY.year}〕1号")
    assert run(street, "risk", "feedback", "S:PC-1", "--note", "已派人抢修", "--as", "wang") == 0
    assert run(street, "risk", "request-close", "S:PC-1", "--note", "已恢复供水", "--as", "wang") == 0
    capsys.readouterr()
    assert run(street, "risk", "list", "--leader", "王建国", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [
        (r["matter_id"], r["state"], r["unit"], r["leader"], r["handler"], r["due"], r["overdue"]) for r in listed
    ] == [("S:PC-1", "close_requested", "自来水公司", "王建国", "李明", due, False)]
    assert set(listed[0]) >= {
        "matter_id",
        "community",
        "group",
        "category",
        "state",
        "unit",
        "leader",
        "handler",
        "due",
        "overdue",
        "grade",
    }
    assert run(street, "risk", "close", "S:PC-1", "--as", "wang") == 2  # an officer never signs off
    assert "无权" in capsys.readouterr().err
    assert run(street, "risk", "close", "S:PC-1", "--as", "li") == 0
    assert run(street, "risk", "close", "S:PC-1", "--as", "li") == 2
    assert "不能重复销号" in capsys.readouterr().err
    assert run(street, "risk", "history", "S:PC-1", "--json") == 0
    history = json.loads(capsys.readouterr().out)
    assert [(h["user"], h["action"], h["to"]) for h in history] == [
        ("wang", "assign", "assigned"),
        ("wang", "feedback", "in_progress"),
        ("wang", "request_close", "close_requested"),
        ("li", "close", "resolved"),
    ]
    assert run(street, "risk", "list", "--status", "resolved", "--json") == 0
    assert [r["matter_id"] for r in json.loads(capsys.readouterr().out)] == ["S:PC-1"]


@pytest.mark.parametrize(
    "argv, said",
    [
        (("risk", "assign", "NOPE", "--unit", "自来水公司", "--due", "{due}", "--as", "wang"), "NOPE"),
        (("risk", "assign", "S:PC-1", "--unit", "水厂", "--due", "{due}", "--as", "wang"), "水厂"),
        (("risk", "assign", "S:PC-1", "--unit", "自来水公司", "--due", "{past}", "--as", "wang"), "早于今天"),
        (("risk", "assign", "S:PC-1", "--unit", "自来水公司", "--due", "{due}", "--as", "zhao"), "无权"),
        (("risk", "assign", "S:PC-1", "--unit", "自来水公司", "--due", "{due}", "--as", "qian"), "无权"),
        (("risk", "assign", "S:PC-1", "--unit", "自来水公司", "--due", "{due}", "--as", "nobody"), "nobody"),
        (("risk", "close", "S:PC-1", "--as", "li"), "待研判"),
        (("risk", "request-close", "S:PC-1", "--note", "", "--as", "wang"), "化解措施"),
    ],
)
def test_bad_input_exits_2_with_the_reason_and_writes_nothing(street, capsys, argv, said):
    from analytics.db import Database

    values = {"due": (TODAY + timedelta(days=5)).isoformat(), "past": (TODAY - timedelta(days=1)).isoformat()}
    assert run(street, *(a.format(**values) for a in argv)) == 2
    assert said in capsys.readouterr().err
    with Database(street) as db:
        assert (db.count("risk_actions"), db.count("risk_items")) == (0, 0)
        assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'risk_action'") == 0
