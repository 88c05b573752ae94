"""Injected, labelled events: what the detectors must find, with their ground truth.

Each event is placed relative to the street's last day so that it lies inside
the history whatever that day is, and is recorded in ``demo_events``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import festivals
from ..privacy import pseudonym
from .areas import StreetAreas
from .background import DUE_DAYS, Residents

WATER_BUILDING = "新华书店住宅楼"


@dataclass
class Injected:
    petitions: list[dict] = field(default_factory=list)
    screenings: list[dict] = field(default_factory=list)
    matters: list[dict] = field(default_factory=list)
    truth: list[dict] = field(default_factory=list)
    unscreened: list[tuple[int, date, date]] = field(default_factory=list)  # group_id, from, to

    def petition(self, **values) -> None:
        values.setdefault("due_date", values["received_date"] + timedelta(days=DUE_DAYS))
        values.setdefault("satisfaction", None)
        self.petitions.append(values)


def inject(
    rng: np.random.Generator, areas: StreetAreas, people: Residents, end: date, start: date, street: int, key: bytes
) -> Injected:
    tag = f"{street + 1:03d}"
    out = Injected()
    _water_outage(out, areas, people, rng, end, tag, key)
    _wage_arrears(out, areas, rng, end, start, tag, key)
    _demolition(out, areas, people, rng, end, tag)
    _property_surge(out, areas, people, rng, end, tag)
    _blind_spot(out, areas, end, tag)
    return out


def _place(areas: StreetAreas, community_offset: int, group_number: int) -> tuple[int, int, int]:
    """(index, community_id, group_id) of 第N小组 in the street's N-th community."""
    community_id = int(areas.communities["community_id"].iloc[community_offset])
    name = areas.communities["name"].iloc[community_offset]
    index = areas.group_index(name, f"第{group_number}小组")
    return index, community_id, int(areas.group_ids[index])


def _water_outage(out, areas, people, rng, end, tag, key):
    """爱民社区: the 4th floor of 新华书店住宅楼 without water for a week; the 3rd floor has water."""
    index, community_id, group_id = _place(areas, 0, 7)
    found = end - timedelta(days=46)
    repaired = found + timedelta(days=7)
    matter = f"M{tag}-WATER"
    residents = people.pick(rng, np.full(6, index))
    out.screenings.append(
        dict(
            screening_id=f"PC{tag}-WATER-1",
            visit_date=found,
            community_id=community_id,
            group_id=group_id,
            household=people.pick(rng, np.array([index]), persons=False)[0],
            visitor=pseudonym(key, f"{tag}巡逻队员"),
            finding="utilities",
            severity=3,
            people_affected=26,
            matter_id=matter,
            description=f"{WATER_BUILDING}4楼停水已一周，3楼供水正常，4楼住户情绪较大",
        )
    )
    for k, (day, channel, count) in enumerate(
        [
            (0, "visit", 2),
            (1, "phone", 1),
            (1, "visit", 3),
            (2, "phone", 1),
            (3, "visit", 6),
            (3, "online", 1),
            (4, "leader_reception", 4),
            (5, "phone", 1),
            (6, "visit", 2),
        ]
    ):
        received = found + timedelta(days=day)
        out.petition(
            petition_id=f"XF{tag}-WATER-{k + 1}",
            received_date=received,
            channel=channel,
            community_id=community_id,
            group_id=group_id,
            petitioner=residents[k % 6],
            people_count=count,
            category="utilities",
            level="street",
            matter_id=matter,
            summary=f"{WATER_BUILDING}四楼停水一周，三楼有水，要求尽快恢复供水",
            status="resolved",
            resolved_date=repaired,
            responsible_unit="自来水公司",
            satisfaction="satisfied",
        )
    out.matters.append(
        dict(
            matter_id=matter,
            identified_date=found,
            source="screening",
            community_id=community_id,
            group_id=group_id,
            category="utilities",
            people_involved=26,
            responsible_unit="自来水公司",
            leader="街道办事处副主任（分管信访）",
            status="resolved",
            due_date=found + timedelta(days=15),
            resolved_date=repaired,
            description=f"{WATER_BUILDING}4楼停水。自来水公司排查发现管道故障，已抢修恢复供水",
        )
    )
    out.truth.append(
        dict(
            event_id=f"E{tag}-water_outage",
            kind="water_outage",
            community_id=community_id,
            group_ids=[group_id],
            category="utilities",
            matter_id=matter,
            start_date=found,
            end_date=repaired,
            description="新华书店住宅楼四楼停水一周（三楼有水），居民信访，自来水公司查明管道故障并修复",
        )
    )


