"""The README's layout section names every page and every package folder (issue 17.5), and the docs it points
to are there."""

from __future__ import annotations

import re

from tests.helpers import ROOT
from ui.catalogue import CATALOGUE


def layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Layout", 1)[1].split("\n## ", 1)[0]


def test_the_layout_lists_every_page_and_every_package_folder():
    text = layout()
    for spec in CATALOGUE:
        assert spec.file.split("/")[-1] in text, spec.file
    packages = sorted(
        p.parent.relative_to(ROOT).as_posix()
        for p in ROOT.glob("*/**/__init__.py")
        if ".venv" not in p.parts and "tests" not in p.parts
    )
    assert packages and "analytics/detect" in packages
    for folder in packages:
        assert f"{folder}/" in text, folder
    for folder in ("app_pages", "ui", "analytics", "bench", "data", "notebooks", "docs", "tests"):
        assert re.search(rf"^{folder}/", text, re.M), folder


def test_every_document_the_readme_points_to_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\((docs/[^)]+)\)", readme)
    assert len(linked) >= 10
    assert [path for path in linked if not (ROOT / path).exists()] == []
