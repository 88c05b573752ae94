"""The weekly brief: the files open with python-docx and openpyxl, and their figures are the database's."""
from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest
from docx import Document

from analytics import alerts
from analytics.__main__ import main
from analytics.db import Database

WEEK = date(2026, 10, 14)  # a Wednesday: the week of the demo's water outage, 12–18 October
MONDAY, SUNDAY = date(2026, 10, 12), date(2026, 10, 18)


def petitions_between(db, start, end) -> int:
    return db.scalar("SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [start, end])


def test_excel_brief_figures_and_alerts_match_the_database(served_copy, tmp_path):
    out = tmp_path / "brief.xlsx"
    assert main(["--lang", "en", "brief", "--week", WEEK.isoformat(), "--out", str(out), "--db",
                 str(served_copy)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Headline figures", "New and open alerts", "Overdue items", "Screening coverage",
                               "Sensitive periods ahead"]
    figures = {row[0]: row[1:] for row in book["Headline figures"].iter_rows(min_row=2, values_only=True)}
    db = Database(served_copy)
    this, last = petitions_between(db, MONDAY, SUNDAY), petitions_between(db, MONDAY - timedelta(7), MONDAY - timedelta(1))
    assert figures["Petitions received"] == (this, last, this - last)
    listed = alerts.review_list(db, SUNDAY)
    sheet = book["New and open alerts"]
    assert sheet.max_row - 1 == len(listed) > 0 and sheet.freeze_panes == "A2"
    kinds = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Spike" in kinds and "Group petition" in kinds  # the outage, as a spike and as a group petition
    db.close()


def test_word_brief_in_chinese_with_charts(served_copy, tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["--lang", "zh", "brief", "--week", WEEK.isoformat(), "--out", str(out), "--db",
                 str(served_copy)]) == 0
    document = Document(out)
    text = [p.text for p in document.paragraphs]
    assert text[0] == "民惠街道每周风险研判简报" and text[1].startswith("2026-10-12 至 2026-10-18")
    assert len(document.inline_shapes) == 2  # the trend and the alerts by grade, rendered offline
    figures = document.tables[0]
    assert [c.text for c in figures.rows[0].cells] == ["指标", "本周", "上周", "变化"]
    db = Database(served_copy)
    assert figures.rows[1].cells[1].text == str(petitions_between(db, MONDAY, SUNDAY))
    listed = alerts.review_list(db, SUNDAY)
    db.close()
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == len(listed)
    assert any("突增" in h and "第7小组" in h for h in headings)
    east_asian = document.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asian == "仿宋"


def test_brief_needs_docx_or_xlsx(served_copy, tmp_path, capsys):
    assert main(["--lang", "en", "brief", "--week", WEEK.isoformat(), "--out", str(tmp_path / "b.pdf"), "--db",
                 str(served_copy)]) == 2
    assert "b.pdf: the brief is written as .docx or .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_review_page_offers_the_brief_to_committee_and_officers(served_copy, monkeypatch):
    from tests.apptest import start

    at = start(served_copy, monkeypatch, role="committee")
    at.switch_page("pages/alert_review.py").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the brief (Word)" in labels and "Download the brief (Excel)" in labels


def test_brief_for_a_week_of_boston_lists_that_weeks_alerts(boston_copy, tmp_path):
    """A street nobody here made: Boston's heat complaints, the week of the January 2018 cold wave."""
    path = boston_copy
    out = tmp_path / "brief.xlsx"
    assert main(["--lang", "en", "brief", "--week", "2018-01-03", "--out", str(out), "--db", str(path)]) == 0
    db = Database(path)
    listed = alerts.review_list(db, date(2018, 1, 7))
    received = petitions_between(db, date(2018, 1, 1), date(2018, 1, 7))
    db.close()
    book = openpyxl.load_workbook(out)
    rows = list(book["New and open alerts"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(listed) > 0 and any(row[2] == "Spike" for row in rows)
    figures = {row[0]: row[1] for row in book["Headline figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["Petitions received"] == received > 100  # the cold wave