def _wage_arrears(out, areas, rng, end, start, tag, key):
    """团结社区: unpaid wages before Spring Festival, a group petition that climbs to the city."""
    index, community_id, group_id = _place(areas, 2, 12)
    festival = max(
        f
        for f in festivals.SPRING_FESTIVAL.values()
        if f <= end - timedelta(days=10) and f - timedelta(days=40) >= start
    )
    matter = f"M{tag}-WAGES"
    workers = [pseudonym(key, f"{tag}工地务工人员{k}") for k in range(20)]
    steps = [
        (35, "street", 3, "visit"),
        (28, "street", 4, "visit"),
        (21, "district", 8, "visit"),
        (14, "city", 15, "visit"),
        (9, "city", 20, "leader_reception"),
    ]
    paid = festival - timedelta(days=5)
    for k, (before, level, count, channel) in enumerate(steps):
        out.petition(
            petition_id=f"XF{tag}-WAGES-{k + 1}",
            received_date=festival - timedelta(days=before),
            channel=channel,
            community_id=community_id,
            group_id=group_id,
            petitioner=workers[k],
            people_count=count,
            category="labor_wages",
            level=level,
            matter_id=matter,
            summary="小区改造工程务工人员反映被拖欠工资，要求春节前结清",
            status="resolved",
            resolved_date=paid,
            responsible_unit="劳动保障所" if level == "street" else "区人力资源和社会保障局",
            satisfaction="basic",
        )
    out.matters.append(
        dict(
            matter_id=matter,
            identified_date=festival - timedelta(days=35),
            source="petition",
            community_id=community_id,
            group_id=group_id,
            category="labor_wages",
            people_involved=20,
            responsible_unit="劳动保障所",
            leader="街道办事处主任",
            status="resolved",
            due_date=festival - timedelta(days=1),
            resolved_date=paid,
            description="工程款拖欠导致务工人员工资未发，春节前协调施工方结清",
        )
    )
    out.truth.append(
        dict(
            event_id=f"E{tag}-wage_arrears",
            kind="wage_arrears",
            community_id=community_id,
            group_ids=[group_id],
            category="labor_wages",
            matter_id=matter,
            start_date=festival - timedelta(days=35),
            end_date=paid,
            description="春节前欠薪集体访，从街道升级到区、市",
        )
    )


