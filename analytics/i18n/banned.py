"""Words a street cadre reads as wrong, kept beside the tables they are checked against (tests/test_i18n.py).

Every Chinese string a user reads (this package's tables, the settings' help, the vocabularies' labels) is
searched for each pattern; the reason says which word of the work to use instead
(../shared/domain/glossary.md). ``ALLOWED`` names the few strings that must quote a banned word, and why.
"""

from __future__ import annotations

BANNED: tuple[tuple[str, str], ...] = (
    (
        r"特别重大|重大|较大",
        "一般/较大/重大/特别重大 grade emergencies and accidents; warnings and scores are 红色/橙色/黄色/蓝色预警",
    ),
    (r"一般(事项|预警|风险|等级|级)", "一般 is an emergency grade: say 通常 (typical) or the colour"),
    (r"聚集", "聚集 is people gathering in one place; neighbouring groups rising together is 连片上升"),
    (
        r"受理(量|数|件|的信访|至|或到期|并已)",
        "what was received is counted as 登记 (信访登记量, 登记至办结天数); 受理 is only the decision to accept",
    ),
    (r"信访方式|(?<![信访])方式：", "one name for how a petition came: 信访形式"),
    (r"README", "no page sends a user to the README: say it where they are"),
    (r"领导班子|领导驾驶舱", "the committee's role is 街道领导"),
    (r"风险事项|隐患事项|风险项", "a risk item is 风险隐患 throughout"),
    (r"确认预警|处理完毕", "alert actions are 签收, 交办, 办结销号 or 处置完毕, 撤销预警"),
    (r"登记册", "the list of risk items is the 风险隐患台账"),
)

# key -> why it may quote a banned word
ALLOWED: dict[str, str] = {
    "reason.severity": "lists the severity labels (一般…特别重大) of existing screening ledgers, accepted at import",
}
