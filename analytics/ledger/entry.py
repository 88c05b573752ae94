"""Quick entry: one screening visit or petition typed in a form, checked exactly like an import.

A save creates a new record, with a number of its own kind that no record has
(``PC-20261202-001`` for a screening visit, ``XF-20261202-001`` for a petition).
Changing a record that exists is a separate, explicit act (``amend=True``):
a plain save that meets an existing number is refused, never turned into an
update.
"""

from __future__ import annotations

import csv
import re
import tempfile
from datetime import date
from pathlib import Path

from ..db import Database
from ..i18n import t
from ..roles import User
from .formats import ID_FIELD, LEDGERS
from .importer import ImportRejected, ImportResult, import_file

PREFIX = {"screenings": "PC", "petitions": "XF"}
TABLE = {"screenings": "screenings", "petitions": "petitions"}  # identifiers from this fixed list only


def new_id(db: Database, kind: str, day: date | None = None) -> str:
    """The next free number of ``kind`` for ``day``: PREFIX-YYYYMMDD-NNN."""
    stem = f"{PREFIX[kind]}-{(day or date.today()):%Y%m%d}-"
    table, id_column = TABLE[kind], ID_FIELD[kind]
    taken = [
        value
        for (value,) in db.rows(
            f"SELECT {id_column} FROM {table} WHERE starts_with({id_column}, $stem)", {"stem": stem}
        )
    ]
    numbers = [int(m.group(1)) for value in taken if (m := re.fullmatch(r"(\d+)", value[len(stem) :]))]
    return f"{stem}{max(numbers, default=0) + 1:03d}"


def exists(db: Database, kind: str, record_id: str) -> bool:
    table, id_column = TABLE[kind], ID_FIELD[kind]
    return bool(db.scalar(f"SELECT count(*) FROM {table} WHERE {id_column} = $id", {"id": record_id}))


def enter_one(db: Database, user: User, kind: str, values: dict, lang: str = "zh", amend: bool = False) -> ImportResult:
    """Write one record; raises ImportRejected, naming the field, when a value is wrong.

    Without ``amend`` the record must be new (its number is not taken); with it, the record must exist
    and is updated (its history kept).
    """
    if kind not in TABLE:
        raise ValueError(f"quick entry takes screenings or petitions, not {kind!r}")
    id_field = ID_FIELD[kind]
    record_id = str(values.get(id_field) or "").strip()
    if record_id and exists(db, kind, record_id) != amend:
        result = ImportResult(kind, f"quick-entry-{kind}.csv")
        reason = "reason.id_taken" if not amend else "reason.id_unknown"
        result.errors.append(
            {
                "row": 2,
                "column": id_field,
                "field": id_field,
                "value": record_id,
                "reason": t(reason, lang, value=record_id),
            }
        )
        raise ImportRejected(result)
    names = [f.name for f in LEDGERS[kind]]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"quick-entry-{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerow(["" if values.get(n) is None else str(values[n]) for n in names])
        return import_file(
            db, user, kind, path, lang=lang, permission="enter_records", display_name=path.name, only_new=not amend
        )
