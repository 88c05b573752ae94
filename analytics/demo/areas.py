"""The demo street's areas: communities, groups on a grid, neighbours, units.

Modelled on 民惠街道: 3 communities, 142 administrative groups, 4,465
households and 13,873 residents, and 20 resident units that handle matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

STREET_NAME = "民惠街道"
# (name, groups, grid columns): each community's groups lie on a grid whose
# 4-neighbours are the adjacent groups.
COMMUNITIES = (("爱民社区", 50, 10), ("新华社区", 48, 8), ("团结社区", 44, 11))
HOUSEHOLDS = 4465
POPULATION = 13873
MIN_HOUSEHOLDS = 12
GROUPS = sum(n for _, n, _ in COMMUNITIES)

# (Chinese name, English name, categories it handles)
UNITS = (
    ("财政局", "Finance Bureau", ("other",)),
    ("交通局", "Transport Bureau", ("urban_construction",)),
    ("自来水公司", "Water Company", ("utilities",)),
    ("供电公司", "Power Supply Company", ("utilities",)),
    ("燃气公司", "Gas Company", ("utilities",)),
    ("热力公司", "Heating Company", ("utilities",)),
    ("住房和城乡建设局", "Housing and Construction Bureau", ("urban_construction", "property_management")),
    ("房屋征收办公室", "Housing Expropriation Office", ("land_housing",)),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau", ("labor_wages", "social_security")),
    ("民政局", "Civil Affairs Bureau", ("social_security",)),
    ("生态环境局", "Ecology and Environment Bureau", ("environment",)),
    ("城市管理局", "Urban Management Bureau", ("environment", "urban_construction")),
    ("公安分局", "Public Security Sub-bureau", ("public_order",)),
    ("司法所", "Judicial Office", ("neighbor_dispute", "law_litigation")),
    ("卫生健康局", "Health Commission", ("health_education",)),
    ("教育局", "Education Bureau", ("health_education",)),
    ("市场监督管理局", "Market Regulation Administration", ("other",)),
    ("自然资源局", "Natural Resources Bureau", ("land_housing",)),
    ("物业管理科", "Property Management Section", ("property_management",)),
    ("妇联", "Women's Federation", ("family_dispute",)),
)


@dataclass
class StreetAreas:
    """One street's areas, as frames ready for the tables and arrays for the generator."""

    communities: pd.DataFrame  # community_id, name
    groups: pd.DataFrame  # group_id, community_id, name, households, population
    neighbors: pd.DataFrame  # group_id, neighbor_id

    @property
    def households(self) -> np.ndarray:
        return self.groups["households"].to_numpy()

    @property
    def group_ids(self) -> np.ndarray:
        return self.groups["group_id"].to_numpy()

    @property
    def community_of_group(self) -> np.ndarray:
        return self.groups["community_id"].to_numpy()

    def group_index(self, community: str, group_name: str) -> int:
        """Position in ``groups`` of a named group of a named community."""
        community_id = int(self.communities.loc[self.communities["name"] == community, "community_id"].iloc[0])
        mask = (self.groups["community_id"] == community_id) & (self.groups["name"] == group_name)
        return int(np.flatnonzero(mask.to_numpy())[0])

    def neighbours_of(self, index: int) -> list[int]:
        group_id = self.group_ids[index]
        ids = self.neighbors.loc[self.neighbors["group_id"] == group_id, "neighbor_id"].to_numpy()
        return sorted(int(np.flatnonzero(self.group_ids == n)[0]) for n in ids)


def exact_split(rng: np.random.Generator, total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Integers ≥ ``minimum`` proportional to ``weights`` that add up to ``total`` exactly."""
    base = np.full(len(weights), minimum, dtype=np.int64)
    rest = total - base.sum()
    if rest < 0:
        raise ValueError("total too small for the minimum")
    return base + rng.multinomial(rest, weights / weights.sum())


def build_areas(rng: np.random.Generator, street: int, first_community_id: int, first_group_id: int) -> StreetAreas:
    """The areas of street number ``street`` (0 for the demo street itself)."""
    suffix = "" if street == 0 else f"（{street + 1}）"
    communities, groups, neighbours = [], [], []
    group_id = first_group_id
    for offset, (name, n_groups, columns) in enumerate(COMMUNITIES):
        community_id = first_community_id + offset
        communities.append((community_id, name + suffix))
        ids = list(range(group_id, group_id + n_groups))
        for position, gid in enumerate(ids):
            groups.append((gid, community_id, f"第{position + 1}小组"))
            row, col = divmod(position, columns)
            right, below = position + 1, position + columns
            if col + 1 < columns and right < n_groups:
                neighbours += [(gid, ids[right]), (ids[right], gid)]
            if below < n_groups:
                neighbours += [(gid, ids[below]), (ids[below], gid)]
        group_id += n_groups
    group_frame = pd.DataFrame(groups, columns=["group_id", "community_id", "name"])
    # Group sizes vary about threefold, as grids drawn around buildings do.
    weights = rng.lognormal(0.0, 0.35, len(group_frame))
    households = exact_split(rng, HOUSEHOLDS, weights, MIN_HOUSEHOLDS)
    population = households + exact_split(rng, POPULATION - HOUSEHOLDS, households.astype(float), 0)
    group_frame["households"] = households.astype(np.int32)
    group_frame["population"] = population.astype(np.int32)
    return StreetAreas(
        communities=pd.DataFrame(communities, columns=["community_id", "name"]),
        groups=group_frame,
        neighbors=pd.DataFrame(sorted(set(neighbours)), columns=["group_id", "neighbor_id"]),
    )


def boundaries(areas: StreetAreas, street: int = 0) -> pd.DataFrame:
    """Generated group boundaries: each community's grid of groups, communities side by side (a street's
    communities further down for ``street`` > 0)."""
    from ..geo import grid_boundaries

    rows, offset = [], 0
    for (_, _, columns), (_, community) in zip(COMMUNITIES, areas.communities.iterrows()):
        mine = areas.groups[areas.groups["community_id"] == community["community_id"]]
        for position, group_id in enumerate(mine["group_id"]):
            row, col = divmod(position, columns)
            rows.append((int(group_id), offset + col, -row - street * 8))
        offset += columns
    return grid_boundaries(pd.DataFrame(rows, columns=["group_id", "x", "y"]), seed=street)


def units_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [(i + 1, zh, en) for i, (zh, en, _) in enumerate(UNITS)],
        columns=["unit_id", "name", "name_en"],
    )


def units_for(category: str) -> list[str]:
    """Names of the units that handle a category (at least one)."""
    names = [zh for zh, _, handled in UNITS if category in handled]
    return names or ["市场监督管理局"]
