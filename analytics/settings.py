"""Where things live and the defaults a deployment may override.

Paths are anchored once, at the project root; environment variables override.
Each setting is declared once with its name, default and a line of help, so
the README's table and the code cannot drift apart (a test checks).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name) or self.default


ENV_SETTINGS = (
    EnvSetting("RISK_DB", str(DATA_DIR / "risk.duckdb"),
               "database file used by the dashboard and the command line"),
    EnvSetting("RISK_LANG", "zh", "default interface language: zh (简体中文) or en"),
    EnvSetting("RISK_PSEUDONYM_KEY", "",
               "secret key for pseudonyms; when empty, a key file beside the database is used"),
)
_BY_NAME = {s.name: s for s in ENV_SETTINGS}


def env(name: str) -> str:
    return _BY_NAME[name].get()


def default_db_path() -> Path:
    return Path(env("RISK_DB"))


def default_language() -> str:
    lang = env("RISK_LANG")
    return lang if lang in ("zh", "en") else "zh"
