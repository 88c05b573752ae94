"""Reading a ledger file as it comes: CSV in UTF-8 (with or without BOM), GB18030 or UTF-16, or .xlsx.

The reader only finds out what the file is and what its header says; the
rows go to DuckDB as text (``all_varchar``) and are checked there. Anything
wrong with the file as a whole raises :class:`FileProblem` with a
translation key, before a byte reaches the database.
"""

from __future__ import annotations

import csv
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pyarrow as pa

from ..problems import Problem

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# An .xlsx unpacks to more than its size; beyond these it is refused as a likely zip bomb.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_UNPACK_RATIO = 100
MAX_COLUMNS = 500
MAX_LINE_BYTES = 1024 * 1024  # a ledger row is a few hundred characters; a longer line is damage, not data


class FileProblem(Problem):
    """The file as a whole cannot be read; ``key`` is a translation key."""


@dataclass
class RawLedger:
    """A file's header and where its rows are: a UTF-8 CSV path, or an Arrow table of text."""

    name: str
    headers: list[str]
    csv_path: Path | None = None
    delimiter: str = ","
    table: pa.Table | None = None
    encoding: str = "utf-8"
    cleanup: list[Path] = field(default_factory=list)

    def close(self) -> None:
        for path in self.cleanup:
            path.unlink(missing_ok=True)


def read(
    path: str | os.PathLike,
    *,
    display_name: str | None = None,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RawLedger:
    path = Path(path)
    name = display_name or path.name
    size = path.stat().st_size
    if size > max_bytes:
        raise FileProblem("file.too_large", size_mb=round(size / 2**20, 1), limit_mb=round(max_bytes / 2**20, 1))
    if size == 0:
        raise FileProblem("file.empty")
    suffix = Path(name).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, name, sheet)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, name)
    raise FileProblem("file.type", suffix=suffix or "—")


def _read_csv(path: Path, name: str) -> RawLedger:
    raw = path.read_bytes()
    first = raw[: raw.find(b"\n")] if b"\n" in raw[: MAX_LINE_BYTES * 64] else raw[: MAX_LINE_BYTES * 64]
    columns = max(first.count(separator) for separator in (b",", b"\t", b";")) + 1
    if columns > MAX_COLUMNS:  # said before the long line it also is: the columns are what a person can fix
        raise FileProblem("file.too_many_columns", columns=columns, limit=MAX_COLUMNS)
    _check_lines(raw)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16, tab-separated
        try:
            text, encoding = raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileProblem("file.encoding") from None
        csv_path = _utf8_copy(text)
    elif b"\x00" in raw[:65536]:
        raise FileProblem("file.binary")
    elif raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        csv_path = None  # DuckDB reads UTF-8 with a BOM itself
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
            csv_path = None
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise FileProblem("file.encoding") from None
            csv_path = _utf8_copy(text)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise FileProblem("file.empty")
    delimiter = max((",", "\t", ";"), key=first_line.count)
    headers = next(csv.reader([first_line], delimiter=delimiter))
    _check_headers(headers)
    header_end = text.find("\n", text.find(first_line))
    if header_end < 0 or not text[header_end:].strip():
        raise FileProblem("file.no_rows")
    ledger = RawLedger(name, headers, csv_path or path, delimiter, encoding=encoding)
    if csv_path is not None:
        ledger.cleanup.append(csv_path)
    return ledger


def _check_lines(raw: bytes) -> None:
    """Refuse a file with a line longer than ``MAX_LINE_BYTES`` (a 100 MB cell) before decoding or parsing it."""
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 10)
    starts = np.concatenate([[0], ends + 1])
    lengths = np.diff(np.concatenate([starts, [len(raw)]]))
    longest = int(np.argmax(lengths)) if len(lengths) else 0
    if len(lengths) and lengths[longest] > MAX_LINE_BYTES:
        raise FileProblem(
            "file.long_line", line=longest + 1, size_kb=int(lengths[longest] // 1024), limit_kb=MAX_LINE_BYTES // 1024
        )


def _utf8_copy(text: str) -> Path:
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False, newline="")
    with handle:
        handle.write(text)
    return Path(handle.name)


def _check_headers(headers: list[str]) -> None:
    if len(headers) > MAX_COLUMNS:
        raise FileProblem("file.too_many_columns", columns=len(headers), limit=MAX_COLUMNS)
    if not any(h.strip() for h in headers):
        raise FileProblem("file.no_header")


def _read_xlsx(path: Path, name: str, sheet: str | None) -> RawLedger:
    if not zipfile.is_zipfile(path):
        raise FileProblem("file.not_xlsx")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileProblem("file.not_xlsx")
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_UNPACK_RATIO * max(path.stat().st_size, 1):
            raise FileProblem("file.zip_bomb")
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = book.sheet_names
        chosen = sheet if sheet is not None else sheets[0]
        if chosen not in sheets:
            raise FileProblem("file.no_sheet", sheet=chosen, sheets=", ".join(sheets))
        rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except FileProblem:
        raise
    except Exception as exc:  # calamine's own errors: a damaged workbook
        raise FileProblem("file.not_xlsx") from exc
    rows = [row for row in rows if any(cell not in ("", None) for cell in row)]
    if not rows:
        raise FileProblem("file.empty")
    headers = [_text(cell) for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    _check_headers(headers)
    if len(rows) < 2:
        raise FileProblem("file.no_rows")
    width = len(headers)
    columns = [[_text(row[i]) if i < len(row) else None for row in rows[1:]] for i in range(width)]
    table = pa.table({f"c{i}": pa.array(values, pa.string()) for i, values in enumerate(columns)})
    return RawLedger(name, headers, table=table, encoding="xlsx")


def _text(cell) -> str | None:
    """A cell as the text a person would type: dates as YYYY-MM-DD, 5.0 as 5."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def sheet_names(path: str | os.PathLike) -> list[str]:
    """The sheets of an .xlsx file, for the page's sheet picker."""
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:
        return []
