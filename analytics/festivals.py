"""Dates of the recurring sensitive periods the demo street and defaults use.

Spring Festival moves with the lunar calendar; the dates below are the first
day of the lunar year (正月初一) as published.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

SPRING_FESTIVAL = {
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
}


def spring_festival(year: int) -> date:
    try:
        return SPRING_FESTIVAL[year]
    except KeyError:  # outside the table: mid-February is the right season
        return date(year, 2, 5)


# The provincial and municipal 两会 meet in January most years; each office edits the dates once they are
# announced (Settings, or a calendar ledger). (name, month, first day, last day, level)
LOCAL_CONGRESSES = (("市两会", 1, 6, 12, 2), ("省两会", 1, 18, 25, 1))
# One-off major events the demo street planned for: (name, start, end, level). An office adds its own.
ONE_OFF_EVENTS = (("第九届亚冬会", date(2025, 2, 1), date(2025, 2, 15), 1),)


def sensitive_periods(first_year: int, last_year: int) -> list[tuple[str, date, date, int]]:
    """(name, start, end, level) of the standing sensitive periods, level 1 highest: the municipal and
    provincial 两会, Spring Festival, 全国两会 and National Day."""
    periods = []
    for year in range(first_year, last_year + 1):
        for name, month, first, last, level in LOCAL_CONGRESSES:
            periods.append((name, date(year, month, first), date(year, month, last), level))
        festival = spring_festival(year)
        periods.append(("春节", festival - timedelta(days=1), festival + timedelta(days=6), 2))
        periods.append(("全国两会", date(year, 3, 3), date(year, 3, 15), 1))
        periods.append(("国庆节", date(year, 10, 1), date(year, 10, 7), 1))
    return sorted(periods, key=lambda p: (p[1], p[0]))


def calendar_frame(first_day: date, last_year: int, one_off: bool = True) -> pd.DataFrame:
    """The calendar table's rows: the standing periods from ``first_day``'s year to ``last_year`` and, with
    ``one_off``, the one-off events in those years."""
    periods = sensitive_periods(first_day.year, last_year)
    if one_off:
        periods += [event for event in ONE_OFF_EVENTS if first_day.year <= event[1].year <= last_year]
    periods.sort(key=lambda p: (p[1], p[0]))
    return pd.DataFrame(
        [(i + 1, name, start, end, level) for i, (name, start, end, level) in enumerate(periods)],
        columns=["period_id", "name", "start_date", "end_date", "level"],
    )
