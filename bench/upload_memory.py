"""Memory of checking an uploaded ledger: `python bench/upload_memory.py [--mb 50]`.

Writes a petitions ledger of about ``--mb`` MB in UTF-8 and in GB18030 (the encoding Excel gives Chinese CSV
files), then in a fresh process for each: reads it as the import does before anything reaches the database
(size, columns, every line's length, the encoding, the UTF-8 copy, the header: ``analytics.ledger.reader``),
and, separately, imports it whole. Reports each process's peak memory above what it held before (the kernel's
VmHWM minus VmRSS after the imports). Target (issue 20.11): the check's peak under 2 × the file's size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from analytics.db import Database
from analytics.ledger import import_file
from analytics.ledger.reader import read
from analytics.roles import SYSTEM

def kb(field):
    return int(next(l for l in open('/proc/self/status') if l.startswith(field)).split()[1])

path, step, db = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
database = Database(db) if step == 'import' else None
before = kb('VmRSS:')
if step == 'check':
    ledger = read(path)
    ledger.close()
else:
    result = import_file(database, SYSTEM, 'petitions', path)
    assert result.rows_imported > 0, result
print(json.dumps({{'peak_mb': (kb('VmHWM:') - before) / 1024}}))
"""


def ledger(megabytes: float, rng: np.random.Generator) -> pd.DataFrame:
    rows = int(megabytes * 2**20 / 150)  # about 150 bytes a row
    days = np.datetime64("2025-01-01") + rng.integers(0, 600, rows).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "信访编号": [f"XF{i:09d}" for i in range(rows)],
            "登记日期": days.astype(str),
            "信访形式": rng.choice(["来访", "来信", "电话", "网上信访"], rows),
            "社区": rng.choice(["爱民社区", "新华社区", "团结社区"], rows),
            "小组": [f"第{n}小组" for n in rng.integers(1, 40, rows)],
            "信访人": [f"居民{n}" for n in rng.integers(1, 50_000, rows)],
            "人数": rng.integers(1, 8, rows),
            "问题类别": rng.choice(["供水", "物业管理", "欠薪", "邻里纠纷"], rows),
            "信访层级": "街道",
            "办理状态": "登记",
            "内容摘要": rng.choice(["楼道灯坏了一个月", "小区门口路面破损，雨天积水", "楼上漏水多次协调未果"], rows),
        }
    )


def street(folder: Path) -> Path:
    """A database with the three communities and their groups the ledger names."""
    from analytics.db import Database

    path = folder / "street.duckdb"
    db = Database(path)
    db.execute("INSERT INTO communities VALUES (1, '爱民社区'), (2, '新华社区'), (3, '团结社区')")
    db.insert_frame(
        "groups",
        pd.DataFrame(
            [(c * 100 + n, c, f"第{n}小组", 100, 300) for c in (1, 2, 3) for n in range(1, 40)],
            columns=["group_id", "community_id", "name", "households", "population"],
        ),
    )
    db.close()
    return path


def measure(path: Path, step: str, db: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), step, str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50)
    args = parser.parse_args()
    frame = ledger(args.mb, np.random.default_rng(3))
    print("| file | size | check: peak above start | × file | whole import: peak above start | × file |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for encoding in ("utf-8", "gb18030"):
            path = Path(folder) / f"petitions-{encoding}.csv"
            frame.to_csv(path, index=False, encoding=encoding)
            size = path.stat().st_size / 2**20
            check = measure(path, "check", Path(folder) / "unused.duckdb")
            (Path(folder) / encoding).mkdir()
            whole = measure(path, "import", street(Path(folder) / encoding))
            print(
                f"| petitions CSV, {encoding} | {size:.0f} MB | {check:.0f} MB | {check / size:.2f} × "
                f"| {whole:.0f} MB | {whole / size:.1f} × |"
            )
    print(f"date: {date.today()}", file=sys.stderr)


if __name__ == "__main__":
    main()
