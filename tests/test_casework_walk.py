"""One matter walked through the pages from the screening finding to 销号, with a 督办 on the way (AppTest):
the meeting assigns it, its deadline passes, the early warning raises the 督办, the officer issues a 督办单 and
asks for 销号, a committee member signs it off. The page, the history, the audit log and the three papers
(交办单, 督办单, minutes) are checked."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from docx import Document

from analytics import alert_runs, casework_docs, lifecycle, meetings
from analytics.db import Database
from analytics.ledger import import_file
from analytics.roles import User
from tests.apptest import start
from tests.helpers import as_office

TODAY = date.today()
FINDING = "S:PC-WALK-1"


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_finding_walked_from_the_meeting_through_a_supervision_to_closing(served_copy, monkeypatch, tmp_path):
    visit = tmp_path / "visit.csv"
    visit.write_text(
        "排查编号,排查日期,社区,小组,户号,排查发现,严重程度,涉及人数,情况描述\n"
        "PC-WALK-1,2026-11-26,爱民社区,第7小组,H-4-401,水电气暖,4,26,新华书店住宅楼4楼停水已一周\n",
        encoding="utf-8",
    )
    with Database(as_office(served_copy)) as db:
        import_file(db, User("clerk", "clerk"), "screenings", visit)

    # the committee's meeting: the finding is on the agenda, awaiting review; it is assigned to the water company
    at = start(served_copy, monkeypatch, role="committee", lang="zh")
    at.switch_page("app_pages/meeting.py").run()
    at.text_input(key="meeting_chair").input("街道党工委书记")
    at.button(key="meeting_start_go").click().run()
    with Database(served_copy) as db:
        agenda = meetings.items(db, 1)
    row = agenda[agenda["matter_id"] == FINDING].iloc[0]
    assert row["section"] == "to_review"
    at.session_state["meeting_at"] = int(row["position"])
    at.run()
    assert "新华书店住宅楼4楼停水已一周" in at.header[0].value
    key = f"meeting_1_{int(row['position'])}"
    at.selectbox(key=f"{key}_unit").set_value("自来水公司")
    at.date_input(key=f"{key}_due").set_value(TODAY + timedelta(days=7))
    at.text_input(key=f"{key}_leader").input("街道党工委书记")
    at.text_input(key=f"{key}_handler").input("李明")
    at.button(key=f"{key}_go").click().run()
    assert at.success[0].value == f"第 {int(row['position'])} 项：决定已记录。"
    at.button(key="meeting_end").click().run()
    assert not at.exception, at.exception

    # three weeks later the water is still off: the deadline has passed and the early warning raises the 督办
    with Database(served_copy) as db:
        db.execute(
            "UPDATE risk_items SET assigned_date = ?, due_date = ? WHERE matter_id = ?",
            [TODAY - timedelta(days=21), TODAY - timedelta(days=2), FINDING],
        )
        raised = [a for a in alert_runs.run(db, TODAY, trigger="command")[1] if a["kind"] == "supervision"]
    mine = [a for a in raised if a["matter_id"] == FINDING]
    assert [(a["grade"], a["evidence"]["leader"], a["evidence"]["days_overdue"]) for a in mine] == [
        ("orange", "街道党工委书记", 2)
    ]

    officer = start(served_copy, monkeypatch, role="officer", lang="zh")
    officer.switch_page("app_pages/risk_register.py").run()
    officer.text_input(key="register_search").input(FINDING).run()
    assert "已超过化解期限 2 天，尚未销号。" in [e.value for e in officer.error]
    case = f"case_{FINDING}"
    assert "督办" in [t.label for t in officer.tabs]
    officer.date_input(key=f"{case}_supervise_due").set_value(TODAY + timedelta(days=5))
    officer.text_area(key=f"{case}_supervise_note").input("限期恢复供水并书面报告")
    officer.button(key=f"{case}_supervise_go").click().run()
    new_due = (TODAY + timedelta(days=5)).isoformat()
    assert officer.success[0].value == f"{FINDING}：已督办，督办期限 {new_due}。 文号：督办〔{TODAY.year}〕1号。"
    officer.text_area(key=f"{case}_feedback_note").input("自来水公司更换4楼入户管道，已恢复供水")
    officer.button(key=f"{case}_feedback_go").click().run()
    officer.text_area(key=f"{case}_request_close_note").input("已恢复供水，回访住户8户均满意")
    officer.button(key=f"{case}_request_close_go").click().run()
    assert officer.success[0].value == f"{FINDING}：化解中 → 申请销号。"
    assert {"交办单（Word）", "督办单（Word）"} <= {b.proto.label for b in officer.get("download_button")}

    committee = start(served_copy, monkeypatch, role="committee", lang="zh")
    committee.switch_page("app_pages/risk_register.py").run()
    committee.text_input(key="register_search").input(FINDING).run()
    committee.button(key=f"{case}_close_go").click().run()
    assert committee.success[0].value == f"{FINDING}：申请销号 → 已销号。"
    steps = committee.dataframe[1].value
    assert steps["环节"].tolist() == ["交办", "逾期（系统督办）", "督办", "反馈", "申请销号", "销号"]
    assert steps["操作人"].tolist()[2:] == ["officer", "officer", "officer", "committee"]

    with Database(served_copy) as db:
        assert lifecycle.item(db, FINDING)["status"] == "resolved"
        logged = [
            (user, json.loads(detail)["step"])
            for user, detail in db.rows(
                "SELECT username, CAST(detail AS VARCHAR) FROM audit_log WHERE action = 'risk_action' AND target = ? "
                "ORDER BY event_id",
                [FINDING],
            )
        ]
        assert logged == [
            ("committee", "assign"),
            ("officer", "supervise"),
            ("officer", "feedback"),
            ("officer", "request_close"),
            ("committee", "close"),
        ]
        sheet = text_of(casework_docs.assignment_sheet(db, FINDING))
        notice = text_of(casework_docs.supervision_sheet(db, FINDING))
        minutes = text_of(casework_docs.minutes(db, 1))
    assert "交办〔" in sheet and "自来水公司" in sheet and "李明" in sheet and "新华书店住宅楼4楼停水已一周" in sheet
    assert f"督办〔{TODAY.year}〕1号" in notice and "限期恢复供水并书面报告" in notice and "已逾期天数\n2" in notice
    assert f"{FINDING} · 爱民社区 · 水电气暖" in minutes and "决定：交办自来水公司，包案领导街道党工委书记" in minutes
