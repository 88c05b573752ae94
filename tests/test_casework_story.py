"""The seed's best day, replayed on the demo street: a month of door-to-door screening found hidden risks, the
committee went through them one by one in one meeting, assigned each, and the water outage at 新华书店住宅楼 was
settled with the water company and closed before anyone petitioned about it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from analytics import casework_docs, lifecycle, meetings
from analytics.__main__ import main
from analytics.db import Database
from analytics.ledger import import_file
from analytics.roles import User
from analytics.scoring import score_matters
from tests.helpers import as_office
from tests.street import run_detectors

CAMPAIGN = "2026年7月入户大排查"
CLERK, OFFICER = User("clerk", "clerk"), User("officer", "officer")
SECRETARY = User("committee", "committee")
MEETING_DAY = date(2026, 7, 31)


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    """The demo street on the campaign's last day, its hidden risks as the patrols handed them in (待研判)."""
    path = tmp_path_factory.mktemp("july") / "street.duckdb"
    assert main(["init", "--demo", "--db", str(path), "--end", "2026-07-31", "--no-model"]) == 0
    with Database(path) as db:
        found = db.rows(
            "SELECT DISTINCT r.matter_id, r.responsible_unit FROM risk_items AS r "
            "JOIN screenings AS s USING (matter_id) WHERE s.campaign = ? ORDER BY 1",
            [CAMPAIGN],
        )
        db.execute(  # before anyone acted on them
            "UPDATE risk_items SET status = 'open', responsible_unit = NULL, leader = NULL, handler = NULL, "
            "assigned_date = NULL, due_date = NULL, resolved_date = NULL WHERE list_contains(?, matter_id)",
            [[m for m, _ in found]],
        )
    as_office(path)  # the street's records as the office's own: its patrols' visits are imported below
    return path, dict(found)


def test_the_campaigns_hidden_risks_are_reviewed_in_one_meeting_and_the_outage_is_closed_before_any_petition(
    july, tmp_path
):
    path, units = july
    assert len(units) == 15  # the campaign's hidden risks (the seed's month of screening)
    db = Database(path)
    # the patrol's visit of 30 July: the 4th floor of 新华书店住宅楼 without water for a week
    visits = tmp_path / "visits.csv"
    visits.write_text(
        "排查编号,排查日期,社区,小组,户号,排查发现,严重程度,涉及人数,情况描述,排查活动\n"
        f"PC-JULY-WATER,2026-07-30,爱民社区,第7小组,H-4-401,水电气暖,4,26,"
        f"新华书店住宅楼4楼停水已一周，3楼供水正常，住户情绪较大,{CAMPAIGN}\n",
        encoding="utf-8",
    )
    assert import_file(db, CLERK, "screenings", visits).rows_imported == 1
    outage = "S:PC-JULY-WATER"

    # the committee's meeting on the 31st: every one of the campaign's findings is on its agenda, to review
    meeting_id = meetings.start(
        db, SECRETARY, score_matters(db, MEETING_DAY), held_on=MEETING_DAY, chair="街道党工委书记"
    )
    agenda = meetings.items(db, meeting_id)
    to_review = agenda[agenda["section"] == "to_review"]
    assert set(units) | {outage} <= set(to_review["matter_id"])
    for row in agenda[agenda["matter_id"].isin([*units, outage])].itertuples():
        unit = "自来水公司" if row.matter_id == outage else units[row.matter_id]
        meetings.decide(
            db,
            SECRETARY,
            meeting_id,
            row.position,
            "assign",
            unit=unit,
            due=date(2026, 8, 30),
            leader="街道办事处副主任（分管信访）" if row.matter_id == outage else "街道办事处主任",
            today=MEETING_DAY,
        )
    meetings.end(db, SECRETARY, meeting_id)
    assigned = lifecycle.items(db, MEETING_DAY, matter_ids=[*units, outage])
    assert len(assigned) == 16 and set(assigned["state"]) == {"assigned"}
    assert assigned.set_index("matter_id").loc[outage, "unit"] == "自来水公司"

    # the water company finds the broken pipe and repairs it; the officer asks for 销号; the committee signs it off
    lifecycle.feedback(
        db, OFFICER, outage, note="自来水公司查明4楼入户管道故障，正在抢修", on=date(2026, 8, 1), today=date(2026, 8, 1)
    )
    lifecycle.request_close(
        db, OFFICER, outage, note="8月2日恢复供水，回访4楼住户8户均满意", evidence="回访记录", today=date(2026, 8, 3)
    )
    lifecycle.close(db, SECRETARY, outage, today=date(2026, 8, 4))
    closed = lifecycle.item(db, outage)
    assert (closed["status"], closed["resolved_date"], closed["responsible_unit"]) == (
        "resolved",
        date(2026, 8, 4),
        "自来水公司",
    )
    assert [s.action for s in lifecycle.history(db, outage).itertuples()] == [
        "assign",
        "feedback",
        "request_close",
        "close",
    ]
    # nobody petitioned about it between the visit and its closing, and nothing about it alerts afterwards
    assert (
        db.scalar(
            "SELECT count(*) FROM petitions WHERE received_date BETWEEN '2026-07-30' AND '2026-08-04' "
            "AND summary LIKE '%新华书店住宅楼%'"
        )
        == 0
    )
    assert not [a for a in run_detectors(db, date(2026, 8, 4)) if a["matter_id"] == outage]
    assert outage not in set(score_matters(db, date(2026, 8, 4))["matter_id"])  # off the register: settled

    # the papers: the minutes list each finding with its decision; the 交办单 says what, to whom, by when
    minutes = text_of(casework_docs.minutes(db, meeting_id))
    assert "风险隐患研判例会纪要" in minutes and "街道党工委书记" in minutes
    for matter in [*units, outage]:
        assert matter in minutes
    assert "决定：交办自来水公司，包案领导街道办事处副主任（分管信访），2026年8月30日前化解" in minutes
    sheet = text_of(casework_docs.assignment_sheet(db, outage))
    for expected in (
        "风险隐患交办单",
        "交办〔2026〕",
        "新华书店住宅楼4楼停水",
        "自来水公司",
        "2026年8月30日",
        "承办单位负责人（签字）",
    ):
        assert expected in sheet, expected
    logged = db.rows(
        "SELECT username, target FROM audit_log WHERE action IN ('risk_action', 'meeting') ORDER BY event_id"
    )
    assert ("committee", str(meeting_id)) in logged and ("officer", outage) in logged
    db.close()
