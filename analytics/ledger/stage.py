"""Staging: a file's rows as text in a temporary table, one column per ledger field.

Headers are matched to fields (mapping first, then the accepted headers,
case-insensitively after trimming). The temporary tables live only in this
connection's memory: raw personal values never reach the database file.
Identifiers in the SQL below come from the fixed field lists in formats.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..db import Database, literal_path
from .formats import LEDGERS
from .mapping import Mapping
from .reader import FileProblem, RawLedger

MISSING = ("", "NA", "N/A")


@dataclass
class Staged:
    kind: str
    rows: int
    source_of: dict[str, str] = field(default_factory=dict)  # field -> header as in the file (or "constant")
    ignored: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)


def match_headers(kind: str, headers: list[str], mapping: Mapping) -> tuple[dict[str, int], list[str], list[str]]:
    """(field -> column position, ignored headers, required fields with no column or constant)."""
    position = {h.strip().lower(): i for i, h in reversed(list(enumerate(headers))) if h and h.strip()}
    chosen: dict[str, int] = {}
    for f in LEDGERS[kind]:
        if f.name in mapping.constants:
            continue
        if f.name in mapping.columns:
            source = mapping.columns[f.name].strip().lower()
            if source not in position:
                raise FileProblem("mapping.no_column", field=f.name, column=mapping.columns[f.name])
            chosen[f.name] = position[source]
            continue
        for header in f.accepted_headers:
            if header.lower() in position and position[header.lower()] not in chosen.values():
                chosen[f.name] = position[header.lower()]
                break
    used = set(chosen.values())
    ignored = [h for i, h in enumerate(headers) if i not in used and h and h.strip()]
    missing = [f.name for f in LEDGERS[kind] if f.required and f.name not in chosen and f.name not in mapping.constants]
    return chosen, ignored, missing


def stage(db: Database, raw: RawLedger, kind: str, mapping: Mapping) -> Staged:
    chosen, ignored, missing = match_headers(kind, raw.headers, mapping)
    _load_raw(db, raw)
    rows = int(db.scalar("SELECT count(*) FROM _raw"))
    columns, params = [], {}
    for f in LEDGERS[kind]:
        if f.name in mapping.constants:
            params[f"const_{f.name}"] = mapping.constants[f.name]
            text = f"CAST($const_{f.name} AS VARCHAR)"
        elif f.name in chosen:
            text = f"c{chosen[f.name]}"
        else:
            text = "CAST(NULL AS VARCHAR)"
        columns.append(
            f"CASE WHEN upper(trim({text})) IN ('', 'NA', 'N/A') THEN NULL ELSE trim({text}) END AS \"{f.name}\""
        )
    db.execute("DROP TABLE IF EXISTS _stage")
    db.execute(f"CREATE TEMP TABLE _stage AS SELECT _row, {', '.join(columns)} FROM _raw", params)
    source_of = {name: raw.headers[i] for name, i in chosen.items()}
    source_of.update({name: "constant" for name in mapping.constants})
    return Staged(kind, rows, source_of, ignored, missing, raw.headers)


def _load_raw(db: Database, raw: RawLedger) -> None:
    names = [f"c{i}" for i in range(len(raw.headers))]
    db.execute("DROP TABLE IF EXISTS _raw")
    if raw.table is not None:
        db.register("_xlsx", raw.table)
        try:
            db.execute("CREATE TEMP TABLE _raw AS SELECT row_number() OVER () + 1 AS _row, * FROM _xlsx")
        finally:
            db.unregister("_xlsx")
        return
    try:
        with literal_path(raw.csv_path) as path:
            db.execute(
                "CREATE TEMP TABLE _raw AS SELECT row_number() OVER () + 1 AS _row, * FROM read_csv($path, "
                "header = true, delim = $delim, quote = '\"', escape = '\"', "
                "null_padding = true, encoding = 'utf-8', auto_detect = false, "
                "columns = $types)",
                {"path": path, "delim": raw.delimiter, "types": {name: "VARCHAR" for name in names}},
            )
    except Exception as exc:  # DuckDB's CSV reader says what and where
        raise FileProblem("file.csv_broken", detail=str(exc).splitlines()[0][:300]) from None


def areas_from_records(db: Database, staged: Staged) -> Staged:
    """Replace the staged records with the distinct community/group pairs they name (as an areas ledger)."""
    missing = [name for name in ("community", "group") if name not in staged.source_of]
    db.execute("DROP TABLE IF EXISTS _records")
    db.execute("ALTER TABLE _stage RENAME TO _records")
    db.execute(
        'CREATE TEMP TABLE _stage AS SELECT min(_row) AS _row, community, "group", '
        "CAST(NULL AS VARCHAR) AS households, CAST(NULL AS VARCHAR) AS population, CAST(NULL AS VARCHAR) AS neighbors "
        'FROM _records WHERE community IS NOT NULL AND "group" IS NOT NULL GROUP BY community, "group"'
    )
    db.execute("DROP TABLE _records")
    rows = int(db.scalar("SELECT count(*) FROM _stage"))
    source_of = {name: staged.source_of[name] for name in ("community", "group") if name in staged.source_of}
    return Staged("areas", rows, source_of, [], missing, staged.headers)
