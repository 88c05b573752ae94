"""The ordinary life of a street: petitions, recurring matters and screenings.

Everything is drawn with numpy in whole arrays (no loop per record), so that
``--scale`` can build hundreds of streets for the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import festivals
from ..privacy import pseudonym
from ..taxonomy import CATEGORIES, LEVELS
from .areas import StreetAreas, units_for
from .texts import FINDINGS, LEADERS, SUMMARIES

CATEGORY_KEYS = np.array(list(CATEGORIES))
# Petitions a year on the whole street, by category (about 1,650 in all).
YEARLY_PETITIONS = {
    "land_housing": 70,
    "urban_construction": 110,
    "property_management": 280,
    "utilities": 230,
    "labor_wages": 130,
    "social_security": 170,
    "environment": 150,
    "neighbor_dispute": 140,
    "family_dispute": 60,
    "public_order": 70,
    "health_education": 60,
    "law_litigation": 30,
    "other": 90,
}
FINDING_RATE = 0.07  # share of routine visits that find a problem
ROUTINE_VISITS_PER_HOUSEHOLD = 3.0  # a year, by grid workers, on weekdays
CAMPAIGN_HOUSEHOLDS = 3000  # the July campaign of patrol members
DUE_DAYS = 60  # 信访工作条例: conclude within 60 days


@dataclass
class Residents:
    """Pseudonyms of each group's households and of one resident per household."""

    households: np.ndarray  # pseudonyms, grouped by group in area order
    persons: np.ndarray
    start: np.ndarray  # index of each group's first household
    count: np.ndarray  # households per group

    def pick(self, rng: np.random.Generator, group_index: np.ndarray, persons: bool = True) -> np.ndarray:
        offsets = (rng.random(len(group_index)) * self.count[group_index]).astype(np.int64)
        pool = self.persons if persons else self.households
        return pool[self.start[group_index] + offsets]


def residents(key: bytes, areas: StreetAreas) -> Residents:
    names = areas.groups.merge(areas.communities.rename(columns={"name": "community"}), on="community_id")
    households, persons = [], []
    for community, group, n in zip(names["community"], names["name"], names["households"]):
        for k in range(1, int(n) + 1):
            code = f"{community}{group}{k:03d}户"
            households.append(pseudonym(key, code))
            persons.append(pseudonym(key, code + "户主"))
    count = areas.households.astype(np.int64)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    return Residents(np.array(households), np.array(persons), start, count)


def seasonality(category: str, days: np.ndarray) -> np.ndarray:
    """Relative daily rate of a category on each day (about 1 on average)."""
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    factor = np.ones(len(days))
    if category == "utilities":  # heating in winter, water in high summer
        factor = np.select([np.isin(months, [11, 12, 1, 2, 3]), np.isin(months, [7, 8])], [1.6, 1.2], 0.55)
    elif category == "environment":
        factor = np.where(np.isin(months, [6, 7, 8]), 1.5, 0.83)
    elif category == "labor_wages":  # arrears come to a head before Spring Festival
        years = days.astype("datetime64[Y]").astype(int) + 1970
        festival = np.array([np.datetime64(festivals.spring_festival(y)) for y in range(years.min(), years.max() + 2)])
        until = (festival[np.searchsorted(festival, days)] - days).astype(int)
        factor = np.where(until <= 45, 2.6, 0.75)
    return factor


def weekday_factor(days: np.ndarray) -> np.ndarray:
    weekday = (days.astype(int) + 3) % 7  # 0 = Monday
    return np.select([weekday == 5, weekday == 6], [0.45, 0.35], 1.16)


def _due(received: np.ndarray) -> np.ndarray:
    return received + np.timedelta64(DUE_DAYS, "D")


def petition_outcomes(rng: np.random.Generator, received: np.ndarray, end: np.datetime64) -> dict:
    """Status, resolution date and satisfaction of petitions received on ``received``."""
    n = len(received)
    slow = rng.random(n) < 0.08  # some outlast the 60-day deadline
    days_taken = np.where(slow, rng.integers(61, 120, n), np.ceil(rng.gamma(2.0, 12.0, n)).astype(int) + 1)
    resolved_on = received + days_taken.astype("timedelta64[D]")
    rejected = rng.random(n) < 0.03
    age = (end - received).astype(int)
    resolved = (resolved_on <= end) & ~rejected
    status = np.select(
        [rejected, resolved, age < 3, age < 15], ["rejected", "resolved", "registered", "accepted"], "in_progress"
    )
    satisfaction = np.where(resolved, rng.choice(["satisfied", "basic", "unsatisfied"], n, p=[0.7, 0.22, 0.08]), None)
    return {
        "status": status,
        "resolved_date": np.where(resolved, resolved_on, np.datetime64("NaT")),
        "satisfaction": satisfaction,
    }


