"""Pseudonyms: keyed, stable for a key, different across keys, never the raw value."""
from __future__ import annotations

import stat

from analytics.privacy import ensure_key, key_path, pseudonym


def test_key_file_is_created_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("RISK_PSEUDONYM_KEY", raising=False)
    db = tmp_path / "street.duckdb"
    first = ensure_key(db)
    assert key_path(db).exists()
    assert stat.S_IMODE(key_path(db).stat().st_mode) == 0o600
    assert ensure_key(db) == first and len(first) == 64


def test_same_person_same_pseudonym_other_key_other_pseudonym(monkeypatch, tmp_path):
    monkeypatch.setenv("RISK_PSEUDONYM_KEY", "secret-one")
    key = ensure_key(tmp_path / "a.duckdb")
    assert key == b"secret-one" and not key_path(tmp_path / "a.duckdb").exists()
    name = "张三"
    assert pseudonym(key, name) == pseudonym(key, " 张三 ")
    assert pseudonym(key, name) != pseudonym(b"secret-two", name)
    assert pseudonym(key, name).startswith("P-") and name not in pseudonym(key, name)
    assert len(pseudonym(key, name)) == 14
