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
from .areas import StreetAreas
from .texts import LEADERS, TOPICS, draw_topics, fill, units

CATEGORY_KEYS = np.array(list(CATEGORIES))
# Petitions a year on the whole street, by category (about 1,650 in all): everything the office registers,
# 12345 hotline work orders forwarded to the street included (see docs/demo-street.md).
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
CAMPAIGN_RISKS = 15  # hidden risks the campaign finds (the seed's month of screening)
DUE_DAYS = 60  # 信访工作条例: answer within 60 days of 受理
SLOW_SHARE = 0.05  # answers that take longer than usual (some with a 30-day extension)
# 建议意见 / 检举控告 / 申诉求决: most petitions to a street ask for a problem to be solved
KINDS = (("claim", 0.86), ("suggestion", 0.09), ("accusation", 0.05))


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


def cold_snaps(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    """Days of a cold snap (寒潮): two or three spells of 3-6 days each winter, December to February."""
    cold = np.zeros(len(days), dtype=bool)
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    winter = np.flatnonzero(np.isin(months, [12, 1, 2]))
    if not len(winter):
        return cold
    winters = (days[winter] - np.timedelta64(59, "D")).astype("datetime64[Y]")  # Dec-Feb as one winter
    for season in np.unique(winters):
        spell_days = winter[winters == season]
        for _ in range(int(rng.integers(2, 4))):
            first = int(rng.integers(0, len(spell_days)))
            cold[spell_days[first : first + int(rng.integers(3, 7))]] = True
    return cold


def seasonality(season: str, days: np.ndarray, cold: np.ndarray | None = None) -> np.ndarray:
    """Relative daily rate of a topic on each day (about 1 on average over whole years)."""
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    day_of_month = (days - days.astype("datetime64[M]")).astype(int) + 1
    factor = np.ones(len(days))
    if season == "heating":  # a north-eastern city: heating from mid-October to mid-April
        starting = ((months == 10) & (day_of_month >= 15)) | (months == 11)
        season_on = np.isin(months, [12, 1, 2, 3]) | ((months == 4) & (day_of_month <= 15))
        factor = np.select([starting, season_on], [3.4, 1.0], 0.1)
        if cold is not None:
            factor = np.where(cold & season_on, factor * 3.0, factor)
        factor = factor / 0.88
    elif season == "summer":  # water, power, noise and smells in high summer
        factor = np.where(np.isin(months, [6, 7, 8]), 1.5, 0.83)
    elif season == "wages":  # arrears come to a head before Spring Festival
        factor = np.where(_before_festival(days) <= 45, 2.6, 0.75)
    return factor


def _before_festival(days: np.ndarray) -> np.ndarray:
    """Days until the next Spring Festival."""
    years = days.astype("datetime64[Y]").astype(int) + 1970
    festival = np.array([np.datetime64(festivals.spring_festival(y)) for y in range(years.min(), years.max() + 2)])
    return (festival[np.searchsorted(festival, days)] - days).astype(int)


def weekday_factor(days: np.ndarray) -> np.ndarray:
    weekday = (days.astype(int) + 3) % 7  # 0 = Monday
    return np.select([weekday == 5, weekday == 6], [0.45, 0.35], 1.16)


def stages(
    rng: np.random.Generator, received: np.ndarray, end: np.datetime64, answered: np.ndarray | None = None
) -> dict:
    """The case stages of petitions registered on ``received``, as a well-run office keeps them: accepted
    within days (a few 不予受理), answered in a few weeks from 受理 (``answered`` when the story says when),
    a few slow ones (most of those with the 30-day extension), a follow-up call (回访) after the answer."""
    n = len(received)
    rejected = rng.random(n) < 0.03
    accepted = received + np.where(rng.random(n) < 0.97, rng.integers(0, 8, n), rng.integers(8, 15, n)).astype(
        "timedelta64[D]"
    )
    slow = rng.random(n) < SLOW_SHARE
    extended = slow & (rng.random(n) < 0.7)
    if answered is None:
        taken = np.where(slow, rng.integers(50, 95, n), np.ceil(rng.gamma(2.0, 11.0, n)).astype(int) + 1)
        answered = accepted + taken.astype("timedelta64[D]")
    answered = np.maximum(answered, accepted)
    due = accepted + np.where(extended, DUE_DAYS + 30, DUE_DAYS).astype("timedelta64[D]")
    is_accepted = (accepted <= end) & ~rejected
    is_answered = is_accepted & (answered <= end)
    follow_up = answered + rng.integers(3, 21, n).astype("timedelta64[D]")
    followed = is_answered & (follow_up <= end) & (rng.random(n) < 0.92)
    age = (end - received).astype(int)
    status = np.select(
        [rejected & (age >= 7), is_answered, ~is_accepted, age < 15],
        ["rejected", "resolved", "registered", "accepted"],
        "in_progress",
    )
    kinds, shares = zip(*KINDS)
    nat = np.datetime64("NaT")
    return {
        "status": status,
        "petition_kind": rng.choice(kinds, n, p=shares),
        "accepted_date": np.where(is_accepted, accepted, nat),
        "due_date": np.where(is_accepted, due, received + np.timedelta64(DUE_DAYS, "D")),
        "extended_days": pd.array(np.where(extended & is_accepted, 30, 0), dtype="Int32").astype("Int32"),
        "resolved_date": np.where(is_answered, answered, nat),
        "follow_up_date": np.where(followed, follow_up, nat),
        "followed": followed,
        "late": answered > due,
    }


def satisfaction(rng: np.random.Generator, outcome: dict, late_weights=(0.3, 0.3, 0.4)) -> np.ndarray:
    """Satisfaction said at the follow-up: mostly 满意, less so after a late answer."""
    n = len(outcome["status"])
    choices = ["satisfied", "basic", "unsatisfied"]
    on_time = rng.choice(choices, n, p=[0.72, 0.22, 0.06])
    late = rng.choice(choices, n, p=list(late_weights))
    said = np.where(outcome["late"], late, on_time)
    return np.where(outcome["followed"], said, None)


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
    """Where a passing problem was lodged: the street, now and then the district, the city rarely."""
    return rng.choice(list(LEVELS), n, p=[0.936, 0.057, 0.006, 0.0008, 0.0002])


def draw_people(rng: np.random.Generator, n: int, burst: np.ndarray | None = None) -> np.ndarray:
    """People who came together: mostly one, a few families, rarely five or more (集体访), most often
    workers owed wages before Spring Festival (``burst``)."""
    group_share = np.where(burst, 0.09, 0.003) if burst is not None else np.full(n, 0.003)
    kind = rng.random(n)
    return np.select(
        [kind < group_share, kind < group_share + 0.08], [rng.integers(5, 16, n), rng.integers(2, 5, n)], 1
    )


def estates_of(areas: StreetAreas, group_index: np.ndarray) -> np.ndarray:
    return areas.estates[group_index]


def handling_units(rng: np.random.Generator, areas: StreetAreas, topics: np.ndarray, group_index: np.ndarray):
    return units(rng, topics, areas.committees[group_index], areas.companies[group_index])


def background_petitions(
    rng, areas: StreetAreas, people: Residents, days: np.ndarray, end: np.datetime64, id_prefix: str
) -> pd.DataFrame:
    """Single petitions about passing problems, without a matter: each topic in its season (heating when
    the heating season starts and in cold snaps, wages before Spring Festival)."""
    weights = areas.households * rng.lognormal(0.0, 0.4, len(areas.households))
    weights = weights / weights.sum()
    received, categories, topics = [], [], []
    base = weekday_factor(days)
    cold = cold_snaps(rng, days)
    for category, yearly in YEARLY_PETITIONS.items():
        for topic in TOPICS[category]:
            counts = rng.poisson(yearly * topic.share / 365.25 * base * seasonality(topic.season, days, cold))
            received.append(np.repeat(days, counts))
            categories.append(np.full(counts.sum(), category))
            topics.append(np.full(counts.sum(), topic, dtype=object))
    received = np.concatenate(received)
    categories = np.concatenate(categories)
    topics = np.concatenate(topics)
    order = np.argsort(received, kind="stable")
    received, categories, topics = received[order], categories[order], topics[order]
    group_index = rng.choice(len(weights), len(received), p=weights)
    wages = np.array([t.season == "wages" for t in topics], dtype=bool)
    burst = wages & (_before_festival(received) <= 45)
    return _petition_frame(
        rng,
        areas,
        people,
        received,
        categories,
        topics,
        group_index,
        end,
        id_prefix,
        people_count=draw_people(rng, len(received), burst),
    )


def _petition_frame(
    rng, areas, people, received, categories, topics, group_index, end, id_prefix, people_count
) -> pd.DataFrame:
    n = len(received)
    outcome = stages(rng, received, end)
    return pd.DataFrame(
        {
            "petition_id": [f"{id_prefix}{i:07d}" for i in range(1, n + 1)],
            "received_date": received,
            "channel": draw_channels(rng, received),
            "community_id": areas.community_of_group[group_index],
            "group_id": areas.group_ids[group_index],
            "petitioner": people.pick(rng, group_index),
            "people_count": people_count,
            "category": categories,
            "level": draw_levels(rng, n),
            "matter_id": np.full(n, None),
            "summary": fill(rng, topics, estates_of(areas, group_index)),
            "status": outcome["status"],
            "due_date": outcome["due_date"],
            "resolved_date": outcome["resolved_date"],
            "responsible_unit": handling_units(rng, areas, topics, group_index),
            "satisfaction": satisfaction(rng, outcome),
            "petition_kind": outcome["petition_kind"],
            "accepted_date": outcome["accepted_date"],
            "extended_days": outcome["extended_days"],
            "follow_up_date": outcome["follow_up_date"],
        }
    )


def campaign_name(year: int) -> str:
    """The July campaign's name as the screening ledger's 排查活动 column gives it."""
    return f"{year}年7月入户大排查"


def screenings(
    rng, areas: StreetAreas, people: Residents, days: np.ndarray, end: np.datetime64, id_prefix: str, key: bytes
) -> pd.DataFrame:
    """Routine weekday visits by grid workers and each July's campaign by patrol members (排查活动), which
    visits about 3,000 households and finds 15 hidden risks."""
    weekday = (days.astype(int) + 3) % 7
    working = days[weekday < 5]
    rate = areas.households * ROUTINE_VISITS_PER_HOUSEHOLD / 261.0
    counts = rng.poisson(np.outer(np.ones(len(working)), rate))  # working day × group
    day_index, group_index = np.nonzero(counts)
    repeat = counts[day_index, group_index]
    visit_date = np.repeat(working[day_index], repeat)
    group_index = np.repeat(group_index, repeat)
    campaign = np.full(len(visit_date), None, dtype=object)
    offsets = (rng.random(len(group_index)) * people.count[group_index]).astype(np.int64)
    household = people.start[group_index] + offsets  # routine visits call on any household of the group

    campaign_dates, campaign_groups, campaign_names, campaign_households = [], [], [], []
    years = np.unique(days.astype("datetime64[Y]"))
    for year in years:
        july = np.arange(year + np.timedelta64(6, "M"), year + np.timedelta64(7, "M"), dtype="datetime64[D]")
        july = july[july <= end] if len(july) else july
        if len(july) < 31 or july[0] < days[0]:
            continue  # only whole campaigns inside the window
        chosen = rng.choice(people.households.size, CAMPAIGN_HOUSEHOLDS, replace=False)
        campaign_groups.append(np.searchsorted(people.start, chosen, side="right") - 1)
        campaign_households.append(chosen)
        campaign_dates.append(july[rng.integers(0, len(july), CAMPAIGN_HOUSEHOLDS)])
        campaign_names.append(np.full(CAMPAIGN_HOUSEHOLDS, campaign_name(int(str(year)[:4])), dtype=object))
    if campaign_dates:
        visit_date = np.concatenate([visit_date, *campaign_dates])
        group_index = np.concatenate([group_index, *campaign_groups])
        campaign = np.concatenate([campaign, *campaign_names])
        household = np.concatenate([household, *campaign_households])
    order = np.argsort(visit_date, kind="stable")
    visit_date, group_index, campaign = visit_date[order], group_index[order], campaign[order]
    household = household[order]
    n = len(visit_date)
    in_campaign = campaign != None  # noqa: E711 (element-wise)

    # routine visits find a problem now and then, a few of them serious (severity 3-4: a hidden risk);
    # a campaign's patrol members note minor problems and find its hidden risks
    found = rng.random(n) < np.where(in_campaign, 0.04, FINDING_RATE)
    severity = np.where(found, rng.choice([1, 2, 3, 4], n, p=[0.6, 0.3, 0.085, 0.015]), 0)
    severity = np.where(in_campaign & found, np.minimum(severity, 2), severity)
    for name in np.unique(campaign[in_campaign]):
        rows = np.flatnonzero(campaign == name)
        risks = rng.choice(rows, min(CAMPAIGN_RISKS, len(rows)), replace=False)
        found[risks] = True
        severity[risks] = rng.choice([3, 4], len(risks), p=[0.8, 0.2])
    shares = np.array([YEARLY_PETITIONS[c] for c in CATEGORY_KEYS], dtype=float)
    finding = np.where(found, rng.choice(CATEGORY_KEYS, n, p=shares / shares.sum()), "none")
    topics = np.full(n, None, dtype=object)
    topics[found] = draw_topics(rng, finding[found])
    # out of the heating season a utilities finding is about water, power or gas
    months = visit_date.astype("datetime64[M]").astype(int) % 12 + 1
    heating, water = TOPICS["utilities"][0], TOPICS["utilities"][1]
    summer = np.isin(months, [5, 6, 7, 8, 9]) & np.array([t is heating for t in topics], dtype=bool)
    topics[summer] = water
    description = np.full(n, None, dtype=object)
    description[found] = fill(rng, topics[found], estates_of(areas, group_index[found]), findings=True)
    visitors = np.array([pseudonym(key, f"网格员{g}-{k}") for g in areas.group_ids for k in (1, 2)])
    patrols = np.array([pseudonym(key, f"巡逻队员{k}") for k in range(40)])
    visitor = np.where(
        in_campaign, patrols[rng.integers(0, len(patrols), n)], visitors[group_index * 2 + rng.integers(0, 2, n)]
    )
    people_affected = np.where(severity >= 3, rng.integers(2, 31, n), rng.integers(1, 6, n))
    frame = pd.DataFrame(
        {
            "screening_id": [f"{id_prefix}{i:08d}" for i in range(1, n + 1)],
            "visit_date": visit_date,
            "community_id": areas.community_of_group[group_index],
            "group_id": areas.group_ids[group_index],
            "household": people.households[household],
            "visitor": visitor,
            "finding": finding,
            "severity": pd.array(np.where(found, severity, 0), dtype="Int8").astype("Int8"),
            "people_affected": np.where(found, people_affected, 0),
            "description": description,
            "matter_id": np.full(n, None),
            "campaign": campaign,
            TOPIC: topics,
            GROUP_INDEX: group_index,
        }
    )
    frame.loc[~found, "severity"] = pd.NA
    return frame


TOPIC = "_topic"  # working columns of the generator, never written
GROUP_INDEX = "_group_index"


def matters_from_findings(
    rng, areas: StreetAreas, visits: pd.DataFrame, end: np.datetime64, matter_prefix: str
) -> pd.DataFrame:
    """Serious findings (severity 3-4) become risk items, assigned within days; the visit is linked to its
    matter."""
    serious = visits.index[visits["severity"].fillna(0).to_numpy() >= 3]
    ids = np.array([f"{matter_prefix}{i:06d}" for i in range(1, len(serious) + 1)], dtype=object)
    visits.loc[serious, "matter_id"] = ids
    found = visits.loc[serious]
    identified = found["visit_date"].to_numpy().astype("datetime64[D]")
    # settled within weeks; a few hard ones drag on for months
    hard = rng.random(len(found)) < 0.05
    taken = np.where(hard, rng.integers(60, 200, len(found)), rng.integers(3, 30, len(found)))
    resolved_on = identified + taken.astype("timedelta64[D]")
    resolved = resolved_on <= end
    assigned = identified + rng.integers(1, 6, len(found)).astype("timedelta64[D]")
    assigned = np.where(resolved, np.minimum(assigned, resolved_on), assigned)
    is_assigned = assigned <= end
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
            "responsible_unit": handling_units(
                rng, areas, found[TOPIC].to_numpy(), found[GROUP_INDEX].to_numpy().astype(np.int64)
            ),
            "leader": rng.choice(LEADERS, len(found)),
            "status": np.select([resolved, is_assigned], ["resolved", "in_progress"], "open"),
            "assigned_date": np.where(is_assigned, assigned, np.datetime64("NaT")),
            "due_date": identified + np.timedelta64(30, "D"),
            "resolved_date": np.where(resolved, resolved_on, np.datetime64("NaT")),
            "description": found["description"].to_numpy(),
        }
    )


def window(end: date, years: int) -> np.ndarray:
    start = end - timedelta(days=round(365.25 * years) - 1)
    return np.arange(np.datetime64(start), np.datetime64(end) + np.timedelta64(1, "D"), dtype="datetime64[D]")
