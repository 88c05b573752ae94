"""Quick entry: one screening visit or petition typed in a form, checked exactly like an import."""
from __future__ import annotations

import csv
import tempfile
from datetime import datetime
from pathlib import Path

from ..db import Database
from ..roles import User
from .formats import LEDGERS
from .importer import ImportResult, import_file


def new_id(prefix: str) -> str:
    return f"{prefix}-{datetime.now():%Y%m%d-%H%M%S}"


def enter_one(db: Database, user: User, kind: str, values: dict, lang: str = "zh") -> ImportResult:
    """Write one record; raises ImportRejected, naming the field, when a value is wrong."""
    if kind not in ("screenings", "petitions"):
        raise ValueError(f"quick entry takes screenings or petitions, not {kind!r}")
    names = [f.name for f in LEDGERS[kind]]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"quick-entry-{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerow(["" if values.get(n) is None else str(values[n]) for n in names])
        return import_file(db, user, kind, path, lang=lang, permission="enter_records",
                           display_name=path.name)
