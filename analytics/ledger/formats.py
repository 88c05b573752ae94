"""The five ledgers of the import contract (../shared/spec/ledger-format.md) as data.

Each field has its accepted headers (the English name and the Chinese
headers), whether it is required, and its kind, which decides how it is
parsed and checked. Import, the templates and the mapping page all read this.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .. import taxonomy


@dataclass(frozen=True)
class Field:
    name: str
    headers: tuple[str, ...]  # Chinese headers; the English name is always accepted
    required: bool
    kind: str  # text, date, count, people (≥1), extension (0-30), vocab, personal, community, group, severity,
    # neighbors, level13
    vocabulary: MappingProxyType | None = None

    @property
    def accepted_headers(self) -> tuple[str, ...]:
        return (self.name, *self.headers)


def _f(name, headers, required, kind="text", vocabulary=None) -> Field:
    return Field(name, tuple(headers), required, kind, vocabulary)


LEDGERS: dict[str, tuple[Field, ...]] = {
    "areas": (
        _f("community", ["社区"], True, "community_name"),
        _f("group", ["小组", "网格", "行政小组"], True, "group_name"),
        _f("households", ["户数"], False, "count"),
        _f("population", ["人口", "人数"], False, "count"),
        _f("neighbors", ["相邻小组"], False, "neighbors"),
    ),
    "petitions": (
        _f("petition_id", ["信访编号", "编号"], True, "id"),
        _f("received_date", ["登记日期", "来访日期"], True, "date"),
        _f("channel", ["信访形式", "信访方式"], True, "vocab", taxonomy.CHANNELS),
        _f("community", ["社区"], True, "community"),
        _f("group", ["小组", "网格"], False, "group"),
        _f("petitioner", ["信访人"], True, "personal"),
        _f("people_count", ["人数"], True, "people"),
        _f("category", ["问题类别", "类别"], True, "vocab", taxonomy.CATEGORIES),
        _f("level", ["信访层级", "去向"], True, "vocab", taxonomy.LEVELS),
        _f("matter_id", ["事项编号"], False),
        _f("summary", ["内容摘要", "主要诉求"], False),
        _f("status", ["办理状态"], True, "vocab", taxonomy.PETITION_STATUSES),
        _f("due_date", ["办理期限"], False, "date"),
        _f("resolved_date", ["办结日期"], False, "date"),
        _f("responsible_unit", ["责任单位"], False),
        _f("satisfaction", ["满意度", "回访结果"], False, "vocab", taxonomy.SATISFACTION),
        # the case stages of the 2022 《信访工作条例》 (all optional: older ledgers import as before)
        _f("kind", ["信访类别", "诉求类型"], False, "vocab", taxonomy.PETITION_KINDS),
        _f("accepted_date", ["受理日期"], False, "date"),
        _f("forwarded_date", ["转送日期", "交办日期"], False, "date"),
        _f("answered_date", ["答复日期", "处理意见日期"], False, "date"),
        _f("extended_days", ["延期天数"], False, "extension"),
        _f("review_requested_date", ["复查申请日期"], False, "date"),
        _f("review_date", ["复查日期", "复查意见日期"], False, "date"),
        _f("recheck_requested_date", ["复核申请日期"], False, "date"),
        _f("recheck_date", ["复核日期", "复核意见日期"], False, "date"),
        _f("follow_up_date", ["回访日期"], False, "date"),
        _f("first_handler", ["首办责任人"], False),
    ),
    "screenings": (
        _f("screening_id", ["排查编号", "编号"], True, "id"),
        _f("visit_date", ["排查日期", "走访日期"], True, "date"),
        _f("community", ["社区"], True, "community"),
        _f("group", ["小组", "网格"], True, "group"),
        _f("household", ["户号", "住户"], True, "personal"),
        _f("visitor", ["排查人", "走访人"], False, "personal"),
        _f("finding", ["排查发现", "问题类别"], True, "vocab", taxonomy.FINDINGS),
        _f("severity", ["严重程度", "等级"], False, "severity"),
        _f("campaign", ["排查活动", "专项排查"], False),
        _f("people_affected", ["涉及人数"], False, "count"),
        _f("description", ["情况描述"], False),
        _f("matter_id", ["事项编号"], False),
    ),
    "risks": (
        _f("matter_id", ["事项编号"], True, "id"),
        _f("identified_date", ["发现日期"], True, "date"),
        _f("source", ["来源"], True, "vocab", taxonomy.RISK_SOURCES),
        _f("community", ["社区"], True, "community"),
        _f("group", ["小组", "网格"], False, "group"),
        _f("category", ["问题类别"], True, "vocab", taxonomy.CATEGORIES),
        _f("people_involved", ["涉及人数"], False, "count"),
        _f("responsible_unit", ["责任单位"], False),
        _f("leader", ["包案领导"], False),
        _f("handler", ["承办人"], False),
        _f("assigned_date", ["交办日期"], False, "date"),
        _f("status", ["状态"], True, "vocab", taxonomy.RISK_STATUSES),
        _f("due_date", ["化解期限"], False, "date"),
        _f("resolved_date", ["化解日期"], False, "date"),
        _f("description", ["情况描述"], False),
    ),
    "calendar": (
        _f("name", ["名称"], True),
        _f("start", ["开始日期"], True, "date"),
        _f("end", ["结束日期"], True, "date"),
        _f("level", ["等级"], False, "level13"),
    ),
}
KINDS = tuple(LEDGERS)
# The column that identifies a record (re-import is idempotent on it).
ID_FIELD = {"petitions": "petition_id", "screenings": "screening_id", "risks": "matter_id"}

# Severity: 1-4, or the colour (blue 一般 · yellow 较大 · orange 重大 · red 特别重大).
SEVERITY_LABELS = {str(n): n for n in range(1, 5)}
for _n, _colour in taxonomy.SEVERITY_GRADE.items():
    SEVERITY_LABELS[_colour] = _n
    SEVERITY_LABELS[taxonomy.GRADES[_colour][1]] = _n  # 红色预警 …
    SEVERITY_LABELS[taxonomy.GRADES[_colour][1][0]] = _n  # 红 …
    SEVERITY_LABELS[taxonomy.SEVERITY_WORDS[_n]] = _n  # 特别重大 … as existing ledgers write it


def vocabulary_labels(vocabulary: MappingProxyType) -> dict[str, str]:
    """Every accepted spelling (lower-cased key, English and Chinese labels) → key."""
    accepted = {}
    for key, labels in vocabulary.items():
        accepted[key.lower()] = key
        for text in labels:
            accepted[text.strip().lower()] = key
    return accepted


def field(kind: str, name: str) -> Field:
    return next(f for f in LEDGERS[kind] if f.name == name)
