"""The clerk's pages: import a ledger with a mapping step, and enter one record by hand."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from analytics.db import open_database
from tests.apptest import start
from tests.helpers import as_office


@pytest.fixture(autouse=True)
def offices_database(request):
    """These tests import ledgers into a street with history: the demo's records as an office's own (the product
    refuses real imports into the demo)."""
    if "served_copy" in request.fixturenames:
        as_office(request.getfixturevalue("served_copy"))


AREAS_CSV = "社区,小组\n爱民社区,第1小组\n".encode()
OTHER_SHAPE = (
    "case,opened,via,hood,block,who,persons,topic,where,state\n"
    "A1,2026-11-20,Call,爱民社区,第1小组,Zhang San,1,供水,街道,登记\n"
    "A2,2026-11-21,Walk-in,爱民社区,第2小组,Li Si,2,物业管理,区,受理\n"
).encode()


def test_import_page_maps_columns_and_values_then_imports(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk")
    assert at.main.title[0].value == "Import ledgers"
    at.file_uploader(key="import_file").upload("other.csv", OTHER_SHAPE, "text/csv").run()
    assert not at.exception
    # no ledger is chosen for the clerk: these headers fit none, so the clerk says which
    assert kind_box(at).value is None
    kind_box(at).select("petitions").run()
    assert "2 rows" in at.main.subheader[0].value
    # the headers match nothing: map them by hand, as a clerk would
    for field, column in {
        "petition_id": "case",
        "received_date": "opened",
        "channel": "via",
        "community": "hood",
        "group": "block",
        "petitioner": "who",
        "people_count": "persons",
        "category": "topic",
        "level": "where",
        "status": "state",
    }.items():
        at.selectbox(key=f"map_petitions_none_{field}").select(column)
    at.run()
    # 'Call' and 'Walk-in' are not channel words: say what they mean
    at.selectbox(key="value_petitions_none_channel_Call").select("phone")
    at.selectbox(key="value_petitions_none_channel_Walk-in").select("visit")
    at.run()
    saved = [b for b in at.get("download_button") if "mapping" in b.proto.label]
    assert saved, "the mapping can be saved"
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "2 rows read, 2 imported" in at.success[0].value
    db = open_database(served_copy)
    assert db.rows(
        "SELECT petition_id, channel, level FROM petitions WHERE petition_id IN ('A1', 'A2') ORDER BY 1"
    ) == [("A1", "phone", "street"), ("A2", "visit", "district")]
    assert db.rows("SELECT username, action, target FROM audit_log WHERE action = 'import'") == [
        ("clerk", "import", "other.csv")
    ]


def test_import_page_shows_errors_and_writes_nothing(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    bad = (
        "信访编号,登记日期,信访形式,社区,信访人,人数,问题类别,信访层级,办理状态\n"
        "B1,2026-13-01,来访,爱民社区,王五,1,其他,街道,登记\n"
    ).encode("gb18030")
    at.file_uploader(key="import_file").upload("bad.csv", bad, "text/csv").run()
    assert kind_box(at).value == "petitions"  # recognised from its headers
    at.button(key="import_run").click().run()
    assert "未导入" in at.error[0].value
    errors = at.dataframe[-1].value
    assert list(errors.iloc[0])[:2] == [2, "登记日期"]
    assert open_database(served_copy).scalar("SELECT count(*) FROM petitions WHERE petition_id = 'B1'") == 0


def kind_box(at):
    """The import page's ledger choice (one per uploaded file)."""
    return next(box for box in at.selectbox if box.key and box.key.startswith("import_kind_"))


def entry(widgets, name: str):
    """The quick-entry form's widget ``name`` (its key carries the form's generation, renewed after a save)."""
    return next(w for w in widgets if w.key and re.fullmatch(rf"{name}_\d+", w.key))


def entry_number(at) -> str:
    """The number the quick-entry form will give the next record."""
    return next(box.value for box in at.text_input if box.key and box.key.startswith("entry_id_"))


