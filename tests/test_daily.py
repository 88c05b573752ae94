"""The sensitive-period daily report (日报 / 零报告) from the command line, as the office sends it up."""

from __future__ import annotations

from datetime import date

import docx
import openpyxl

from analytics.__main__ import main
from analytics.db import Database
from analytics.scoring import score_matters
from tests.street import add_petition, tiny_street


def sheets(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_a_quiet_day_is_a_zero_report(tmp_path):
    db = tiny_street(tmp_path / "street.duckdb")
    db.execute("INSERT INTO calendar VALUES (1, '全国两会', '2026-03-03', '2026-03-15', 1)")
    add_petition(db, "p1", date(2026, 3, 4), 1, 10)  # the day before: not today's
    db.close()
    out = tmp_path / "日报.xlsx"
    assert main(["daily", "--db", str(tmp_path / "street.duckdb"), "--date", "2026-03-05", "--out", str(out)]) == 0
    book = sheets(out)
    assert book["概况"] == [
        ("测试街道敏感期日报（2026年3月5日）",),
        ("零报告：今日无新登记信访，无未化解的红色、橙色风险隐患。",),
    ]
    assert book["当前敏感节点"][1] == ("全国两会", "2026-03-03", "2026-03-15", 1)
    assert book["新登记信访（按层级）"][1:] == [("街道", 0), ("区", 0), ("市", 0), ("省", 0), ("进京", 0)]
    assert book["集体访"] == [("事项",), ("无",)]
    assert book["未化解的红色、橙色风险隐患"] == [("事项",), ("无",)]


def test_a_busy_day_lists_its_petitions_and_the_serious_items(served_copy, tmp_path):
    path = served_copy
    db = Database(path)
    # the last day in a sensitive period on which a group came (the wages before Spring Festival, most years)
    day, period = db.rows(
        "SELECT p.received_date, c.name FROM petitions AS p JOIN calendar AS c "
        "ON p.received_date BETWEEN c.start_date AND c.end_date WHERE p.people_count >= 5 "
        "ORDER BY p.received_date DESC, c.level LIMIT 1"
    )[0]
    db.close()
    out = tmp_path / "daily.docx"
    assert main(["--lang", "en", "daily", "--db", str(path), "--date", day.isoformat(), "--out", str(out)]) == 0
    db = Database(path)
    registered = db.scalar("SELECT count(*) FROM petitions WHERE received_date = ?", [day])
    group = db.rows("SELECT petition_id FROM petitions WHERE received_date = ? AND people_count >= 5", [day])
    serious = score_matters(db, day).query("grade in ('red', 'orange')")
    db.close()
    document = docx.Document(out)
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Today: {registered} petitions registered" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert period in cells
    assert all(petition_id in cells for (petition_id,) in group) and group
    assert set(serious["matter_id"]) <= set(cells)


def test_the_daily_report_is_docx_or_xlsx(tmp_path, capsys):
    db = tiny_street(tmp_path / "street.duckdb")
    db.close()
    out = tmp_path / "daily.pdf"
    assert main(["daily", "--db", str(tmp_path / "street.duckdb"), "--date", "2026-03-05", "--out", str(out)]) == 2
    assert "日报只能写成 .docx 或 .xlsx" in capsys.readouterr().err and not out.exists()


def test_review_page_offers_the_daily_report_on_a_sensitive_day(served_copy, monkeypatch):
    from tests.apptest import start
    from ui.state import PERIOD

    at = start(served_copy, monkeypatch, role="committee", lang="zh")
    at.session_state[PERIOD] = (date(2025, 10, 4), date(2026, 10, 3))
    at.switch_page("app_pages/alert_review.py").run()
    assert not at.exception
    assert any(c.value.startswith("当日处于敏感节点：国庆节。") for c in at.caption)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载日报（Word）" in labels and "下载日报（Excel）" in labels
