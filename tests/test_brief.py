"""The weekly brief: the files open with python-docx and openpyxl, and their figures are the database's."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import openpyxl
from docx import Document

from analytics import alerts, campaigns
from analytics.__main__ import main
from analytics.db import Database
from analytics.roles import SYSTEM

WEEK = date(2026, 10, 14)  # a Wednesday: the week of the demo's water outage, 12–18 October
MONDAY, SUNDAY = date(2026, 10, 12), date(2026, 10, 18)


def petitions_between(db, start, end) -> int:
    return db.scalar("SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [start, end])


def test_excel_brief_figures_and_alerts_match_the_database(served_copy, tmp_path):
    out = tmp_path / "brief.xlsx"
    assert main(["--lang", "en", "brief", "--week", WEEK.isoformat(), "--out", str(out), "--db", str(served_copy)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Headline figures",
        "New and open alerts",
        "Overdue items",
        "Screening coverage",
        "Sensitive periods ahead",
        "Reported figures",
    ]
    figures = {row[0]: row[1:] for row in book["Headline figures"].iter_rows(min_row=2, values_only=True)}
    db = Database(served_copy)
    this, last = (
        petitions_between(db, MONDAY, SUNDAY),
        petitions_between(db, MONDAY - timedelta(7), MONDAY - timedelta(1)),
    )
    assert figures["Petitions registered"] == (this, last, this - last)
    listed = alerts.review_list(db, SUNDAY)
    sheet = book["New and open alerts"]
    assert sheet.max_row - 1 == len(listed) > 0 and sheet.freeze_panes == "A2"
    kinds = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Spike" in kinds and "Group petition" in kinds  # the outage, as a spike and as a group petition
    db.close()


def test_word_brief_in_chinese_with_charts(served_copy, tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["--lang", "zh", "brief", "--week", WEEK.isoformat(), "--out", str(out), "--db", str(served_copy)]) == 0
    document = Document(out)
    text = [p.text for p in document.paragraphs]
    assert text[0] == "民惠街道每周风险研判简报"
    assert text[1] == "2026年10月12日至2026年10月18日；数据和预警统计至2026年10月18日。"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    assert len(document.inline_shapes) == 2  # the trend and the alerts by grade, rendered offline
    figures = document.tables[0]
    assert [c.text for c in figures.rows[0].cells] == ["指标", "本周", "上周", "变化"]
    db = Database(served_copy)
    assert figures.rows[1].cells[0].text == "信访登记"
    assert figures.rows[1].cells[1].text == str(petitions_between(db, MONDAY, SUNDAY))
    listed = alerts.review_list(db, SUNDAY)
    unscreened = len(campaigns.gaps(db, SUNDAY))
    db.close()
    # the blind spots counted in groups (the review has one item per community, listing its groups)
    assert unscreened >= 1 and f"排查盲区小组：{unscreened} 个。" in text
    serious = listed[listed["grade"].isin(["red", "orange"])]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == len(serious) > 0  # red and orange in full; yellow and blue in one table
    assert headings[0].startswith("（1）红色预警") or headings[0].startswith("（1）橙色预警")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][:3] == [
        "一、本周概况",
        "二、红色、橙色预警",
        "三、主要变化",
    ]
    whole = "\n".join(text) + "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert "nan" not in whole and "None" not in whole
    appendix = text.index("附录：预警的检测依据")
    assert not any("p 值" in line or "Noufaily" in line for line in text[:appendix])  # method in the appendix
    east_asian = document.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asian == "仿宋"


def first_page(document) -> tuple[list[str], int]:
    """The paragraphs up to the page break ending the summary, and the table rows among them."""
    body = document.element.body
    lines, rows = [], 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            rows += len(child.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"))
        elif tag == "p":
            lines.append("".join(child.itertext()))
            if child.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}br"):
                return lines, rows
    raise AssertionError("no page break after the summary")


def test_a_brief_made_mid_week_states_no_future_date_and_compares_the_same_days(served_copy, tmp_path):
    """Issue 16.4/16.5: made on a Wednesday it said 截至 the coming Sunday and set three days against a week."""
    from analytics import brief
    from analytics.brief_docx import to_docx

    wednesday = date(2026, 11, 25)
    db = Database(served_copy)
    made = brief.gather(db, wednesday, "zh", today=wednesday, user=SYSTEM)
    assert made.as_of == wednesday and made.partial
    figures = brief.tables(made)["主要数据"]
    assert list(figures.columns) == [
        "指标",
        "本周（2026年11月23日至2026年11月25日）",
        "上周同期（2026年11月16日至2026年11月18日）",
        "变化",
    ]
    assert figures.iloc[0, 1] == petitions_between(db, date(2026, 11, 23), wednesday)
    assert figures.iloc[0, 2] == petitions_between(db, date(2026, 11, 16), date(2026, 11, 18))
    document = Document(io.BytesIO(to_docx(made, brief.chart_images(made))))
    db.close()
    text = [p.text for p in document.paragraphs]
    assert text[1] == (
        "2026年11月23日至2026年11月25日（本周未完）。数据和预警统计至2026年11月25日，"
        "与上周同期（2026年11月16日至2026年11月18日）相比。"
    )
    upcoming = text.index("七、即将到来的敏感节点")
    stated = [
        date(int(y), int(m), int(d))
        for line in text[:upcoming]
        for y, m, d in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line)
    ]
    assert stated and max(stated) <= wednesday
    lines, rows = first_page(document)
    assert rows <= 9 and len(lines) + rows <= 40, "the summary fits one A4 page"
    assert "主要变化" in "".join(lines)


def test_the_command_line_refuses_a_week_not_begun(served_copy, tmp_path, capsys):
    later = date.today() + timedelta(days=8)
    assert (
        main(
            [
                "--lang",
                "en",
                "brief",
                "--week",
                later.isoformat(),
                "--out",
                str(tmp_path / "b.docx"),
                "--db",
                str(served_copy),
            ]
        )
        == 2
    )
    assert "has not begun" in capsys.readouterr().err


def test_brief_needs_docx_or_xlsx(served_copy, tmp_path, capsys):
    assert (
        main(
            [
                "--lang",
                "en",
                "brief",
                "--week",
                WEEK.isoformat(),
                "--out",
                str(tmp_path / "b.pdf"),
                "--db",
                str(served_copy),
            ]
        )
        == 2
    )
    assert "b.pdf: the brief is written as .docx or .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_review_page_offers_the_brief_to_committee_and_officers(served_copy, monkeypatch):
    from tests.apptest import start

    at = start(served_copy, monkeypatch, role="committee")
    at.switch_page("app_pages/alert_review.py").run()
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
    assert figures["Petitions registered"] == received > 100  # the cold wave
