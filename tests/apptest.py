"""Helpers to read what an AppTest run shows."""

from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT


def start(db_path, monkeypatch, lang: str = "en", role: str | None = "committee", password: str = "demo") -> AppTest:
    """The dashboard on ``db_path``, logged in as the demo account named ``role`` (None: not logged in)."""
    monkeypatch.setenv("RISK_DB", str(db_path))
    monkeypatch.setenv("RISK_LANG", lang)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    if role is not None:
        log_in(at, role, password)
        assert not at.exception, at.exception
    return at


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at.button(key="login_submit").click().run()


def menu(at: AppTest) -> list[str]:
    """The labels of the sidebar's page links."""
    return [link.proto.label for link in at.sidebar.get("page_link")]


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
