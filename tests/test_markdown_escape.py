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


def test_a_file_name_a_header_and_an_id_from_a_ledger_never_render_as_a_link(served_copy, monkeypatch):
    """Translated messages that name what the clerk's file holds: its name, an ignored column, a record's id."""
    from tests.helpers import as_office

    as_office(served_copy)
    ledger = (
        f"信访编号,登记日期,信访形式,社区,信访人,人数,问题类别,信访层级,办理状态,备注{LINK}\n"
        f"MD{IMAGE},2026-11-20,来访,爱民社区,赵六,1,供水,街道,登记,x\n"
    ).encode()
    at = start(served_copy, monkeypatch, role="clerk", lang="zh")
    at.file_uploader(key="import_file").upload(f"台账{LINK}.csv", ledger, "text/csv").run()
    at.button(key="import_run").click().run()
    assert not at.exception
    texts = rendered(at)
    assert any("备注" in text for text in texts) and any("读取 1 行" in text for text in texts)
    assert [text for text in texts if LINK in text or IMAGE in text] == []
    # escaped, the text still reads as typed
    assert any("台账\\[点此\\](http:\\/\\/evil.example).csv" in text for text in texts)