def test_two_quick_entries_in_a_row_give_two_petitions_neither_changed(served_copy, monkeypatch):
    """Issue 16.1: the second save used to 'update' the first petition (the ID widget kept its value)."""
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/quick_entry.py").run()
    # a screening visit first: switching to petitions must not leave the screenings' PC- number behind
    at.segmented_control(key="entry_kind").set_value("petitions").run()
    at.selectbox(key="entry_community").select("新华社区").run()
    saved = []
    for name, summary in (("张三", "楼道灯坏了"), ("李四", "小区门口路面破损")):
        number = entry_number(at)
        assert number.startswith("XF-")
        entry(at.text_input, "entry_petitioner").input(name)
        entry(at.text_area, "entry_summary").input(summary)
        at.button(key="entry_save").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert at.success[0].value.startswith(f"Saved Petition {number} as a new record.")
        # the form is cleared for the next petition; the community stays
        assert entry(at.text_input, "entry_petitioner").value == ""
        assert entry(at.text_area, "entry_summary").value == ""
        assert at.selectbox(key="entry_community").value == "新华社区"
        saved.append((number, summary))
    assert saved[0][0] != saved[1][0]
    db = open_database(served_copy)
    rows = db.rows(
        "SELECT petition_id, summary FROM petitions WHERE petition_id IN (?, ?) ORDER BY 1", [saved[0][0], saved[1][0]]
    )
    assert rows == sorted(saved)
    assert db.scalar("SELECT count(*) FROM record_history WHERE record_id IN (?, ?)", [saved[0][0], saved[1][0]]) == 0
    details = [
        json.loads(d)
        for (d,) in db.rows("SELECT detail FROM audit_log WHERE action = 'record_entered' ORDER BY event_id")
    ]
    assert [(d["new"], d["updated"]) for d in details] == [(1, 0), (1, 0)]


