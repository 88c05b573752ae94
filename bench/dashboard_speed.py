"""How fast the analyst pages answer a filter change on a city-sized database:
`python bench/dashboard_speed.py [--db PATH] [--streets K]`.

Builds (once, unless --db names an existing file) K demo streets in one
database — 175 streets are about 1 million petitions and 8.4 million
screenings — then, for each page, times what one filter change asks of the
database: every query of the page for a community and category not asked
before (so nothing comes from the page cache), after one warm-up run on
other filters. Target (issue 7): at most 0.5 s per page once warm.
Also reports the peak memory: no page loads a whole table into pandas.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import geo, heatmaps, queries, rankings, trends  # noqa: E402
from analytics.db import Database  # noqa: E402
from analytics.demo import DemoConfig, build_demo  # noqa: E402

END = date(2026, 11, 27)


def pages(db: Database, community_id: int, category: str) -> dict:
    """What each page asks of the database for one filter (period: the last year; one community)."""
    period = queries.Period(END - timedelta(days=364), END, community_id)
    where = trends.Filter(community_id, None, category, None, None)
    return {
        "overview": lambda: (
            queries.overview_kpis(db, period),
            queries.community_category_counts(db, period),
            queries.weekly_counts(db, period),
        ),
        "heatmaps": lambda: (
            heatmaps.community_category(db, period),
            heatmaps.group_weeks(db, period, community_id, category),
            heatmaps.daily(db, period, category),
            heatmaps.group_values(db, period, "count"),
            heatmaps.open_alert_groups(db, END),
        ),
        "heatmaps: a cell's records": lambda: heatmaps.cell_records(
            db, period, community_id=community_id, category=category
        ),
        "trends": lambda: (
            trends.with_last_year(db, period, where),
            trends.alerts_in(db, period, where),
            trends.decomposition(db, END, where),
            trends.channel_shares(db, period, where),
            trends.resolution_days(db, period, where),
            trends.on_time_by_unit(db, period, where),
            trends.screening_coverage(db, period, community_id),
        ),
        "rankings": lambda: (
            rankings.communities(db, period),
            rankings.units(db, period),
            rankings.data_quality(db, period),
        ),
    }


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/risk-bench-city.duckdb"))
    parser.add_argument("--streets", type=int, default=175)
    parser.add_argument("--pages", action="store_true", help="also time the pages as the server draws them")
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        build = Database(args.db)
        build_demo(build, DemoConfig(seed=42, end=END, scale=args.streets))
        build.close()
        print(f"built {args.streets} streets in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    db = Database(args.db)
    counts = {t: db.scalar(f"SELECT count(*) FROM {t}") for t in ("petitions", "screenings", "groups")}
    print(
        f"database: {counts['petitions']:,} petitions, {counts['screenings']:,} screenings, {counts['groups']:,} groups"
    )
    started = time.perf_counter()
    geo.map_shapes(db)
    print(f"map shapes (cached per data version): {time.perf_counter() - started:.2f} s")
    communities = [c for (c,) in db.rows("SELECT community_id FROM communities ORDER BY 1")]
    warm = pages(db, communities[0], "utilities")
    for run in warm.values():
        run()
    print("| page | one filter change, median of 5 (s) | slowest (s) |")
    print("|---|---|---|")
    filters = [
        (communities[i * 7 + 1], c)
        for i, c in enumerate(("property_management", "labor_wages", "land_housing", "environment", "public_order"))
    ]
    for name in warm:
        times = [timed(pages(db, community, category)[name]) for community, category in filters]
        print(f"| {name} | {statistics.median(times):.3f} | {max(times):.3f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__" and "--pages" not in sys.argv:
    main()


def page_reruns(path: Path) -> None:
    """The same, as the server draws the pages (Streamlit's AppTest: script and queries, no browser)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["RISK_DB"] = str(path)
    os.environ["RISK_LANG"] = "en"
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "dashboard.py"), default_timeout=600)
    app.run()
    app.text_input(key="login_username").input("analyst")
    app.text_input(key="login_password").input("demo")
    app.button(key="login_submit").click().run()
    print("| page, as drawn | first draw (s) | a filter change once warm (s) |")
    print("|---|---|---|")
    changes = {
        "app_pages/heatmaps.py": lambda: app.selectbox(key="_w_heatmaps_category_en").set_value("labor_wages"),
        "app_pages/trends.py": lambda: app.selectbox(key="_w_trends_channel_en").set_value("phone"),
        "app_pages/rankings.py": lambda: app.radio(key="_w_rankings_measure_en").set_value("overdue"),
        "app_pages/overview.py": lambda: app.radio(key="overview_metric_en").set_value("rate"),
    }
    for page, change in changes.items():
        first = timed(lambda page=page: app.switch_page(page).run())
        change()
        again = timed(app.run)
        assert not app.exception, app.exception
        print(f"| {page} | {first:.2f} | {again:.2f} |")


if __name__ == "__main__" and "--pages" in sys.argv:
    page_reruns(
        Path(sys.argv[sys.argv.index("--db") + 1]) if "--db" in sys.argv else Path("/tmp/risk-bench-city.duckdb")
    )
