"""Pseudonyms for personal fields: a keyed hash, so raw names are never stored.

The same person gets the same pseudonym across files and imports as long as
the key is the same; without the key nobody can test a guessed name against
the stored pseudonyms. The key comes from ``RISK_PSEUDONYM_KEY`` or from a key
file created beside the database at ``init`` (never committed: ``*.key`` is
ignored by git).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from .settings import env

PREFIX = "P-"
DIGITS = 12  # 48 bits: no collision expected below tens of millions of people


def key_path(db_path: str | os.PathLike) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".key")


def ensure_key(db_path: str | os.PathLike) -> bytes:
    """The pseudonym key for a database, creating its key file on first use."""
    from_env = env("RISK_PSEUDONYM_KEY")
    if from_env:
        return from_env.encode("utf-8")
    path = key_path(db_path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")


def pseudonym(key: bytes, value: str) -> str:
    """The pseudonym of one personal value (names are compared after trimming)."""
    digest = hmac.new(key, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGITS]


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer pads of HMAC-SHA256 (RFC 2104), so SQL can compute the same pseudonym.

    ``sha256(outer || unhex(sha256(inner || value)))`` in DuckDB equals
    :func:`pseudonym`'s digest; a test checks the two agree.
    """
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(block, b"\0")
    return bytes(b ^ 0x36 for b in padded), bytes(b ^ 0x5C for b in padded)


# -- personal data inside free text ---------------------------------------------------------------------------------
# Summaries and descriptions are typed by people; they sometimes hold an ID-card number, a phone number or a flat.
# Those are masked at import (and in quick entry): the matter stays readable, the person is not in it.

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
MASKS = {
    "id_number": "[身份证号]",
    "mobile": "[手机号]",
    "landline": "[电话]",
    "room": "[门牌号]",
}
_PATTERNS = (
    # 18-digit resident ID: 6 region digits, a birth date, 3 digits, a check digit (masked only when it checks)
    (
        "id_number",
        re.compile(
            r"(?<![0-9A-Za-z])(\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Za-z])"
        ),
    ),
    # mobiles: 11 digits from 13-19, also written 138-1234-5678 or 138 1234 5678, with or without +86
    ("mobile", re.compile(r"(?<![\d+])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")),
    # landlines with their area code: 0451-86123456, (010)12345678, 0451 8612345
    ("landline", re.compile(r"(?<!\d)((?:\(0\d{2,3}\)|0\d{2,3})[- ]?\d{7,8})(?!\d)")),
    # a household's door: 3单元502室, 2号楼1单元301, 502室 (a building or a floor alone is kept: the work needs it)
    ("room", re.compile(r"((?:\d+(?:号楼|栋|幢))?\d+单元\d{2,4}(?:室|号)?|\d{3,4}室)")),
)


def _id_checks(number: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def mask_personal(text: str) -> tuple[str, dict[str, int]]:
    """``text`` with ID-card numbers (whose check digit holds), mobile and landline numbers and room numbers
    replaced by a mark (MASKS), and how many of each were masked."""
    counts: dict[str, int] = {}
    for kind, pattern in _PATTERNS:

        def replace(match: re.Match, kind: str = kind) -> str:
            if kind == "id_number" and not _id_checks(match.group(1)):
                return match.group(0)
            counts[kind] = counts.get(kind, 0) + 1
            return match.group(0).replace(match.group(1), MASKS[kind])

        text = pattern.sub(replace, text)
    return text, counts
