"""Ledger text is shown as typed wherever Streamlit reads Markdown (issue 20: links and images in a community's,
a unit's or a summary's text would render in labels, captions, expanders and headers)."""

from __future__ import annotations

import pytest

from analytics.db import Database
from tests.apptest import start
from tests.helpers import DEMO_END
from tests.street import add_petition

LINK = "[点此](http://evil.example)"
IMAGE = "![x](http://evil.example/x.png)"
PAGES = {
    "committee": [
        "overview",
        "risk_register",
        "campaigns",
        "alert_review",
        "meeting",
        "my_items",
        "heatmaps",
        "trends",
        "rankings",
    ],
    "officer": ["risk_register", "alert_review"],
}


def hostile(path) -> None:
    db = Database(path)
    db.execute("UPDATE communities SET name = name || ? WHERE community_id = 1", [LINK])
    db.execute("UPDATE responsible_units SET name = name || ? WHERE name = '热力公司'", [IMAGE])
    db.execute(
        "UPDATE risk_items SET responsible_unit = responsible_unit || ? WHERE responsible_unit = '热力公司'", [IMAGE]
    )
    add_petition(
        db, "MD-1", DEMO_END, 1, 1, people=9, level="city", summary=f"**粗体** {LINK} {IMAGE}", matter_id="M-MD"
    )
    db.close()


def rendered(at) -> list[str]:
    """Every text of the page that Streamlit reads as Markdown."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "success", "error"):
        texts += [str(e.value) for e in at.get(kind)]
    texts += [e.proto.label for e in at.get("expander")]
    texts += [e.proto.label for e in at.get("tab")]
    return texts


@pytest.mark.parametrize("role", sorted(PAGES))
def test_ledger_text_never_renders_as_a_link_or_an_image(served_copy, monkeypatch, role):
    hostile(served_copy)
    at = start(served_copy, monkeypatch, role=role)
    offenders = []
    for page in PAGES[role]:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        offenders += [(page, text[:120]) for text in rendered(at) if LINK in text or IMAGE in text]
    assert offenders == [], "\n".join(map(str, offenders))
