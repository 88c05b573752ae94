"""Helpers to read what an AppTest run shows."""
from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def start(db_path, monkeypatch, lang: str = "en") -> AppTest:
    monkeypatch.setenv("RISK_DB", str(db_path))
    monkeypatch.setenv("RISK_LANG", lang)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    return at.run()


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(array) -> np.ndarray:
    """A trace's array, whether plain JSON or plotly's base64 typed array."""
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        shape = [int(n) for n in str(array.get("shape", len(flat))).split(",")]
        return flat.reshape(shape)
    return np.asarray(array)


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}
