"""Every analyst and committee page on a street nobody here made: Boston's heat complaints, imported through
the mapping (areas from the records, no screenings, no households, no boundaries)."""
from __future__ import annotations

import pytest

from analytics.__main__ import main
from analytics.auth import add_account
from analytics.db import Database
from analytics.roles import PAGES, SYSTEM
from tests.apptest import figures, start
from tests.conftest import ROOT
from ui.catalogue import BY_KEY

BOSTON = ROOT.parent / "shared" / "data" / "real" / "boston_311_heat.csv"
MAPPING = ROOT / "data" / "mappings" / "boston_311_heat.toml"
PASSWORD = "Boston-heat-2018"
pytestmark = pytest.mark.skipif(not BOSTON.exists(), reason="the shared real data is not beside the project")


@pytest.fixture(scope="module")
def boston(tmp_path_factory):
    path = tmp_path_factory.mktemp("boston") / "boston.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    assert main(["import", "areas", str(BOSTON), "--from-records", "petitions", "--mapping", str(MAPPING),
                 "--db", str(path)]) == 0
    assert main(["import", "petitions", str(BOSTON), "--mapping", str(MAPPING), "--db", str(path),
                 "--skip-invalid"]) == 0
    db = Database(path)
    for role in ("committee", "analyst", "officer"):
        add_account(db, SYSTEM, role, role, PASSWORD)
    db.close()
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("role", ["committee", "analyst", "officer"])
def test_every_page_of_the_role_opens(boston, monkeypatch, role, lang):
    at = start(boston, monkeypatch, role=role, lang=lang, password=PASSWORD)
    for key in ("overview", "register", "heatmaps", "trends", "rankings", "review"):
        if role not in PAGES[key]:
            continue
        at.switch_page(BY_KEY[key].file).run()
        assert not at.exception, (role, key, lang, at.exception)
        assert at.main.title, (role, key)


def test_heatmaps_on_boston_show_the_neighbourhoods(boston, monkeypatch):
    at = start(boston, monkeypatch, role="analyst", password=PASSWORD)
    at.switch_page(BY_KEY["heatmaps"].file).run()
    assert not at.exception
    shown = figures(at)
    assert len(shown[0]["data"][0]["x"]) > 15  # neighbourhoods as communities
    polygons = [trace for trace in shown[3]["data"] if trace.get("fill") == "toself"]
    db = Database(boston)
    rings = sum(trace["x"].count(None) for trace in polygons)
    assert rings == db.scalar("SELECT count(*) FROM groups")  # wards as tiles by adjacency
    db.close()
