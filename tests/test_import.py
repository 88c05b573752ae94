"""Importing ledgers as a street office brings them: every format, every alias, and bad input refused whole."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from analytics.__main__ import main
from analytics.db import Database
from analytics.ledger import ImportRejected, import_file
from analytics.ledger.mapping import Mapping
from analytics.roles import SYSTEM, PermissionDenied, User
from tests.helpers import BOSTON, BOSTON_MAPPING

AREAS = (
    "社区,小组,户数,人口,相邻小组\n爱民社区,一组,30,95,二组\n爱民社区,二组,40,120,一组;三组\n"
    "爱民社区,三组,25,80,二组\n新华社区,一组,50,150,\n"
)
PETITIONS_HEADER = (
    "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态,办结日期,内容摘要,备注\n"
)
GOOD_ROWS = [
    "XF1,2026-01-05,来访,爱民社区,一组,张三,1,供水,街道,办结,2026/01/20,四楼停水,x",
    "XF2,2026年1月6日,phone,爱民社区,二组,李四,6,labor_wages,市,受理,,<script>alert(1)</script>,y",
    'XF3,2026.01.07 10:30:00,网上信访,新华社区,一组,张三,2,物业管理,区,办理中,,"=HYPERLINK(""http://x"",""y"")",',
]
LEDGER_TABLES = (
    "communities",
    "groups",
    "group_neighbors",
    "petitions",
    "screenings",
    "risk_items",
    "calendar",
    "record_history",
)


@pytest.fixture
def street(tmp_path):
    db = Database(tmp_path / "street.duckdb")
    (tmp_path / "areas.csv").write_text(AREAS, encoding="utf-8")
    result = import_file(db, SYSTEM, "areas", tmp_path / "areas.csv")
    assert (result.rows_read, result.rows_imported) == (4, 4)
    yield db
    db.close()


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def petitions_file(tmp_path, rows=GOOD_ROWS, name="petitions.csv", encoding="utf-8", bom=False) -> Path:
    text = PETITIONS_HEADER + "\n".join(rows) + "\n"
    return write(tmp_path, name, ("\ufeff" if bom else "") + text, encoding)


def snapshot(db) -> dict:
    return {table: db.rows(f"SELECT * FROM {table} ORDER BY ALL") for table in LEDGER_TABLES}


def test_areas_with_chinese_headers_and_neighbours(street):
    assert street.rows(
        "SELECT c.name, g.name, g.households, g.population FROM groups AS g "
        "JOIN communities AS c USING (community_id) ORDER BY g.group_id"
    ) == [
        ("爱民社区", "一组", 30, 95),
        ("爱民社区", "二组", 40, 120),
        ("爱民社区", "三组", 25, 80),
        ("新华社区", "一组", 50, 150),
    ]
    assert street.rows("SELECT group_id, neighbor_id FROM group_neighbors ORDER BY ALL") == [
        (1, 2),
        (2, 1),
        (2, 3),
        (3, 2),
    ]


@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("gb18030", False)])
def test_petitions_in_every_encoding_with_mixed_dates_and_labels(street, tmp_path, encoding, bom):
    result = import_file(street, SYSTEM, "petitions", petitions_file(tmp_path, encoding=encoding, bom=bom))
    assert (result.rows_read, result.rows_imported, result.rows_unchanged, result.errors) == (3, 3, 0, [])
    assert result.ignored_columns == ["备注"]
    rows = street.query("SELECT * FROM petitions ORDER BY petition_id")
    assert list(rows["received_date"].astype(str)) == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert list(rows["channel"]) == ["visit", "phone", "online"]
    assert list(rows["category"]) == ["utilities", "labor_wages", "property_management"]
    assert list(rows["level"]) == ["street", "city", "district"]
    assert list(rows["status"]) == ["resolved", "accepted", "in_progress"]
    assert list(rows["due_date"].astype(str)) == ["2026-03-06", "2026-03-07", "2026-03-08"]  # received + 60
    # text is kept exactly as written, formulas and markup included
    assert rows.loc[1, "summary"] == "<script>alert(1)</script>"
    assert rows.loc[2, "summary"] == '=HYPERLINK("http://x","y")'
    # the same person, the same pseudonym; no raw name anywhere
    assert rows.loc[0, "petitioner"] == rows.loc[2, "petitioner"] != rows.loc[1, "petitioner"]
    assert not raw_names_stored(street, ["张三", "李四"])


def raw_names_stored(db, names) -> list:
    """Every text column of every table searched for the names."""
    found = []
    columns = db.rows(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'VARCHAR' OR data_type = 'JSON'"
    )
    for table, column in columns:
        for name in names:
            if db.scalar(f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS VARCHAR) LIKE ?', [f"%{name}%"]):
                found.append((table, column, name))
    return found


def test_excel_unicode_text_utf16_tab_separated(street, tmp_path):
    text = (PETITIONS_HEADER + GOOD_ROWS[0] + "\n").replace(",", "\t")
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    assert import_file(street, SYSTEM, "petitions", path).rows_imported == 1


def test_reimport_changes_nothing_and_a_changed_row_keeps_its_history(street, tmp_path):
    path = petitions_file(tmp_path)
    import_file(street, SYSTEM, "petitions", path)
    before = snapshot(street)
    again = import_file(street, SYSTEM, "petitions", path)
    assert (again.rows_imported, again.rows_unchanged) == (0, 3)
    assert snapshot(street) == before
    changed = [GOOD_ROWS[0], GOOD_ROWS[1].replace(",受理,,", ",办结,2026-02-01,"), GOOD_ROWS[2]]
    result = import_file(street, SYSTEM, "petitions", petitions_file(tmp_path, changed, name="later.csv"))
    assert (result.rows_imported, result.rows_updated, result.rows_unchanged) == (1, 1, 2)
    assert street.rows("SELECT status, resolved_date FROM petitions WHERE petition_id = 'XF2'")[0][0] == "resolved"
    assert street.rows("SELECT kind, record_id, field, old_value, new_value FROM record_history ORDER BY field") == [
        ("petitions", "XF2", "resolved_date", None, "2026-02-01"),
        ("petitions", "XF2", "status", "accepted", "resolved"),
    ]


def test_xlsx_with_excel_dates_and_a_chosen_sheet(street, tmp_path):
    from datetime import datetime

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["填表说明"])
    book.active.append(["这张表不是台账"])
    sheet = book.create_sheet("排查台账")
    sheet.append(
        ["排查编号", "排查日期", "社区", "小组", "户号", "排查人", "排查发现", "严重程度", "涉及人数", "情况描述"]
    )
    sheet.append(
        ["PC1", datetime(2026, 7, 3), "爱民社区", "一组", "3栋401", "网格员王", "供水", "重大", 12, "四楼停水"]
    )
    sheet.append(["PC2", "2026/07/04", "爱民社区", "二组", "5栋101", None, "无", None, 0, None])
    path = tmp_path / "screenings.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "screenings", path)  # the first sheet is not the ledger
    assert "screening_id" in rejected.value.result.errors[0]["reason"]
    result = import_file(street, SYSTEM, "screenings", path, sheet="排查台账")
    assert (result.rows_read, result.rows_imported) == (2, 2)
    assert street.rows(
        "SELECT screening_id, visit_date::VARCHAR, finding, severity, people_affected FROM screenings ORDER BY 1"
    ) == [("PC1", "2026-07-03", "utilities", 3, 12), ("PC2", "2026-07-04", "none", None, 0)]
    assert not raw_names_stored(street, ["3栋401", "网格员王"])


BROKEN = {
    "unknown category": ("XF9,2026-01-05,来访,爱民社区,一组,王五,1,天气,街道,受理,,,", "问题类别", "天气"),
    "bad date": ("XF9,2026-02-30,来访,爱民社区,一组,王五,1,供水,街道,受理,,,", "登记日期", "2026-02-30"),
    "date in another form": ("XF9,05/01/2026,来访,爱民社区,一组,王五,1,供水,街道,受理,,,", "登记日期", "05/01/2026"),
    "negative people": ("XF9,2026-01-05,来访,爱民社区,一组,王五,-3,供水,街道,受理,,,", "人数", "-3"),
    "people not a number": ("XF9,2026-01-05,来访,爱民社区,一组,王五,三人,供水,街道,受理,,,", "人数", "三人"),
    "unknown community": ("XF9,2026-01-05,来访,幸福社区,一组,王五,1,供水,街道,受理,,,", "社区", "幸福社区"),
    "unknown group": ("XF9,2026-01-05,来访,爱民社区,九组,王五,1,供水,街道,受理,,,", "小组", "九组"),
    "missing required": ("XF9,2026-01-05,来访,爱民社区,一组,NA,1,供水,街道,受理,,,", "信访人", None),
    "duplicate id": ("XF1,2026-01-05,来访,爱民社区,一组,王五,1,供水,街道,受理,,,", "信访编号", "XF1"),
    "resolved without a date": ("XF9,2026-01-05,来访,爱民社区,一组,王五,1,供水,街道,办结,,,", "办结日期", None),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_bad_row_is_named_and_nothing_is_written(street, tmp_path, case):
    row, column, value = BROKEN[case]
    before = snapshot(street)
    path = petitions_file(tmp_path, [GOOD_ROWS[0], row])
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "petitions", path, lang="en")
    errors = rejected.value.result.errors
    assert [(e["row"], e["column"]) for e in errors] == [(3, column)]
    if value:
        assert value in errors[0]["reason"]
    assert snapshot(street) == before  # the good row was not written either


def test_errors_in_chinese(street, tmp_path):
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "petitions", petitions_file(tmp_path, [BROKEN["unknown category"][0]]), lang="zh")
    assert rejected.value.result.errors[0]["reason"].startswith("“天气”不在可选值中")


def test_skip_invalid_imports_the_rest_and_returns_the_rejects(street, tmp_path):
    rows = [GOOD_ROWS[0], BROKEN["bad date"][0], GOOD_ROWS[1], BROKEN["unknown group"][0].replace("XF9", "XF8")]
    result = import_file(street, SYSTEM, "petitions", petitions_file(tmp_path, rows), skip_invalid=True, lang="en")
    assert (result.rows_read, result.rows_imported, result.rows_rejected) == (4, 2, 2)
    assert sorted(p for (p,) in street.rows("SELECT petition_id FROM petitions")) == ["XF1", "XF2"]
    assert list(result.rejects["Row"]) == [3, 5]
    assert list(result.rejects["信访编号"]) == ["XF9", "XF8"]
    assert "not a date" in result.rejects["Reason"].iloc[0]
    # in Chinese, the rejects file's own headers are Chinese too (issue 16.9)
    again = import_file(street, SYSTEM, "petitions", petitions_file(tmp_path, rows), skip_invalid=True, lang="zh")
    assert list(again.rejects.columns) == ["行", *again.rejects.columns[1:-1], "原因"]


FILE_PROBLEMS = {
    "empty file": ("empty.csv", b"", "empty"),
    "header only": ("header.csv", PETITIONS_HEADER.encode(), "no rows"),
    "missing required column": ("nocol.csv", "信访编号,登记日期\nXF1,2026-01-05\n".encode(), "channel"),
    "wrong encoding": ("latin.csv", b"id,\xff\xff\xff\n1,2\n", "encoding"),
    "binary": ("binary.csv", b"\x00\x01\x02\x03,\x00\n", "not a text"),
    "not a spreadsheet": ("fake.xlsx", b"PK\x03\x04 this is not a workbook", "not an Excel"),
    "a text file named xlsx": ("text.xlsx", "信访编号,登记日期\n".encode(), "not an Excel"),
    "unknown type": ("ledger.pdf", b"%PDF-1.4", "cannot be imported"),
}


@pytest.mark.parametrize("case", FILE_PROBLEMS, ids=list(FILE_PROBLEMS))
def test_a_bad_file_is_refused_with_a_message(street, tmp_path, case):
    name, content, expected = FILE_PROBLEMS[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(street)
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "petitions", path, lang="en")
    assert expected in " ".join(e["reason"] for e in rejected.value.result.errors)
    assert snapshot(street) == before


def test_a_file_over_the_size_limit_is_refused_before_reading(street, tmp_path):
    path = petitions_file(tmp_path, GOOD_ROWS * 100)
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "petitions", path, lang="en", max_bytes=1000)
    assert "over the limit" in rejected.value.result.errors[0]["reason"]


def test_a_zip_bomb_disguised_as_xlsx_is_refused(street, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "petitions", path, lang="en")
    assert "unpacks to far more" in rejected.value.result.errors[0]["reason"]


def test_only_clerks_import(street, tmp_path):
    for role in ("admin", "committee", "analyst", "officer"):
        with pytest.raises(PermissionDenied):
            import_file(street, User("x", role), "petitions", petitions_file(tmp_path))
    assert import_file(street, User("clerk", "clerk"), "petitions", petitions_file(tmp_path)).rows_imported == 3
    assert street.rows("SELECT username, action, target FROM audit_log WHERE username = 'clerk'") == [
        ("clerk", "import", "petitions.csv")
    ]


def test_mapping_with_constants_and_value_maps(street, tmp_path):
    path = write(
        tmp_path,
        "other.csv",
        "case,opened,via,hood,block,who,state\nA1,2026-03-01,Call,爱民社区,一组,Zhang,Open\n"
        "A2,2026-03-02,Web,新华社区,一组,Li,Closed\n",
    )
    mapping = Mapping(
        columns={
            "petition_id": "case",
            "received_date": "opened",
            "channel": "via",
            "community": "hood",
            "group": "block",
            "petitioner": "who",
            "status": "state",
            "resolved_date": "opened",
        },
        constants={"category": "utilities", "people_count": "1", "level": "street"},
        values={"channel": {"Call": "phone", "Web": "online"}, "status": {"Open": "in_progress", "Closed": "resolved"}},
    )
    result = import_file(street, SYSTEM, "petitions", path, mapping=mapping)
    assert (result.rows_imported, result.errors) == (2, [])
    assert street.rows("SELECT petition_id, channel, status, category FROM petitions ORDER BY 1") == [
        ("A1", "phone", "in_progress", "utilities"),
        ("A2", "online", "resolved", "utilities"),
    ]
    assert "[values.channel]" in mapping.to_toml() and '"Call" = "phone"' in mapping.to_toml()


@pytest.mark.skipif(not BOSTON.exists(), reason="the shared real data is not beside the project")
def test_boston_heat_complaints_through_a_mapping(tmp_path, capsys):
    import pandas as pd

    db_path = tmp_path / "boston.duckdb"
    mapped = ["--mapping", str(BOSTON_MAPPING), "--db", str(db_path), "--json"]
    assert main(["init", "--db", str(db_path)]) == 0
    assert main(["import", "areas", str(BOSTON), "--from-records", "petitions", *mapped]) == 0
    areas = json.loads(capsys.readouterr().out)
    source = pd.read_csv(BOSTON, low_memory=False)
    placed = source.dropna(subset=["neighborhood", "ward"])
    assert areas["rows_imported"] == len(placed[["neighborhood", "ward"]].drop_duplicates())
    rejects = tmp_path / "boston.rejects.csv"
    petitions = ["import", "petitions", str(BOSTON), *mapped, "--skip-invalid", "--rejects", str(rejects)]
    assert main(["--lang", "en", *petitions]) == 0
    result = json.loads(capsys.readouterr().out)
    unplaced = source["neighborhood"].isna() | source["Location"].isna()
    assert result["rows_read"] == len(source) == 7644
    assert result["rows_imported"] == (~unplaced).sum()
    assert len(pd.read_csv(rejects)) == unplaced.sum() and "Reason" in pd.read_csv(rejects).columns
    assert "column 1" in pd.read_csv(rejects).columns  # the file's unnamed first column
    assert "OnTime_Status" in result["ignored_columns"]
    db = Database(db_path)
    assert (
        db.scalar("SELECT count(*) FROM petitions WHERE status = 'resolved'")
        == ((source["CASE_STATUS"] == "Closed") & ~unplaced).sum()
    )
    assert (
        db.scalar("SELECT count(*) FROM petitions WHERE channel = 'phone'")
        == ((source["Source"] == "Constituent Call") & ~unplaced).sum()
    )
    addresses = source["Location"].dropna().sample(20, random_state=1).tolist()
    assert not raw_names_stored(db, addresses)
    db.close()
    # importing again changes nothing
    assert main(petitions) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["rows_imported"], again["rows_unchanged"]) == (0, result["rows_imported"])


def test_cli_import_exit_codes_and_json(street, tmp_path, capsys, monkeypatch):
    db_path = street.path
    street.close()
    bad = petitions_file(tmp_path, [GOOD_ROWS[0], BROKEN["bad date"][0]], name="bad.csv")
    assert main(["--lang", "en", "import", "petitions", str(bad), "--db", str(db_path), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert (
        out["errors"]
        == [
            {
                "row": 3,
                "column": "登记日期",
                "field": "received_date",
                "value": "2026-02-30",
                "reason": out["errors"][0]["reason"],
            }
        ]
        and out["rows_imported"] == 0
    )
    assert main(["--lang", "en", "import", "petitions", str(bad), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv: row 3, column 登记日期:" in err and "database is unchanged" in err
    monkeypatch.chdir(tmp_path)  # the rejects' default place is the working directory: not the project's
    assert main(["import", "petitions", str(bad), "--db", str(db_path), "--skip-invalid"]) == 0
    assert (tmp_path / "bad.csv.rejects.csv").exists()
    assert main(["import", "petitions", str(tmp_path / "nothing.csv"), "--db", str(db_path)]) == 2
    assert main(["import", "petitions", str(bad), "--db", str(db_path), "--rejects", "x.csv"]) == 2


def test_risk_items_and_calendar_ledgers(street, tmp_path):
    risks = write(
        tmp_path,
        "risks.csv",
        "事项编号,发现日期,来源,社区,小组,问题类别,涉及人数,责任单位,包案领导,状态,化解期限\n"
        "M1,2026-03-01,排查,爱民社区,一组,征地拆迁,12,房屋征收办公室,街道办事处主任,化解中,2026-05-01\n"
        "M2,2026-03-05,转办,新华社区,,欠薪,30,人社局,街道党工委书记,未化解,\n",
    )
    result = import_file(street, SYSTEM, "risks", risks)
    assert (result.rows_imported, result.errors) == (2, [])
    assert street.rows("SELECT matter_id, source, category, status, group_id IS NULL FROM risk_items ORDER BY 1") == [
        ("M1", "screening", "land_housing", "in_progress", False),
        ("M2", "referral", "labor_wages", "open", True),
    ]
    calendar = write(
        tmp_path,
        "calendar.csv",
        "名称,开始日期,结束日期,等级\n全国两会,2027-03-03,2027-03-15,1\n国庆节,2027-10-01,2027-10-07,\n",
    )
    assert import_file(street, SYSTEM, "calendar", calendar).rows_imported == 2
    assert import_file(street, SYSTEM, "calendar", calendar).rows_unchanged == 2
    bad = write(tmp_path, "bad-calendar.csv", "名称,开始日期,结束日期,等级\n春节,2027-02-12,2027-02-05,5\n")
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "calendar", bad, lang="en")
    assert {(e["column"], e["reason"].split(" ")[-1]) for e in rejected.value.result.errors} == {
        ("结束日期", "starts"),
        ("等级", "3"),
    }


def test_rejects_can_be_fixed_and_imported_again(street, tmp_path):
    rows = [GOOD_ROWS[0], BROKEN["bad date"][0]]
    result = import_file(street, SYSTEM, "petitions", petitions_file(tmp_path, rows), skip_invalid=True)
    fixed = result.rejects.copy()  # a clerk corrects the date and imports the file as it is
    fixed.loc[0, "登记日期"] = "2026-02-28"
    fixed.to_csv(tmp_path / "fixed.csv", index=False)
    again = import_file(street, SYSTEM, "petitions", tmp_path / "fixed.csv")
    assert (again.rows_imported, again.errors) == (1, [])
    assert {"行", "原因"} <= set(again.ignored_columns)
    assert street.scalar("SELECT received_date::VARCHAR FROM petitions WHERE petition_id = 'XF9'") == "2026-02-28"


def test_the_size_limit_is_a_setting(street, tmp_path):
    from analytics import settings_store
    from analytics.roles import User

    settings_store.update(street, User("root", "admin"), {"max_upload_mb": 1})
    big = petitions_file(tmp_path, [GOOD_ROWS[0]] * 30_000)
    assert big.stat().st_size > 2**20
    with pytest.raises(ImportRejected) as rejected:
        import_file(street, SYSTEM, "petitions", big, lang="en")
    assert "over the limit of 1.0 MB" in rejected.value.result.errors[0]["reason"]


def test_import_suggests_the_matter_of_petitions_that_name_none(street, tmp_path):
    first = GOOD_ROWS[0].replace("XF1,", "XF1,").replace(",四楼停水,x", ",四楼停水,x")
    header = PETITIONS_HEADER.replace("备注", "事项编号")
    write(tmp_path, "a.csv", header + first.rsplit(",", 1)[0] + ",M-WATER\n")
    import_file(street, SYSTEM, "petitions", tmp_path / "a.csv")
    again = "XF7,2026-01-09,来电,爱民社区,一组,张三,1,供水,街道,受理,,四楼还是没水,"
    result = import_file(street, SYSTEM, "petitions", write(tmp_path, "b.csv", header + again + "\n"))
    assert result.suggestions == [
        {
            "petition_id": "XF7",
            "matter_id": "M-WATER",
            "reason": "same_petitioner",
            "similarity": result.suggestions[0]["similarity"],
        }
    ]
    assert result.as_json()["suggested_matters"][0]["matter_id"] == "M-WATER"


def test_a_clerk_cannot_change_the_sensitive_date_calendar_by_import(street, tmp_path):
    """The calendar steers every alert's grade (issue 20: a clerk changed it through a calendar import)."""
    calendar = write(tmp_path, "calendar.csv", "名称,开始日期,结束日期,等级\n无事日,2026-11-01,2026-11-30,1\n")
    before = street.rows("SELECT * FROM calendar ORDER BY 1, 2")
    with pytest.raises(PermissionDenied):
        import_file(street, User("li", "clerk"), "calendar", calendar)
    assert street.rows("SELECT * FROM calendar ORDER BY 1, 2") == before
    assert import_file(street, User("root", "admin"), "calendar", calendar).rows_imported == 1
    from analytics.ledger import importable

    assert "calendar" not in importable(User("li", "clerk")) and "petitions" in importable(User("li", "clerk"))


def test_brackets_and_stars_in_a_file_name_are_read_as_written(street, tmp_path):
    """DuckDB read ``x[1].csv`` as the pattern matching ``x1.csv`` (issue 20): the file named is the file read."""
    header = "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
    write(tmp_path, "x1.csv", header + "DECOY,2026-11-20,来电,爱民社区,一组,甲,1,供水,街道,登记\n")
    named = write(tmp_path, "x[1].csv", header + "MEANT,2026-11-20,来电,爱民社区,一组,乙,1,供水,街道,登记\n")
    starred = write(tmp_path, "*.csv", header + "STAR,2026-11-21,来电,爱民社区,一组,丙,1,供水,街道,登记\n")
    assert import_file(street, SYSTEM, "petitions", named).rows_imported == 1
    assert import_file(street, SYSTEM, "petitions", starred).rows_imported == 1
    assert [i for (i,) in street.rows("SELECT petition_id FROM petitions ORDER BY 1")] == ["MEANT", "STAR"]
