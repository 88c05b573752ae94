"""A look at a file before importing it: how its headers match, what its rows look like,
and which values the ledger's vocabularies do not know (for the page's mapping step)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

from ..db import Database
from . import checks, stage
from .formats import LEDGERS
from .mapping import Mapping
from .reader import DEFAULT_MAX_BYTES, read

PREVIEW_ROWS = 20


@dataclass
class Inspection:
    headers: list[str]
    matched: dict[str, str]  # field -> source header
    ignored: list[str]
    missing_required: list[str]
    preview: pd.DataFrame
    unknown_values: dict[str, list[str]] = field(default_factory=dict)  # vocab field -> values not recognised
    rows: int = 0


def inspect_file(
    db: Database,
    kind: str,
    path: str | os.PathLike,
    *,
    mapping: Mapping | None = None,
    display_name: str | None = None,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Inspection:
    """Raises reader.FileProblem for a file that cannot be read at all."""
    with db.in_use():
        return _inspect(db, kind, path, mapping or Mapping(), display_name, sheet, max_bytes)


def _inspect(db, kind, path, mapping, display_name, sheet, max_bytes) -> Inspection:
    raw = read(path, display_name=display_name, sheet=sheet, max_bytes=max_bytes)
    try:
        staged = stage.stage(db, raw, kind, mapping)
        preview = db.query(f"SELECT * FROM _raw ORDER BY _row LIMIT {PREVIEW_ROWS}").drop(columns=["_row"])
        preview.columns = [h or f"column_{i + 1}" for i, h in enumerate(raw.headers)][: len(preview.columns)]
        unknown = {}
        checks.load_vocabularies(db, kind, mapping)
        for f in LEDGERS[kind]:
            if (f.vocabulary is not None or f.kind == "severity") and f.name in staged.source_of:
                values = db.query(
                    f'SELECT DISTINCT s."{f.name}" AS value FROM _stage AS s LEFT JOIN _vocab AS v ON '
                    f"v.field = '{f.name}' AND v.label = lower(s.\"{f.name}\") "
                    f'WHERE s."{f.name}" IS NOT NULL AND v.key IS NULL ORDER BY 1 LIMIT 50'
                )["value"]
                if len(values):
                    unknown[f.name] = list(values)
        return Inspection(
            raw.headers,
            {k: v for k, v in staged.source_of.items() if v != "constant"},
            staged.ignored,
            staged.missing_required,
            preview,
            unknown,
            staged.rows,
        )
    finally:
        raw.close()
        for table in ("_raw", "_stage", "_vocab"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
