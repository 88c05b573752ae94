"""The case stages of the 2022 《信访工作条例》: a ledger in the extended contract, as another office writes it.

Deadlines follow the stages (15 days to accept, 60 from 受理 plus the extension, 30 to decide a 复查 or a
复核); a 复查 or 复核 lodged at the level above is never skip-level; bad stage data is refused by row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics import queries, settings_store
from analytics.db import Database
from analytics.detect import rules
from analytics.ledger import ImportRejected, import_file
from analytics.roles import SYSTEM
from tests.test_import import AREAS

AS_OF = date(2026, 11, 30)
HEADER = (
    "信访编号,登记日期,信访形式,社区,小组,信访人,人数,问题类别,信访层级,办理状态,信访类别,受理日期,转送日期,"
    "答复日期,延期天数,复查申请日期,复查日期,复核申请日期,复核日期,回访日期,回访结果,首办责任人,事项编号"
)
ROWS = [
    # answered within 60 days of 受理: on time
    "A1,2026-09-01,来访,爱民社区,一组,甲,1,供水,街道,已答复,申诉求决,2026-09-05,,2026-10-20,,,,,,2026-10-25,满意,王敏,",
    # extended by 30 days: due 2026-11-01, answered 2026-10-25, on time
    "A2,2026-08-01,来信,爱民社区,二组,乙,1,物业管理,街道,已答复,申诉求决,2026-08-03,,2026-10-25,30,,,,,,,王敏,",
    # accepted, never answered: late at the answer since 2026-09-01
    "A3,2026-07-01,来电,爱民社区,三组,丙,1,劳动工资,街道,办理中,申诉求决,2026-07-02,2026-07-03,,,,,,,,,李强,",
    # registered ten days ago: within the 15 days to accept
    "A4,2026-11-20,网上信访,新华社区,一组,丁,1,环境保护,街道,登记,建议意见,,,,,,,,,,,,",
    # registered two months ago and never accepted or forwarded: late at acceptance since 2026-10-17
    "A5,2026-10-01,来访,新华社区,一组,戊,1,邻里纠纷,街道,登记,,,,,,,,,,,,,",
    # not accepted: no deadline to miss
    "A6,2026-09-10,来信,爱民社区,一组,己,1,涉法涉诉,街道,不予受理,申诉求决,,,,,,,,,,,,",
    # a 复查 at the district: a lawful step
    "R1,2026-11-18,来访,爱民社区,一组,庚,1,征地拆迁,区,复查中,申诉求决,,,,,2026-11-18,,,,,,,M-R",
    # the whole path on one record, closed after 复核 at the city
    "R2,2026-05-10,来访,爱民社区,二组,辛,1,征地拆迁,市,终结,申诉求决,2026-05-12,,2026-06-30,,2026-07-10,"
    "2026-08-05,2026-08-20,2026-09-15,,,赵刚,M-R",
    # a 复核 at the city lodged this month
    "R3,2026-11-21,来访,爱民社区,一组,庚,1,征地拆迁,市,复核中,申诉求决,,,,,,,2026-11-21,,,,,M-R",
    # a 复核 asked for on 1 October and not decided within 30 days: late at the re-check since 2026-11-01
    "R4,2026-10-01,来信,新华社区,一组,壬,1,社会保障,市,复核中,申诉求决,,,,,,,2026-10-01,,,,,",
    # lodged at the city and the province without any answer: skip-level
    "C1,2026-11-25,来访,爱民社区,三组,癸,1,劳动工资,市,登记,申诉求决,,,,,,,,,,,,",
    "C2,2026-11-20,来访,新华社区,一组,子,2,劳动工资,省,受理,申诉求决,2026-11-22,,,,,,,,,,,",
    # at the district, the level directly above the street: allowed
    "D1,2026-11-26,来访,爱民社区,二组,丑,1,物业管理,区,登记,申诉求决,,,,,,,,,,,,",
]


@pytest.fixture
def office(tmp_path):
    db = Database(tmp_path / "office.duckdb")
    (tmp_path / "areas.csv").write_text(AREAS, encoding="utf-8")
    import_file(db, SYSTEM, "areas", tmp_path / "areas.csv")
    path = tmp_path / "信访台账.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    result = import_file(db, SYSTEM, "petitions", path)
    assert (result.rows_read, result.rows_imported, result.errors) == (len(ROWS), len(ROWS), [])
    yield db
    db.close()


def test_the_stages_are_kept_as_written(office):
    assert office.rows(
        "SELECT petition_kind, accepted_date, answered_date, extended_days, due_date, follow_up_date, satisfaction, "
        "first_handler FROM petitions WHERE petition_id = 'A2'"
    ) == [("claim", date(2026, 8, 3), date(2026, 10, 25), 30, date(2026, 11, 1), None, None, "王敏")]
    # 60 days from 受理, not from 登记
    assert office.scalar("SELECT due_date FROM petitions WHERE petition_id = 'A1'") == date(2026, 11, 4)
    assert office.scalar("SELECT status FROM petitions WHERE petition_id = 'R2'") == "concluded"


def test_overdue_follows_each_stage(office):
    # items gather per responsible unit; each lists its late petitions with the stage and days past the deadline
    late = {}
    for signal in rules.overdue(office, AS_OF):
        for member in signal.evidence["members"]:
            late[member["petition"]] = member
        assert sum(signal.evidence["stages"].values()) == len(signal.evidence["members"])
    assert set(late) == {"A3", "A5", "R4"}
    assert {p: m["stage"] for p, m in late.items()} == {"A3": "answer", "A5": "accept", "R4": "recheck"}

    def first_day_late(petition):
        return AS_OF - timedelta(days=late[petition]["days_overdue"] - 1)

    assert first_day_late("A5") == date(2026, 10, 17)
    assert first_day_late("R4") == date(2026, 11, 1)


def test_a_review_or_recheck_above_is_never_skip_level(office):
    def flagged():
        return sorted(r for s in rules.skip_level(office, AS_OF) for r in s.evidence["records"])

    assert flagged() == ["C1", "C2"]  # not R3, the 复核 at the city
    assert queries.overview_kpis(office, queries.Period(date(2026, 11, 1), AS_OF))["skip_level_petitions"] == 2
    settings_store.update(office, SYSTEM, {"skip_level_from": "district"})
    assert flagged() == ["C1", "C2", "D1"]  # not R1, the 复查 at the district


def test_on_time_rate_counts_from_acceptance_with_the_extension(office):
    kpis = queries.overview_kpis(office, queries.Period(date(2026, 6, 1), AS_OF))
    # due in the period: A1, A2 (extended), R2 answered on time; A3, A5 not answered
    assert (kpis["due"], kpis["on_time"]) == (5, 3)


@pytest.mark.parametrize(
    ("row", "column", "zh", "en"),
    [
        (
            "B1,2026-09-01,来访,爱民社区,一组,甲,1,供水,街道,复查中,,2026-09-02,,2026-10-20,,2026-10-01,,,,,,,",
            "复查申请日期",
            "2026-10-01 早于答复日期（2026-10-20）",
            "2026-10-01 is earlier than 答复日期 (2026-10-20)",
        ),
        (
            "B2,2026-09-01,来访,爱民社区,一组,甲,1,供水,街道,已答复,,2026-09-02,,2026-12-20,45,,,,,,,,",
            "延期天数",
            "“45”不是0至30之间的天数",
            "“45” is not a number of days from 0 to 30",
        ),
        (
            "B3,2026-09-01,来访,爱民社区,一组,甲,1,供水,街道,登记,,,,2026-10-20,,,,,,,,,",
            "办理状态",
            "办理状态“登记”与答复日期（2026-10-20）矛盾",
            "the status “登记” contradicts 答复日期 (2026-10-20)",
        ),
        (
            "B4,2026-09-01,来访,爱民社区,一组,甲,1,供水,区,复查中,,,,,,,,,,,,,",
            "复查申请日期",
            "办理状态为“复查中”时须填写此日期",
            "the status “复查中” needs this date",
        ),
    ],
)
def test_bad_stage_data_is_a_row_error_and_nothing_is_written(office, tmp_path, row, column, zh, en):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n" + ROWS[0].replace("A1,", "A9,") + "\n" + row + "\n", encoding="utf-8")
    before = office.count("petitions")
    for lang, words in (("zh", zh), ("en", en)):
        with pytest.raises(ImportRejected) as refused:
            import_file(office, SYSTEM, "petitions", path, lang=lang)
        (error,) = refused.value.result.errors
        assert (error["row"], error["column"]) == (3, column)
        assert words in error["reason"]
    assert office.count("petitions") == before
