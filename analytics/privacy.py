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
