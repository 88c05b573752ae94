"""The overview page as a user sees it: its figures equal direct SQL counts."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.scoring import open_count, score_matters
from tests.apptest import figures, metrics, start, values
from tests.helpers import DEMO_END

pytestmark = pytest.mark.filterwarnings("ignore")
START = date(2025, 11, 28)


def community_box(at):
    return next(box for box in at.sidebar.selectbox if box.key.startswith("_w_community"))


def sql_kpis(db, start_day, end_day, community=None):
    where = "" if community is None else f" AND community_id = {int(community)}"
    one = lambda sql, *params: db.scalar(sql, list(params))  # noqa: E731
    return {
        "open": open_count(score_matters(db, end_day), community),
        "month": one(
            "SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?" + where,
            end_day.replace(day=1),
            end_day,
        ),
        "group": one(
            "SELECT count(*) FROM petitions WHERE people_count >= 5 AND received_date BETWEEN ? AND ?" + where,
            start_day,
            end_day,
        ),
        "skip": one(
            # 越级访: the city or above (skip_level_from), other than a 复查 or 复核
            "SELECT count(*) FROM petitions WHERE level IN ('city', 'province', 'national') "
            "AND review_requested_date IS NULL AND recheck_requested_date IS NULL "
            "AND status NOT IN ('under_review', 'under_recheck', 'concluded') AND received_date BETWEEN ? AND ?"
            + where,
            start_day,
            end_day,
        ),
        "on_time": one(
            # answered (or a 复查 / 复核 decided) by the deadline
            "SELECT count(*) FILTER (WHERE coalesce(answered_date, resolved_date) <= due_date) "
            "/ count(*) FROM petitions WHERE due_date BETWEEN ? AND ? AND status <> 'rejected'" + where,
            start_day,
            end_day,
        ),
        "screened": one(
            "SELECT count(DISTINCT household) FROM screenings WHERE visit_date BETWEEN ? AND ?" + where,
            date.fromordinal(end_day.toordinal() - 29),
            end_day,
        )
        / one("SELECT sum(households) FROM groups WHERE true" + where),
    }


def test_kpis_equal_sql_counts(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    assert not at.exception
    shown = metrics(at)
    expected = sql_kpis(demo_db, START, DEMO_END)
    assert shown["Open risks"] == f"{expected['open']:,}"
    # the month so far (1-27 November), against the same days a year before, and said so
    assert shown["Petitions, 1–27 Nov 2026"] == f"{expected['month']:,}"
    month = next(m for m in at.metric if m.label == "Petitions, 1–27 Nov 2026")
    assert month.proto.delta.endswith("on the same days a year before")
    assert shown["Group petitions"] == f"{expected['group']:,}"
    assert shown["Skip-level"] == f"{expected['skip']:,}"
    assert shown["On time"] == f"{expected['on_time']:.1%}"
    assert shown["Screened (30 days)"] == f"{expected['screened']:.1%}"
    # the figures the street reports
    petitions = demo_db.scalar("SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [START, DEMO_END])
    residents = demo_db.scalar("SELECT sum(population) FROM groups")
    assert shown["Petitions per 10,000 residents"] == f"{petitions / residents * 10_000:.1f}"
    rated, satisfied = demo_db.rows(
        "SELECT count(*), count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basic')) FROM petitions "
        "WHERE satisfaction IS NOT NULL AND coalesce(follow_up_date, answered_date, resolved_date, received_date) "
        "BETWEEN ? AND ?",
        [START, DEMO_END],
    )[0]
    assert shown["Satisfied"] == f"{satisfied / rated:.1%}"
    assert at.title[0].value == "Risk overview"
    assert "民惠街道 · 2025-11-28 to 2026-11-27 · All communities" in at.caption[0].value


def test_heatmap_shows_sql_counts_per_community_and_category(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    heatmap = figures(at)[0]["data"][0]
    assert heatmap["type"] == "heatmap"
    assert heatmap["x"] == ["爱民社区", "新华社区", "团结社区"]
    z = values(heatmap["z"])
    labels = heatmap["y"]
    wages = labels.index("Labour & unpaid wages")
    expected = demo_db.scalar(
        "SELECT count(*) FROM petitions JOIN communities USING (community_id) WHERE name = '团结社区' "
        "AND category = 'labor_wages' AND received_date BETWEEN ? AND ?",
        [START, DEMO_END],
    )
    assert z[wages][2] == expected
    assert z.sum() == demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE received_date BETWEEN ? AND ?", [START, DEMO_END]
    )


def test_trend_has_52_weeks_of_petitions(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    trend = figures(at)[1]["data"]
    assert [trace["name"] for trace in trend] == ["Petitions", "Screening findings"]
    weekly = values(trend[0]["y"])
    assert len(weekly) == 52
    assert weekly.sum() == demo_db.scalar(
        "SELECT count(*) FROM petitions WHERE received_date BETWEEN '2025-12-01' AND ?", [DEMO_END]
    )


def test_community_filter_narrows_every_figure(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    community = demo_db.scalar("SELECT community_id FROM communities WHERE name = '新华社区'")
    community_box(at).select(community).run()
    shown = metrics(at)
    expected = sql_kpis(demo_db, START, DEMO_END, community)
    assert shown["Open risks"] == f"{expected['open']:,}"
    assert shown["Skip-level"] == f"{expected['skip']:,}"
    assert figures(at)[0]["data"][0]["x"] == ["新华社区"]
    assert set(at.dataframe[0].value["Community"]) == {"新华社区"}


def test_period_filter_changes_the_counts(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    next(box for box in at.sidebar.selectbox if box.key.startswith("_w_preset")).select("custom").run()
    at.sidebar.date_input(key="_w_period_start").set_value(date(2026, 1, 1)).run()
    at.sidebar.date_input(key="_w_period_end").set_value(date(2026, 6, 30)).run()
    expected = sql_kpis(demo_db, date(2026, 1, 1), date(2026, 6, 30))
    assert metrics(at)["Skip-level"] == f"{expected['skip']:,}"
    assert metrics(at)["Petitions, Jun 2026"] == f"{expected['month']:,}"


def test_switching_to_chinese_translates_the_page(demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    at.sidebar.radio[0].set_value("zh").run()
    assert at.title[0].value == "风险总览"
    assert "未化解风险隐患" in metrics(at)
    assert "劳动工资" in figures(at)[0]["data"][0]["y"]
    assert list(at.dataframe[0].value.columns)[:3] == ["日期", "来源", "社区"]


def test_serious_items_are_the_newest_group_and_high_level_ones(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    table = at.dataframe[0].value
    assert len(table) == 10
    assert list(table["Date"]) == sorted(table["Date"], reverse=True)
    for _, row in table.iterrows():
        assert row["Source"] in ("Petition", "Screening")
        if row["Source"] == "Petition":
            assert row["People"] >= 5 or row["Level or grade"] in ("City", "Province", "National")
        else:
            assert row["Level or grade"] in ("Orange", "Red")


def test_the_rate_view_divides_by_households(demo_db, demo_path, monkeypatch):
    at = start(demo_path, monkeypatch)
    at.radio(key="overview_metric_en").set_value("rate").run()
    heatmap = figures(at)[0]["data"][0]
    z = values(heatmap["z"])
    wages = heatmap["y"].index("Labour & unpaid wages")
    count, households = demo_db.rows(
        "SELECT count(*), any_value(h) FROM petitions JOIN (SELECT community_id, sum(households) AS h FROM groups "
        "GROUP BY 1) USING (community_id) JOIN communities USING (community_id) WHERE name = '爱民社区' "
        "AND category = 'labor_wages' AND received_date BETWEEN ? AND ?",
        [START, DEMO_END],
    )[0]
    assert z[wages][0] == pytest.approx(round(1000 * count / households, 1))


def test_an_empty_database_says_how_to_get_data(tmp_path, monkeypatch):
    from analytics.auth import add_account
    from analytics.db import Database
    from analytics.roles import SYSTEM

    db = Database(tmp_path / "empty.duckdb")
    at = start(tmp_path / "empty.duckdb", monkeypatch, role=None)
    assert "user add" in at.warning[0].value  # no account yet: how to make one
    add_account(db, SYSTEM, "chair", "committee", "a long password")
    db.close()
    at = start(tmp_path / "empty.duckdb", monkeypatch, role="chair", password="a long password")
    assert not at.exception
    assert "init --demo" in at.info[0].value


def test_a_city_heatmap_shows_the_busiest_thirty_communities_and_says_so(tmp_path, monkeypatch):
    """35 communities, community k with k petitions: the heatmap keeps communities 6-35, the caption says
    30 of 35, and the download keeps every community."""
    from analytics.auth import add_account
    from analytics.db import Database
    from analytics.roles import SYSTEM
    from tests.street import add_petition

    db = Database(tmp_path / "city.duckdb")
    db.execute("INSERT INTO communities SELECT k, '社区' || k FROM range(1, 36) AS t(k)")
    db.execute("INSERT INTO groups SELECT k, k, '一组', 100, 300 FROM range(1, 36) AS t(k)")
    for community in range(1, 36):
        for n in range(community):
            add_petition(db, f"p{community}-{n}", date(2026, 11, 1), community, community)
    add_account(db, SYSTEM, "boss", "committee", "a long enough pass phrase")
    db.close()
    at = start(tmp_path / "city.duckdb", monkeypatch, lang="zh", role=None)
    from tests.apptest import log_in

    log_in(at, "boss", "a long enough pass phrase")
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, at.exception
    heatmap = figures(at)[0]["data"][0]
    assert sorted(heatmap["x"]) == sorted(f"社区{k}" for k in range(6, 36))
    assert any("显示信访最多的 30 个社区（共 35 个）" in caption.value for caption in at.caption)


@pytest.mark.parametrize("community", [None, "新华社区"])
def test_the_overview_and_the_register_count_the_same_open_risks(demo_db, demo_path, monkeypatch, community):
    """Issue 16.6: the overview said 66 open risks, the register 82."""
    at = start(demo_path, monkeypatch)
    if community is not None:
        community_box(at).select(
            demo_db.scalar("SELECT community_id FROM communities WHERE name = ?", [community])
        ).run()
    overview = int(metrics(at)["Open risks"].replace(",", ""))
    at.switch_page("app_pages/risk_register.py").run()
    caption = next(c.value for c in at.caption if " open items" in c.value)
    register = int(caption.split(" of ")[1].split()[0].replace(",", ""))
    assert overview == register > 0


def test_the_running_week_is_marked_on_the_trend_not_shown_as_a_drop(demo_path, monkeypatch):
    """Issue 16.4: the trend ended in a false drop for the partial week. 27 November 2026 is a Friday."""
    at = start(demo_path, monkeypatch, lang="zh")
    trend = figures(at)[1]
    notes = [a["text"] for a in trend["layout"].get("annotations", [])]
    assert notes == ["本周未完（统计至2026年11月27日）"]
    assert trend["layout"]["shapes"][0]["x1"].startswith("2026-11-29")
    assert trend["layout"]["xaxis"]["tickformat"] == "%-m月%-d日<br>%Y年"  # no English month names
    assert metrics(at).get("2026年11月1日至27日信访") is not None


def test_the_period_choices_speak_chinese_and_cover_what_they_say(demo_path, monkeypatch):
    """Issue 16.9: Streamlit's range picker offered 'Past Week…' on a Chinese page."""
    at = start(demo_path, monkeypatch, lang="zh")
    preset = next(box for box in at.sidebar.selectbox if box.key.startswith("_w_preset"))
    assert preset.options == ["本周", "本月", "本季度", "近一年", "自定义"]
    assert not at.sidebar.date_input  # dates only for 自定义
    preset.select("quarter").run()
    assert at.session_state["period"] == (date(2026, 10, 1), DEMO_END)
    assert "2026-10-01 至 2026-11-27" in [c.value for c in at.sidebar.caption]
