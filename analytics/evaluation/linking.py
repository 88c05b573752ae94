"""How well petitions are linked to their matter, on a labelled sample of petitions.

The sample (``data/linking/labelled-petitions.csv``, 210 petitions) is made
from hand-written ways residents put the same problem (a building floor
without water, a building site working at night, a broken road, a lift for
an old block, unpaid wages, …): each matter starts with a petition that names
it, and the later ones name none and say the same thing in other words, by
the same resident or by a neighbour; beside them, the same residents and
their neighbours petition about *other* problems of the same category (施工
扰民, 道路破损 and 加装电梯 are all 城乡建设), which must not join. Every
row's true matter (or none) is labelled in ``true_matter``; the file is the
reference, :func:`write_sample` only rebuilds it.

``evaluate_sample`` hides nothing: it links the petitions that name no
matter, as the product does, and counts a link right when it names the
labelled matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..settings import ROOT

SAMPLE = ROOT / "data" / "linking" / "labelled-petitions.csv"

# category -> issue -> the ways residents put it (the first is how the matter was first registered)
ISSUES = {
    "urban_construction": {
        "施工扰民": (
            "反映工地夜间施工噪音扰民",
            "附近工地晚上施工太吵无法休息",
            "再次反映夜间施工扰民问题",
            "工地施工噪声影响休息至今未解决",
            "夜里工地还在打桩施工",
        ),
        "道路破损": (
            "反映小区道路破损未修复",
            "小区门口路面坑洼多次反映未修",
            "道路破损问题至今未处理",
            "再次反映小区内道路塌陷破损",
            "小区路面破损积水无法通行",
        ),
        "加装电梯": (
            "要求老旧小区加装电梯",
            "询问加装电梯审批进度",
            "加装电梯进展缓慢要求加快",
            "再次反映加装电梯一事",
            "老人上下楼困难盼加装电梯",
        ),
    },
    "utilities": {
        "停水": (
            "反映家中停水",
            "四楼停水一周三楼有水",
            "楼上停水至今未恢复供水",
            "再次反映停水问题",
            "家里没水已经好几天",
        ),
        "供暖": (
            "反映供暖温度不达标",
            "暖气不热室温只有十几度",
            "供暖不达标多次反映未解决",
            "再次反映暖气不热",
            "家中暖气温度太低",
        ),
        "停电": (
            "反映小区频繁停电",
            "小区经常停电影响生活",
            "再次反映频繁停电问题",
            "楼里又停电了",
            "停电问题一直没解决",
        ),
    },
    "property_management": {
        "物业费": (
            "对物业费上涨有异议",
            "物业费涨价未经业主同意",
            "再次反映物业费上调问题",
            "不同意物业费上涨",
            "物业费上调要求说明依据",
        ),
        "电梯停运": (
            "反映电梯长期停运",
            "楼内电梯坏了一个月无人修",
            "电梯故障停运至今未修复",
            "再次反映电梯停运",
            "电梯停用老人无法下楼",
        ),
        "垃圾清运": (
            "反映小区垃圾清运不及时",
            "垃圾堆放多日无人清运",
            "再次反映垃圾清运问题",
            "小区垃圾堆积发臭",
            "垃圾清运不及时影响环境",
        ),
    },
    "labor_wages": {
        "欠薪": (
            "反映被拖欠工资",
            "工地拖欠农民工工资三个月",
            "再次讨要被拖欠的工资",
            "工资至今未发放",
            "老板拖欠工资不给",
        ),
        "加班费": (
            "要求支付加班费",
            "公司不支付加班工资",
            "再次要求支付加班费",
            "加班费一直未结算",
            "长期加班没有加班费",
        ),
    },
    "land_housing": {
        "征收补偿": (
            "反映房屋征收补偿标准偏低",
            "对拆迁补偿金额不满",
            "再次反映征收补偿偏低",
            "补偿款太低要求重新评估",
            "拆迁补偿标准不合理",
        ),
        "安置房": (
            "要求落实拆迁安置房",
            "安置房迟迟未交付",
            "再次询问安置房交付时间",
            "安置房一直没有着落",
            "回迁安置房延期交付",
        ),
    },
}


# how residents come back without naming the problem again
VAGUE = ("上次反映的问题至今没有解决", "问题仍未处理，要求尽快答复", "再次来访，要求给个说法", "之前的诉求一直没有回复")


@dataclass
class SampleQuality:
    precision: float
    recall: float
    links: int
    right: int
    linkable: int
    petitions: int


def build_sample(seed: int = 16, groups: int = 20, start: date = date(2026, 3, 2)) -> pd.DataFrame:
    """The labelled petitions (see the module's text); the same seed gives the same sample.

    In each group one category's problems are split: most become matters (a first petition naming it, then
    three to five more in other words, seven in ten by the same resident, the rest by a neighbour); one stays
    without a matter, and both the matters' residents and a neighbour petition about it (true matter: none).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for group in range(1, groups + 1):
        category = list(ISSUES)[(group - 1) % len(ISSUES)]
        issues = list(ISSUES[category])
        free = issues[-1]  # a problem of the category that is nobody's matter in this group
        residents = [f"P-g{group}r{n}" for n in range(1, 7)]
        for number, issue in enumerate(issues[:-1]):
            matter = f"M-g{group}-{number + 1}"
            owner = residents[number]
            first_day = start + timedelta(days=int(rng.integers(0, 30)))
            texts = ISSUES[category][issue]
            rows.append(_row(group, category, owner, first_day, texts[0], matter, matter))
            for k in range(1, int(rng.integers(3, 6)) + 1):  # the same problem again, in other words
                day = first_day + timedelta(days=int(7 * k + rng.integers(0, 7)))
                by = owner if rng.random() < 0.7 else residents[(number + 3) % len(residents)]
                rows.append(_row(group, category, by, day, texts[k % len(texts)], None, matter))
            # back again without naming the problem: the resident (linkable), a neighbour (hard to tell)
            day = first_day + timedelta(days=int(rng.integers(20, 50)))
            rows.append(_row(group, category, owner, day, VAGUE[int(rng.integers(0, len(VAGUE)))], None, matter))
            if rng.random() < 0.5:
                rows.append(
                    _row(
                        group,
                        category,
                        residents[(number + 3) % len(residents)],
                        day + timedelta(days=2),
                        VAGUE[int(rng.integers(0, len(VAGUE)))],
                        None,
                        matter,
                    )
                )
            # the same resident about the other problem, which is not this matter (施工扰民 is not 道路破损)
            day = first_day + timedelta(days=int(rng.integers(10, 40)))
            rows.append(_row(group, category, owner, day, _other_words(ISSUES[category][free], rng), None, None))
        rows.append(
            _row(
                group,
                category,
                residents[5],
                start + timedelta(days=int(rng.integers(20, 60))),
                _other_words(ISSUES[category][free], rng),
                None,
                None,
            )
        )
        rows.append(
            _row(
                group,
                category,
                residents[4],
                start + timedelta(days=int(rng.integers(20, 60))),
                "咨询相关政策规定",
                None,
                None,
            )
        )  # a one-off question
    frame = pd.DataFrame(rows).sort_values(["received_date", "group_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "petition_id", [f"L{n:04d}" for n in range(1, len(frame) + 1)])
    return frame


def _row(group, category, petitioner, day, summary, matter_id, true_matter) -> dict:
    return {
        "received_date": day,
        "group_id": group,
        "category": category,
        "petitioner": petitioner,
        "summary": summary,
        "matter_id": matter_id,
        "true_matter": true_matter,
    }


def _other_words(texts: tuple[str, ...], rng) -> str:
    return texts[int(rng.integers(1, len(texts)))]


def write_sample(path: Path = SAMPLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    build_sample().to_csv(path, index=False, encoding="utf-8")
    return path


def load_sample(path: Path = SAMPLE) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"matter_id": object, "true_matter": object, "summary": object})
    frame["received_date"] = pd.to_datetime(frame["received_date"]).dt.date
    return frame


def evaluate_sample(frame: pd.DataFrame | None = None) -> SampleQuality:
    """Link the petitions that name no matter, as the product does, and compare with the labels."""
    from ..scoring.linking import link_unassigned

    frame = load_sample() if frame is None else frame
    links = link_unassigned(frame.drop(columns=["true_matter"])).set_index("petition_id")["matter_id"]
    asked = frame[frame["matter_id"].isna()]
    predicted = asked["petition_id"].map(links)
    right = int((predicted.notna() & (predicted == asked["true_matter"])).sum())
    made = int(predicted.notna().sum())
    linkable = int(asked["true_matter"].notna().sum())
    return SampleQuality(
        precision=right / made if made else 1.0,
        recall=right / linkable if linkable else 1.0,
        links=made,
        right=right,
        linkable=linkable,
        petitions=len(frame),
    )
