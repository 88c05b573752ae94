"""The casework on the pages (AppTest): one matter from 交办 to 销号 on the register, the meeting item by item,
我包案的事项, the import page's conflicts, and the 通报's downloads."""

from __future__ import annotations

from datetime import date, timedelta

from analytics import lifecycle
from analytics.db import Database
from analytics.roles import User
from tests.apptest import start

MATTER = "M001P000198"  # an orange heating matter of the demo street, 化解中 in the ledger


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def open_item(at, matter: str):
    at.switch_page("app_pages/risk_register.py").run()
    at.text_input(key="register_search").input(matter).run()  # one match: its detail at once
    assert not at.exception, at.exception
    return at


def test_an_officer_assigns_and_asks_to_close_and_a_committee_member_signs_it_off(served_copy, monkeypatch):
    at = open_item(start(served_copy, monkeypatch, role="officer"), MATTER)
    key = f"case_{MATTER}"
    assert [t.label for t in at.tabs][:3] == ["Assign", "Progress report", "Ask to close"]
    at.selectbox(key=f"{key}_assign_unit").set_value("热力公司")
    at.text_input(key=f"{key}_assign_leader").input("街道党工委书记")
    at.text_input(key=f"{key}_assign_handler").input("李明")
    at.button(key=f"{key}_assign_go").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith(f"{MATTER}: Being resolved → Assigned. Document number 交办〔")
    assert at.dataframe[0].value["Handling"].tolist() == ["Assigned"]
    assert {"Assignment sheet (Word)", "Assignment sheet (PDF)"} <= set(downloads(at))
    at.text_area(key=f"{key}_request_close_note").input("已更换暖气阀门，室温18度，回访满意")
    at.button(key=f"{key}_request_close_go").click().run()
    assert at.success[0].value == f"{MATTER}: Assigned → Closure requested."
    assert "Closing requested: a committee member signs it off or sends it back." in [i.value for i in at.info]
    steps = at.dataframe[1].value  # the item's history, as the page shows it
    assert steps["Step"].tolist() == ["Assigned", "Closure requested"]
    assert steps["By"].tolist() == ["officer", "officer"]
    assert "已更换暖气阀门" in steps["Details"].iloc[1]

    at = open_item(start(served_copy, monkeypatch, role="committee"), MATTER)
    assert [t.label for t in at.tabs] == ["Sign off", "Send back"]
    at.button(key=f"{key}_close_go").click().run()
    assert at.success[0].value == f"{MATTER}: Closure requested → Closed."
    with Database(served_copy) as db:
        assert lifecycle.item(db, MATTER)["status"] == "resolved"
        assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'risk_action' AND target = ?", [MATTER]) == 3
    at = open_item(start(served_copy, monkeypatch, role="analyst"), MATTER)
    # the register is as of the data's last day (27 Nov), when it was still open; its handling says where it is now
    assert at.dataframe[0].value["Handling"].tolist() == ["Closed"]


def test_an_analyst_reads_an_items_handling_but_cannot_act(served_copy, monkeypatch):
    at = open_item(start(served_copy, monkeypatch, role="analyst"), MATTER)
    assert "Officers assign and follow items up; committee members sign off their closing." in [
        c.value for c in at.caption
    ]
    assert not at.tabs and not [b for b in at.button if b.key and b.key.startswith("case_")]


def test_the_committee_walks_its_meeting_item_by_item_and_ends_it_with_the_minutes(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="committee")
    at.switch_page("app_pages/meeting.py").run()
    at.text_input(key="meeting_chair").input("街道党工委书记")
    at.button(key="meeting_start_go").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Meeting 1 started."
    with Database(served_copy) as db:
        from analytics import meetings

        agenda = meetings.items(db, 1)
    assert list(agenda["section"]) == sorted(
        agenda["section"], key=["new_alerts", "to_review", "serious", "overdue"].index
    )
    assert at.header[0].value.replace("\\", "") == agenda["subject"].iloc[0]
    assert f"item 1 of {len(agenda)}" in at.caption[1].value
    assert at.get("plotly_chart")  # the evidence chart
    due = date.today() + timedelta(days=20)
    at.selectbox(key="meeting_1_1_unit").set_value("城建科")
    at.date_input(key="meeting_1_1_due").set_value(due)
    at.text_input(key="meeting_1_1_leader").input("街道办事处主任")
    at.button(key="meeting_1_1_go").click().run()
    assert at.success[0].value == "Item 1: decision recorded."
    assert at.header[0].value.replace("\\", "") == agenda["subject"].iloc[1]  # on to the next
    at.radio(key="meeting_1_2_decision").set_value("watch")
    at.text_input(key="meeting_1_2_note").input("下周再议")
    at.button(key="meeting_1_2_go").click().run()
    at.button(key="meeting_end").click().run()
    assert at.success[0].value == "Meeting 1 ended: its minutes are below."
    lines = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    assert "Decision: assigned to 城建科, leader in charge 街道办事处主任" in lines[0]
    assert "Decision: keep watching; 下周再议" in lines[1]
    assert "Decision: not yet recorded" in lines[2]
    assert {"Minutes (Word)", "Minutes (PDF)"} <= set(downloads(at))
    with Database(served_copy) as db:
        first = meetings.items(db, 1).iloc[0]
        assert lifecycle.item(db, first["matter_id"])["status"] == "assigned"


