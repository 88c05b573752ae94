"""Issue 17.8: the product installs with pip and runs from anywhere as `risk-radar`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from playwright.sync_api import expect

from tests.browser import dashboard_server, log_in
from tests.helpers import ARTIFACTS, ROOT


def pins(lines) -> set[str]:
    return {line.split("#")[0].strip() for line in lines if re.match(r"^[A-Za-z]", line.strip())}


def test_the_package_declares_what_requirements_pins():
    """pyproject's runtime dependencies and test extra are requirements.txt, split: the runtime above '# tests'."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    split = next(n for n, line in enumerate(lines) if line.strip() == "# tests")
    assert set(project["dependencies"]) == pins(lines[:split])
    assert set(project["optional-dependencies"]["test"]) == pins(lines[split:])
    assert project["scripts"]["risk-radar"] == "ui.serve:main"


@pytest.mark.slow
@pytest.mark.browser
def test_an_installed_copy_runs_from_another_folder(served_copy, browser, tmp_path):
    """pip install into a fresh virtual environment (from a copy of the sources, so that the build writes
    nothing into the project), then the command line and the dashboard from a folder far from the checkout."""
    source = tmp_path / "source"
    source.mkdir()
    for part in ("pyproject.toml", "README.md", "dashboard.py"):
        shutil.copy(ROOT / part, source / part)
    for package in ("analytics", "ui", "app_pages"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "--quiet", str(source)], check=True, timeout=1200)
    office = tmp_path / "office"
    office.mkdir()
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import analytics, dashboard; print(analytics.__file__, dashboard.__file__)"],
        cwd=office,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and "site-packages" in where  # the installed copy, not the checkout

    risk_radar = str(venv / "bin" / "risk-radar")
    said = subprocess.run(
        [risk_radar, "--lang", "en", "summary", "--db", str(served_copy)], cwd=office, capture_output=True, text=True
    )
    assert said.returncode == 0, said.stderr
    assert re.search(r"Petitions\s+5,[4-6]\d\d", said.stdout), said.stdout

    with dashboard_server(served_copy, command=[risk_radar, "serve"], cwd=office) as url:
        page = browser.new_page()
        try:
            log_in(page, url, "officer", path="review")  # a deep link as the first request
            expect(page.get_by_role("heading", name="Weekly alert review", exact=True)).to_be_visible(timeout=60_000)
            page.get_by_role("link", name="Heatmaps").click()
            expect(page.get_by_role("heading", name="Heatmaps", exact=True)).to_be_visible(timeout=60_000)
            assert page.locator('[data-testid="stException"]').count() == 0
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "test_an_installed_copy.png"), full_page=True)
            raise
        finally:
            page.close()
    assert not list(office.iterdir())  # nothing written where it was run (the database named its own place)


def test_risk_radar_help_names_serve_and_the_commands(capsys):
    from ui.serve import main

    assert main(["--help"]) == 0
    said = capsys.readouterr().out
    assert "risk-radar serve" in said and "import" in said and "alerts" in said
