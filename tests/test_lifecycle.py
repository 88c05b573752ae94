"""Each 风险隐患 handled to 销号: the steps, who may take them, 督办, reopening, and re-import conflicts."""

from __future__ import annotations

import json
from datetime import date

import pytest

from analytics import lifecycle
from analytics.db import create_database
from analytics.lifecycle import RiskActionRefused
from analytics.roles import PermissionDenied, User
from tests.street import add_petition, add_screening, run_detectors, tiny_street

OFFICER, OFFICER_2 = User("officer", "officer"), User("officer2", "officer")
COMMITTEE, COMMITTEE_2 = User("committee", "committee"), User("committee2", "committee")
ANALYST, CLERK = User("analyst", "analyst"), User("clerk", "clerk")
FOUND = date(2026, 7, 6)  # the visit that found the outage
TODAY = date(2026, 7, 10)


@pytest.fixture
def street(tmp_path):
    create_database(tmp_path / "s.duckdb").close()
    db = tiny_street(tmp_path / "s.duckdb")
    db.execute(
        "INSERT INTO responsible_units (unit_id, name, kind) VALUES (1, '自来水公司', 'handler'), "
        "(2, '城建科', 'handler'), (3, '某共建单位', 'partner')"
    )
    add_screening(
        db, "PC-1", FOUND, 1, 10, "H-1", finding="utilities", severity=4, description="新华书店住宅楼3单元停水一周"
    )
    yield db
    db.close()


def steps(db, matter):
    return [
        (row.action, row.state_from, row.state_to, row.username) for row in lifecycle.history(db, matter).itertuples()
    ]


def test_a_finding_goes_from_review_to_closed_with_every_step_in_its_history_and_the_audit_log(street):
    db = street
    done = lifecycle.assign(
        db,
        OFFICER,
        "S:PC-1",
        unit="自来水公司",
        due=date(2026, 7, 20),
        leader="王建国",
        handler="李明",
        note="三日内恢复供水",
        today=TODAY,
    )
    assert (done.state_from, done.state_to, done.number) == ("open", "assigned", "交办〔2026〕1号")
    registered = lifecycle.item(db, "S:PC-1")  # the finding is now a risk item of the register
    assert (registered["source"], registered["community"], registered["responsible_unit"]) == (
        "screening",
        "A社区",
        "自来水公司",
    )
    assert (registered["leader"], registered["handler"], registered["due_date"]) == (
        "王建国",
        "李明",
        date(2026, 7, 20),
    )
    lifecycle.feedback(db, OFFICER, "S:PC-1", note="已更换主管道阀门", on=date(2026, 7, 12), today=date(2026, 7, 12))
    lifecycle.request_close(
        db, OFFICER, "S:PC-1", note="7月13日恢复供水", evidence="居民签字确认", today=date(2026, 7, 13)
    )
    lifecycle.send_back(db, COMMITTEE, "S:PC-1", reason="请附回访记录", today=date(2026, 7, 14))
    lifecycle.request_close(db, OFFICER, "S:PC-1", note="已回访5户，均满意", today=date(2026, 7, 15))
    lifecycle.close(db, COMMITTEE, "S:PC-1", today=date(2026, 7, 16))
    assert steps(db, "S:PC-1") == [
        ("assign", "open", "assigned", "officer"),
        ("feedback", "assigned", "in_progress", "officer"),
        ("request_close", "in_progress", "close_requested", "officer"),
        ("send_back", "close_requested", "in_progress", "committee"),
        ("request_close", "in_progress", "close_requested", "officer"),
        ("close", "close_requested", "resolved", "committee"),
    ]
    closed = lifecycle.item(db, "S:PC-1")
    assert (closed["status"], closed["resolved_date"], closed["closed_by"]) == (
        "resolved",
        date(2026, 7, 16),
        "committee",
    )
    logged = db.rows(
        "SELECT username, target, CAST(detail AS VARCHAR) FROM audit_log WHERE action = 'risk_action' ORDER BY event_id"
    )
    assert [(user, json.loads(detail)["step"]) for user, _, detail in logged] == [
        ("officer", "assign"),
        ("officer", "feedback"),
        ("officer", "request_close"),
        ("committee", "send_back"),
        ("officer", "request_close"),
        ("committee", "close"),
    ]
    assert {target for _, target, _ in logged} == {"S:PC-1"}
    assert json.loads(logged[3][2])["reason"] == "请附回访记录"
    # closed: no longer in the list of items not yet 销号, and listed as closed
    assert "S:PC-1" not in set(lifecycle.items(db, date(2026, 7, 16))["matter_id"])
    assert list(lifecycle.items(db, date(2026, 7, 16), status="resolved")["matter_id"]) == ["S:PC-1"]


