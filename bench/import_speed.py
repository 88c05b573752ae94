"""CSV import speed at the million-row scale: `python bench/import_speed.py [--rows N]`.

Builds the demo street's areas in a fresh database, writes a screenings ledger
of N rows with Chinese headers (mixed date forms, Chinese labels, personal
fields to pseudonymise), imports it through the same function the command
line and the page use, then imports it again (the idempotent path).
Target (issue 4): at least 200,000 rows per second on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.db import Database  # noqa: E402
from analytics.demo import areas as demo_areas  # noqa: E402
from analytics.ledger import import_file  # noqa: E402
from analytics.roles import SYSTEM  # noqa: E402


def ledger(rows: int, areas: demo_areas.StreetAreas, rng: np.random.Generator) -> pd.DataFrame:
    names = areas.groups.merge(areas.communities.rename(columns={"name": "community"}), on="community_id")
    pick = rng.integers(0, len(names), rows)
    days = np.datetime64("2024-01-01") + rng.integers(0, 1000, rows).astype("timedelta64[D]")
    text_days = pd.Series(days.astype(str))
    slash = rng.random(rows) < 0.3
    text_days[slash] = text_days[slash].str.replace("-", "/")
    findings = np.array(["无", "供水", "物业管理", "欠薪", "邻里纠纷"])[
        rng.choice(5, rows, p=[0.85, 0.05, 0.04, 0.03, 0.03])
    ]
    return pd.DataFrame(
        {
            "排查编号": [f"PC{i:08d}" for i in range(rows)],
            "排查日期": text_days,
            "社区": names["community"].to_numpy()[pick],
            "小组": names["name"].to_numpy()[pick],
            "户号": [f"{b}栋{u}室" for b, u in zip(rng.integers(1, 400, rows), rng.integers(101, 1800, rows))],
            "排查人": [f"网格员{n}" for n in rng.integers(1, 300, rows)],
            "排查发现": findings,
            "严重程度": np.where(findings == "无", "", rng.choice(["1", "2", "较大", "重大"], rows)),
            "涉及人数": rng.integers(0, 6, rows),
            "情况描述": np.where(findings == "无", "", "入户走访发现问题"),
        }
    )


def street_and_ledger(folder: Path, rows: int, seed: int = 7) -> tuple[Database, Path]:
    """A database holding one street's areas, and a screenings ledger of ``rows`` rows for it."""
    rng = np.random.default_rng(seed)
    db = Database(Path(folder) / "bench.duckdb")
    areas = demo_areas.build_areas(rng, 0, 1, 1)
    db.insert_frame("communities", areas.communities)
    db.insert_frame("groups", areas.groups)
    path = Path(folder) / "screenings.csv"
    ledger(rows, areas, rng).to_csv(path, index=False)
    return db, path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db, path = street_and_ledger(Path(folder), args.rows)
        size = path.stat().st_size / 2**20
        started = time.perf_counter()
        first = import_file(db, SYSTEM, "screenings", path)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = import_file(db, SYSTEM, "screenings", path)
        again_seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert first.rows_imported == args.rows and again.rows_unchanged == args.rows, (first, again)
        print(
            f"| screenings CSV import | {args.rows:,} rows, {size:.0f} MB | first: {first_seconds:.1f} s "
            f"({args.rows / first_seconds:,.0f} rows/s) | again (unchanged): {again_seconds:.1f} s "
            f"({args.rows / again_seconds:,.0f} rows/s) | peak memory {peak:,.0f} MB |"
        )
        print(f"date: {date.today()}", file=sys.stderr)
        db.close()


if __name__ == "__main__":
    main()
