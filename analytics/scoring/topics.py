"""What a petition is about, within its category: the topics a street's ledgers name.

A category is broad: 城乡建设 holds a building site working at night, a broken
road and a lift for an old block; one resident may petition about all three.
Linking needs to know that these are different matters even when the same
person brings them. Each topic is a set of words residents and clerks use
for it; a summary's topics are those whose words it contains. Two texts with
topics, none shared, are about different things. A text without any known
word has no topic and decides nothing (the summary similarity still counts).
Offices extend the lists with their own words.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

TOPICS: dict[str, tuple[str, ...]] = {
    # utilities
    "water": ("停水", "没水", "断水", "供水", "水压", "自来水", "水管", "漏水"),
    "heating": ("暖气", "供暖", "采暖", "室温", "取暖"),
    "power": ("停电", "断电", "电压", "供电", "电路"),
    "gas": ("燃气", "煤气", "天然气"),
    # urban construction
    "works_noise": ("施工", "工地", "打桩", "夜间作业"),
    "road": ("道路", "路面", "坑洼", "塌陷", "修路", "路灯"),
    "new_lift": ("加装电梯",),
    # property management
    "fees": ("物业费", "收费", "涨价", "上调"),
    "lift": ("电梯",),
    "rubbish": ("垃圾", "清运", "保洁", "卫生死角"),
    "property_service": ("物业服务", "物业不作为", "物业管理"),
    # labour
    "unpaid_wages": ("拖欠", "欠薪", "工资", "讨薪"),
    "overtime": ("加班",),
    "contract": ("劳动合同", "辞退", "社保缴纳"),
    # land and housing
    "compensation": ("补偿", "评估", "征收"),
    "resettlement": ("安置房", "回迁", "安置"),
    # environment and neighbours
    "noise": ("噪声", "噪音", "扰民", "太吵"),
    "fumes": ("油烟", "异味", "臭"),
    "pets": ("宠物", "狗"),
    "passage": ("占用", "通道", "堆放"),
    # social security
    "allowance": ("低保", "救助", "困难补助"),
    "pension": ("养老金", "退休金"),
}
# a more specific topic hides the general one it contains (加装电梯 is not a broken lift)
HIDES = {"new_lift": ("lift",), "fees": ("property_service",), "works_noise": ("noise",), "overtime": ("unpaid_wages",)}
BIT = {topic: 1 << n for n, topic in enumerate(TOPICS)}  # topics as bits, for many texts at once
_WORDS = sorted(((word, topic) for topic, words in TOPICS.items() for word in words), key=lambda p: -len(p[0]))
_PATTERN = re.compile("|".join(re.escape(word) for word, _ in _WORDS))
_TOPIC_OF = dict(_WORDS)


def topics(text: str | None) -> frozenset[str]:
    """The topics a summary names (empty when it names none of the known words)."""
    if not text:
        return frozenset()
    found = {_TOPIC_OF[match] for match in _PATTERN.findall(str(text))}
    for specific, general in HIDES.items():
        if specific in found:
            found.difference_update(general)
    return frozenset(found)


def different(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both texts name topics and none is shared: they are about different things."""
    return bool(a) and bool(b) and not (a & b)


def masks(texts) -> np.ndarray:
    """Each text's topics as a bit mask (0: no known topic); each distinct text is read once."""
    codes, distinct = pd.factorize(pd.Series(texts, dtype=object).fillna(""))
    found = np.array([sum(BIT[t] for t in topics(text)) for text in distinct], dtype=np.int64)
    return found[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def different_masks(a, b) -> np.ndarray:
    """Element-wise :func:`different` on bit masks."""
    return (a != 0) & (b != 0) & ((a & b) == 0)