def draw_channels(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    weekday = (days.astype(int) + 3) % 7
    weekend = weekday >= 5
    n = len(days)
    channel = np.where(
        weekend,
        rng.choice(["visit", "phone", "online"], n, p=[0.08, 0.55, 0.37]),
        rng.choice(["visit", "letter", "phone", "online"], n, p=[0.28, 0.07, 0.42, 0.23]),
    )
    # Wednesday is the leaders' reception day (领导接访日).
    reception = (weekday == 2) & (channel == "visit") & (rng.random(n) < 0.45)
    return np.where(reception, "leader_reception", channel)


def draw_levels(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(list(LEVELS), n, p=[0.90, 0.08, 0.017, 0.002, 0.001])


def draw_people(rng: np.random.Generator, n: int) -> np.ndarray:
    kind = rng.random(n)
    return np.select([kind < 0.88, kind < 0.99], [1, rng.integers(2, 5, n)], rng.integers(5, 13, n))


def pick_units(rng: np.random.Generator, categories: np.ndarray) -> np.ndarray:
    out = np.empty(len(categories), dtype=object)
    for category in np.unique(categories):
        mask = categories == category
        out[mask] = rng.choice(units_for(str(category)), mask.sum())
    return out


def pick_texts(rng: np.random.Generator, categories: np.ndarray, table: dict) -> np.ndarray:
    out = np.empty(len(categories), dtype=object)
    for category in np.unique(categories):
        mask = categories == category
        out[mask] = rng.choice(table[str(category)], mask.sum())
    return out


def background_petitions(
    rng, areas: StreetAreas, people: Residents, days: np.ndarray, end: np.datetime64, id_prefix: str
) -> pd.DataFrame:
    """Single petitions about passing problems, without a matter."""
    weights = areas.households * rng.lognormal(0.0, 0.4, len(areas.households))
    weights = weights / weights.sum()
    received, categories = [], []
    base = weekday_factor(days)
    for category, yearly in YEARLY_PETITIONS.items():
        counts = rng.poisson(yearly / 365.25 * base * seasonality(category, days))
        received.append(np.repeat(days, counts))
        categories.append(np.full(counts.sum(), category))
    received = np.concatenate(received)
    categories = np.concatenate(categories)
    order = np.argsort(received, kind="stable")
    received, categories = received[order], categories[order]
    group_index = rng.choice(len(weights), len(received), p=weights)
    return _petition_frame(rng, areas, people, received, categories, group_index, end, id_prefix)


def _petition_frame(
    rng,
    areas,
    people,
    received,
    categories,
    group_index,
    end,
    id_prefix,
    matter_ids=None,
    petitioners=None,
    levels=None,
    people_count=None,
) -> pd.DataFrame:
    n = len(received)
    outcome = petition_outcomes(rng, received, end)
    return pd.DataFrame(
        {
            "petition_id": [f"{id_prefix}{i:07d}" for i in range(1, n + 1)],
            "received_date": received,
            "channel": draw_channels(rng, received),
            "community_id": areas.community_of_group[group_index],
            "group_id": areas.group_ids[group_index],
            "petitioner": people.pick(rng, group_index) if petitioners is None else petitioners,
            "people_count": draw_people(rng, n) if people_count is None else people_count,
            "category": categories,
            "level": draw_levels(rng, n) if levels is None else levels,
            "matter_id": matter_ids if matter_ids is not None else np.full(n, None),
            "summary": pick_texts(rng, categories, SUMMARIES),
            "status": outcome["status"],
            "due_date": _due(received),
            "resolved_date": outcome["resolved_date"],
            "responsible_unit": pick_units(rng, categories),
            "satisfaction": outcome["satisfaction"],
        }
    )


def screenings(
    rng, areas: StreetAreas, people: Residents, days: np.ndarray, end: np.datetime64, id_prefix: str, key: bytes
) -> pd.DataFrame:
    """Routine weekday visits by grid workers and each July's campaign by patrol members."""
    weekday = (days.astype(int) + 3) % 7
    working = days[weekday < 5]
    rate = areas.households * ROUTINE_VISITS_PER_HOUSEHOLD / 261.0
    counts = rng.poisson(np.outer(np.ones(len(working)), rate))  # working day × group
    day_index, group_index = np.nonzero(counts)
    repeat = counts[day_index, group_index]
    visit_date = np.repeat(working[day_index], repeat)
    group_index = np.repeat(group_index, repeat)

    campaign_dates, campaign_groups = [], []
    years = np.unique(days.astype("datetime64[Y]"))
    for year in years:
        july = np.arange(year + np.timedelta64(6, "M"), year + np.timedelta64(7, "M"), dtype="datetime64[D]")
        july = july[july <= end] if len(july) else july
        if len(july) < 31 or july[0] < days[0]:
            continue  # only whole campaigns inside the window
        chosen = rng.choice(people.households.size, CAMPAIGN_HOUSEHOLDS, replace=False)
        campaign_groups.append(np.searchsorted(people.start, chosen, side="right") - 1)
        campaign_dates.append(july[rng.integers(0, len(july), CAMPAIGN_HOUSEHOLDS)])
    if campaign_dates:
        visit_date = np.concatenate([visit_date, *campaign_dates])
        group_index = np.concatenate([group_index, *campaign_groups])
    order = np.argsort(visit_date, kind="stable")
    visit_date, group_index = visit_date[order], group_index[order]
    n = len(visit_date)

    found = rng.random(n) < FINDING_RATE
    shares = np.array([YEARLY_PETITIONS[c] for c in CATEGORY_KEYS], dtype=float)
    finding = np.where(found, rng.choice(CATEGORY_KEYS, n, p=shares / shares.sum()), "none")
    severity = np.where(found, rng.choice([1, 2, 3, 4], n, p=[0.6, 0.3, 0.085, 0.015]), 0)
    visitors = np.array([pseudonym(key, f"网格员{g}-{k}") for g in areas.group_ids for k in (1, 2)])
    frame = pd.DataFrame(
        {
            "screening_id": [f"{id_prefix}{i:08d}" for i in range(1, n + 1)],
            "visit_date": visit_date,
            "community_id": areas.community_of_group[group_index],
            "group_id": areas.group_ids[group_index],
            "household": people.pick(rng, group_index, persons=False),
            "visitor": visitors[group_index * 2 + rng.integers(0, 2, n)],
            "finding": finding,
            "severity": pd.array(np.where(found, severity, 0), dtype="Int8").astype("Int8"),
            "people_affected": np.where(found, rng.integers(1, 6, n), 0),
            "description": np.where(found, pick_texts(rng, np.where(found, finding, "other"), FINDINGS), None),
            "matter_id": np.full(n, None),
        }
    )
    frame.loc[~found, "severity"] = pd.NA
    return frame


def matters_from_findings(rng, visits: pd.DataFrame, end: np.datetime64, matter_prefix: str) -> pd.DataFrame:
    """Serious findings (severity 3-4) become risk items; the visit is linked to its matter."""
    serious = visits.index[visits["severity"].fillna(0).to_numpy() >= 3]
    ids = np.array([f"{matter_prefix}{i:06d}" for i in range(1, len(serious) + 1)], dtype=object)
    visits.loc[serious, "matter_id"] = ids
    found = visits.loc[serious]
    identified = found["visit_date"].to_numpy().astype("datetime64[D]")
    age = (end - identified).astype(int)
    resolved = (age > 20) & (rng.random(len(found)) < 0.9)
    resolved_on = identified + np.minimum(age, rng.integers(3, 30, len(found))).astype("timedelta64[D]")
    categories = found["finding"].to_numpy()
    return pd.DataFrame(
        {
            "matter_id": ids,
            "identified_date": identified,
            "source": "screening",
            "community_id": found["community_id"].to_numpy(),
            "group_id": found["group_id"].to_numpy(),
            "category": categories,
            "people_involved": found["people_affected"].to_numpy(),
            "responsible_unit": pick_units(rng, categories),
            "leader": rng.choice(LEADERS, len(found)),
            "status": np.where(resolved, "resolved", "in_progress"),
            "due_date": identified + np.timedelta64(30, "D"),
            "resolved_date": np.where(resolved, resolved_on, np.datetime64("NaT")),
            "description": found["description"].to_numpy(),
        }
    )


def window(end: date, years: int) -> np.ndarray:
    start = end - timedelta(days=round(365.25 * years) - 1)
    return np.arange(np.datetime64(start), np.datetime64(end) + np.timedelta64(1, "D"), dtype="datetime64[D]")
