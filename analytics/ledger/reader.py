"""Reading a ledger file as it comes: CSV in UTF-8 (with or without BOM), GB18030 or UTF-16, or .xlsx.

The reader only finds out what the file is and what its header says; the
rows go to DuckDB as text (``all_varchar``) and are checked there. Anything
wrong with the file as a whole raises :class:`FileProblem` with a
translation key, before a byte reaches the database.
"""

from __future__ import annotations

import codecs
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
    """Read in blocks, never the whole file at once: the first line says the columns, the first block the kind
    of file; one pass over the blocks checks every line's length and the encoding, finds the header, and writes
    the UTF-8 copy DuckDB reads when the file is in another encoding."""
    columns = _first_line_columns(path)
    if columns > MAX_COLUMNS:  # said before the long line it also is: the columns are what a person can fix
        raise FileProblem("file.too_many_columns", columns=columns, limit=MAX_COLUMNS)
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16, tab-separated
        candidates = ["utf-16"]
    elif b"\x00" in head:
        _pass(path, None)  # a long line is said first, as for any file
        raise FileProblem("file.binary")
    elif head.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        copy = None if encoding.startswith("utf-8") else _temporary_csv()
        try:
            read_as = _pass(path, encoding, copy)
        except BaseException:
            _forget(copy)
            raise
        if read_as is not None:
            break
        _forget(copy)
    else:
        raise FileProblem("file.encoding")
    first_line, rows = read_as
    try:
        if not first_line:
            raise FileProblem("file.empty")
        delimiter = max((",", "\t", ";"), key=first_line.count)
        headers = next(csv.reader([first_line], delimiter=delimiter))
        _check_headers(headers)
        if not rows:
            raise FileProblem("file.no_rows")
    except FileProblem:
        _forget(copy)
        raise
    ledger = RawLedger(name, headers, copy or path, delimiter, encoding=encoding)
    if copy is not None:
        ledger.cleanup.append(copy)
    return ledger


BLOCK = 1024 * 1024


def _pass(path: Path, encoding: str | None, copy: Path | None = None) -> tuple[str, bool] | None:
    """One read of the file in blocks. Refuses the first line longer than ``MAX_LINE_BYTES``; decodes with
    ``encoding`` (strictly) and writes the text as UTF-8 to ``copy`` if given. Returns the header (the first
    line holding more than blanks, "" if none) and whether anything but blanks follows it; None when the file
    does not decode (it is still read to its end, for its lines' lengths)."""
    import numpy as np

    decoder = codecs.getincrementaldecoder(encoding)(errors="strict") if encoding else None
    out = open(copy, "w", encoding="utf-8", newline="") if copy is not None else None
    header = _Header()
    line, length = 1, 0
    try:
        with open(path, "rb") as handle:
            while block := handle.read(BLOCK):
                ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
                if len(ends):
                    lengths = np.diff(ends, prepend=-1)
                    lengths[0] += length  # the line begun in the blocks before
                    longest = int(np.argmax(lengths))
                    if lengths[longest] > MAX_LINE_BYTES:
                        _too_long(line + longest, int(lengths[longest]))
                    line, length = line + len(ends), len(block) - int(ends[-1]) - 1
                else:
                    length += len(block)  # a line too long is said once it ends, with its whole length
                if decoder is not None:
                    try:
                        text = decoder.decode(block)
                    except UnicodeDecodeError:
                        decoder = None  # not this encoding: go on for the lines only
                        continue
                    header.feed(text)
                    if out is not None:
                        out.write(text)
        if decoder is not None:
            try:
                tail = decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                decoder = None
            else:
                header.feed(tail)
                if out is not None:
                    out.write(tail)
    finally:
        if out is not None:
            out.close()
    if length > MAX_LINE_BYTES:  # the last line, without a line end
        _too_long(line, length)
    return None if decoder is None else header.found()


class _Header:
    """Finds the first line holding more than blanks in text fed piece by piece, and whether more follows."""

    def __init__(self) -> None:
        self.line: str | None = None
        self.pending = ""
        self.rows = False

    def feed(self, text: str) -> None:
        if self.line is None:
            self.pending += text
            while self.line is None and "\n" in self.pending:
                first, self.pending = self.pending.split("\n", 1)
                if first.strip():
                    self.line = first.rstrip("\r")
            if self.line is not None:
                self.rows, self.pending = bool(self.pending.strip()), ""
            elif len(self.pending) > MAX_LINE_BYTES:  # a header longer than a line may be: refused at its end
                self.pending = self.pending[-MAX_LINE_BYTES:]
        elif not self.rows:
            self.rows = bool(text.strip())

    def found(self) -> tuple[str, bool]:
        if self.line is None:
            return self.pending.strip("\r\n") if self.pending.strip() else "", False
        return self.line, self.rows


def _first_line_columns(path: Path) -> int:
    """How many columns the first line has (by its most frequent separator), read in blocks to its end."""
    counts = dict.fromkeys((b",", b"\t", b";"), 0)
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            first = block.split(b"\n", 1)[0]
            for separator in counts:
                counts[separator] += first.count(separator)
            if len(first) < len(block):
                break
    return max(counts.values()) + 1


def _too_long(line: int, size: int) -> None:
    raise FileProblem("file.long_line", line=line, size_kb=size // 1024, limit_kb=MAX_LINE_BYTES // 1024)


def _temporary_csv() -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
    handle.close()
    return Path(handle.name)


def _forget(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


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
