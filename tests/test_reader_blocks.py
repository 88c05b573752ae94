"""Issue 20.11: a CSV is checked block by block, never held whole; what it says must not depend on where the
blocks fall (a character or a line split between two blocks)."""

from __future__ import annotations

import pytest

from analytics.ledger import reader
from analytics.ledger.reader import FileProblem, read


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(reader, "BLOCK", 7)  # every multi-byte character and most lines cross a block's end


HEADER = "信访编号,登记日期,社区,内容摘要\n"
ROWS = "".join(f"W{i},2026-11-{i + 1:02d},爱民社区,楼道灯坏了一个月第{i}次\n" for i in range(20))


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "utf-8-sig"])
def test_encodings_read_the_same_across_blocks(tmp_path, small_blocks, encoding):
    path = tmp_path / "信访.csv"
    text = HEADER + ROWS if encoding != "utf-16" else (HEADER + ROWS).replace(",", "\t")
    path.write_bytes(text.encode(encoding))
    ledger = read(path)
    try:
        assert ledger.headers == ["信访编号", "登记日期", "社区", "内容摘要"]
        assert ledger.encoding == encoding
        if ledger.csv_path != path:  # the UTF-8 copy DuckDB reads holds the very text
            assert ledger.csv_path.read_text(encoding="utf-8") == text
    finally:
        ledger.close()
    assert not [p for p in ledger.cleanup if p.exists()]


def test_a_long_line_is_named_with_its_whole_length(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "BLOCK", 1000)
    monkeypatch.setattr(reader, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "long.csv"
    path.write_bytes((HEADER + ROWS + "W99,2026-11-30,爱民社区," + "水" * 3000 + "\n" + ROWS).encode("utf-8"))
    with pytest.raises(FileProblem) as refused:
        read(path)
    assert refused.value.key == "file.long_line"
    assert refused.value.values["line"] == 22 and refused.value.values["size_kb"] == 8  # 9,000 bytes and more


def test_a_header_alone_and_an_undecodable_file_are_refused_and_leave_no_copy(tmp_path, small_blocks, monkeypatch):
    import tempfile

    copies = tmp_path / "copies"
    copies.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(copies))
    path = tmp_path / "header.csv"
    path.write_bytes((HEADER + "\n \n").encode("gb18030"))
    with pytest.raises(FileProblem) as refused:
        read(path)
    assert refused.value.key == "file.no_rows"
    path.write_bytes(HEADER.encode("utf-8") + b"W1,\xff\xfe\xfd\x80\x80\n")
    with pytest.raises(FileProblem) as refused:
        read(path)
    assert refused.value.key == "file.encoding"
    assert list(copies.iterdir()) == []  # the GB18030 copy begun is gone
