"""Group boundaries for the offline map: GeoJSON import, the demo street's generated shapes, and a tile grid
laid out by adjacency for groups without geometry.

No tile server is reached: shapes are drawn as filled polygons on plain axes.
A GeoJSON file is a FeatureCollection whose features name their group by a
``group_id`` property, or by ``community`` and ``group`` names; geometries are
Polygon or MultiPolygon. Import checks every feature first and writes all or
nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .db import Database
from .problems import Problem


class BoundaryProblem(Problem):
    """A GeoJSON file that cannot be imported; ``key`` is a translation key (file, feature, property, reason)."""


@dataclass
class Shape:
    group_id: int
    rings: list[list[tuple[float, float]]]  # outer rings of the polygons, [(x, y), ...]


MAX_BYTES = 20 * 2**20  # a street's groups drawn in detail are a few MB
MAX_POINTS = 20_000  # per group: more is no hand-drawn boundary


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    if not isinstance(geometry, dict):
        raise TypeError("geometry")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if not polygons or not isinstance(polygons, list):
        raise ValueError(kind)
    rings, points = [], 0
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon or not isinstance(polygon[0], list):
            raise TypeError("polygon")
        outer = []
        for point in polygon[0]:
            if not isinstance(point, list) or len(point) < 2 or not all(_number(v) for v in point[:2]):
                raise TypeError("point")
            outer.append((float(point[0]), float(point[1])))
        points += len(outer)
        if len(outer) < 4 or points > MAX_POINTS:
            raise ValueError("ring")
        rings.append(outer)
    return rings


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_boundaries(db: Database, path: Path) -> dict[int, str]:
    """group_id → geometry (GeoJSON text) for every feature, or BoundaryProblem naming the first bad one."""
    name = Path(path).name
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:  # said before the file is read
            raise BoundaryProblem("geo.too_large", file=name, size_mb=round(size / 2**20, 1), limit_mb=MAX_BYTES >> 20)
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise BoundaryProblem("geo.not_json", file=name, reason=str(problem)) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryProblem("geo.not_collection", file=name)
    by_id = {int(g): int(g) for (g,) in db.rows("SELECT group_id FROM groups")}
    by_name = {
        (c, g): int(i)
        for i, c, g in db.rows(
            "SELECT g.group_id, c.name, g.name FROM groups AS g JOIN communities AS c USING (community_id)"
        )
    }
    shapes: dict[int, str] = {}
    features = document.get("features") or []
    if not isinstance(features, list):
        raise BoundaryProblem("geo.not_collection", file=name)
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise BoundaryProblem("geo.bad_geometry", file=name, feature=number, column="properties")
        if "group_id" in properties:
            try:
                group_id = by_id.get(int(properties["group_id"]))
            except (TypeError, ValueError):
                group_id = None
            column = "group_id"
        else:
            group_id = by_name.get((properties.get("community"), properties.get("group")))
            column = "community, group"
        if group_id is None:
            raise BoundaryProblem(
                "geo.unknown_group",
                file=name,
                feature=number,
                column=column,
                value=properties.get("group_id", f"{properties.get('community')} {properties.get('group')}"),
            )
        try:
            rings = _rings(feature.get("geometry") or {})
        except (ValueError, TypeError, IndexError):
            raise BoundaryProblem("geo.bad_geometry", file=name, feature=number, column="geometry") from None
        if group_id in shapes:
            raise BoundaryProblem("geo.twice", file=name, feature=number, column=column, group=group_id)
        # only what is drawn is kept: the outer rings as numbers, nothing else the file carried
        shapes[group_id] = json.dumps({"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]})
    if not shapes:
        raise BoundaryProblem("geo.empty", file=name)
    return shapes


def import_boundaries(db: Database, user, path: Path) -> int:
    """Replace the boundaries of the groups the file names; return how many."""
    from . import audit
    from .roles import require

    require(user, "import_ledgers")
    shapes = read_boundaries(db, path)
    frame = pd.DataFrame({"group_id": list(shapes), "geometry": list(shapes.values())})
    with db.transaction():
        db.execute("DELETE FROM group_shapes WHERE list_contains($ids, group_id)", {"ids": list(shapes)})
        db.insert_frame("group_shapes", frame)
        audit.record(db, user.username, "import", "boundaries", {"file": Path(path).name, "groups": len(shapes)})
        db.bump_data_version()
    return len(shapes)


def grid_boundaries(positions: pd.DataFrame, jitter: float = 0.18, seed: int = 0) -> pd.DataFrame:
    """Quadrilaterals for groups at integer grid cells (group_id, x, y), with corners shared by neighbours moved
    a little so that the map looks drawn, not ruled. Returns group_id, geometry (GeoJSON text)."""
    rng = np.random.default_rng(seed)
    corners: dict[tuple[int, int], tuple[float, float]] = {}

    def corner(x: int, y: int) -> tuple[float, float]:
        if (x, y) not in corners:
            dx, dy = rng.uniform(-jitter, jitter, 2)
            corners[(x, y)] = (round(x + dx, 4), round(y + dy, 4))
        return corners[(x, y)]

    rows = []
    for group_id, x, y in positions[["group_id", "x", "y"]].itertuples(index=False):
        ring = [corner(x, y), corner(x + 1, y), corner(x + 1, y + 1), corner(x, y + 1), corner(x, y)]
        rows.append((int(group_id), json.dumps({"type": "Polygon", "coordinates": [[list(p) for p in ring]]})))
    return pd.DataFrame(rows, columns=["group_id", "geometry"])


def tile_positions(groups: pd.DataFrame, neighbours: pd.DataFrame) -> pd.DataFrame:
    """Grid cells for groups without geometry: each community's groups on a near-square grid, placed by a
    spectral layout of their adjacency (neighbours land near each other); communities side by side."""
    rows, offset = [], 0
    for _, mine in groups.groupby("community_id", sort=True):
        ids = list(mine["group_id"].astype(int))
        columns = max(1, math.ceil(math.sqrt(len(ids))))
        order = _spectral_order(ids, neighbours, columns)
        for position, group_id in enumerate(order):
            row, col = divmod(position, columns)
            rows.append((group_id, offset + col, -row))
        offset += columns + 1
    return pd.DataFrame(rows, columns=["group_id", "x", "y"])


def _spectral_order(ids: list[int], neighbours: pd.DataFrame, columns: int) -> list[int]:
    """Groups in reading order (rows of ``columns``) following the two smoothest Laplacian eigenvectors."""
    index = {g: i for i, g in enumerate(ids)}
    edges = neighbours[neighbours["group_id"].isin(index) & neighbours["neighbor_id"].isin(index)]
    if len(ids) < 3 or edges.empty:
        return ids
    adjacency = np.zeros((len(ids), len(ids)))
    for a, b in edges[["group_id", "neighbor_id"]].itertuples(index=False):
        adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1
    laplacian = np.diag(adjacency.sum(axis=1)) - adjacency
    _, vectors = np.linalg.eigh(laplacian)
    x, y = vectors[:, 1], vectors[:, 2]
    by_y = np.argsort(y, kind="stable")
    order = []
    for start in range(0, len(ids), columns):
        row = by_y[start : start + columns]
        order += [ids[i] for i in row[np.argsort(x[row], kind="stable")]]
    return order


def map_shapes(db: Database) -> pd.DataFrame:
    """Every group with its rings and centre: from its imported geometry, or a tile laid out by adjacency.
    Columns: group_id, community_id, community, group, rings, x, y, source ('geometry' or 'tile')."""
    groups = db.query(
        'SELECT g.group_id, g.community_id, c.name AS community, g.name AS "group" '
        "FROM groups AS g JOIN communities AS c USING (community_id) ORDER BY g.group_id"
    )
    stored = dict(db.rows("SELECT group_id, geometry FROM group_shapes"))
    missing = groups[~groups["group_id"].isin(stored)]
    source = {int(g): "geometry" for g in stored}
    if len(missing):
        neighbours = db.query("SELECT group_id, neighbor_id FROM group_neighbors")
        positions = tile_positions(missing, neighbours)
        if stored:  # tiles go to the right of the drawn groups
            xs = [x for geometry in stored.values() for ring in _rings(json.loads(geometry)) for x, _ in ring]
            positions["x"] = positions["x"] + max(xs) + 2
        tiles = grid_boundaries(positions, jitter=0.0)
        stored.update(dict(zip(tiles["group_id"], tiles["geometry"])))
        source.update({int(g): "tile" for g in tiles["group_id"]})
    rings = [_rings(json.loads(stored[int(g)])) for g in groups["group_id"]]
    centres = [_centre(r) for r in rings]
    return groups.assign(
        rings=rings,
        x=[c[0] for c in centres],
        y=[c[1] for c in centres],
        source=[source[int(g)] for g in groups["group_id"]],
    )


def _centre(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The centre of the largest ring (vertex mean: enough for a marker inside a convex-ish group)."""
    largest = max(rings, key=len)
    points = np.array(largest[:-1] if largest[0] == largest[-1] else largest)
    return float(points[:, 0].mean()), float(points[:, 1].mean())
