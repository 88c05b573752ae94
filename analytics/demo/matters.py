"""How a recurring matter unfolds on the demo street: residents come back sooner and louder while it drags.

Each matter is followed petition by petition, and what comes next depends on
how the matter stands (the brief's story: problems not solved early come back
with more people, at higher levels, near sensitive dates):

- every petition is answered after some days; an answer that comes after the
  matter's 60-day deadline is far more often unsatisfying;
- residents return (or give up) according to the last answer; they return
  sooner while the matter is overdue, and time a return before 全国两会 or
  National Day when one is near;
- a return goes to a higher level mostly when the matter is overdue *and* the
  last answer was unsatisfying, more so before a sensitive period;
- more people join (a group petition of 5 or more) when several residents are
  already involved and the matter is overdue, and for wages before Spring
  Festival;
- a matter marked resolved sometimes comes back, more often after an
  unsatisfying last answer.

The draws are scalar (one small loop per matter): a street has a few hundred
matters, the 175-street benchmark city some sixty thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import festivals
from ..taxonomy import CATEGORIES, LEVELS
from .areas import StreetAreas
from .background import DUE_DAYS, YEARLY_PETITIONS, Residents, draw_channels, estates_of, handling_units, stages
from .texts import LEADERS, draw_topics, fill

MATTERS_PER_YEAR = 110
MOST_PETITIONS = 12
RETURN_AFTER = {"satisfied": 0.25, "basic": 0.55, "unsatisfied": 0.85}  # chance residents come back
RELAPSE_AFTER = {"satisfied": 0.06, "basic": 0.12, "unsatisfied": 0.35}  # a resolved matter petitioned again
LOUD_CATEGORIES = ("land_housing", "labor_wages")  # demolition and wages climb levels most
LEVEL_NAMES = list(LEVELS)


@dataclass
class _Matter:
    petitions: list[dict] = field(default_factory=list)
    resolved_on: date | None = None


def recurring_matters(
    rng: np.random.Generator,
    areas: StreetAreas,
    people: Residents,
    days: np.ndarray,
    end: np.datetime64,
    petition_prefix: str,
    matter_prefix: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Matters residents petition about more than once, and those petitions (the risk items' ledger rows)."""
    last_day = end.astype(object)
    keys = np.array(list(CATEGORIES))
    shares = np.array([YEARLY_PETITIONS[c] for c in keys], dtype=float)
    shares[keys == "land_housing"] *= 3
    shares[keys == "labor_wages"] *= 2
    n = rng.poisson(MATTERS_PER_YEAR * len(days) / 365.25)
    categories = rng.choice(keys, n, p=shares / shares.sum())
    topics = draw_topics(rng, categories)
    group_index = rng.choice(len(areas.households), n, p=areas.households / areas.households.sum())
    firsts = days[rng.integers(0, len(days), n)].astype(object)
    sensitive = [
        (start, level)
        for _, start, _, level in festivals.sensitive_periods(days[0].astype(object).year, last_day.year + 1)
        if level == 1
    ]
    residents = people.pick(rng, np.repeat(group_index, 6)).reshape(n, 6)

    rows, matters = [], []
    for m in range(n):
        story = _unfold(rng, str(categories[m]), firsts[m], last_day, sensitive)
        if not story.petitions:
            continue
        joined = 1
        for petition in story.petitions:
            joined = max(joined, petition.pop("joined"))
            petition.update(matter=m, petitioner=residents[m, rng.integers(0, joined)])
            rows.append(petition)
        matters.append((m, story))
    petitions = _petition_frame(rng, areas, rows, categories, topics, group_index, end, petition_prefix, matter_prefix)
    risks = _matter_frame(rng, areas, matters, categories, topics, group_index, firsts, last_day, matter_prefix)
    if len(risks) and len(petitions):  # the ledger describes a matter as its first petition put it
        first = petitions.drop_duplicates("matter_id").set_index("matter_id")
        risks["description"] = risks["matter_id"].map(first["summary"]).fillna(risks["description"])
        risks["responsible_unit"] = risks["matter_id"].map(first["responsible_unit"]).fillna(risks["responsible_unit"])
    return risks, petitions


def _unfold(rng, category: str, first: date, end: date, sensitive: list[tuple[date, int]]) -> _Matter:
    story = _Matter()
    deadline = first + timedelta(days=DUE_DAYS)
    day, level, joined, people = first, 0, 1, int(rng.integers(1, 4))
    while day <= end and len(story.petitions) < MOST_PETITIONS:
        slow = rng.random() < 0.05
        answer = day + timedelta(days=int(rng.integers(61, 120)) if slow else int(np.ceil(rng.gamma(2.0, 12.0))) + 1)
        late = answer > deadline
        satisfaction = str(
            rng.choice(["satisfied", "basic", "unsatisfied"], p=[0.3, 0.3, 0.4] if late else [0.62, 0.28, 0.10])
        )
        story.petitions.append(
            dict(
                received_date=day,
                level=level,
                people_count=people,
                joined=joined,
                answered=answer,
                satisfaction=satisfaction,
            )
        )
        comes_back = len(story.petitions) == 1 or rng.random() < RETURN_AFTER[satisfaction]
        if not comes_back:
            story.resolved_on = answer + timedelta(days=int(rng.integers(2, 20)))
            if rng.random() >= RELAPSE_AFTER[satisfaction] or story.resolved_on >= end:
                break
            day = story.resolved_on + timedelta(days=int(rng.integers(5, 40)))  # it comes back after all
        else:
            gap = (
                rng.exponential(26.0)
                * (0.55 if day > deadline else 1.0)
                * (0.6 if satisfaction == "unsatisfied" else 1.0)
            )
            day = day + timedelta(days=int(gap) + 3)
            before = _sensitive_run_up(day, sensitive)
            if before is not None and rng.random() < 0.6:
                day = before - timedelta(days=int(rng.integers(1, 6)))  # 赶在敏感节点前上访
        overdue = day > deadline
        run_up = _sensitive_run_up(day, sensitive, lead=20) is not None
        rise = (
            0.01
            + (0.16 if overdue and satisfaction == "unsatisfied" else 0.0)
            + (0.02 if category in LOUD_CATEGORIES else 0)
        )
        if rng.random() < min(rise * (2.5 if run_up else 1.0), 0.9):
            level = min(level + 1, 3)
        joined = min(joined + (rng.random() < 0.3), 6)
        loud = (
            0.004
            + (0.12 if joined >= 3 and overdue else 0.0)
            + (0.2 if category == "labor_wages" and _before_festival(day) else 0)
        )
        people = int(rng.integers(5, 13)) if rng.random() < loud * (2.0 if run_up else 1.0) else int(rng.integers(1, 4))
    return story