def test_changing_a_record_is_explicit_and_confirmed(served_copy, monkeypatch):
    db = open_database(served_copy)
    number, old_summary = db.rows("SELECT petition_id, summary FROM petitions ORDER BY received_date DESC LIMIT 1")[0]
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/quick_entry.py").run()
    at.segmented_control(key="entry_kind").set_value("petitions").run()
    entry(at.toggle, "entry_amend").set_value(True).run()
    entry(at.text_input, "entry_amend_id").input(number)
    entry(at.text_input, "entry_petitioner").input("王五")
    entry(at.text_area, "entry_summary").input("更正后的内容")
    at.button(key="entry_save").click().run()
    assert "Tick the confirmation first" in at.warning[0].value
    assert db.scalar("SELECT summary FROM petitions WHERE petition_id = ?", [number]) == old_summary
    entry(at.checkbox, "entry_amend_sure").check()
    at.button(key="entry_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith(f"Record {number} changed")
    assert db.scalar("SELECT summary FROM petitions WHERE petition_id = ?", [number]) == "更正后的内容"
    assert (
        db.scalar("SELECT old_value FROM record_history WHERE record_id = ? AND field = 'summary'", [number])
        == old_summary
    )


def test_a_plain_save_never_overwrites_an_existing_number(served_copy):
    """Even when two clerks get the same next number, the second save is refused, not turned into an update."""
    import pytest

    from analytics.ledger import ImportRejected
    from analytics.ledger.entry import enter_one
    from analytics.roles import User

    db = open_database(served_copy)
    number, summary = db.rows("SELECT petition_id, summary FROM petitions LIMIT 1")[0]
    values = {
        "petition_id": number,
        "received_date": "2026-11-27",
        "channel": "visit",
        "community": "新华社区",
        "petitioner": "赵六",
        "people_count": 1,
        "category": "other",
        "level": "street",
        "status": "registered",
        "summary": "别的事",
    }
    with pytest.raises(ImportRejected) as refused:
        enter_one(db, User("clerk", "clerk"), "petitions", values, lang="en")
    assert "already taken" in refused.value.result.errors[0]["reason"]
    assert db.scalar("SELECT summary FROM petitions WHERE petition_id = ?", [number]) == summary


def test_quick_entry_checks_and_saves_a_visit(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/quick_entry.py").run()
    at.button(key="entry_save").click().run()
    assert at.error[0].value.startswith("Household (e.g. building and flat): a value is required")
    entry(at.text_input, "entry_household").input("新华书店住宅楼4楼402")
    entry(at.selectbox, "entry_finding").select("utilities")
    entry(at.select_slider, "entry_severity").set_value(3)
    entry(at.text_area, "entry_description").input("四楼停水")
    screening_id = entry_number(at)
    assert screening_id == "PC-" + date.today().strftime("%Y%m%d") + "-001"
    at.button(key="entry_save").click().run()
    assert at.success[0].value.startswith(f"Saved Screening visit {screening_id} as a new record.")
    db = open_database(served_copy)
    row = db.rows(
        "SELECT finding, severity, description, household FROM screenings WHERE screening_id = ?", [screening_id]
    )[0]
    assert row[:3] == ("utilities", 3, "四楼停水") and row[3].startswith("P-")
    assert db.rows("SELECT username, action FROM audit_log WHERE username = 'clerk' AND action <> 'login'") == [
        ("clerk", "record_entered")
    ]


def test_import_page_uses_a_saved_mapping(served_copy, monkeypatch):
    from tests.helpers import BOSTON, BOSTON_MAPPING

    if not BOSTON.exists():
        import pytest

        pytest.skip("the shared real data is not beside the project")
    at = start(served_copy, monkeypatch, role="clerk")
    mapping = BOSTON_MAPPING.read_bytes()
    at.file_uploader(key="import_file").upload("boston_311_heat.csv", BOSTON.read_bytes(), "text/csv").run()
    kind_box(at).select("areas").run()
    at.checkbox(key="import_from_records").check().run()
    at.file_uploader(key="import_mapping_file").upload("boston.toml", mapping, "application/toml").run()
    community = [
        box
        for box in at.selectbox
        if box.key and box.key.startswith("map_petitions_") and box.key.endswith("_community")
    ]
    assert [box.value for box in community] == ["neighborhood"]
    at.button(key="import_run").click().run()
    # Boston's neighbourhoods are new communities beside the demo street's: shown, then confirmed
    assert any("to the areas: households or residents changed" in w.value for w in at.warning)
    next(box for box in at.checkbox if box.key and box.key.startswith("import_confirm_")).check()
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "111 imported" in at.success[0].value


def test_quick_entry_suggests_the_matter_a_petition_is_about(served_copy, monkeypatch):
    db = open_database(served_copy)
    matter, group, category, petitioner = db.rows(
        "SELECT p.matter_id, g.name, p.category, p.petitioner FROM petitions AS p JOIN groups AS g USING (group_id) "
        "WHERE p.matter_id LIKE 'M001-DEMOLITION' ORDER BY received_date DESC LIMIT 1"
    )[0]
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/quick_entry.py").run()
    at.segmented_control(key="entry_kind").set_value("petitions").run()
    at.selectbox(key="entry_community").select("新华社区").run()
    entry(at.selectbox, "entry_group").select(group)
    entry(at.selectbox, "entry_category").select(category)
    # the demo's residents are named "<community><group><n>户户主" under the key "demo-street-42":
    # find the name of this matter's last petitioner and type it, as a clerk would
    from analytics.privacy import pseudonym

    key = b"demo-street-42"
    monkeypatch.setenv("RISK_PSEUDONYM_KEY", key.decode())
    name = next(
        f"新华社区{group}{n:03d}户户主"
        for n in range(1, 400)
        if pseudonym(key, f"新华社区{group}{n:03d}户户主") == petitioner
    )
    entry(at.text_input, "entry_petitioner").input(name)
    entry(at.text_area, "entry_summary").input("拆迁补偿问题再次反映")
    petition_id = entry_number(at)
    at.button(key="entry_save").click().run()
    assert at.success[0].value.startswith(f"Saved Petition {petition_id} as a new record.")
    assert matter in at.info[0].value
    at.button(key="entry_link").click().run()
    assert at.success[0].value == f"Petition {petition_id} is now part of matter {matter}."
    assert db.scalar("SELECT matter_id FROM petitions WHERE petition_id = ?", [petition_id]) == matter


PETITIONS_AS_AREAS = (
    "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态\n"
    "Q1,2026-11-20,来访,爱民社区,第3小组,赵六,6,供水,街道,登记\n"
    "Q2,2026-11-21,来电,新华社区,第5小组,钱七,2,欠薪,区,受理\n"
)


def petitions_workbook(path) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for line in PETITIONS_AS_AREAS.strip().splitlines():
        book.active.append(line.split(","))
    book.save(path)
    return path.read_bytes()


def areas_snapshot(db):
    return db.rows(
        "SELECT c.name, g.name, g.households, g.population FROM groups AS g "
        "JOIN communities AS c USING (community_id) ORDER BY 1, 2"
    )


def test_a_petitions_workbook_offered_as_areas_is_refused_on_the_page(served_copy, monkeypatch, tmp_path):
    """Issue 16.2: it used to overwrite 26 groups' population (人数 read as 人口) and create a community."""
    db = open_database(served_copy)
    before = areas_snapshot(db)
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    at.file_uploader(key="import_file").upload(
        "信访台账.xlsx",
        petitions_workbook(tmp_path / "p.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ).run()
    assert "信访台账" in at.success[0].value  # recognised and proposed
    assert kind_box(at).value == "petitions"
    kind_box(at).select("areas").run()
    assert not at.exception
    assert "更符合“信访台账”" in at.error[0].value and "未导入任何数据" in at.error[0].value
    assert not [b for b in at.button if b.key == "import_run"], "no import button for a file of another ledger"
    assert areas_snapshot(db) == before


def test_a_petitions_workbook_offered_as_areas_is_refused_on_the_command_line(served_copy, tmp_path, capsys):
    from analytics.__main__ import main

    db = open_database(served_copy)
    before = areas_snapshot(db)
    petitions = db.scalar("SELECT count(*) FROM petitions")
    from analytics.db import close_database

    close_database(served_copy)
    book = tmp_path / "信访台账.xlsx"
    petitions_workbook(book)
    for extra in ([], ["--skip-invalid"]):
        assert main(["--lang", "en", "import", "areas", str(book), "--db", str(served_copy), *extra]) == 2
        said = capsys.readouterr().err
        assert "fit the Petitions ledger (10 of its columns) better than the Areas" in said
        assert "nothing was imported" in said
    db = open_database(served_copy)
    assert areas_snapshot(db) == before
    assert db.scalar("SELECT count(*) FROM petitions") == petitions
    close_database(served_copy)
    # without a kind the file is recognised and imported as what it is
    assert main(["--lang", "en", "import", str(book), "--db", str(served_copy)]) == 0
    assert "recognised as the Petitions ledger" in capsys.readouterr().err
    db = open_database(served_copy)
    assert db.scalar("SELECT count(*) FROM petitions") == petitions + 2
    assert areas_snapshot(db) == before


def test_an_areas_import_that_changes_a_lot_is_shown_and_confirmed_first(served_copy, monkeypatch):
    db = open_database(served_copy)
    households, population = db.rows(
        "SELECT households, population FROM groups AS g JOIN communities AS c USING (community_id) "
        "WHERE c.name = '爱民社区' AND g.name = '第1小组'"
    )[0]
    before = areas_snapshot(db)
    areas = f"社区,小组,户数,人口\n爱民社区,第1小组,{households},6\n光明社区,第1小组,30,90\n".encode()
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    at.file_uploader(key="import_file").upload("辖区.csv", areas, "text/csv").run()
    assert kind_box(at).value == "areas"
    at.button(key="import_run").click().run()
    assert "2 处大幅改动" in at.warning[0].value
    shown = at.dataframe[-1].value
    assert set(shown["改动"]) == {"新增社区", "人口"}
    assert list(shown.loc[shown["改动"] == "人口", "现值"]) == [str(population)]
    assert areas_snapshot(db) == before
    next(box for box in at.checkbox if box.key and box.key.startswith("import_confirm_")).check()
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "读取 2 行" in at.success[-1].value
    assert (
        db.scalar(
            "SELECT population FROM groups AS g JOIN communities AS c USING (community_id) "
            "WHERE c.name = '爱民社区' AND g.name = '第1小组'"
        )
        == 6
    )
    assert db.scalar("SELECT count(*) FROM communities WHERE name = '光明社区'") == 1


def test_a_file_whose_columns_are_mostly_ignored_is_said_before_importing(served_copy, monkeypatch):
    ledger = (
        "信访编号,登记日期,信访形式,社区,信访人,人数,问题类别,信访层级,办理状态,"
        "联系电话,身份证号,家庭住址,工作单位,备注1,备注2,备注3,备注4,备注5,备注6,备注7\n"
        "R1,2026-11-20,来访,爱民社区,赵六,1,供水,街道,登记" + ",x" * 11 + "\n"
    ).encode()
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    at.file_uploader(key="import_file").upload("宽表.csv", ledger, "text/csv").run()
    assert "20 列中有 11 列不属于该台账" in at.warning[0].value
    assert open_database(served_copy).scalar("SELECT count(*) FROM petitions WHERE petition_id = 'R1'") == 0


def test_quick_entry_masks_a_phone_number_typed_into_the_summary(served_copy, monkeypatch):
    """Personal data inside free text is masked in quick entry too, and the clerk is told (issue 20)."""
    db = open_database(served_copy)
    group = db.scalar(
        "SELECT g.name FROM groups AS g JOIN communities AS c USING (community_id) WHERE c.name = '新华社区' LIMIT 1"
    )
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/quick_entry.py").run()
    at.segmented_control(key="entry_kind").set_value("petitions").run()
    at.selectbox(key="entry_community").select("新华社区").run()
    entry(at.selectbox, "entry_group").select(group)
    entry(at.selectbox, "entry_category").select("utilities")
    entry(at.text_input, "entry_petitioner").input("王五")
    entry(at.text_area, "entry_summary").input("停水三天，请回电13812345678")
    petition_id = entry_number(at)
    at.button(key="entry_save").click().run()
    assert "1 mobile number" in at.success[0].value
    assert db.scalar("SELECT summary FROM petitions WHERE petition_id = ?", [petition_id]) == "停水三天，请回电[手机号]"
