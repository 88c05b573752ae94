"""The clerk's pages: import a ledger with a mapping step, and enter one record by hand."""
from __future__ import annotations

from analytics.db import open_database
from tests.apptest import start

AREAS_CSV = "社区,小组\n爱民社区,第1小组\n".encode("utf-8")
OTHER_SHAPE = ("case,opened,via,hood,block,who,persons,topic,where,state\n"
               "A1,2026-11-20,Call,爱民社区,第1小组,Zhang San,1,供水,街道,登记\n"
               "A2,2026-11-21,Walk-in,爱民社区,第2小组,Li Si,2,物业管理,区,受理\n").encode("utf-8")


def test_import_page_maps_columns_and_values_then_imports(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk")
    assert at.main.title[0].value == "Import ledgers"
    at.selectbox(key="import_kind").select("petitions").run()
    at.file_uploader(key="import_file").upload("other.csv", OTHER_SHAPE, "text/csv").run()
    assert not at.exception
    assert "2 rows" in at.main.subheader[0].value
    # the headers match nothing: map them by hand, as a clerk would
    for field, column in {"petition_id": "case", "received_date": "opened", "channel": "via", "community": "hood",
                          "group": "block", "petitioner": "who", "people_count": "persons", "category": "topic",
                          "level": "where", "status": "state"}.items():
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
    assert db.rows("SELECT petition_id, channel, level FROM petitions WHERE petition_id IN ('A1', 'A2') ORDER BY 1") \
        == [("A1", "phone", "street"), ("A2", "visit", "district")]
    assert db.rows("SELECT username, action, target FROM audit_log WHERE action = 'import'") == [
        ("clerk", "import", "other.csv")]


def test_import_page_shows_errors_and_writes_nothing(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    at.selectbox(key="import_kind").select("petitions").run()
    bad = ("信访编号,登记日期,信访形式,社区,信访人,人数,问题类别,信访层级,办理状态\n"
           "B1,2026-13-01,来访,爱民社区,王五,1,其他,街道,登记\n").encode("gb18030")
    at.file_uploader(key="import_file").upload("bad.csv", bad, "text/csv").run()
    at.button(key="import_run").click().run()
    assert "未导入" in at.error[0].value
    errors = at.dataframe[-1].value
    assert list(errors.iloc[0])[:2] == [2, "登记日期"]
    assert open_database(served_copy).scalar("SELECT count(*) FROM petitions WHERE petition_id = 'B1'") == 0


def test_quick_entry_checks_and_saves_a_visit(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("pages/clerk_entry.py").run()
    at.button(key="entry_save").click().run()
    assert at.error[0].value.startswith("Household (e.g. building and flat): a value is required")
    at.text_input(key="entry_household").input("新华书店住宅楼4楼402")
    at.selectbox(key="entry_finding").select("utilities")
    at.select_slider(key="entry_severity").set_value(3)
    at.text_area(key="entry_description").input("四楼停水")
    screening_id = at.text_input(key="entry_id").value
    at.button(key="entry_save").click().run()
    assert at.success[0].value == f"Saved {screening_id}."
    db = open_database(served_copy)
    row = db.rows("SELECT finding, severity, description, household FROM screenings WHERE screening_id = ?",
                  [screening_id])[0]
    assert row[:3] == ("utilities", 3, "四楼停水") and row[3].startswith("P-")
    assert db.rows("SELECT username, action FROM audit_log WHERE username = 'clerk' AND action <> 'login'") == [
        ("clerk", "record_entered")]


def test_import_page_uses_a_saved_mapping(served_copy, monkeypatch):
    from tests.conftest import ROOT

    boston = ROOT.parent / "shared" / "data" / "real" / "boston_311_heat.csv"
    if not boston.exists():
        import pytest

        pytest.skip("the shared real data is not beside the project")
    at = start(served_copy, monkeypatch, role="clerk")
    at.selectbox(key="import_kind").select("areas").run()
    at.checkbox(key="import_from_records").check().run()
    mapping = (ROOT / "data" / "mappings" / "boston_311_heat.toml").read_bytes()
    at.file_uploader(key="import_file").upload("boston_311_heat.csv", boston.read_bytes(), "text/csv").run()
    at.file_uploader(key="import_mapping_file").upload("boston.toml", mapping, "application/toml").run()
    community = [box for box in at.selectbox if box.key and box.key.startswith("map_petitions_")
                 and box.key.endswith("_community")]
    assert [box.value for box in community] == ["neighborhood"]
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "111 imported" in at.success[0].value


def test_quick_entry_suggests_the_matter_a_petition_is_about(served_copy, monkeypatch):
    db = open_database(served_copy)
    matter, group, category, petitioner = db.rows(
        "SELECT p.matter_id, g.name, p.category, p.petitioner FROM petitions AS p JOIN groups AS g USING (group_id) "
        "WHERE p.matter_id LIKE 'M001-DEMOLITION' ORDER BY received_date DESC LIMIT 1")[0]
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("pages/clerk_entry.py").run()
    at.segmented_control(key="entry_kind").set_value("petitions").run()
    at.selectbox(key="entry_community").select("新华社区").run()
    at.selectbox(key="entry_group").select(group)
    at.selectbox(key="entry_category").select(category)
    # the demo's residents are named "<community><group><n>户户主" under the key "demo-street-42":
    # find the name of this matter's last petitioner and type it, as a clerk would
    from analytics.privacy import pseudonym

    key = b"demo-street-42"
    monkeypatch.setenv("RISK_PSEUDONYM_KEY", key.decode())
    name = next(f"新华社区{group}{n:03d}户户主" for n in range(1, 400)
                if pseudonym(key, f"新华社区{group}{n:03d}户户主") == petitioner)
    at.text_input(key="entry_petitioner").input(name)
    at.text_area(key="entry_summary").input("拆迁补偿问题再次反映")
    petition_id = at.text_input(key="entry_id").value
    at.button(key="entry_save").click().run()
    assert at.success[0].value == f"Saved {petition_id}."
    assert matter in at.info[0].value
    at.button(key="entry_link").click().run()
    assert at.success[0].value == f"Petition {petition_id} is now part of matter {matter}."
    assert db.scalar("SELECT matter_id FROM petitions WHERE petition_id = ?", [petition_id]) == matter