def test_bad_input_is_refused_with_a_reason_and_writes_nothing(street):
    db = street

    def refused(kind, call):
        before = (db.count("risk_actions"), db.count("audit_log"), db.count("risk_items"))
        with pytest.raises(kind) as caught:
            call()
        assert (db.count("risk_actions"), db.count("audit_log"), db.count("risk_items")) == before
        return caught.value.said("zh")

    assert "NOPE" in refused(
        RiskActionRefused,
        lambda: lifecycle.assign(db, OFFICER, "NOPE", unit="自来水公司", due=date(2026, 7, 20), today=TODAY),
    )
    said = refused(
        RiskActionRefused,
        lambda: lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水厂", due=date(2026, 7, 20), today=TODAY),
    )
    assert "自来水厂" in said and "自来水公司" in said  # the close name is offered
    assert "早于今天" in refused(
        RiskActionRefused,
        lambda: lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 7, 9), today=TODAY),
    )
    refused(
        RiskActionRefused,
        lambda: lifecycle.assign(  # a co-building partner is never assigned
            db, OFFICER, "S:PC-1", unit="某共建单位", due=date(2026, 7, 20), today=TODAY
        ),
    )
    refused(
        PermissionDenied,
        lambda: lifecycle.assign(db, ANALYST, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), today=TODAY),
    )
    refused(
        PermissionDenied,
        lambda: lifecycle.assign(db, CLERK, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), today=TODAY),
    )
    refused(
        PermissionDenied,
        lambda: lifecycle.assign(  # outside a meeting, the committee decides, officers assign
            db, COMMITTEE, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), today=TODAY
        ),
    )
    lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), today=TODAY)
    assert "已交办" in refused(RiskActionRefused, lambda: lifecycle.close(db, COMMITTEE, "S:PC-1", today=TODAY))
    assert "化解措施" in refused(
        RiskActionRefused, lambda: lifecycle.request_close(db, OFFICER, "S:PC-1", note="  ", today=TODAY)
    )
    lifecycle.request_close(db, OFFICER, "S:PC-1", note="已恢复供水", today=TODAY)
    refused(PermissionDenied, lambda: lifecycle.close(db, OFFICER, "S:PC-1", today=TODAY))  # officers never sign off
    refused(PermissionDenied, lambda: lifecycle.close(db, ANALYST, "S:PC-1", today=TODAY))
    lifecycle.close(db, COMMITTEE, "S:PC-1", today=TODAY)
    assert "不能重复销号" in refused(RiskActionRefused, lambda: lifecycle.close(db, COMMITTEE_2, "S:PC-1", today=TODAY))


def test_nobody_signs_off_their_own_request(street):
    db = street
    lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), today=TODAY)
    db.execute("UPDATE risk_items SET requested_by = 'committee', status = 'close_requested'")  # as if they had
    with pytest.raises(RiskActionRefused) as caught:
        lifecycle.close(db, COMMITTEE, "S:PC-1", today=TODAY)
    assert "本人" in caught.value.said("zh")
    lifecycle.close(db, COMMITTEE_2, "S:PC-1", today=TODAY)
    assert lifecycle.item(db, "S:PC-1")["closed_by"] == "committee2"


def test_past_its_deadline_an_item_raises_an_orange_supervision_then_red_and_each_is_in_its_history(street):
    db = street
    db.execute("INSERT INTO settings VALUES ('supervise_days', '5', current_timestamp, 'admin')")
    lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), leader="王建国", today=TODAY)

    def supervision(day):
        return [a for a in run_detectors(db, day) if a["kind"] == "supervision"]

    assert supervision(date(2026, 7, 20)) == []  # on the deadline itself: not late
    late = supervision(date(2026, 7, 21))
    assert [(a["grade"], a["matter_id"], a["evidence"]["leader"], a["evidence"]["days_overdue"]) for a in late] == [
        ("orange", "S:PC-1", "王建国", 1)
    ]
    assert "逾期督办" in late[0]["summary"] and "自来水公司" in late[0]["summary"]
    assert lifecycle.items(db, date(2026, 7, 21), overdue=True)["matter_id"].tolist() == ["S:PC-1"]
    assert supervision(date(2026, 7, 25))[0]["grade"] == "orange"  # within the 督办's 5 days
    assert supervision(date(2026, 7, 26))[0]["grade"] == "red"  # the second deadline missed
    history = lifecycle.history(db, "S:PC-1")
    raised = history[history["action"] == "overdue"]
    assert [d["grade"] for d in raised["detail"]] == ["orange", "red"]
    # an officer's 督办单 sets a new deadline: the red episode ends, and missing that one is red at once
    done = lifecycle.supervise(db, OFFICER, "S:PC-1", due=date(2026, 8, 3), note="限期整改", today=date(2026, 7, 27))
    assert done.number == "督办〔2026〕1号"
    assert supervision(date(2026, 8, 3)) == []
    again = supervision(date(2026, 8, 4))
    assert [(a["grade"], a["evidence"]["deadline_round"]) for a in again] == [("red", 2)]
    # settled: no 督办 any more
    lifecycle.request_close(db, OFFICER, "S:PC-1", note="已恢复供水", today=date(2026, 8, 5))
    lifecycle.close(db, COMMITTEE, "S:PC-1", today=date(2026, 8, 5))
    assert supervision(date(2026, 8, 6)) == []


