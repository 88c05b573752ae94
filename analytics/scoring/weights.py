"""The weights and grade thresholds of the risk score, read from weights.toml."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.toml")
GRADE_ORDER = ("red", "orange", "yellow", "blue")


@lru_cache(maxsize=1)
def load(path: Path = WEIGHTS_FILE) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def grade(score: float, weights: dict) -> str:
    thresholds = weights["grades"]
    for name in ("red", "orange", "yellow"):
        if score >= thresholds[name]:
            return name
    return "blue"
