"""One benchmark step, in a process of its own (so that its peak memory is its own):
`python bench/measure.py STEP --db PATH` prints one JSON line.

Each step times the product and, side by side, (a) the bare DuckDB query that is
the lower bound for the same answer (one connection, native fetch, no page code)
and (b) a straightforward pandas implementation (read the columns it needs, then
group and filter in pandas). ``bench/run.py`` runs them all and writes the table.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

END = date(2026, 11, 27)  # the demo streets' last day (run.py builds them to end there)
STEPS = {}


def step(function):
    STEPS[function.__name__] = function
    return function


def timed(run, repeat: int = 1) -> float:
    """The median wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb() -> float:
    """This process's peak memory, or a child's (the dashboard server of the browser step) when higher."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def bare(path: Path):
    import duckdb

    return duckdb.connect(str(path), read_only=True)


def table(connection, sql: str, params=None) -> pd.DataFrame:
    return connection.sql(sql, params=params or None).to_arrow_table().to_pandas()


# -- CSV import ---------------------------------------------------------------------------------------------------


@step
def csv_import(path: Path, rows: int = 1_000_000) -> dict:
    """Rows per second into the screenings ledger: the product (checks, pseudonyms, idempotent upsert) against
    DuckDB reading the same CSV into a table, and pandas reading it and handing it to DuckDB."""
    import duckdb

    from analytics.ledger import import_file
    from analytics.roles import SYSTEM
    from bench.import_speed import street_and_ledger

    with tempfile.TemporaryDirectory() as folder:
        db, csv = street_and_ledger(Path(folder), rows)
        product = timed(lambda: import_file(db, SYSTEM, "screenings", csv))
        db.close()
        con = duckdb.connect(str(Path(folder) / "bare.duckdb"))
        lower = timed(
            lambda: con.execute("CREATE OR REPLACE TABLE s AS SELECT * FROM read_csv(?, all_varchar=true)", [str(csv)])
        )

        def with_pandas():
            frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
            con.register("frame", frame)
            con.execute("CREATE OR REPLACE TABLE p AS SELECT * FROM frame")
            con.unregister("frame")

        by_pandas = timed(with_pandas)
        con.close()
    return {
        "what": f"CSV import, {rows:,} screenings",
        "unit": "rows/s",
        "product": rows / product,
        "duckdb": rows / lower,
        "pandas": rows / by_pandas,
        "seconds": product,
    }


# -- scoring ------------------------------------------------------------------------------------------------------


@step
def scoring(path: Path) -> dict:
    """Risk score of every open matter (linking petitions that name no matter included), cold."""
    from analytics.db import Database
    from analytics.scoring import score_matters

    db = Database(path, read_only=True)
    with db.in_use():
        started = time.perf_counter()
        scored = score_matters(db, END)
        product = time.perf_counter() - started
    db.close()
    # the lower bound: each open matter's inputs (petitions, people, highest level, last day) in one query
    sql = """
        SELECT matter_id, count(*) AS petitions, max(people_count) AS people, max(level) AS level,
               max(received_date) AS last_day, count(DISTINCT petitioner) AS petitioners
        FROM petitions WHERE received_date <= ? AND matter_id IS NOT NULL AND received_date > ? - 365
        GROUP BY matter_id
    """
    con = bare(path)
    lower = timed(lambda: table(con, sql, [END, END]), 3)

    def with_pandas():
        frame = table(con, "SELECT matter_id, people_count, level, received_date, petitioner FROM petitions")
        recent = frame[(frame["received_date"] <= END) & (frame["received_date"] > END - timedelta(days=365))]
        recent.dropna(subset=["matter_id"]).groupby("matter_id").agg(
            petitions=("people_count", "size"),
            people=("people_count", "max"),
            level=("level", "max"),
            last_day=("received_date", "max"),
            petitioners=("petitioner", "nunique"),
        )

    by_pandas = timed(with_pandas)
    con.close()
    return {
        "what": f"scoring all {len(scored):,} open matters",
        "unit": "s",
        "product": product,
        "duckdb": lower,
        "pandas": by_pandas,
    }


# -- detectors ----------------------------------------------------------------------------------------------------

DETECTOR_INPUTS = [
    # seven-day counts of every group × category and community × category (what spikes, clusters and trends read)
    """SELECT group_id, community_id, category, received_date, count(*) FROM petitions
       WHERE received_date BETWEEN $end - 1491 AND $end GROUP BY ALL""",
    # group, skip-level and matter petitions of the lookback (the rules)
    """SELECT petition_id, received_date, community_id, group_id, category, matter_id, people_count, level
       FROM petitions WHERE received_date BETWEEN $end - 400 AND $end
        AND (people_count >= 5 OR level <> 'street' OR matter_id IS NOT NULL)""",
    # overdue cases
    """SELECT petition_id, due_date FROM petitions WHERE received_date <= $end AND status <> 'rejected'
       AND (resolved_date IS NULL OR resolved_date > $end) AND due_date < $end""",
    # each group's last screening (blind spots)
    """SELECT group_id, max(visit_date) FROM screenings WHERE visit_date <= $end GROUP BY group_id""",
]


@step
def detectors(path: Path, day: str | None = None) -> dict:
    """Every detector as of a day (signals with their trend status), cold, against reading their inputs."""
    from analytics import detect
    from analytics.db import Database

    as_of = date.fromisoformat(day) if day else END
    db = Database(path, read_only=True)
    with db.in_use():
        started = time.perf_counter()
        signals = detect.run_all(db, as_of)
        product = time.perf_counter() - started
    db.close()
    con = bare(path)
    lower = timed(
        lambda: [
            table(con, sql.replace("$end", "CAST(? AS DATE)"), [as_of] * sql.count("$end")) for sql in DETECTOR_INPUTS
        ],
        3,
    )

    def with_pandas():
        petitions = table(
            con,
            "SELECT petition_id, received_date, community_id, group_id, category, matter_id, "
            "people_count, level, status, due_date, resolved_date FROM petitions",
        )
        days = pd.to_datetime(petitions["received_date"])
        end = pd.Timestamp(as_of)
        history = petitions[(days <= end) & (days > end - pd.Timedelta(days=1491))]
        for place in ("group_id", "community_id"):
            daily = history.groupby([place, "category", "received_date"]).size()
            daily.groupby(level=[0, 1]).tail(35).groupby(level=[0, 1]).sum()  # recent cases per series
        recent = petitions[(days <= end) & (days > end - pd.Timedelta(days=400))]
        recent[recent["people_count"] >= 5].groupby("matter_id").size()
        recent[recent["level"] != "street"].groupby("matter_id").size()
        recent.dropna(subset=["matter_id"]).groupby("matter_id")["received_date"].agg(["count", "max"])
        open_ = petitions[(days <= end) & (petitions["status"] != "rejected")]
        open_[pd.to_datetime(open_["due_date"]) < end]
        screenings = table(con, "SELECT group_id, visit_date FROM screenings")
        screenings[pd.to_datetime(screenings["visit_date"]) <= end].groupby("group_id")["visit_date"].max()

    by_pandas = timed(with_pandas)
    con.close()
    return {
        "what": f"all detectors as of {as_of} ({len(signals):,} signals)",
        "unit": "s",
        "product": product,
        "duckdb": lower,
        "pandas": by_pandas,
        "note": "the baselines only read and group the detectors' inputs",
    }


@step
def backtest(path: Path, days: int = 364) -> dict:
    """The weekly run replayed week by week over a year (every detector as of each week's last day), the weeks
    shared by two processes."""
    from analytics.db import Database
    from analytics.detect.backtest import replay

    db = Database(path, read_only=True)
    started = time.perf_counter()
    found = replay(db, END - timedelta(days=days), END, workers=2)
    product = time.perf_counter() - started
    db.close()
    weeks = found["as_of"].nunique()
    return {
        "what": f"week-by-week backtest, {weeks} weeks ({int(found['new'].sum()):,} new alerts)",
        "unit": "s",
        "product": product,
    }


# -- the overview ---------------------------------------------------------------------------------------------------

OVERVIEW_SQL = [
    """SELECT count(*) FROM risk_items
       WHERE identified_date <= $end AND (status <> 'resolved' OR resolved_date > $end)""",
    """SELECT count(*) FILTER (WHERE received_date BETWEEN $month AND $end),
              count(*) FILTER (WHERE received_date BETWEEN $month - INTERVAL 1 YEAR AND $end - INTERVAL 1 YEAR),
              count(*) FILTER (WHERE received_date BETWEEN $start AND $end AND people_count >= 5),
              count(*) FILTER (WHERE received_date BETWEEN $start AND $end AND level <> 'street')
       FROM petitions""",
    """SELECT count(*), count(*) FILTER (WHERE status = 'resolved' AND resolved_date <= due_date) FROM petitions
       WHERE due_date BETWEEN $start AND $end AND received_date <= $end AND status <> 'rejected'""",
    """SELECT count(DISTINCT household) FROM screenings WHERE visit_date BETWEEN $end - 29 AND $end""",
    """SELECT community_id, category, count(*) FROM petitions
       WHERE received_date BETWEEN $start AND $end GROUP BY ALL""",
    """SELECT date_trunc('week', received_date), count(*) FROM petitions WHERE received_date BETWEEN $start AND $end
       GROUP BY 1""",
    """SELECT date_trunc('week', visit_date), count(*) FROM screenings WHERE visit_date BETWEEN $start AND $end
       AND finding <> 'none' GROUP BY 1""",
    """SELECT received_date, community_id, group_id, category, people_count, level, summary FROM petitions
       WHERE received_date BETWEEN $start AND $end AND (people_count >= 5 OR level IN ('city', 'province', 'national'))
       ORDER BY received_date DESC LIMIT 10""",
    """SELECT visit_date, community_id, group_id, finding, severity FROM screenings
       WHERE visit_date BETWEEN $start AND $end AND severity >= 3 ORDER BY visit_date DESC LIMIT 10""",
]


def _bound(sql: str) -> str:
    for name in ("$start", "$end", "$month"):
        sql = sql.replace(name, "CAST(" + {"$start": "?", "$end": "?", "$month": "?"}[name] + " AS DATE)")
    return sql


def _params(sql: str, period) -> list:
    order = []
    for position in range(len(sql)):
        for name, value in (("$start", period.start), ("$end", period.end), ("$month", period.end.replace(day=1))):
            if sql.startswith(name, position):
                order.append(value)
    return order


@step
def overview_queries(path: Path) -> dict:
    """The overview's figures for the last year, whole street or city (cold cache of the page, warm database)."""
    from analytics import queries
    from analytics.db import Database

    period = queries.Period(END - timedelta(days=364), END, None)
    db = Database(path, read_only=True)

    def product_run():
        with db.in_use():
            queries.overview_kpis(db, period)
            queries.community_category_counts(db, period)
            queries.weekly_counts(db, period)
            queries.serious_items(db, period)

    product_run()
    product = timed(product_run, 5)
    db.close()
    con = bare(path)
    statements = [(_bound(sql), _params(sql, period)) for sql in OVERVIEW_SQL]
    lower = timed(lambda: [con.execute(sql, params).fetchall() for sql, params in statements], 5)

    def with_pandas():
        petitions = table(
            con,
            "SELECT received_date, community_id, group_id, category, people_count, level, status, "
            "due_date, resolved_date, summary FROM petitions",
        )
        screenings = table(con, "SELECT visit_date, household, finding, severity FROM screenings")
        risks = table(con, "SELECT identified_date, status, resolved_date FROM risk_items")
        start, end = period.start, period.end
        in_period = petitions[(petitions["received_date"] >= start) & (petitions["received_date"] <= end)]
        (risks["identified_date"] <= end).sum()
        in_period.groupby(["community_id", "category"]).size()
        in_period.groupby(pd.to_datetime(in_period["received_date"]).dt.to_period("W")).size()
        seen = screenings[(screenings["visit_date"] >= start) & (screenings["visit_date"] <= end)]
        seen[seen["finding"] != "none"].groupby(pd.to_datetime(seen["visit_date"]).dt.to_period("W")).size()
        seen[seen["visit_date"] > end - timedelta(days=30)]["household"].nunique()
        in_period[in_period["people_count"] >= 5].sort_values("received_date").tail(10)

    by_pandas = timed(with_pandas, 1)
    con.close()
    return {
        "what": "overview's queries (a year, everything)",
        "unit": "s",
        "product": product,
        "duckdb": lower,
        "pandas": by_pandas,
    }


def _app(path: Path):
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["RISK_DB"] = str(path)
    os.environ["RISK_LANG"] = "zh"
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    app.run()
    app.text_input(key="login_username").input("committee")
    app.text_input(key="login_password").input("demo")
    return app


@step
def overview_page(path: Path) -> dict:
    """The overview as the server draws it (AppTest: script, queries and figures): first draw after logging in
    (cold: nothing cached), the same page again (warm), and a filter change (another community)."""
    app = _app(path)
    cold = timed(lambda: app.button(key="login_submit").click().run())
    assert not app.exception, app.exception
    assert len(app.metric) == 6, "the overview did not draw its headline figures"
    warm = timed(app.run, 3)
    box = app.selectbox(key="_w_community_zh")
    change = timed(lambda: box.set_value(box.options[len(box.options) // 2]).run())
    assert not app.exception, app.exception
    return {
        "what": "overview page, drawn by the server",
        "unit": "s",
        "cold": cold,
        "warm": warm,
        "filter_change": change,
    }


@step
def overview_browser(path: Path) -> dict:
    """The overview in headless Chromium on a freshly started server: logged in on another page (the account
    page), a click on the overview until its figures and charts are on screen (cold: nothing cached); then to
    the account page and back (warm)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, dashboard_server, log_in

    with dashboard_server(path, lang="zh", timeout=120) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        log_in(page, url, "committee", path="account")
        nav = page.get_by_test_id("stSidebar")

        def overview() -> float:
            time.sleep(1)  # the page before it settled
            started = time.perf_counter()
            nav.locator("a", has_text="风险总览").click()
            page.get_by_role("heading", name="风险总览").first.wait_for(timeout=120_000)
            page.locator("[data-testid='stMetric']").first.wait_for(timeout=120_000)
            page.locator(".js-plotly-plot").nth(1).wait_for(timeout=120_000)
            return time.perf_counter() - started

        cold = overview()
        warm = []
        for _ in range(3):
            nav.locator("a", has_text="修改密码").click()
            page.get_by_role("heading", name="我的账号").first.wait_for(timeout=120_000)
            warm.append(overview())
        browser.close()
    return {"what": "overview in a browser", "unit": "s", "cold": cold, "warm": statistics.median(warm)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--day", help="detectors: the as-of day (default the demo's last day)")
    args = parser.parse_args()
    function = STEPS[args.step]
    result = function(args.db, args.day) if args.step == "detectors" else function(args.db)
    result["peak_mb"] = peak_mb()
    print(json.dumps({"step": args.step, **result}, default=float))


if __name__ == "__main__":
    main()
