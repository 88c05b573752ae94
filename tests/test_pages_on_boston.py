"""Every analyst and committee page on a street nobody here made: Boston's heat complaints, imported through
the mapping (areas from the records, no screenings, no households, no boundaries)."""

from __future__ import annotations

import pytest

from analytics.db import Database
from analytics.i18n import t
from analytics.roles import PAGES
from tests.apptest import figures, start
from tests.helpers import BOSTON_PASSWORD
from ui.catalogue import BY_KEY


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("role", ["committee", "analyst", "officer"])
def test_every_page_of_the_role_opens(boston_copy, monkeypatch, role, lang):
    at = start(boston_copy, monkeypatch, role=role, lang=lang, password=BOSTON_PASSWORD)
    for key in ("overview", "register", "heatmaps", "trends", "rankings", "review"):
        if role not in PAGES[key]:
            continue
        at.switch_page(BY_KEY[key].file).run()
        assert not at.exception, (role, key, lang, at.exception)
        assert at.main.title[0].value == t(f"{key}.title", lang), (role, key, lang)


def test_heatmaps_on_boston_show_the_neighbourhoods(boston_copy, monkeypatch):
    at = start(boston_copy, monkeypatch, role="analyst", password=BOSTON_PASSWORD)
    at.switch_page(BY_KEY["heatmaps"].file).run()
    assert not at.exception
    shown = figures(at)
    assert len(shown[0]["data"][0]["x"]) > 15  # neighbourhoods as communities
    polygons = [trace for trace in shown[3]["data"] if trace.get("fill") == "toself"]
    db = Database(boston_copy)
    rings = sum(trace["x"].count(None) for trace in polygons)
    assert rings == db.scalar("SELECT count(*) FROM groups")  # wards as tiles by adjacency
    db.close()
