"""Group boundaries: GeoJSON import (all or nothing, errors naming feature and property), tiles by adjacency."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analytics import geo
from analytics.__main__ import main
from analytics.roles import SYSTEM
from tests.street import tiny_street


def square(x, y):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


def write(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture
def street(tmp_path):
    db = tiny_street(tmp_path / "geo.duckdb")
    db.execute("INSERT INTO group_neighbors VALUES (10, 11), (11, 10)")
    yield db
    db.close()


def test_import_by_id_or_by_names_and_draw(street, tmp_path):
    path = write(
        tmp_path / "b.geojson",
        [
            {"type": "Feature", "properties": {"group_id": 10}, "geometry": square(0, 0)},
            {"type": "Feature", "properties": {"community": "A社区", "group": "二组"}, "geometry": square(1, 0)},
        ],
    )
    assert geo.import_boundaries(street, SYSTEM, path) == 2
    shapes = geo.map_shapes(street).set_index("group_id")
    assert list(shapes["source"]) == ["geometry", "geometry", "tile"]  # group 20 has no boundary: a tile
    assert shapes.loc[10, "x"] == pytest.approx(0.5) and shapes.loc[11, "x"] == pytest.approx(1.5)
    assert shapes.loc[20, "x"] > 2  # tiles to the right of the drawn groups
    assert street.scalar("SELECT count(*) FROM audit_log WHERE target = 'boundaries'") == 1


@pytest.mark.parametrize(
    "feature, key, where",
    [
        (
            {"properties": {"group_id": 99}, "geometry": square(0, 0)},
            "geo.unknown_group",
            {"feature": 2, "column": "group_id"},
        ),
        (
            {"properties": {"group_id": 11}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
            "geo.bad_geometry",
            {"feature": 2, "column": "geometry"},
        ),
        ({"properties": {"group_id": 10}, "geometry": square(0, 0)}, "geo.twice", {"feature": 2, "column": "group_id"}),
        # types checked (issue 20): words, booleans or NaN for coordinates, a list for properties, far too many points
        (
            {"properties": {"group_id": 11}, "geometry": {"type": "Polygon", "coordinates": [[["0", 0]] * 5]}},
            "geo.bad_geometry",
            {"feature": 2, "column": "geometry"},
        ),
        (
            {"properties": {"group_id": 11}, "geometry": {"type": "Polygon", "coordinates": [[[True, 0]] * 5]}},
            "geo.bad_geometry",
            {"feature": 2, "column": "geometry"},
        ),
        (
            {"properties": {"group_id": 11}, "geometry": {"type": "Polygon", "coordinates": [[[float("nan"), 0]] * 5]}},
            "geo.bad_geometry",
            {"feature": 2, "column": "geometry"},
        ),
        ({"properties": [11], "geometry": square(0, 0)}, "geo.bad_geometry", {"feature": 2, "column": "properties"}),
        (
            {"properties": {"group_id": 11}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0]] * 30_000]}},
            "geo.bad_geometry",
            {"feature": 2, "column": "geometry"},
        ),
    ],
)
def test_a_bad_feature_is_named_and_nothing_is_written(street, tmp_path, feature, key, where):
    path = write(
        tmp_path / "b.geojson",
        [{"type": "Feature", "properties": {"group_id": 10}, "geometry": square(0, 0)}, {"type": "Feature", **feature}],
    )
    with pytest.raises(geo.BoundaryProblem) as raised:
        geo.import_boundaries(street, SYSTEM, path)
    assert raised.value.key == key and {k: raised.value.values[k] for k in where} == where
    assert raised.value.values["file"] == "b.geojson"
    assert street.scalar("SELECT count(*) FROM group_shapes") == 0


def test_cli_refuses_a_file_that_is_not_geojson(street, tmp_path, capsys):
    path = tmp_path / "b.geojson"
    path.write_text("not json", encoding="utf-8")
    street.close()
    assert main(["--lang", "en", "boundaries", str(path), "--db", str(street.path)]) == 2
    assert "b.geojson: not a GeoJSON file" in capsys.readouterr().err


def test_tiles_put_neighbours_next_to_each_other(demo_db):
    groups = demo_db.query("SELECT group_id, community_id FROM groups")
    neighbours = demo_db.query("SELECT group_id, neighbor_id FROM group_neighbors")
    positions = geo.tile_positions(groups, neighbours).set_index("group_id")
    assert len(positions) == 142 and not positions.duplicated().any()  # one cell each
    pairs = neighbours.to_numpy()
    distance = np.hypot(*(positions.loc[pairs[:, 0]].to_numpy() - positions.loc[pairs[:, 1]].to_numpy()).T)
    rng = np.random.default_rng(0)
    random_pairs = rng.choice(positions.index, size=(len(pairs), 2))
    random = np.hypot(*(positions.loc[random_pairs[:, 0]].to_numpy() - positions.loc[random_pairs[:, 1]].to_numpy()).T)
    assert np.median(distance) <= 1.5 < np.median(random)


def test_a_boundary_file_over_the_limit_is_refused_before_it_is_read(street, tmp_path, monkeypatch):
    path = tmp_path / "huge.geojson"
    with open(path, "wb") as handle:
        handle.truncate(geo.MAX_BYTES + 1)  # sparse: reading it would be the attack
    monkeypatch.setattr(json, "loads", lambda *_: pytest.fail("the file was read"))
    with pytest.raises(geo.BoundaryProblem) as raised:
        geo.import_boundaries(street, SYSTEM, path)
    assert raised.value.key == "geo.too_large" and raised.value.values["limit_mb"] == 20


def test_only_the_drawn_rings_are_kept_of_a_feature(street, tmp_path):
    geometry = {**square(0, 0), "crs": "x" * 10_000, "bbox": [0, 0, 1, 1]}
    path = write(tmp_path / "b.geojson", [{"type": "Feature", "properties": {"group_id": 10}, "geometry": geometry}])
    geo.import_boundaries(street, SYSTEM, path)
    kept = json.loads(street.scalar("SELECT geometry FROM group_shapes WHERE group_id = 10"))
    assert kept == {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]}
