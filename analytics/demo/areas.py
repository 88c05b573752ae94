"""The demo street's areas: communities, groups on a grid, neighbours, units.

Modelled on 民惠街道: 3 communities, 142 administrative groups, 4,465
households and 13,873 residents; the units that handle residents' matters (each community's 居委会 and
property company, the street's offices, 派出所, the utility companies, district bureaus) and the seed's
20 驻街单位 as co-building partners (共建单位).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .texts import ESTATES

STREET_NAME = "民惠街道"
# (name, groups, grid columns): each community's groups lie on a grid whose
# 4-neighbours are the adjacent groups.
COMMUNITIES = (("爱民社区", 50, 10), ("新华社区", 48, 8), ("团结社区", 44, 11))
HOUSEHOLDS = 4465
POPULATION = 13873
MIN_HOUSEHOLDS = 12
GROUPS = sum(n for _, n, _ in COMMUNITIES)

COMMUNITY_NAMES_EN = {"爱民社区": "Aimin", "新华社区": "Xinhua", "团结社区": "Tuanjie"}
# The street's handling units (承办单位) beside each community's 居委会 and property company:
# (Chinese name, English name). The texts' topics say which handle what.
HANDLERS = (
    ("城建科", "Urban Construction Section"),
    ("民政科", "Civil Affairs Section"),
    ("劳动保障所", "Labour and Social Security Office"),
    ("司法所", "Judicial Office"),
    ("综治中心", "Comprehensive Governance Centre"),
    ("信访办", "Petitions Office"),
    ("街道妇联", "Street Women's Federation"),
    ("派出所", "Police Station"),
    ("自来水公司", "Water Company"),
    ("热力公司", "Heating Company"),
    ("供电公司", "Power Supply Company"),
    ("燃气公司", "Gas Company"),
    ("区房屋征收办公室", "District Housing Expropriation Office"),
    ("区住房和城乡建设局", "District Housing and Construction Bureau"),
    ("区城市管理局", "District Urban Management Bureau"),
    ("区人力资源和社会保障局", "District Human Resources and Social Security Bureau"),
    ("区生态环境局", "District Ecology and Environment Bureau"),
    ("区教育局", "District Education Bureau"),
    ("区卫生健康局", "District Health Commission"),
)
# Each community's property company (物业公司), by the community's position in the street.
PROPERTY_COMPANIES = (
    ("安居物业公司", "Anju Property Company"),
    ("万佳物业公司", "Wanjia Property Company"),
    ("鑫源物业公司", "Xinyuan Property Company"),
)
# The seed's 驻街单位: organisations located in the street, partners in co-building (共建单位), not the
# handlers of residents' petitions.
PARTNERS = (
    ("财政局", "Finance Bureau"),
    ("交通局", "Transport Bureau"),
    ("住房和城乡建设局", "Housing and Construction Bureau"),
    ("房屋征收办公室", "Housing Expropriation Office"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("民政局", "Civil Affairs Bureau"),
    ("生态环境局", "Ecology and Environment Bureau"),
    ("城市管理局", "Urban Management Bureau"),
    ("公安分局", "Public Security Sub-bureau"),
    ("卫生健康局", "Health Commission"),
    ("教育局", "Education Bureau"),
    ("市场监督管理局", "Market Regulation Administration"),
    ("自然资源局", "Natural Resources Bureau"),
    ("物业管理科", "Property Management Section"),
    ("妇联", "Women's Federation"),
    ("税务局", "Tax Bureau"),
    ("供销社", "Supply and Marketing Cooperative"),
    ("邮政局", "Post Office"),
    ("第三中学", "No. 3 Middle School"),
    ("区人民医院", "District People's Hospital"),
)


@dataclass
class StreetAreas:
    """One street's areas, as frames ready for the tables and arrays for the generator."""

    communities: pd.DataFrame  # community_id, name
    groups: pd.DataFrame  # group_id, community_id, name, households, population
    neighbors: pd.DataFrame  # group_id, neighbor_id
    estates: np.ndarray  # each group's estate (小区), for the ledgers' texts
    committees: np.ndarray  # each group's community's 居委会
    companies: np.ndarray  # each group's property company

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
    estates, committees, companies = [], [], []
    for position, (name, n_groups, _) in enumerate(COMMUNITIES):
        names = ESTATES[position]
        estates += [names[k * len(names) // n_groups] for k in range(n_groups)]
        committees += [committee(name + suffix)] * n_groups
        companies += [PROPERTY_COMPANIES[position][0] + suffix] * n_groups
    return StreetAreas(
        communities=pd.DataFrame(communities, columns=["community_id", "name"]),
        groups=group_frame,
        neighbors=pd.DataFrame(sorted(set(neighbours)), columns=["group_id", "neighbor_id"]),
        estates=np.array(estates, dtype=object),
        committees=np.array(committees, dtype=object),
        companies=np.array(companies, dtype=object),
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


def committee(community: str) -> str:
    """The community's residents' committee (居委会), as a handling unit is named."""
    return f"{community}居委会"


def _english(community: str) -> str:
    base = community.split("（")[0]
    suffix = community[len(base) :].strip("（）")
    return COMMUNITY_NAMES_EN.get(base, base) + (f" ({suffix})" if suffix else "")


def units_frame(communities: list[str]) -> pd.DataFrame:
    """The handling units (each community's 居委会 and property company, the street's offices, the utility
    companies, district bureaus) and the 驻街单位 as co-building partners."""
    rows = []
    for position, community in enumerate(communities):
        company, company_en = PROPERTY_COMPANIES[position % len(PROPERTY_COMPANIES)]
        suffix = community[len(community.split("（")[0]) :]
        rows.append((committee(community), f"{_english(community)} Residents' Committee", "handler"))
        rows.append((company + suffix, company_en + (f" {suffix}" if suffix else ""), "handler"))
    rows += [(zh, en, "handler") for zh, en in HANDLERS]
    rows += [(zh, en, "partner") for zh, en in PARTNERS]
    frame = pd.DataFrame(rows, columns=["name", "name_en", "kind"]).drop_duplicates("name")
    frame.insert(0, "unit_id", range(1, len(frame) + 1))
    return frame
