"""The casework pages with 10,000 open 风险隐患: `python bench/casework_speed.py [--items N] [--db PATH]`.

Builds the demo street and adds N open risk items (by default 10,000) spread over its groups and categories,
a third of them assigned with a leader in charge and one in ten past its deadline, as a city's register
would be. Then times, as the server draws them (Streamlit's AppTest: script, queries and charts, no browser):

- the register page (first draw after the data changed: the scores are computed; then warm, from the page
  cache; then one item opened with its handling panel),
- the meeting view (starting a meeting: its agenda drawn up; one agenda item drawn; a decision recorded),
- 我包案的事项 for the leader with the most items,
- and the `risk list` query behind the command line.

Target (issue 19): under 0.5 s server time for the register and the meeting view with 10,000 open items,
once warm. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import lifecycle  # noqa: E402
from analytics.db import Database  # noqa: E402
from analytics.taxonomy import CATEGORIES  # noqa: E402

END = date(2026, 11, 27)
LEADERS = [f"包案领导{k:02d}" for k in range(1, 21)]


def timed(work, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def add_items(path: Path, count: int) -> None:
    """``count`` open risk items as a city's ledger would hold them."""
    rng = np.random.default_rng(19)
    with Database(path) as db:
        groups = db.query("SELECT group_id, community_id FROM groups")
        units = [n for (n,) in db.rows("SELECT name FROM responsible_units WHERE kind = 'handler'")]
        pick = rng.integers(0, len(groups), count)
        identified = [END - timedelta(days=int(d)) for d in rng.integers(0, 720, count)]
        assigned = rng.random(count) < 1 / 3
        late = rng.random(count) < 0.1
        due = [
            (END - timedelta(days=int(rng.integers(1, 60)))) if lt else (END + timedelta(days=int(rng.integers(1, 60))))
            for lt in late
        ]
        frame = pd.DataFrame(
            {
                "matter_id": [f"BENCH-{k:06d}" for k in range(count)],
                "identified_date": identified,
                "source": "screening",
                "community_id": groups["community_id"].to_numpy()[pick],
                "group_id": groups["group_id"].to_numpy()[pick],
                "category": rng.choice(list(CATEGORIES), count),
                "people_involved": rng.integers(1, 30, count),
                "responsible_unit": [
                    units[i % len(units)] if a or lt else None for i, (a, lt) in enumerate(zip(assigned, late))
                ],
                "leader": [
                    LEADERS[i % len(LEADERS)] if a or lt else None for i, (a, lt) in enumerate(zip(assigned, late))
                ],
                "status": ["assigned" if a or lt else "open" for a, lt in zip(assigned, late)],
                "assigned_date": [END - timedelta(days=90) if a or lt else None for a, lt in zip(assigned, late)],
                "due_date": [d if a or lt else None for d, a, lt in zip(due, assigned, late)],
                "description": "楼道堆放杂物，存在消防隐患",
            }
        )
        db.insert_frame("risk_items", frame)
        db.bump_data_version()


def app(path: Path, role: str):
    from streamlit.testing.v1 import AppTest

    os.environ["RISK_DB"] = str(path)
    os.environ["RISK_LANG"] = "zh"
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    at.text_input(key="login_username").input(role)
    at.text_input(key="login_password").input("demo")
    at.button(key="login_submit").click().run()
    assert not at.exception, at.exception
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000, help="open risk items added (default 10,000)")
    parser.add_argument("--db", type=Path, default=None, help="keep the database here (default: a temporary one)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-casework-")
    path = args.db or Path(folder) / "street.duckdb"
    if not path.exists():
        from analytics.__main__ import main as cli

        assert cli(["init", "--demo", "--db", str(path), "--end", END.isoformat(), "--no-model"]) == 0
        add_items(path, args.items)
    rows = []
    with Database(path) as db:
        open_items = len(lifecycle.items(db, END))
        rows.append(
            (
                "`risk list` query (items not closed, with state and deadline)",
                timed(lambda: lifecycle.items(db, END), 3),
            )
        )
    officer = app(path, "officer")
    officer.switch_page("app_pages/risk_register.py")
    cold = timed(officer.run)
    assert not officer.exception, officer.exception
    warm = timed(officer.run, 3)
    officer.text_input(key="register_search").input("BENCH-000007")
    one = timed(officer.run)
    assert not officer.exception, officer.exception
    rows += [
        ("register, first draw after the data changed (scores computed)", cold),
        ("register, warm", warm),
        ("register, one item with its handling panel", one),
    ]
    committee = app(path, "committee")
    committee.switch_page("app_pages/meeting.py").run()
    start = timed(lambda: committee.button(key="meeting_start_go").click().run())
    assert not committee.exception, committee.exception
    item = timed(committee.run, 3)
    committee.radio(key="meeting_1_1_decision").set_value("watch")
    decide = timed(lambda: committee.button(key="meeting_1_1_go").click().run())
    assert not committee.exception, committee.exception
    rows += [
        ("meeting: start (agenda drawn up from the register)", start),
        ("meeting: one agenda item drawn, warm", item),
        ("meeting: a decision recorded, next item drawn", decide),
    ]
    committee.session_state["mine_who"] = LEADERS[0]
    committee.switch_page("app_pages/my_items.py")
    mine = timed(committee.run, 3)
    assert not committee.exception, committee.exception
    rows.append(("我包案的事项 (one leader's items)", mine))
    print(f"| {open_items:,} items not closed | server time |")
    print("|---|---|")
    for what, seconds in rows:
        print(f"| {what} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
