"""Rule detectors and alert episodes: first firing day, one alert per episode, nothing after the as-of day."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from analytics import alerts, queries, settings_store
from analytics.__main__ import main
from analytics.roles import User
from tests.street import add_petition, add_risk, add_screening, run_detectors, tiny_street

D = date
ADMIN = User("root", "admin")


@pytest.fixture
def street(tmp_path):
    db = tiny_street(tmp_path / "alerts.duckdb")
    for group_id, community_id in ((10, 1), (11, 1), (20, 2)):  # everyone visited recently, so no blind spot
        add_screening(db, f"v{group_id}", D(2026, 3, 1), community_id, group_id, f"H{group_id}")
    yield db
    db.close()


def kinds(alerts, kind):
    return [a for a in alerts if a["kind"] == kind]


def test_group_petitions_make_one_alert_per_episode(street):
    add_petition(
        street, "g1", D(2026, 3, 2), 1, 10, people=6, matter_id="M1", status="resolved", resolved=D(2026, 3, 3)
    )
    add_petition(
        street, "g2", D(2026, 3, 10), 1, 10, people=12, matter_id="M1", status="resolved", resolved=D(2026, 3, 11)
    )
    first = kinds(run_detectors(street, D(2026, 3, 12), lang="en"), "group_petition")
    assert [(a["matter_id"], a["detected_on"], a["grade"]) for a in first] == [("M1", "2026-03-02", "orange")]
    assert first[0]["evidence"]["records"] == ["g1", "g2"] and first[0]["groups"] == ["一组"]
    again = kinds(run_detectors(street, D(2026, 3, 20), lang="en"), "group_petition")
    assert [a["alert_id"] for a in again] == [first[0]["alert_id"]]  # the same episode, the same alert
    assert kinds(run_detectors(street, D(2026, 3, 24), lang="en"), "group_petition") == []  # stopped firing
    assert street.scalar("SELECT closed_on FROM alerts WHERE alert_id = ?", [first[0]["alert_id"]]) == D(2026, 3, 24)
    add_petition(
        street, "g3", D(2026, 4, 20), 1, 10, people=7, matter_id="M1", status="resolved", resolved=D(2026, 4, 21)
    )
    later = kinds(run_detectors(street, D(2026, 4, 21), lang="en"), "group_petition")
    assert later[0]["detected_on"] == "2026-04-20" and later[0]["alert_id"] != first[0]["alert_id"]


def test_skip_level_follows_the_setting(street):
    add_petition(street, "d1", D(2026, 3, 5), 2, 20, level="district", status="resolved", resolved=D(2026, 3, 6))
    add_petition(street, "c1", D(2026, 3, 6), 1, 11, level="city", status="resolved", resolved=D(2026, 3, 7))
    found = kinds(run_detectors(street, D(2026, 3, 8)), "skip_level")
    assert [(a["evidence"]["records"], a["grade"]) for a in found] == [(["c1"], "orange")]
    settings_store.update(street, ADMIN, {"skip_level_from": "district"})
    found = kinds(run_detectors(street, D(2026, 3, 8)), "skip_level")
    assert sorted(a["evidence"]["records"][0] for a in found) == ["c1", "d1"]


def test_overdue_and_unaccepted_petitions(street):
    add_petition(street, "late", D(2026, 1, 1), 1, 10, status="in_progress")  # due 2026-03-02
    add_petition(street, "waiting", D(2026, 2, 20), 2, 20, status="registered")  # 15 days to accept
    found = {a["evidence"]["records"][0]: a for a in kinds(run_detectors(street, D(2026, 3, 10), lang="en"), "overdue")}
    # due 2 March: on the 10th it is 8 days past the deadline, overdue since the 3rd
    assert found["late"]["detected_on"] == "2026-03-03" and found["late"]["evidence"]["days_overdue"] == 8
    assert found["waiting"]["detected_on"] == "2026-03-08"
    assert "8 days past the deadline" in found["late"]["summary"]


def test_recorded_alerts_read_back_without_missing_values_as_nan(street):
    """An alert with no matter or category reads back with None (JSON null), not NaN (pandas' missing text),
    which had reached the command line's JSON as NaN and a page as the word 'nan'."""
    add_petition(street, "late", D(2026, 1, 1), 1, 10, status="in_progress")
    run_detectors(street, D(2026, 3, 10), lang="en")
    shown = alerts.listed(street, D(2026, 3, 10), lang="en")
    overdue = kinds(shown, "overdue")[0]
    assert overdue["matter_id"] is None
    json.dumps(shown, allow_nan=False)
    listed = alerts.review_list(street, D(2026, 3, 10))
    assert listed.loc[listed["kind"] == "blind_spot", "category"].tolist() == [None] * int(
        (listed["kind"] == "blind_spot").sum()
    )
    assert listed.loc[listed["kind"] == "overdue", "matter_id"].tolist() == [None]


def test_blind_spots_gather_per_community_from_the_day_the_limit_was_reached(street):
    add_screening(street, "v11b", D(2026, 3, 20), 1, 11, "H11")
    alerts = kinds(run_detectors(street, D(2026, 5, 25), lang="en"), "blind_spot")
    # one item per community, listing its groups with the days since each was last visited
    assert [(a["community"], a["groups"], a["detected_on"]) for a in alerts] == [
        ("A社区", ["一组", "二组"], "2026-04-30"),  # group 10's last visit 2026-03-01 + 60 days
        ("B社区", ["一组"], "2026-04-30"),
    ]
    a = alerts[0]
    assert a["group"] is None and a["category"] is None and a["matter_id"] is None
    assert a["summary"] == "Screening blind spots: 2 groups not visited, the longest for 85 days"
    assert a["evidence"]["members"] == [
        {"group": "一组", "last_visit": "2026-03-01", "days_unvisited": 85},
        {"group": "二组", "last_visit": "2026-03-20", "days_unvisited": 66},
    ]
    assert alerts[1]["summary"] == "Screening blind spots: 1 group not visited, the longest for 85 days"
    # a community's groups are visited one by one: the item goes on, smaller, and ends with the last visit
    add_screening(street, "v10b", D(2026, 5, 26), 1, 10, "H10")
    later = kinds(run_detectors(street, D(2026, 5, 27), lang="zh"), "blind_spot")
    assert {x["alert_id"]: x["groups"] for x in later} == {a["alert_id"]: ["二组"], alerts[1]["alert_id"]: ["一组"]}
    assert {x["community"]: x["summary"] for x in later}["A社区"] == "排查盲区：1 个小组无人入户排查，最长已 68 天"
    add_screening(street, "v11c", D(2026, 5, 28), 1, 11, "H11")
    assert [x["community"] for x in kinds(run_detectors(street, D(2026, 5, 28)), "blind_spot")] == ["B社区"]
    assert street.scalar("SELECT closed_on FROM alerts WHERE alert_id = ?", [a["alert_id"]]) == D(2026, 5, 28)


def test_overdue_petitions_gather_per_responsible_unit(street):
    add_petition(street, "u1", D(2026, 1, 1), 1, 10, status="in_progress", matter_id="M1")  # due 2026-03-02
    add_petition(street, "u2", D(2026, 1, 10), 2, 20, status="in_progress", category="environment")  # due 03-11
    add_petition(street, "u3", D(2026, 1, 5), 1, 11, status="in_progress", matter_id="M1")  # due 03-06
    add_petition(street, "n1", D(2026, 1, 20), 2, 20, status="in_progress")  # no unit named
    street.execute("UPDATE petitions SET responsible_unit = '城建科' WHERE petition_id IN ('u1', 'u2', 'u3')")
    found = kinds(run_detectors(street, D(2026, 3, 31), lang="en"), "overdue")
    by_unit = {a["evidence"]["unit"]: a for a in found}
    assert set(by_unit) == {"城建科", None}
    unit = by_unit["城建科"]
    assert unit["summary"] == "Overdue at 城建科: 3 petitions, the oldest 29 days past the deadline"
    # its community is where most of its petitions are; it covers the groups of all of them (10, 11, 20)
    assert unit["community"] == "A社区" and unit["groups"] == ["一组", "二组", "一组"]
    assert unit["category"] is None and unit["matter_id"] is None and unit["detected_on"] == "2026-03-03"
    assert [(m["petition"], m["matter"], m["stage"], m["days_overdue"]) for m in unit["evidence"]["members"]] == [
        ("u1", "M1", "answer", 29),
        ("u3", "M1", "answer", 25),
        ("u2", None, "answer", 20),
    ]
    assert unit["evidence"]["matters"] == 1 and unit["evidence"]["records"] == ["u1", "u3", "u2"]
    alone = by_unit[None]
    assert alone["community"] == "B社区" and alone["evidence"]["records"] == ["n1"]
    assert alone["summary"] == "Overdue: 1 petition, 10 days past the deadline"  # due 2026-03-21
    # a unit with one late petition: no "the oldest"
    street.execute("UPDATE petitions SET responsible_unit = '司法所' WHERE petition_id = 'n1'")
    one = {a["evidence"]["unit"]: a for a in kinds(run_detectors(street, D(2026, 3, 31), lang="zh"), "overdue")}
    assert one["司法所"]["summary"] == "司法所 超期未办结：1 件，已超期 10 天"
    shown = alerts.members(unit["evidence"]["members"], "zh")
    assert list(shown.columns) == ["信访件", "事项", "超期环节", "超期天数"]
    assert shown.iloc[2].tolist() == ["u2", "—", "答复", 20]


def test_recurrence_and_sensitive_period(street):
    add_risk(street, "M9", D(2026, 1, 2), 1, category="land_housing")
    street.execute("UPDATE risk_items SET group_id = 10 WHERE matter_id = 'M9'")
    for n, day in enumerate([D(2026, 1, 5), D(2026, 2, 2), D(2026, 2, 27)]):
        add_petition(
            street,
            f"r{n}",
            day,
            1,
            10,
            category="land_housing",
            matter_id="M9",
            petitioner="A",
            level=["street", "city", "province"][n],
            people=[2, 6, 9][n],
        )
    street.execute("INSERT INTO calendar VALUES (1, '全国两会', '2026-03-03', '2026-03-15', 1)")
    alerts = run_detectors(street, D(2026, 2, 28), lang="zh")
    recurrence = kinds(alerts, "recurrence")
    assert [(a["matter_id"], a["detected_on"]) for a in recurrence] == [("M9", "2026-02-27")]
    sensitive = kinds(alerts, "sensitive_period")
    assert [(a["matter_id"], a["grade"]) for a in sensitive] == [("M9", "red")]
    assert recurrence[0]["summary"] == "重复信访：90天内 3 件"
    assert "全国两会" in sensitive[0]["summary"] and "1 项红色或橙色风险隐患" in sensitive[0]["summary"]
    # a second serious item joins the period's one item, which lists both, most serious first
    add_risk(street, "M8", D(2026, 1, 3), 2, category="land_housing")
    for n, day in enumerate([D(2026, 2, 10), D(2026, 2, 20), D(2026, 2, 26)]):
        add_petition(street, f"s{n}", day, 2, 20, category="land_housing", matter_id="M8", level="city", people=8)
    both = run_detectors(street, D(2026, 2, 28), lang="en")
    # the two matters petitioned again and again are in different communities: an item each
    assert sorted((a["community"], a["matter_id"]) for a in kinds(both, "recurrence")) == [
        ("A社区", "M9"),
        ("B社区", "M8"),
    ]
    again = kinds(both, "sensitive_period")
    assert [(a["alert_id"], a["matter_id"]) for a in again] == [(sensitive[0]["alert_id"], None)]
    members = again[0]["evidence"]["members"]
    assert {m["matter"] for m in members} == {"M8", "M9"} and members[0]["score"] >= members[1]["score"]
    assert again[0]["category"] == "land_housing" and again[0]["evidence"]["items"] == 2
    assert again[0]["summary"].startswith("2 red or orange risk items still open before 全国两会")


def test_matters_petitioned_again_and_again_gather_per_community(street):
    for matter, group, days in (("M1", 10, (3, 20, 40)), ("M2", 11, (10, 30, 50)), ("M3", 11, (2, 3, 4, 5, 6))):
        for n, day in enumerate(days):
            add_petition(street, f"{matter}-{n}", D(2026, 1, 1) + timedelta(days=day), 1, group, matter_id=matter)
    first = kinds(run_detectors(street, D(2026, 2, 25), lang="en"), "recurrence")
    assert len(first) == 1
    item = first[0]
    assert item["matter_id"] is None and item["category"] == "utilities" and item["groups"] == ["一组", "二组"]
    assert item["grade"] == "orange"  # M3 has five petitions
    assert item["summary"] == "Petitioned again and again: 3 matters, 11 petitions in 90 days"
    assert [(m["matter"], m["since"], m["petitions_in_window"]) for m in item["evidence"]["members"]] == [
        ("M3", "2026-01-05", 5),
        ("M1", "2026-02-10", 3),
        ("M2", "2026-02-20", 3),
    ]
    assert item["detected_on"] == "2026-01-05" and item["matters"] == ["M3", "M1", "M2"]
    # in April only M2 still has three petitions in 90 days: the item goes on, naming it
    later = kinds(run_detectors(street, D(2026, 4, 5), lang="en"), "recurrence")
    assert [(a["alert_id"], a["matter_id"]) for a in later] == [(item["alert_id"], "M2")]


def test_nothing_after_the_as_of_day_counts(street):
    add_petition(street, "g1", D(2026, 3, 2), 1, 10, people=6, status="resolved", resolved=D(2026, 3, 3))
    before = run_detectors(street, D(2026, 3, 5))
    add_petition(street, "g9", D(2026, 3, 6), 1, 11, people=30, level="national")
    after = run_detectors(street, D(2026, 3, 5))
    assert [(a["kind"], a["detected_on"], a["evidence"]) for a in after] == [
        (a["kind"], a["detected_on"], a["evidence"]) for a in before
    ]


def test_summary_counts_the_run_detectors(street):
    add_petition(street, "g1", D(2026, 3, 2), 1, 10, people=6, status="resolved", resolved=D(2026, 3, 3))
    assert len(run_detectors(street, D(2026, 3, 5))) == queries.summary(street)["open_alerts"] == 1


def test_demo_events_are_found_within_days_of_their_start(served_copy, capsys):
    from analytics.db import open_database

    demo_db = open_database(served_copy)

    def first(kind, matter, day):
        assert main(["alerts", "--db", str(served_copy), "--as-of", day.isoformat(), "--json"]) == 0
        alerts = json.loads(capsys.readouterr().out)
        for alert in alerts:  # the contract's shape
            assert set(alert) >= {
                "alert_id",
                "kind",
                "grade",
                "community",
                "group",
                "groups",
                "category",
                "matter_id",
                "detected_on",
                "summary",
                "evidence",
            }
        # an item that gathers a community's matters lists them (its matter_id is null when there are several)
        found = [a for a in alerts if a["kind"] == kind and matter in a["matters"]]
        assert found, (kind, matter, day)
        since = {m["matter"]: m.get("since") for m in found[0]["evidence"].get("members", [])}
        return date.fromisoformat(since.get(matter) or found[0]["detected_on"])  # the matter's own first day

    wages = demo_db.query(
        "SELECT matter_id, received_date, level, people_count FROM petitions "
        "WHERE matter_id LIKE '%WAGES' ORDER BY received_date"
    )
    group_day = wages[wages["people_count"] >= 5]["received_date"].iloc[0]  # eight workers, to the district
    assert first("group_petition", wages["matter_id"][0], group_day) == group_day
    city_day = wages[wages["level"] == "city"]["received_date"].iloc[0]
    assert first("skip_level", wages["matter_id"][0], city_day) == city_day
    demolition = demo_db.query(
        "SELECT matter_id, received_date FROM petitions WHERE matter_id LIKE '%DEMOLITION' ORDER BY received_date"
    )
    third = demolition["received_date"].iloc[2]
    assert first("recurrence", demolition["matter_id"][0], third + timedelta(days=1)) == third
    water = demo_db.query(
        "SELECT matter_id, min(received_date) AS start FROM petitions WHERE matter_id LIKE '%WATER' GROUP BY 1"
    ).iloc[0]
    assert (first("recurrence", water["matter_id"], water["start"] + timedelta(days=3)) - water["start"]).days <= 2


def test_an_alerts_evidence_chart_counts_its_place_by_week(street):
    add_petition(street, "a", D(2026, 3, 2), 1, 10, category="utilities")
    add_petition(street, "b", D(2026, 3, 4), 1, 10, category="utilities")
    add_petition(street, "c", D(2026, 3, 4), 1, 11, category="utilities")  # another group
    add_petition(street, "d", D(2026, 3, 4), 1, 10, category="other")  # another category
    weekly = queries.weekly_place_counts(street, D(2026, 3, 10), 1, [10], "utilities")
    assert len(weekly) == 12 and weekly["petitions"].sum() == 2
    assert weekly.loc[weekly["week"] == D(2026, 3, 2), "petitions"].item() == 2
    assert queries.weekly_place_counts(street, D(2026, 3, 10), 1, [], None)["petitions"].sum() == 4
