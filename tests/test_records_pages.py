"""The clerk's pages: import a ledger with a mapping step, and enter one record by hand."""
from __future__ import annotations

import json
import re
from datetime import date

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


def entry(widgets, name: str):
    """The quick-entry form's widget ``name`` (its key carries the form's generation, renewed after a save)."""
    return next(w for w in widgets if w.key and re.fullmatch(rf"{name}_\d+", w.key))


def entry_number(at) -> str:
    """The number the quick-entry form will give the next record."""
    return next(box.value for box in at.text_input if box.key and box.key.startswith("entry_id_"))


def test_two_quick_entries_in_a_row_give_two_petitions_neither_changed(served_copy, monkeypatch):
    """Issue 16.1: the second save used to 'update' the first petition (the ID widget kept its value)."""
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("pages/clerk_entry.py").run()
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
    rows = db.rows("SELECT petition_id, summary FROM petitions WHERE petition_id IN (?, ?) ORDER BY 1",
                   [saved[0][0], saved[1][0]])
    assert rows == sorted(saved)
    assert db.scalar("SELECT count(*) FROM record_history WHERE record_id IN (?, ?)", [saved[0][0], saved[1][0]]) == 0
    details = [json.loads(d) for (d,) in db.rows(
        "SELECT detail FROM audit_log WHERE action = 'record_entered' ORDER BY event_id")]
    assert [(d["new"], d["updated"]) for d in details] == [(1, 0), (1, 0)]


def test_changing_a_record_is_explicit_and_confirmed(served_copy, monkeypatch):
    db = open_database(served_copy)
    number, old_summary = db.rows("SELECT petition_id, summary FROM petitions ORDER BY received_date DESC LIMIT 1")[0]
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("pages/clerk_entry.py").run()
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
    assert db.scalar("SELECT old_value FROM record_history WHERE record_id = ? AND field = 'summary'",
                     [number]) == old_summary


def test_a_plain_save_never_overwrites_an_existing_number(served_copy):
    """Even when two clerks get the same next number, the second save is refused, not turned into an update."""
    import pytest

    from analytics.ledger import ImportRejected
    from analytics.ledger.entry import enter_one
    from analytics.roles import User

    db = open_database(served_copy)
    number, summary = db.rows("SELECT petition_id, summary FROM petitions LIMIT 1")[0]
    values = {"petition_id": number, "received_date": "2026-11-27", "channel": "visit", "community": "新华社区",
              "petitioner": "赵六", "people_count": 1, "category": "other", "level": "street",
              "status": "registered", "summary": "别的事"}
    with pytest.raises(ImportRejected) as refused:
        enter_one(db, User("clerk", "clerk"), "petitions", values, lang="en")
    assert "already taken" in refused.value.result.errors[0]["reason"]
    assert db.scalar("SELECT summary FROM petitions WHERE petition_id = ?", [number]) == summary


def test_quick_entry_checks_and_saves_a_visit(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("pages/clerk_entry.py").run()
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
    entry(at.selectbox, "entry_group").select(group)
    entry(at.selectbox, "entry_category").select(category)
    # the demo's residents are named "<community><group><n>户户主" under the key "demo-street-42":
    # find the name of this matter's last petitioner and type it, as a clerk would
    from analytics.privacy import pseudonym

    key = b"demo-street-42"
    monkeypatch.setenv("RISK_PSEUDONYM_KEY", key.decode())
    name = next(f"新华社区{group}{n:03d}户户主" for n in range(1, 400)
                if pseudonym(key, f"新华社区{group}{n:03d}户户主") == petitioner)
    entry(at.text_input, "entry_petitioner").input(name)
    entry(at.text_area, "entry_summary").input("拆迁补偿问题再次反映")
    petition_id = entry_number(at)
    at.button(key="entry_save").click().run()
    assert at.success[0].value.startswith(f"Saved Petition {petition_id} as a new record.")
    assert matter in at.info[0].value
    at.button(key="entry_link").click().run()
    assert at.success[0].value == f"Petition {petition_id} is now part of matter {matter}."
    assert db.scalar("SELECT matter_id FROM petitions WHERE petition_id = ?", [petition_id]) == matter
