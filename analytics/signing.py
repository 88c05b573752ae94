"""The installation's signing key: what this installation wrote, it can recognise.

Backups and stored models are files and rows anybody with the folder or the
database could rewrite; a checksum written beside them proves nothing, since
whoever changes the data recomputes it. So the product signs them (HMAC-SHA256)
with a key that is never inside a backup: ``RISK_BACKUP_KEY`` (the key itself),
else the file ``RISK_BACKUP_KEY_FILE``, else ``backup.key`` in the account's
configuration folder (``$XDG_CONFIG_HOME/risk-radar``, ``~/.config/risk-radar``),
created on first use, readable by its owner only. One key per installation,
whatever the database's path: a backup restores into any file, and a copied
database keeps its models. Keep a copy of the key apart from the backups
(docs/operations.md): a backup restores only with the key that signed it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from .problems import Problem
from .settings import env

ALGORITHM = "hmac-sha256"


class NoSigningKey(Problem):
    """The key is needed (to check a backup) and there is none."""

    def __init__(self, where: Path):
        super().__init__("signing.no_key", where=where)


def key_path() -> Path:
    """Where the installation's key is kept (unless ``RISK_BACKUP_KEY`` holds it)."""
    configured = env("RISK_BACKUP_KEY_FILE")
    if configured:
        return Path(configured)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "risk-radar" / "backup.key"


def key(create: bool = True) -> bytes:
    """The installation's signing key; a new key file is created when ``create`` (signing) and none exists;
    checking without a key raises NoSigningKey."""
    from_env = env("RISK_BACKUP_KEY")
    if from_env:
        return from_env.encode("utf-8")
    path = key_path()
    if not path.exists():
        if not create:
            raise NoSigningKey(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip().encode("utf-8")
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")


def sign(secret: bytes, data: bytes) -> str:
    return f"{ALGORITHM}:" + hmac.new(secret, data, hashlib.sha256).hexdigest()


def signed_by(secret: bytes, data: bytes, signature: str | None) -> bool:
    """Whether ``signature`` is this key's signature of ``data`` (compared in constant time)."""
    return bool(signature) and hmac.compare_digest(sign(secret, data), str(signature))
