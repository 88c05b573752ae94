"""Every benchmark at city scale, one table: `python bench/run.py` (or `make bench`).

Builds K demo streets in one database with the product's own command
(`python -m analytics init --demo --scale K`, 175 streets ≈ 1 million
petitions and 8.6 million screenings) and trains the escalation model on it,
unless --db names a database built before; then runs each step of
``bench/measure.py`` in a process of its own, prints the results as a
Markdown table with the machine described, and writes the table into the
docs/benchmarks.md between the ``bench:begin`` and ``bench:end`` markers (--no-readme
leaves it alone). Raw results go to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
END = "2026-11-27"
MODEL_AS_OF = "2026-10-28"  # a month before the end, so that the forecasts' month is after the training
STEPS = [
    "csv_import",
    "scoring",
    "detectors",
    "detectors_surge",
    "backtest",
    "overview_queries",
    "overview_page",
    "overview_browser",
]
SURGE_DAY = "2026-09-11"  # the worst day of the demo streets' citywide surge for the detectors


def run(command: list[str], what: str) -> tuple[float, float, str]:
    """Run a command; its wall time, its peak memory (MB, its own and its children's) and its output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=err, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.stderr.write(err.read()[-5000:])
            raise SystemExit(f"{what} failed (exit {process.returncode})")
        return seconds, usage.ru_maxrss / 1024, out.read()


def build(db: Path, streets: int) -> list[dict]:
    """The scaled streets and their model, each step timed (skipped when the file exists)."""
    rows = []
    built = db.with_name(db.name + ".build.json")  # how long building took, kept for runs that reuse the file
    if db.exists():
        return json.loads(built.read_text()) if built.exists() else rows
    db.parent.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    seconds, peak, _ = run(
        [
            python,
            "-m",
            "analytics",
            "init",
            "--demo",
            "--scale",
            str(streets),
            "--end",
            END,
            "--no-model",
            "--db",
            str(db),
        ],
        "building the streets",
    )
    rows.append(
        {"step": "build", "what": f"`init --demo --scale {streets}`", "unit": "s", "product": seconds, "peak_mb": peak}
    )
    seconds, peak, _ = run(
        [python, "-m", "analytics", "model", "train", "--as-of", MODEL_AS_OF, "--db", str(db)], "training the model"
    )
    rows.append(
        {
            "step": "train",
            "what": f"`model train --as-of {MODEL_AS_OF}`",
            "unit": "s",
            "product": seconds,
            "peak_mb": peak,
        }
    )
    built.write_text(json.dumps(rows))
    return rows


def measure(step: str, db: Path) -> dict:
    arguments = [sys.executable, str(ROOT / "bench" / "measure.py")]
    if step == "detectors_surge":
        arguments += ["detectors", "--db", str(db), "--day", SURGE_DAY]
    else:
        arguments += [step, "--db", str(db)]
    _, _, out = run(arguments, step)
    result = json.loads(out.strip().splitlines()[-1])
    result["step"] = step
    return result


def database_size(db: Path) -> str:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        petitions, screenings, groups, communities = con.execute(
            "SELECT (SELECT count(*) FROM petitions), (SELECT count(*) FROM screenings), "
            "(SELECT count(*) FROM groups), (SELECT count(*) FROM communities)"
        ).fetchall()[0]
    return (
        f"{petitions:,} petitions, {screenings:,} screenings, {groups:,} groups in {communities:,} communities "
        f"({db.stat().st_size / 2**20:,.0f} MB on disk)"
    )


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 2**20:.0f} GB"
    except (OSError, AttributeError):
        pass
    import duckdb
    import pandas
    import streamlit

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} memory; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, pandas {pandas.__version__}, "
        f"Streamlit {streamlit.__version__}; measured {date.today()}"
    )


TARGETS = {  # step: (text, check on the result)
    "csv_import": ("≥ 200,000 rows/s", lambda r: r["product"] >= 200_000),
    "detectors": ("≤ 5 s", lambda r: r["product"] <= 5),
    "detectors_surge": ("≤ 5 s", lambda r: r["product"] <= 5),
    "backtest": ("≤ 120 s", lambda r: r["product"] <= 120),
    "overview_queries": ("≤ 1.5 × DuckDB", lambda r: r["product"] <= 1.5 * r["duckdb"]),
    "overview_page": (
        "cold ≤ 2 s, warm ≤ 0.5 s",
        lambda r: r["cold"] <= 2 and r["warm"] <= 0.5 and r["filter_change"] <= 0.5,
    ),
    "overview_browser": ("cold ≤ 2 s, warm ≤ 0.5 s", lambda r: r["cold"] <= 2 and r["warm"] <= 0.5),
}


def number(value: float, unit: str) -> str:
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def row(result: dict) -> str:
    unit = result.get("unit", "s")
    if "cold" in result:
        product = f"cold {result['cold']:.2f} s, warm {result['warm']:.2f} s"
        if "filter_change" in result:
            product += f", filter change {result['filter_change']:.2f} s"
    else:
        product = number(result["product"], unit)
    duckdb_, pandas_, versus = "", "", ""
    if "duckdb" in result:
        duckdb_ = number(result["duckdb"], unit)
        pandas_ = number(result["pandas"], unit)
        if unit == "rows/s":
            versus = f"{result['duckdb'] / result['product']:.1f} × / {result['product'] / result['pandas']:.2f} ×"
        else:
            versus = f"{result['product'] / result['duckdb']:.1f} × / {result['pandas'] / result['product']:.2f} ×"
    target, check = TARGETS.get(result["step"], ("", None))
    verdict = "" if check is None else (" ✓" if check(result) else " ✗")
    peak = f"{result['peak_mb']:,.0f} MB" if result.get("peak_mb") else ""
    what = result["what"] + (f" ({result['note']})" if result.get("note") else "")
    return f"| {what} | {product} | {duckdb_} | {pandas_} | {versus} | {target}{verdict} | {peak} |"


def table(results: list[dict], db: Path, streets: int) -> str:
    lines = [
        f"Machine: {machine()}.",
        "",
        f"Database: {streets} demo streets — {database_size(db)}.",
        "",
        "| measure | product | bare DuckDB | pandas | product ÷ DuckDB / pandas ÷ product | target | peak memory |",
        "|---|---|---|---|---|---|---|",
        *(row(r) for r in results),
    ]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = ROOT / "docs" / "benchmarks.md"
    content = readme.read_text(encoding="utf-8")
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in content or end not in content:
        raise SystemExit("docs/benchmarks.md has no bench:begin/bench:end markers")
    head, rest = content.split(begin, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streets", type=int, default=175, help="demo streets in the database (default 175)")
    parser.add_argument("--db", type=Path, help="a database built before (default: /tmp/risk-bench/city-K.duckdb)")
    parser.add_argument("--steps", nargs="*", choices=STEPS, default=STEPS)
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/risk-bench/city-{args.streets}.duckdb")
    results = build(db, args.streets)
    for step in args.steps:
        print(f"… {step}", file=sys.stderr, flush=True)
        results.append(measure(step, db))
    text = table(results, db, args.streets)
    print(text)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "latest.json").write_text(json.dumps(results, indent=1, default=float))
    if not args.no_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
