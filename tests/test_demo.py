"""The demo street: the founding figures, determinism, seasons, and the injected events."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics import festivals, queries
from analytics.db import Database
from tests.helpers import DEMO_END, build_demo_file

LEDGER_TABLES = (
    "communities",
    "groups",
    "group_neighbors",
    "responsible_units",
    "petitions",
    "screenings",
    "risk_items",
    "calendar",
    "demo_events",
)


def test_the_street_has_the_founding_figures(demo_db):
    counts = queries.summary(demo_db)
    assert (counts["communities"], counts["groups"], counts["households"], counts["population"]) == (
        3,
        142,
        4465,
        13873,
    )
    # the units a street works with: each community's 居委会, the street's offices, the utilities, district
    # bureaus; the seed's 20 驻街单位 are co-building partners who handle no resident's petition
    handlers = set(queries.unit_names(demo_db))
    assert {"爱民社区居委会", "城建科", "劳动保障所", "司法所", "派出所", "热力公司", "区房屋征收办公室"} <= handlers
    partners = {name for (name,) in demo_db.rows("SELECT name FROM responsible_units WHERE kind = 'partner'")}
    assert len(partners) == 20 and {"财政局", "交通局"} <= partners and not partners & handlers
    for table in ("petitions", "risk_items"):
        used = {name for (name,) in demo_db.rows(f"SELECT DISTINCT responsible_unit FROM {table}")}
        assert used <= handlers, used - handlers
    assert "爱民社区" in set(demo_db.query("SELECT name FROM communities")["name"])
    assert demo_db.scalar("SELECT value FROM street_profile WHERE key = 'street'") == "民惠街道"
    # every group has households and more residents than households
    assert demo_db.scalar("SELECT count(*) FROM groups WHERE households < 12 OR population < households") == 0


def test_three_years_of_ledgers_end_on_the_chosen_day(demo_db):
    first, last = queries.data_range(demo_db)
    assert last == DEMO_END
    assert (DEMO_END - first).days == round(365.25 * 3) - 1
    counts = queries.summary(demo_db)
    assert 4500 <= counts["petitions"] <= 7000  # about 1,700 a year
    assert 40_000 <= counts["screenings"] <= 60_000


def test_neighbours_are_mutual_and_stay_inside_a_community(demo_db):
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM group_neighbors AS a ANTI JOIN group_neighbors AS b "
            "ON a.group_id = b.neighbor_id AND a.neighbor_id = b.group_id"
        )
        == 0
    )
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM group_neighbors AS n JOIN groups AS a ON a.group_id = n.group_id "
            "JOIN groups AS b ON b.group_id = n.neighbor_id WHERE a.community_id <> b.community_id"
        )
        == 0
    )
    assert demo_db.scalar("SELECT count(DISTINCT group_id) FROM group_neighbors") == 142


def dump(path) -> dict[str, list]:
    db = Database(path)
    tables = {name: db.rows(f"SELECT * FROM {name} ORDER BY ALL") for name in LEDGER_TABLES}
    db.close()
    return tables


def test_same_seed_gives_the_same_database_and_another_seed_does_not(demo_file, tmp_path):
    again = dump(build_demo_file(tmp_path / "again.duckdb"))
    assert again == dump(demo_file)
    other = dump(build_demo_file(tmp_path / "other.duckdb", seed=7))
    assert other["groups"] != again["groups"]
    assert other["petitions"] != again["petitions"]


def test_scale_builds_that_many_streets(tmp_path):
    db = Database(build_demo_file(tmp_path / "two.duckdb", scale=2))
    counts = queries.summary(db)
    assert (counts["communities"], counts["groups"], counts["households"], counts["population"]) == (
        6,
        284,
        8930,
        27746,
    )
    assert db.scalar("SELECT count(DISTINCT name) FROM communities") == 6
    assert db.count("demo_events") == 10
    db.close()


def test_july_campaign_visits_about_3000_households_and_finds_15_hidden_risks(demo_db):
    campaigns = demo_db.rows(
        "SELECT campaign, min(visit_date), max(visit_date), count(DISTINCT household), count(matter_id) "
        "FROM screenings WHERE campaign IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    assert [name for name, *_ in campaigns] == [f"{year}年7月入户大排查" for year in (2024, 2025, 2026)]
    for name, first, last, households, risks in campaigns:
        assert (first.month, last.month) == (7, 7)
        assert 2950 <= households <= 3000 and risks == 15, name  # the blind spot's group missed a few
    # the campaign's hidden risks are on the register, found by screening
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM risk_items WHERE source = 'screening' AND matter_id IN "
            "(SELECT matter_id FROM screenings WHERE campaign = '2026年7月入户大排查')"
        )
        == 15
    )
    # routine visits are not part of a campaign
    assert demo_db.scalar("SELECT count(*) FROM screenings WHERE campaign IS NULL AND month(visit_date) = 7") > 2000


def test_seasons_weekdays_and_reception_days(demo_db):
    # heating complaints peak when the heating season starts (mid-October to November)
    start, winter, summer = demo_db.rows(
        "SELECT count(*) FILTER (WHERE (month(received_date) = 10 AND day(received_date) >= 15) "
        "OR month(received_date) = 11) / 47.0, count(*) FILTER (WHERE month(received_date) IN (12, 1, 2)) / 90.0, "
        "count(*) FILTER (WHERE month(received_date) IN (5, 6, 7, 8, 9)) / 153.0 "
        "FROM petitions WHERE summary LIKE '%暖气%' OR summary LIKE '%供暖%' OR summary LIKE '%室温%'"
    )[0]
    assert start > 2 * winter and winter > 4 * summer
    festival = festivals.spring_festival(2025)
    before, other = demo_db.rows(
        "SELECT count(*) FILTER (WHERE received_date BETWEEN ? AND ?) / 45.0, "
        "count(*) FILTER (WHERE received_date BETWEEN '2025-04-01' AND '2025-10-31') / 214.0 "
        "FROM petitions WHERE category = 'labor_wages' AND summary LIKE '%拖欠%' AND matter_id IS NULL",
        [festival - timedelta(days=45), festival - timedelta(days=1)],
    )[0]
    assert before > 2.5 * other
    weekday, weekend = demo_db.rows(
        "SELECT count(*) FILTER (WHERE isodow(received_date) <= 5) / 5.0, "
        "count(*) FILTER (WHERE isodow(received_date) >= 6) / 2.0 FROM petitions"
    )[0]
    assert weekday > 2 * weekend
    # leaders receive petitioners on Wednesdays (the injected water outage has its own day)
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM petitions WHERE channel = 'leader_reception' AND isodow(received_date) <> 3 "
            "AND petition_id NOT LIKE '%WATER%' AND petition_id NOT LIKE '%WAGES%'"
        )
        == 0
    )
    assert demo_db.scalar("SELECT count(*) FROM petitions WHERE channel = 'leader_reception'") > 50


def test_calendar_has_the_sensitive_periods(demo_db):
    names = demo_db.rows(
        "SELECT name, start_date, end_date, level FROM calendar WHERE year(start_date) = 2026 ORDER BY start_date"
    )
    assert names == [
        ("市两会", date(2026, 1, 6), date(2026, 1, 12), 2),
        ("省两会", date(2026, 1, 18), date(2026, 1, 25), 1),
        ("春节", date(2026, 2, 16), date(2026, 2, 23), 2),
        ("全国两会", date(2026, 3, 3), date(2026, 3, 15), 1),
        ("国庆节", date(2026, 10, 1), date(2026, 10, 7), 1),
    ]
    assert demo_db.scalar("SELECT max(year(start_date)) FROM calendar") == 2027  # the coming year too
    # a one-off major event the street planned for, with its level
    assert demo_db.rows("SELECT level FROM calendar WHERE name = '第九届亚冬会'") == [(1,)]


def event(db, kind):
    frame = db.query("SELECT * FROM demo_events WHERE kind = ?", [kind])
    assert len(frame) == 1, kind
    return frame.iloc[0]


def test_water_outage_of_the_founding_document(demo_db):
    truth = event(demo_db, "water_outage")
    community, group = demo_db.rows(
        "SELECT c.name, g.name FROM groups AS g JOIN communities AS c USING (community_id) WHERE g.group_id = ?",
        [int(truth["group_ids"][0])],
    )[0]
    assert community == "爱民社区"
    petitions = demo_db.query(
        "SELECT * FROM petitions WHERE matter_id = ? ORDER BY received_date", [truth["matter_id"]]
    )
    assert len(petitions) >= 8 and petitions["petitioner"].nunique() >= 5
    assert petitions["summary"].str.contains("新华书店住宅楼四楼停水").all()
    assert (petitions["received_date"].max() - petitions["received_date"].min()).days <= 7
    finding = demo_db.query("SELECT * FROM screenings WHERE matter_id = ?", [truth["matter_id"]])
    assert finding["description"].str.contains("3楼供水正常").all()
    matter = demo_db.query("SELECT * FROM risk_items WHERE matter_id = ?", [truth["matter_id"]]).iloc[0]
    assert matter["status"] == "resolved" and matter["responsible_unit"] == "自来水公司"
    assert "管道故障" in matter["description"]


def test_wage_arrears_group_petition_climbs_to_the_city_before_spring_festival(demo_db):
    truth = event(demo_db, "wage_arrears")
    petitions = demo_db.query(
        "SELECT * FROM petitions WHERE matter_id = ? ORDER BY received_date", [truth["matter_id"]]
    )
    assert list(petitions["level"]) == ["street", "street", "district", "city", "city"]
    assert petitions["people_count"].is_monotonic_increasing and petitions["people_count"].max() >= 15
    festival = festivals.spring_festival(petitions["received_date"].max().year)
    assert all(0 < (festival - day).days <= 40 for day in petitions["received_date"])


def test_demolition_takes_the_lawful_path_and_then_skips_levels(demo_db):
    truth = event(demo_db, "demolition_repeat")
    petitions = demo_db.query(
        "SELECT * FROM petitions WHERE matter_id = ? ORDER BY received_date", [truth["matter_id"]]
    )
    assert len(petitions) >= 6 and petitions["petitioner"].nunique() == 3
    # street twice, then 复查 at the district and 复核 at the city (终结), then the province, then the street
    assert list(petitions["level"][:5]) == ["street", "street", "district", "city", "province"]
    review, recheck, province = petitions.iloc[2], petitions.iloc[3], petitions.iloc[4]
    assert review["review_requested_date"] == review["received_date"] and review["review_date"] is not None
    assert recheck["status"] == "concluded" and recheck["recheck_date"] is not None
    assert province["status"] == "rejected"
    # not on a fixed clock
    gaps = petitions["received_date"].diff().dropna().dt.days
    assert gaps.nunique() >= 4
    assert demo_db.scalar("SELECT status FROM risk_items WHERE matter_id = ?", [truth["matter_id"]]) == "open"


def test_the_ledger_looks_like_a_well_run_street_that_still_has_problems(demo_db):
    # petitions above the district: a few a month at most
    most = demo_db.scalar(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM petitions WHERE level IN ('city', 'province', 'national') "
        "GROUP BY date_trunc('month', received_date))"
    )
    assert most <= 6
    # group petitions about one a month, most of them in the run-up to Spring Festival
    years = 3
    group = demo_db.query("SELECT received_date, category FROM petitions WHERE people_count >= 5")
    assert 6 * years <= len(group) <= 24 * years
    winter = pd.to_datetime(group["received_date"]).dt.month.isin([12, 1, 2]).mean()
    assert winter > 0.4
    # most answers on time
    on_time = demo_db.scalar(
        "SELECT avg(CASE WHEN resolved_date <= due_date THEN 1 ELSE 0 END) FROM petitions "
        "WHERE status <> 'rejected' AND due_date < ?",
        [DEMO_END],
    )
    assert on_time > 0.9
    # summaries vary and name places
    for category, distinct in demo_db.rows("SELECT category, count(DISTINCT summary) FROM petitions GROUP BY 1"):
        assert distinct >= 40, category
    assert demo_db.scalar("SELECT count(*) FROM petitions WHERE summary LIKE '%号楼%单元%'") > 500
    # repeat petitions do not come on a fixed clock
    gaps = demo_db.query(
        "SELECT matter_id, received_date - lag(received_date) OVER (PARTITION BY matter_id ORDER BY received_date) "
        "AS gap FROM petitions WHERE matter_id LIKE 'M001P%'"
    ).dropna()
    assert gaps["gap"].nunique() > 50
    # the answers follow the case stages: 受理 within 15 days, the answer after it, 回访 after the answer
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM petitions WHERE accepted_date > received_date + 15 OR resolved_date < accepted_date "
            "OR follow_up_date < resolved_date"
        )
        == 0
    )
    assert demo_db.scalar("SELECT count(DISTINCT petition_kind) FROM petitions") == 3


def test_property_surge_over_three_neighbouring_groups(demo_db):
    truth = event(demo_db, "property_surge")
    groups = [int(g) for g in truth["group_ids"]]
    assert len(groups) == 3
    centre, *others = groups
    neighbours = {n for (n,) in demo_db.rows("SELECT neighbor_id FROM group_neighbors WHERE group_id = ?", [centre])}
    assert set(others) <= neighbours
    during, usual = demo_db.rows(
        "SELECT count(*) FILTER (WHERE received_date BETWEEN ? AND ?), "
        "count(*) FILTER (WHERE received_date < ?) * 21.0 / 900 "
        "FROM petitions WHERE category = 'property_management' AND group_id IN (?, ?, ?)",
        [truth["start_date"], truth["end_date"], truth["start_date"], *groups],
    )[0]
    assert during >= 15 and during > 5 * usual


def test_blind_spot_group_goes_unscreened_for_months(demo_db):
    truth = event(demo_db, "blind_spot")
    group = int(truth["group_ids"][0])
    last_visit = demo_db.scalar("SELECT max(visit_date) FROM screenings WHERE group_id = ?", [group])
    assert (DEMO_END - last_visit).days >= 120
    # while every other group was visited in the last month
    assert (
        demo_db.scalar(
            "SELECT count(*) FROM groups WHERE group_id <> ? AND group_id NOT IN "
            "(SELECT group_id FROM screenings WHERE visit_date > ?)",
            [group, DEMO_END - timedelta(days=30)],
        )
        == 0
    )


def test_no_protected_attribute_is_stored(demo_db):
    columns = set(demo_db.query("SELECT column_name FROM information_schema.columns")["column_name"])
    assert not columns & {"ethnicity", "ethnic_group", "nationality", "religion", "民族"}
    # personal fields hold pseudonyms only
    assert demo_db.scalar("SELECT count(*) FROM petitions WHERE petitioner NOT SIMILAR TO 'P-[0-9a-f]{12}'") == 0
    assert demo_db.scalar("SELECT count(*) FROM screenings WHERE household NOT SIMILAR TO 'P-[0-9a-f]{12}'") == 0
