"""Every setting is documented (docs/settings.md) with its default."""

from __future__ import annotations

from analytics.settings import APP_SETTINGS, ENV_SETTINGS, ROOT, default_db_path, default_language


def test_every_setting_is_documented():
    readme = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for setting in ENV_SETTINGS:
        assert f"| `{setting.name}` |" in readme, setting.name
    for setting in APP_SETTINGS:
        assert f"| `{setting.name}` | {setting.default} |" in readme, setting.name


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("RISK_DB", raising=False)
    assert default_db_path() == ROOT / "data" / "risk.duckdb"
    monkeypatch.setenv("RISK_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.setenv("RISK_LANG", "en")
    assert default_language() == "en"
    monkeypatch.setenv("RISK_LANG", "fr")  # unknown: fall back to Chinese
    assert default_language() == "zh"