def test_a_leader_sees_the_items_they_lead_late_ones_first(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="committee")  # the demo's committee account leads as 街道党工委书记
    at.switch_page("app_pages/my_items.py").run()
    assert not at.exception, at.exception
    with Database(served_copy) as db:
        expected = lifecycle.items(db, date.today(), leader="街道党工委书记")
    cards = {m.label: m.value for m in at.metric}
    assert cards == {
        "Not yet closed": str(len(expected)),
        "Overdue": str(int(expected["overdue"].sum())),
        "Due within 7 days": str(
            int(
                (
                    (~expected["overdue"]) & expected["due"].notna() & (expected["due"] <= date.today() + timedelta(7))
                ).sum()
            )
        ),
    }
    table = at.dataframe[0].value
    assert list(table["Matter"]) == list(expected["matter_id"]) and len(table) > 0
    late = table["Days overdue"].tolist()
    assert late[: int(expected["overdue"].sum())] == [str(d) for d in expected["days_overdue"] if d > 0]


def test_the_clerk_settles_a_reimport_conflict_on_the_import_page(served_copy, monkeypatch, tmp_path):
    from analytics.ledger import import_file
    from tests.helpers import as_office

    with Database(as_office(served_copy)) as db:
        lifecycle.assign(db, User("officer", "officer"), MATTER, unit="热力公司", due=date.today() + timedelta(10))
        ledger = tmp_path / "risks.csv"
        ledger.write_text(
            "事项编号,发现日期,来源,社区,问题类别,责任单位,状态\n"
            f"{MATTER},2025-08-10,信访,团结社区,水电气暖,城建科,化解中\n",
            encoding="utf-8",
        )
        result = import_file(db, User("clerk", "clerk"), "risks", ledger)
    assert [(c["field"], c["ledger"], c["product"]) for c in result.conflicts] == [
        ("responsible_unit", "城建科", "热力公司"),
        ("status", "in_progress", "assigned"),
    ]
    at = start(served_copy, monkeypatch, role="clerk")
    at.switch_page("app_pages/ledger_import.py").run()
    assert "2 re-import conflicts to settle" in [s.value for s in at.subheader]
    texts = [t.value for t in at.text]
    assert (
        f"risks.csv: Row 2, {MATTER}, responsible_unit: the ledger says 城建科, the product recorded 热力公司 (kept)."
        in texts
    )
    status = next(b for b in at.button if b.key and b.key.endswith("_take") and b.disabled)  # a state: not theirs
    assert status is not None
    keep = [b for b in at.button if b.key and b.key.endswith("_keep")]
    keep[0].click().run()
    assert at.success[0].value == "Settled: kept the product's record."
    assert "1 re-import conflict to settle" in [s.value for s in at.subheader]


def test_the_rankings_page_offers_the_monthly_bulletin(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="analyst")
    at.switch_page("app_pages/rankings.py").run()
    assert {"Bulletin (Word)", "Bulletin (Excel)"} <= set(downloads(at))
    options = at.selectbox(key="bulletin_period").options
    assert options[0].endswith("-11") or "Q" in options[0]


def test_an_officer_takes_up_an_alert_on_no_item_as_a_risk_item(served_copy, monkeypatch):
    at = start(served_copy, monkeypatch, role="officer")
    at.switch_page("app_pages/alert_review.py").run()
    button = next(b for b in at.button if b.key and b.key.endswith("_to_risk"))
    alert_id = int(button.key.split("_")[1])
    button.click().run()
    assert not at.exception, at.exception
    with Database(served_copy) as db:
        matter = db.scalar("SELECT matter_id FROM alerts WHERE alert_id = ?", [alert_id])
        assert matter.startswith(f"FX-{date.today():%Y%m%d}-")
        made = lifecycle.item(db, matter)
        assert (made["status"], made["source"]) == ("open", "alert")
        assert lifecycle.history(db, matter)["action"].tolist() == ["registered"]
    assert f"Registered as risk item {matter}: assign it on the register or in the meeting." in [
        s.value for s in at.success
    ]
    assert not [b for b in at.button if b.key == f"alert_{alert_id}_to_risk"]  # the card now names its item
