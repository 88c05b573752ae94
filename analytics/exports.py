"""Files users download: CSV and Excel, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) would be run as a formula by Excel; such text cells are prefixed with
an apostrophe, which Excel shows as text. Numbers stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd

from . import audit
from .db import Database
from .roles import User, require

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel opens Chinese text correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table, header row frozen, columns wide enough to read."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = name[:31]
            safe_frame(frame).to_excel(writer, sheet_name=sheet_name, index=False)
            sheet = writer.sheets[sheet_name]
            sheet.freeze_panes = "A2"
            for index, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, longest + 4)
    return buffer.getvalue()


def record_rejects(db: Database, user: User, file: str, rows: int) -> None:
    """The clerk took a file's rejected rows away (raw names in them): logged like any export."""
    require(user, "import_ledgers")
    audit.record(db, user.username, "export", "rejects", {"file": file, "rows": rows})


def record_download(db: Database, user: User, what: str, rows: int) -> None:
    """A user took aggregated data away: check they may, and keep a note of it."""
    require(user, "export_aggregates")
    audit.record(db, user.username, "export", what, {"rows": rows})
