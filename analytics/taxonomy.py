"""The fixed vocabularies of the ledgers (ledger-format.md), with labels in both languages.

Each vocabulary maps a stored key to its labels: the English label first, then
the Chinese labels, the first of which is the one shown. Import accepts the key
or any label listed; everything stored is a key.
"""

from __future__ import annotations

from types import MappingProxyType

Vocabulary = MappingProxyType


def _vocab(entries: dict[str, tuple[str, ...]]) -> MappingProxyType:
    return MappingProxyType(entries)


CATEGORIES = _vocab(
    {
        "land_housing": ("Land & housing (demolition)", "征地拆迁", "房屋拆迁"),
        "urban_construction": ("Urban construction", "城乡建设"),
        "property_management": ("Property management", "物业管理"),
        "utilities": ("Water, power, gas, heating", "水电气暖", "供水", "供暖"),
        "labor_wages": ("Labour & unpaid wages", "劳动工资", "欠薪"),
        "social_security": ("Social security", "社会保障", "低保"),
        "environment": ("Environment & noise", "环境保护", "噪声污染"),
        "neighbor_dispute": ("Neighbour dispute", "邻里纠纷"),
        "family_dispute": ("Marriage & family", "婚姻家庭"),
        "public_order": ("Public order", "社会治安"),
        "health_education": ("Health & education", "卫生教育"),
        "law_litigation": ("Law & litigation", "涉法涉诉"),
        "other": ("Other", "其他"),
    }
)

CHANNELS = _vocab(
    {
        "visit": ("Visit", "来访"),
        "letter": ("Letter", "来信"),
        "phone": ("Phone", "来电", "电话"),
        "online": ("Online", "网上信访"),
        "leader_reception": ("Leader reception day", "领导接访"),
    }
)

LEVELS = _vocab(
    {
        "street": ("Street", "街道"),
        "district": ("District", "区"),
        "city": ("City", "市"),
        "province": ("Province", "省"),
        "national": ("National", "进京", "国家"),
    }
)
# Order of escalation: a petition lodged higher than the street is skip-level.
LEVEL_RANK = MappingProxyType({key: rank for rank, key in enumerate(LEVELS)})

PETITION_STATUSES = _vocab(  # the case stages of the 2022 《信访工作条例》, in the order a case passes them
    {
        "registered": ("Registered", "登记"),
        "forwarded": ("Forwarded", "转送交办"),
        "accepted": ("Accepted", "受理"),
        "in_progress": ("Being handled", "办理中"),
        "answered": ("Answered", "已答复"),
        "resolved": ("Concluded", "办结"),
        "under_review": ("Under review", "复查中"),
        "under_recheck": ("Under re-check", "复核中"),
        "concluded": ("Closed after re-check", "终结"),
        "rejected": ("Not accepted", "不予受理"),
    }
)
# Stages at which the handling body has answered (出具处理意见): the 60-day clock has stopped.
ANSWERED_STATUSES = ("answered", "resolved", "under_review", "under_recheck", "concluded")
# Stages of the lawful path above the answer: a 复查 or 复核 lodged at the level above is never 越级.
LAWFUL_STEP_STATUSES = ("under_review", "under_recheck", "concluded")

PETITION_KINDS = _vocab(  # 分类处理: the three kinds of petition
    {
        "suggestion": ("Suggestion", "建议意见", "建议意见类"),
        "accusation": ("Report or accusation", "检举控告", "检举控告类"),
        "claim": ("Claim or demand", "申诉求决", "申诉求决类"),
    }
)

SATISFACTION = _vocab(
    {
        "satisfied": ("Satisfied", "满意"),
        "basic": ("Basically satisfied", "基本满意"),
        "unsatisfied": ("Unsatisfied", "不满意"),
    }
)

RISK_SOURCES = _vocab(
    {
        "screening": ("Screening", "排查"),
        "petition": ("Petition", "信访"),
        "referral": ("Referral", "转办"),
        "alert": ("Early warning", "预警"),  # made from an alert in the committee's meeting
    }
)

RISK_STATUSES = _vocab(
    {
        "open": ("Open", "未化解", "待研判"),
        "assigned": ("Assigned", "已交办"),
        "in_progress": ("Being resolved", "化解中"),
        "close_requested": ("Closure requested", "申请销号"),
        "resolved": ("Resolved", "已化解", "已销号"),
    }
)

# The national four-colour grade; severity 1-4 in the screening ledger.
GRADES = _vocab(
    {  # the national four-colour early-warning grades (never 一般/较大/重大/特别重大, emergency words)
        "blue": ("Blue", "蓝色预警"),
        "yellow": ("Yellow", "黄色预警"),
        "orange": ("Orange", "橙色预警"),
        "red": ("Red", "红色预警"),
    }
)
# a screening finding's severity 1-4 in the words existing ledgers use (accepted at import, shown as 严重程度)
SEVERITY_WORDS = MappingProxyType({1: "一般", 2: "较大", 3: "重大", 4: "特别重大"})
SEVERITY_GRADE = MappingProxyType({1: "blue", 2: "yellow", 3: "orange", 4: "red"})
GRADE_COLOURS = MappingProxyType(
    {
        "red": "#d62728",
        "orange": "#ff7f0e",
        "yellow": "#f2c80f",
        "blue": "#1f77b4",
    }
)

# A finding of "none" in the screening ledger: the visit found no problem.
NO_FINDING = "none"
FINDINGS = _vocab({**CATEGORIES, NO_FINDING: ("No problem found", "无")})

GROUP_PETITION_PEOPLE = 5  # 集体访: five or more people


def label(vocabulary: MappingProxyType, key: str | None, lang: str) -> str:
    """The label of ``key`` shown to a user of language ``lang`` ('zh' or 'en')."""
    if key is None:
        return ""
    labels = vocabulary.get(key)
    if labels is None:
        return str(key)
    return labels[1] if lang == "zh" else labels[0]