def _sensitive_run_up(day: date, sensitive: list[tuple[date, int]], lead: int = 30) -> date | None:
    """The start of a level-1 sensitive period beginning within ``lead`` days after ``day``."""
    for start, _ in sensitive:
        if 0 < (start - day).days <= lead:
            return start
    return None


def _before_festival(day: date) -> bool:
    festival = festivals.spring_festival(day.year if day.month < 6 else day.year + 1)
    return 0 <= (festival - day).days <= 45


def _petition_frame(rng, areas, rows, categories, topics, group_index, last, prefix, matter_prefix) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values(["received_date", "matter"], kind="stable").reset_index(drop=True)
    owner = frame["matter"].to_numpy()
    received = pd.to_datetime(frame["received_date"]).to_numpy().astype("datetime64[D]")
    answered = pd.to_datetime(frame["answered"]).to_numpy().astype("datetime64[D]")
    outcome = stages(rng, received, last, answered=answered)
    answered_on = outcome["resolved_date"]
    said = np.where(outcome["followed"], frame["satisfaction"].to_numpy(), None)
    cats = categories[owner]
    places = group_index[owner]
    return pd.DataFrame(
        {
            "petition_id": [f"{prefix}{i:07d}" for i in range(1, len(frame) + 1)],
            "received_date": received,
            "channel": draw_channels(rng, received),
            "community_id": areas.community_of_group[places],
            "group_id": areas.group_ids[places],
            "petitioner": frame["petitioner"].to_numpy(),
            "people_count": frame["people_count"].to_numpy(),
            "category": cats,
            "level": np.array(LEVEL_NAMES)[frame["level"].to_numpy()],
            "matter_id": [f"{matter_prefix}{m + 1:06d}" for m in owner],
            "summary": _one_issue(rng, fill(rng, topics[owner], estates_of(areas, places)), owner),
            "status": outcome["status"],
            "due_date": outcome["due_date"],
            "resolved_date": answered_on,
            "responsible_unit": _one_unit(handling_units(rng, areas, topics[owner], places), owner),
            "satisfaction": said,
            "petition_kind": "claim",
            "accepted_date": outcome["accepted_date"],
            "extended_days": outcome["extended_days"],
            "follow_up_date": outcome["follow_up_date"],
        }
    )


AGAIN = ("再次反映：", "重复信访：", "此前反映的问题仍未解决：", "对答复不满意，再次反映：", "第{n}次反映：")


def _one_issue(rng, drawn: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """One matter, one problem: every petition of a matter says what its first one said, the second time
    on with a clerk's note that it is a repeat (再次反映, 第3次反映, …)."""
    first = pd.Series(drawn).groupby(owner).transform("first").to_numpy()
    number = pd.Series(owner).groupby(owner).cumcount().to_numpy() + 1
    note = rng.integers(0, len(AGAIN), len(owner))
    out = first.astype(object)
    for i in np.flatnonzero(number > 1):
        prefix = AGAIN[note[i]].format(n=number[i])
        said = first[i][2:] if prefix.endswith("反映：") and first[i].startswith("反映") else first[i]
        out[i] = prefix + said
    return out


def _one_unit(drawn: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """A matter stays with the unit that first took it (首办责任制)."""
    return pd.Series(drawn).groupby(owner).transform("first").to_numpy()


def _matter_frame(rng, areas, matters, categories, topics, group_index, firsts, last_day, prefix) -> pd.DataFrame:
    if not matters:
        return pd.DataFrame()
    index = np.array([m for m, _ in matters])
    # a matter is marked resolved on its last resolution (a relapse after it leaves the mark, as ledgers do)
    resolved_on = [
        story.resolved_on if story.resolved_on and story.resolved_on <= last_day else None for _, story in matters
    ]
    people = [max(p["people_count"] for p in story.petitions) for _, story in matters]
    cats = categories[index]
    ongoing = np.where(rng.random(len(index)) < 0.5, "open", "in_progress")
    return pd.DataFrame(
        {
            "matter_id": [f"{prefix}{m + 1:06d}" for m in index],
            "identified_date": [firsts[m] for m in index],
            "source": "petition",
            "community_id": areas.community_of_group[group_index[index]],
            "group_id": areas.group_ids[group_index[index]],
            "category": cats,
            "people_involved": people,
            "responsible_unit": handling_units(rng, areas, topics[index], group_index[index]),
            "leader": rng.choice(LEADERS, len(index)),
            "status": np.where([r is not None for r in resolved_on], "resolved", ongoing),
            "due_date": [firsts[m] + timedelta(days=DUE_DAYS) for m in index],
            "resolved_date": pd.to_datetime(pd.Series(resolved_on, dtype=object)),
            "description": fill(rng, topics[index], estates_of(areas, group_index[index])),
        }
    )
