"""The templates handed to community workers: Chinese headers, drop-downs, and they import as filled in."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from analytics.db import Database
from analytics.ledger import import_file
from analytics.ledger.formats import LEDGERS
from analytics.ledger.templates import build, file_name, write_all
from analytics.roles import SYSTEM
from tests.helpers import ROOT


@pytest.mark.parametrize("kind", list(LEDGERS))
def test_committed_templates_match_the_ledger_format(kind, tmp_path):
    committed = openpyxl.load_workbook(ROOT / "data" / "templates" / file_name(kind))
    fresh = openpyxl.load_workbook(write_all(tmp_path)[list(LEDGERS).index(kind)])
    header = [c.value for c in committed.worksheets[0][1]]
    assert header == [c.value for c in fresh.worksheets[0][1]]  # regenerate with `python -m analytics templates`
    assert header == [f.headers[0] for f in LEDGERS[kind]]


def test_petitions_template_has_dropdowns_in_chinese():
    sheet = build("petitions").worksheets[0]
    lists = {str(rule.sqref).split(":")[0]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert lists["C2"] == '"来访,来信,来电,网上信访,领导接访"'  # 信访形式
    assert "征地拆迁" in lists["H2"] and "劳动工资" in lists["H2"]  # 问题类别
    assert sheet.freeze_panes == "A2"


def test_a_filled_in_template_imports(tmp_path):
    db = Database(tmp_path / "t.duckdb")
    areas = build("areas")
    areas.worksheets[0].append(["爱民社区", "一组", 30, 95, None])
    areas.save(tmp_path / "areas.xlsx")
    assert import_file(db, SYSTEM, "areas", tmp_path / "areas.xlsx").rows_imported == 1
    book = build("screenings")
    campaign = "2026年7月入户大排查"
    book.worksheets[0].append(
        [
            "PC1",
            datetime(2026, 7, 3),
            "爱民社区",
            "一组",
            "3栋401",
            "王",
            "供水",
            "重大",
            campaign,
            12,
            "停水",
        ]
    )
    book.save(tmp_path / "screenings.xlsx")
    result = import_file(db, SYSTEM, "screenings", tmp_path / "screenings.xlsx")
    assert (result.rows_read, result.rows_imported, result.errors) == (1, 1, [])
    assert db.rows("SELECT finding, severity, campaign, people_affected FROM screenings") == [
        ("utilities", 3, campaign, 12)
    ]
    db.close()


def test_the_guide_sheet_says_what_every_column_means():
    for kind, fields in LEDGERS.items():
        guide = build(kind)["填表说明"]
        rows = {row[1]: row for row in guide.iter_rows(min_row=2, values_only=True)}
        assert set(rows) == {f.name for f in fields}, kind
        for name, row in rows.items():
            assert row[3] and row[5], f"{kind}.{name} has no meaning in the guide"
    matter = {row[1]: row for row in build("petitions")["填表说明"].iter_rows(min_row=2, values_only=True)}["matter_id"]
    assert matter[0] == "事项编号" and "同一事项" in matter[3]


def test_units_are_a_drop_down_of_the_streets_handlers_and_an_import_adds_new_ones(demo_db, tmp_path):
    from analytics import queries

    handlers = queries.unit_names(demo_db)
    book = build("petitions", handlers)
    assert book.sheetnames == ["信访台账", "填表说明", "承办单位"]
    units = [row[0] for row in book["承办单位"].iter_rows(min_row=2, values_only=True)]
    assert units == handlers and "财政局" not in units  # partners (共建单位) handle no petition
    column = next(i for i, f in enumerate(LEDGERS["petitions"], start=1) if f.name == "responsible_unit")
    letter = openpyxl.utils.get_column_letter(column)
    rules = {str(rule.sqref).split(":")[0]: rule for rule in book.worksheets[0].data_validations.dataValidation}
    assert rules[f"{letter}2"].formula1 == f"'承办单位'!$A$2:$A${len(handlers) + 1}"
    assert rules[f"{letter}2"].showErrorMessage
    # without a street's units the column stays free text, as before
    assert f"{letter}2" not in {
        str(rule.sqref).split(":")[0] for rule in build("petitions").worksheets[0].data_validations.dataValidation
    }
    # a ledger naming a unit the list lacks adds it as a handler
    db = Database(tmp_path / "t.duckdb")
    areas = build("areas")
    areas.worksheets[0].append(["爱民社区", "一组", 30, 95, None])
    areas.save(tmp_path / "areas.xlsx")
    import_file(db, SYSTEM, "areas", tmp_path / "areas.xlsx")
    ledger = build("petitions")
    row = {f.name: None for f in LEDGERS["petitions"]}
    row.update(
        petition_id="X1",
        received_date=datetime(2026, 11, 2),
        channel="来访",
        community="爱民社区",
        group="一组",
        petitioner="张",
        people_count=1,
        category="供水",
        level="街道",
        status="登记",
        responsible_unit=" 自来水公司 ",
    )
    ledger.worksheets[0].append([row[f.name] for f in LEDGERS["petitions"]])
    ledger.save(tmp_path / "petitions.xlsx")
    assert import_file(db, SYSTEM, "petitions", tmp_path / "petitions.xlsx").rows_imported == 1
    assert queries.unit_names(db) == ["自来水公司"]
    db.close()
