"""The public report: aggregates only, no count under 5, no group and no person; its figures are the database's."""

from __future__ import annotations

import openpyxl
from docx import Document

from analytics.__main__ import main
from analytics.db import Database


def cells(path):
    if path.suffix == ".xlsx":
        return [v for ws in openpyxl.load_workbook(path) for row in ws.iter_rows(values_only=True) for v in row]
    document = Document(path)
    return [p.text for p in document.paragraphs] + [
        c.text for table in document.tables for row in table.rows for c in row.cells
    ]


def test_demo_quarter_report(served_copy, tmp_path):
    db = Database(served_copy)
    groups = [name for (name,) in db.rows("SELECT DISTINCT name FROM groups")]
    people = [
        p
        for (p,) in db.rows(
            "SELECT DISTINCT petitioner FROM petitions WHERE received_date BETWEEN '2026-07-01' AND '2026-09-30'"
        )
    ]
    ids = [p for (p,) in db.rows("SELECT petition_id FROM petitions LIMIT 200")]
    by_category = dict(
        db.rows(
            "SELECT category, count(*) FROM petitions WHERE received_date "
            "BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY ALL"
        )
    )
    db.close()
    for suffix, lang in ((".xlsx", "en"), (".docx", "zh")):
        out = tmp_path / f"public{suffix}"
        assert main(["--lang", lang, "report", "--quarter", "2026Q3", "--out", str(out), "--db", str(served_copy)]) == 0
        found = cells(out)
        numbers = [v for v in found if isinstance(v, int)] + [
            int(v) for v in found if isinstance(v, str) and v.isdigit()
        ]
        assert numbers and min(numbers) >= 5
        text = " ".join(str(v) for v in found if v is not None)
        assert not [g for g in groups if g in text]  # nothing below community level
        assert not [p for p in people if p in text] and not [i for i in ids if i in text]  # no person, no case
    sheet = openpyxl.load_workbook(tmp_path / "public.xlsx")["By category"]
    shown = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert shown["Property management"] == by_category["property_management"]
    main_figures = openpyxl.load_workbook(tmp_path / "public.xlsx")["Main figures"]
    reported = {row[0]: row[1] for row in main_figures.iter_rows(min_row=2, values_only=True)}
    db = Database(served_copy)
    registered = db.scalar("SELECT count(*) FROM petitions WHERE received_date BETWEEN '2026-07-01' AND '2026-09-30'")
    residents = db.scalar("SELECT sum(population) FROM groups")
    db.close()
    assert reported["Petitions per 10,000 residents"] == f"{registered / residents * 10_000:.1f}"
    assert set(reported) >= {"Answered on time", "Satisfied", "Repeat petitions", "Found early"}


def test_cli_needs_a_period(served_copy, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["--lang", "en", "report", "--quarter", "2026Q5", "--out", str(out), "--db", str(served_copy)]) == 2
    assert "2026Q5" in capsys.readouterr().err
    assert main(["--lang", "en", "report", "--month", "2026-01", "--out", str(out), "--db", str(served_copy)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Main figures", "By category"]