def _demolition(out, areas, people, rng, end, tag):
    """新华社区: three residents dispute their demolition compensation and take every step the rules give:
    petitions at the street, a 复查 at the district, a 复核 at the city (终结), then go to the province
    anyway (越级, not accepted) and keep coming back to the street, where the same request is not accepted again
    (不予受理) while the office still works to settle the dispute: the risk item stays open. The gaps vary."""
    index, community_id, group_id = _place(areas, 1, 20)
    matter = f"M{tag}-DEMOLITION"
    residents = people.pick(rng, np.full(3, index))
    first = end - timedelta(days=270)
    summary = "对新华里7号楼房屋拆迁补偿标准有异议，要求重新评估"
    unit = "区房屋征收办公室"
    # (days after the first, level, channel, what happened); answers come 20-40 days after 受理
    answered_1 = first + timedelta(days=34)
    second = answered_1 + timedelta(days=9)  # back within days of the answer, not satisfied
    answered_2 = second + timedelta(days=24)
    review = answered_2 + timedelta(days=12)  # 复查 requested at the district, decided in 26 days
    reviewed = review + timedelta(days=26)
    recheck = reviewed + timedelta(days=24)  # 复核 requested at the city, decided in 28 days: 终结
    rechecked = recheck + timedelta(days=28)
    province = rechecked + timedelta(days=17)
    again = [province + timedelta(days=d) for d in (31, 62, 80)]
    rows = [
        dict(received_date=first, level="street", channel="letter", status="resolved", resolved_date=answered_1),
        dict(received_date=second, level="street", channel="visit", status="resolved", resolved_date=answered_2),
        dict(
            received_date=review,
            level="district",
            channel="letter",
            status="resolved",
            resolved_date=reviewed,
            review_requested_date=review,
            review_date=reviewed,
            summary="不服街道答复意见，向区政府申请复查：" + summary,
        ),
        dict(
            received_date=recheck,
            level="city",
            channel="letter",
            status="concluded",
            resolved_date=rechecked,
            recheck_requested_date=recheck,
            recheck_date=rechecked,
            summary="不服区复查意见，向市政府申请复核：" + summary,
        ),
        dict(
            received_date=province,
            level="province",
            channel="visit",
            status="rejected",
            resolved_date=None,
            summary="复核终结后到省里上访：" + summary,
        ),
        *(
            dict(  # the same request on the same facts is not accepted again: the street explains, and works on
                received_date=day,
                level="street",
                channel="visit",
                status="rejected",
                resolved_date=None,
                summary="复核终结后仍到街道反映：" + summary,
            )
            for day in again
        ),
    ]
    for k, row in enumerate(rows):
        row.setdefault("summary", ("再次反映：" if k else "") + summary)
        answered = row["resolved_date"]
        out.petition(
            petition_id=f"XF{tag}-DEMOLITION-{k + 1}",
            community_id=community_id,
            group_id=group_id,
            petitioner=residents[k % 3],
            people_count=2 + k % 3,
            category="land_housing",
            matter_id=matter,
            responsible_unit=unit,
            satisfaction="unsatisfied" if answered else None,
            accepted_date=None if row["status"] == "rejected" else row["received_date"] + timedelta(days=3),
            follow_up_date=answered + timedelta(days=7) if answered else None,
            **row,
        )
    out.matters.append(
        dict(
            matter_id=matter,
            identified_date=first,
            source="petition",
            community_id=community_id,
            group_id=group_id,
            category="land_housing",
            people_involved=4,
            responsible_unit=unit,
            leader="街道党工委书记",
            status="open",
            due_date=first + timedelta(days=DUE_DAYS),
            resolved_date=None,
            description="三户居民对拆迁补偿不满，复查、复核终结后仍反复信访，并到省里上访",
        )
    )
    out.truth.append(
        dict(
            event_id=f"E{tag}-demolition",
            kind="demolition_repeat",
            community_id=community_id,
            group_ids=[group_id],
            category="land_housing",
            matter_id=matter,
            start_date=first,
            end_date=again[-1],
            description="同一批居民就拆迁补偿反复信访：街道答复后申请区复查、市复核（终结），仍到省里越级上访",
        )
    )


def _property_surge(out, areas, people, rng, end, tag):
    """新华社区: property-management petitions surge in three neighbouring groups at once."""
    index, community_id, _ = _place(areas, 1, 11)
    indices = [index] + areas.neighbours_of(index)[:2]
    start = end - timedelta(days=100)
    group_ids = [int(areas.group_ids[i]) for i in indices]
    n = 0
    for i, gid in zip(indices, group_ids):
        residents = people.pick(rng, np.full(7, i))
        for k in range(7):
            n += 1
            received = start + timedelta(days=int(rng.integers(0, 21)))
            out.petition(
                petition_id=f"XF{tag}-PROPERTY-{n}",
                received_date=received,
                channel=str(rng.choice(["visit", "phone", "online"])),
                community_id=community_id,
                group_id=gid,
                petitioner=residents[k],
                people_count=1 + int(rng.integers(0, 3)),
                category="property_management",
                level="street",
                matter_id=None,
                summary="物业公司擅自上涨物业费并停止电梯运行",
                status="resolved",
                resolved_date=start + timedelta(days=35),
                responsible_unit=str(areas.companies[i]),
                satisfaction="basic",
            )
    out.truth.append(
        dict(
            event_id=f"E{tag}-property_surge",
            kind="property_surge",
            community_id=community_id,
            group_ids=group_ids,
            category="property_management",
            matter_id=None,
            start_date=start,
            end_date=start + timedelta(days=20),
            description="相邻三个小组物业管理类信访同时激增",
        )
    )


def _blind_spot(out, areas, end, tag):
    """团结社区: one group nobody has visited for months."""
    index, community_id, group_id = _place(areas, 2, 30)
    start = end - timedelta(days=130)
    out.unscreened.append((group_id, start, end))
    out.truth.append(
        dict(
            event_id=f"E{tag}-blind_spot",
            kind="blind_spot",
            community_id=community_id,
            group_ids=[group_id],
            category="other",
            matter_id=None,
            start_date=start,
            end_date=end,
            description="该小组连续四个多月无人入户排查",
        )
    )


def frames(out: Injected) -> dict[str, pd.DataFrame]:
    return {
        "petitions": pd.DataFrame(out.petitions),
        "screenings": pd.DataFrame(out.screenings),
        "risk_items": pd.DataFrame(out.matters),
        "demo_events": pd.DataFrame(out.truth),
    }
