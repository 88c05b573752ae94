"""What the product computes on the demo street and on Boston, as one JSON document, to compare before and after
a change that should not change behaviour (a refactoring):

    python bench/behaviour.py --out before.json      # on the old commit
    python bench/behaviour.py --out after.json       # on the new one
    python bench/behaviour.py --compare before.json after.json

It builds both databases afresh in a temporary folder through the command line, then records the scores, the
alerts open on a few days (alert ids left out: they number episodes in the order they were recorded), the
summary, the overview figures and the rankings. Boston needs ../shared/data/real beside the project.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.__main__ import main  # noqa: E402
from analytics.evaluation.real import BOSTON as BOSTON_CSV  # noqa: E402
from analytics.evaluation.real import MAPPING as BOSTON_MAPPING  # noqa: E402

DEMO_END = date(2026, 11, 27)
BOSTON_END = date(2018, 12, 31)


def _json(argv: list[str]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*argv, "--json"])
    assert code == 0, (argv, code)
    return json.loads(out.getvalue())


def _figures(path: Path, end: date) -> dict:
    from analytics import queries, rankings
    from analytics.db import open_database

    db = open_database(path)
    with db.in_use():
        found = {}
        for days in (30, 91, 365):
            period = queries.Period(end - timedelta(days=days - 1), end, None)
            found[f"kpis_{days}"] = queries.overview_kpis(db, period, 5)
            found[f"rank_{days}"] = (
                rankings.communities(db, period, "on_time_rate").round(9).astype(str).to_dict("records")
            )
    return json.loads(json.dumps(found, default=str))


def street(path: Path, end: date) -> dict:
    db = ["--db", str(path)]
    found = {"summary": _json(["summary", *db]), "score": _json(["score", *db, "--as-of", end.isoformat()])}
    for back in (28, 7, 0):  # forward in time, as an office runs them week after week
        day = (end - timedelta(days=back)).isoformat()
        alerts = _json(["alerts", *db, "--as-of", day])
        found[f"alerts_{day}"] = sorted(
            ({k: v for k, v in a.items() if k != "alert_id"} for a in alerts),
            key=lambda a: json.dumps(a, sort_keys=True, ensure_ascii=False),
        )
    return found | _figures(path, end)


def snapshot() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.duckdb"
        assert main(["init", "--demo", "--end", DEMO_END.isoformat(), "--db", str(demo)]) == 0
        found = {"demo": street(demo, DEMO_END)}
        if BOSTON_CSV.exists():
            boston = Path(folder) / "boston.duckdb"
            mapped = ["--mapping", str(BOSTON_MAPPING), "--db", str(boston)]
            rejects = ["--skip-invalid", "--rejects", str(Path(folder) / "rejects.csv")]
            assert main(["init", "--db", str(boston)]) == 0
            assert main(["import", "areas", str(BOSTON_CSV), "--from-records", "petitions", *mapped]) == 0
            assert main(["import", "petitions", str(BOSTON_CSV), *mapped, *rejects]) == 0
            found["boston"] = street(boston, BOSTON_END)
    return found


def compare(before: dict, after: dict, where: str = "") -> list[str]:
    """Where the two documents differ (paths into them)."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            d
            for key in sorted(set(before) | set(after))
            for d in (
                compare(before.get(key), after.get(key), f"{where}/{key}")
                if key in before and key in after
                else [f"{where}/{key}: only in {'before' if key in before else 'after'}"]
            )
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for i, (b, a) in enumerate(zip(before, after)) for d in compare(b, a, f"{where}[{i}]")]
    same_nan = isinstance(before, float) and isinstance(after, float) and before != before and after != after
    return [] if before == after or same_nan else [f"{where}: {str(before)[:120]} != {str(after)[:120]}"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        differences = compare(*(json.loads(p.read_text(encoding="utf-8")) for p in args.compare))
        print("\n".join(differences[:50]) or "identical")
        print(f"{len(differences)} differences", file=sys.stderr)
        sys.exit(1 if differences else 0)
    args.out.write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