def test_a_new_petition_on_a_closed_item_reopens_it_and_says_so(street, tmp_path):
    from analytics.ledger import import_file

    db = street
    add_petition(db, "XF-1", date(2026, 7, 1), 1, 10, matter_id="M-WATER", status="accepted", due=date(2026, 8, 30))
    lifecycle.assign(db, OFFICER, "M-WATER", unit="自来水公司", due=date(2026, 7, 20), today=TODAY)
    lifecycle.request_close(db, OFFICER, "M-WATER", note="已恢复供水", today=TODAY)
    lifecycle.close(db, COMMITTEE, "M-WATER", today=date(2026, 7, 11))
    ledger = tmp_path / "petitions.csv"
    ledger.write_text(
        "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,事项编号,内容摘要,办理状态\n"
        "XF-2,2026-07-25,来访,A社区,一组,张三,1,供水,街道,M-WATER,又停水了,受理\n",
        encoding="utf-8",
    )
    result = import_file(db, CLERK, "petitions", ledger)
    assert result.reopened == [{"matter_id": "M-WATER", "records": ["XF-2"]}]
    assert lifecycle.item(db, "M-WATER")["status"] == "open"
    last = lifecycle.history(db, "M-WATER").iloc[-1]
    assert (last["action"], last["state_from"], last["state_to"], last["detail"]) == (
        "reopened",
        "resolved",
        "open",
        {"records": ["XF-2"]},
    )


def test_a_reimported_ledger_never_undoes_the_offices_work_and_reports_each_conflict(street, tmp_path):
    from analytics.ledger import conflicts, import_file

    db = street
    ledger = tmp_path / "risks.csv"
    ledger.write_text(
        "事项编号,发现日期,来源,社区,小组,问题类别,责任单位,包案领导,状态,化解期限,情况描述\n"
        "M-1,2026-07-01,排查,A社区,一组,供水,城建科,赵六,未化解,2026-07-31,旧描述\n",
        encoding="utf-8",
    )
    import_file(db, CLERK, "risks", ledger)
    lifecycle.assign(db, OFFICER, "M-1", unit="自来水公司", due=date(2026, 7, 25), leader="王建国", today=TODAY)
    ledger.write_text(
        "事项编号,发现日期,来源,社区,小组,问题类别,责任单位,包案领导,状态,化解期限,情况描述\n"
        "M-1,2026-07-01,排查,A社区,一组,供水,城建科,赵六,已化解,2026-07-31,新描述\n",
        encoding="utf-8",
    )
    result = import_file(db, CLERK, "risks", ledger)
    assert sorted((c["row"], c["field"], c["ledger"], c["product"]) for c in result.conflicts) == [
        (2, "due_date", "2026-07-31", "2026-07-25"),
        (2, "leader", "赵六", "王建国"),
        (2, "responsible_unit", "城建科", "自来水公司"),
        (2, "status", "resolved", "assigned"),
    ]
    kept = lifecycle.item(db, "M-1")
    assert (kept["status"], kept["responsible_unit"], kept["leader"], kept["due_date"]) == (
        "assigned",
        "自来水公司",
        "王建国",
        date(2026, 7, 25),
    )
    assert kept["description"] == "新描述"  # what is not the office's work follows the ledger
    said = conflicts.said(next(c for c in result.conflicts if c["field"] == "status"), "zh")
    assert said == "第 2 行，M-1，状态：台账为“已化解”，系统记录为“已交办”（已保留系统记录）。"
    # the clerk settles: the ledger's leader is right; the state is not theirs to take
    found = conflicts.open_conflicts(db).set_index("field")["conflict_id"]
    conflicts.settle(db, CLERK, int(found["leader"]), "ledger")
    with pytest.raises(conflicts.ConflictRefused):
        conflicts.settle(db, CLERK, int(found["status"]), "ledger")
    conflicts.settle(db, CLERK, int(found["status"]), "product")
    assert lifecycle.item(db, "M-1")["leader"] == "赵六"
    assert set(conflicts.open_conflicts(db)["field"]) == {"due_date", "responsible_unit"}
    # the same file again: the open conflicts are not listed twice
    import_file(db, CLERK, "risks", ledger)
    assert len(conflicts.open_conflicts(db)) == 2
