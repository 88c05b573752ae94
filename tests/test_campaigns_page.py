"""Screening campaigns: the July campaign's progress (households due and visited) and its 15 hidden risks as one
view, in both languages, per community, and a plain message when no visit names a campaign."""

from __future__ import annotations

from datetime import date

import pytest

from tests.apptest import figures, metrics, start, values

CAMPAIGN = "2026年7月入户大排查"


def table(at, heading: str):
    """The page's table with that column (AppTest keeps no key on a dataframe)."""
    return next(frame.value for frame in at.dataframe if heading in frame.value.columns)


@pytest.fixture
def page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="officer")
    at.switch_page("app_pages/campaigns.py").run()
    assert not at.exception
    return at


def test_the_latest_campaign_shows_its_progress_and_hidden_risks(page, demo_db):
    assert page.title[0].value == "Screening campaigns"
    assert page.selectbox(key="_w_campaign_pick_en").value == CAMPAIGN
    shown = metrics(page)
    visited = demo_db.scalar("SELECT count(DISTINCT household) FROM screenings WHERE campaign = ?", [CAMPAIGN])
    assert shown["Households due"] == "4,465"
    assert shown["Households visited"] == f"{visited:,}" and 2950 <= visited <= 3000
    assert shown["Hidden risks found"] == "15"
    communities = table(page, "Households due")
    assert list(communities["Community"]) == ["爱民社区", "新华社区", "团结社区"]
    assert communities["Households visited"].sum() == visited
    assert communities["Hidden risks"].sum() == 15
    findings = table(page, "Severity")
    assert len(findings) == 15
    assert set(findings["Severity"].str[0]) <= {"3", "4"}
    expected = {
        m
        for (m,) in demo_db.rows(
            "SELECT matter_id FROM screenings WHERE campaign = ? AND matter_id IS NOT NULL", [CAMPAIGN]
        )
    }
    assert set(findings["Matter"]) == expected
    # the chart: households visited so far climbs to the number visited, day by day through July
    chart = figures(page)[0]
    line = next(trace for trace in chart["data"] if trace["type"] == "scatter")
    assert int(values(line["y"])[-1]) == visited


def test_the_coverage_gap_comes_first_with_the_groups_nobody_visited(page, demo_db):
    """The demo street's injected blind spot: one group unvisited for months, every other visited this month."""
    truth = demo_db.query("SELECT group_ids, start_date FROM demo_events WHERE kind = 'blind_spot'")
    group = int(truth["group_ids"].iloc[0][0])
    name, community, households, last = demo_db.rows(
        "SELECT g.name, c.name, g.households, (SELECT max(visit_date) FROM screenings WHERE group_id = g.group_id) "
        "FROM groups AS g JOIN communities AS c USING (community_id) WHERE g.group_id = ?",
        [group],
    )[0]
    assert page.subheader[0].value == "Screening coverage gap"
    assert page.warning[0].value == (
        f"1 group in 1 community ({households} households) had no screening visit in the last 60 days."
    )
    gap = table(page, "Days without a visit")
    assert gap.to_dict("records") == [
        {
            "Community": community,
            "Group": name,
            "Households": households,
            "Last visit": str(last),
            "Days without a visit": (date(2026, 11, 27) - last).days,
        }
    ]


def test_an_earlier_campaign_and_one_community(page, demo_db):
    page.selectbox(key="_w_campaign_pick_en").set_value("2024年7月入户大排查").run()
    assert metrics(page)["Hidden risks found"] == "15"
    page.sidebar.selectbox(key="_w_community_en").select_index(1).run()
    community = table(page, "Households due")
    assert len(community) == 1
    name = community["Community"].iloc[0]
    households = demo_db.scalar(
        "SELECT CAST(sum(households) AS INTEGER) FROM groups AS g JOIN communities AS c USING (community_id) "
        "WHERE c.name = ?",
        [name],
    )
    assert metrics(page)["Households due"] == f"{households:,}"
    assert set(table(page, "Severity")["Community"]) <= {name}


def test_in_chinese(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch, role="committee", lang="zh")
    at.switch_page("app_pages/campaigns.py").run()
    assert not at.exception
    assert at.title[0].value == "排查活动"
    assert set(metrics(at)) == {"应排查户数", "已排查户数", "发现问题", "排查出风险隐患"}
    assert "严重程度" in table(at, "严重程度").columns
    assert at.subheader[0].value == "排查覆盖缺口"
    assert "近 60 天无人入户排查" in at.warning[0].value


def test_without_campaigns_the_page_says_how_to_have_one(tmp_path, monkeypatch):
    from analytics.auth import add_demo_accounts
    from analytics.roles import SYSTEM
    from tests.street import add_petition, add_screening, tiny_street

    db = tiny_street(tmp_path / "tiny.duckdb")
    add_petition(db, "X1", date(2026, 11, 2), 1, 10)
    add_screening(db, "S1", date(2026, 11, 3), 1, 10, "P-000000000002")
    add_demo_accounts(db, SYSTEM)
    path = db.path
    db.close()
    at = start(path, monkeypatch, role="analyst")
    at.switch_page("app_pages/campaigns.py").run()
    assert not at.exception
    assert "No visit in the screening ledger names a campaign" in at.info[0].value


def test_a_ledger_that_links_a_finding_without_a_severity(tmp_path, monkeypatch):
    """Real ledgers link a visit to a matter and leave 严重程度 empty: the page shows a dash, not an error."""
    from analytics.auth import add_demo_accounts
    from analytics.roles import SYSTEM
    from tests.street import add_petition, tiny_street

    db = tiny_street(tmp_path / "tiny.duckdb")
    add_petition(db, "X1", date(2026, 7, 2), 1, 10)
    db.execute(
        "INSERT INTO screenings (screening_id, visit_date, community_id, group_id, household, finding, "
        "people_affected, matter_id, campaign, description) VALUES "
        "('S1', '2026-07-03', 1, 10, 'P-000000000009', 'utilities', 3, 'M1', '7月排查', '停水')"
    )
    add_demo_accounts(db, SYSTEM)
    path = db.path
    db.close()
    at = start(path, monkeypatch, role="officer")
    at.switch_page("app_pages/campaigns.py").run()
    assert not at.exception
    findings = at.dataframe[1].value
    assert list(findings["Severity"]) == ["—"] and list(findings["What was found"]) == ["停水"]
    assert metrics(at)["Households due"] == "350"
