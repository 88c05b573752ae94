"""The papers of the casework read back with python-docx (交办单, 督办单), their PDFs, and the monthly 通报
counted by hand on a tiny street."""

from __future__ import annotations

import io
import os
import re
import subprocess
from datetime import date, timedelta

import pandas as pd
import pytest
from docx import Document

from analytics import bulletin, casework_docs, lifecycle
from analytics.__main__ import main
from analytics.db import create_database
from analytics.roles import User
from tests.street import add_petition, add_screening, run_detectors, tiny_street

OFFICER, COMMITTEE = User("officer", "officer"), User("committee", "committee")


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def street(tmp_path):
    create_database(tmp_path / "s.duckdb").close()
    db = tiny_street(tmp_path / "s.duckdb")
    db.execute(
        "INSERT INTO responsible_units (unit_id, name, kind) VALUES (1, '自来水公司', 'handler'), "
        "(2, '城建科', 'handler')"
    )
    add_screening(
        db,
        "PC-1",
        date(2026, 7, 6),
        1,
        10,
        "H-1",
        finding="utilities",
        severity=4,
        description="新华书店住宅楼4楼停水一周",
    )
    yield db
    db.close()


def test_the_supervision_notice_says_how_late_the_item_is_what_was_reported_and_the_new_deadline(street):
    db = street
    with pytest.raises(casework_docs.DocumentProblem):
        casework_docs.supervision_sheet(db, "S:PC-1")  # not late, no 督办 yet
    lifecycle.assign(
        db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), leader="王建国", today=date(2026, 7, 10)
    )
    lifecycle.feedback(db, OFFICER, "S:PC-1", note="已报修，等待配件", on=date(2026, 7, 15), today=date(2026, 7, 15))
    run_detectors(db, date(2026, 7, 23))  # three days late: the early warning raises the 督办
    raised = text_of(casework_docs.supervision_sheet(db, "S:PC-1"))
    for expected in (
        "风险隐患督办单",
        "预警系统于2026年7月23日发出",
        "自来水公司",
        "王建国",
        "2026年7月20日",
        "已逾期天数\n3",
        "2026年7月15日：已报修，等待配件",
        "2026年7月27日",
    ):
        assert expected in raised, expected
    lifecycle.supervise(
        db, OFFICER, "S:PC-1", due=date(2026, 7, 31), note="限7月31日前恢复供水并书面报告", today=date(2026, 7, 24)
    )
    issued = text_of(casework_docs.supervision_sheet(db, "S:PC-1"))
    for expected in ("督办〔2026〕1号", "限7月31日前恢复供水并书面报告", "督办期限\n2026年7月31日", "已逾期天数\n4"):
        assert expected in issued, expected


@pytest.mark.skipif(not casework_docs.pdf_available() and not os.environ.get("CI"), reason="LibreOffice missing")
def test_each_paper_is_also_a_pdf_made_offline(street, tmp_path):
    db = street
    lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 7, 20), today=date(2026, 7, 10))
    pdf = casework_docs.to_pdf(casework_docs.assignment_sheet(db, "S:PC-1"))
    assert pdf.startswith(b"%PDF") and re.search(rb"/Type\s*/Page\b", pdf)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    text = re.sub(r"\s+", "", text)  # pdftotext spaces Latin and Chinese apart
    for expected in ("风险隐患交办单", "交办〔2026〕1号", "自来水公司", "2026年7月20日"):  # Chinese, as typeset
        assert expected in text, expected


def test_the_monthly_bulletin_ranks_communities_and_units_against_the_month_before(street, tmp_path):
    db = street
    # October: A社区 answers 10 of 12 on time, B社区 10 of 10; November: A 11 of 11, B 9 of 12
    n = 0
    for month, community, on_time, late in ((10, 1, 10, 2), (10, 2, 10, 0), (11, 1, 11, 0), (11, 2, 9, 3)):
        for k in range(on_time + late):
            n += 1
            received = date(2026, month - 1, 1 + k)
            add_petition(
                db,
                f"XF-{n}",
                received,
                community,
                10 if community == 1 else 20,
                status="resolved",
                due=date(2026, month, 1 + k),
                resolved=date(2026, month, 1 + k) + timedelta(days=40 if k < late else 0),
                petitioner=f"P-{n}",
                category="utilities",
                channel="visit",
            )
            db.execute(
                "UPDATE petitions SET responsible_unit = ? WHERE petition_id = ?",
                ["自来水公司" if community == 1 else "城建科", f"XF-{n}"],
            )
    lifecycle.assign(db, OFFICER, "S:PC-1", unit="自来水公司", due=date(2026, 11, 20), today=date(2026, 11, 1))
    start, end, kind = bulletin.period_of(month="2026-11")
    made = bulletin.build(db, start, end, kind)
    communities = made.communities.set_index("community")
    assert communities.loc["A社区", "figure_on_time"] == 1.0 and communities.loc["B社区", "figure_on_time"] == 0.75
    assert communities.loc["A社区", "figure_on_time_before"] == pytest.approx(10 / 12, abs=1e-4)
    assert list(made.communities["community"]) == ["A社区", "B社区"]  # ranked on 按期办结率
    assert communities.loc["A社区", "overdue_items"] == 1  # the water item, past 20 November, not closed
    units = made.units.set_index("unit")
    assert units.loc["城建科", "figure_on_time"] == 0.75 and units.loc["自来水公司", "overdue_items"] == 1
    tables = bulletin.tables(made)
    shown = tables["社区排名"].set_index("社区")
    assert shown.loc["A社区", "按期办结率"] == "100.0%" and shown.loc["A社区", "按期办结率较上期"] == "+16.7个百分点"
    assert shown.loc["B社区", "按期办结率排名"] == "2" and shown.loc["B社区", "按期办结率较上期"] == "-25.0个百分点"
    said = "\n".join(made.commentary)
    assert "按期办结率最高的是A社区（100.0%），最低的是B社区（75.0%）" in said
    assert "1 项风险隐患逾期未销号，涉及：自来水公司（1）" in said
    assert "王" not in said and "leader" not in tables["责任单位排名"].columns  # no member of staff is ranked
    out = tmp_path / "bulletin.xlsx"
    assert main(["bulletin", "--month", "2026-11", "--out", str(out), "--db", str(db.path)]) == 0
    sheet = pd.read_excel(out, sheet_name="社区排名")
    assert list(sheet["社区"]) == ["A社区", "B社区"]
    docx = tmp_path / "bulletin.docx"
    assert main(["bulletin", "--quarter", "2026Q4", "--out", str(docx), "--db", str(db.path)]) == 0
    assert "2026年第4季度信访和风险隐患工作通报" in text_of(docx.read_bytes())
    assert main(["bulletin", "--month", "2026-13", "--out", str(out), "--db", str(db.path)]) == 2
