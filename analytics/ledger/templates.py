"""Empty ledgers to hand to community workers: .xlsx with Chinese headers and drop-down lists.

`python -m analytics templates --out data/templates` writes one workbook per
ledger: the ledger sheet (frozen header, widths, a drop-down of the Chinese
labels on each vocabulary column, date columns formatted) and a sheet that
explains every column in both languages.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ..taxonomy import SEVERITY_WORDS
from .formats import LEDGERS

ROWS_WITH_LISTS = 2000
KIND_NAMES = {
    "areas": "辖区",
    "petitions": "信访台账",
    "screenings": "排查台账",
    "risks": "隐患台账",
    "calendar": "敏感节点",
}
KIND_HELP = {
    "text": ("text", "文字"),
    "id": ("unique number", "唯一编号"),
    "date": ("date, e.g. 2026-07-03", "日期，如 2026-07-03"),
    "people": ("whole number ≥ 1", "大于等于1的整数"),
    "count": ("whole number ≥ 0", "大于等于0的整数"),
    "extension": ("days the answer was extended, 0-30", "办理期限延长的天数，0至30"),
    "vocab": ("choose from the list", "从下拉列表中选择"),
    "personal": ("name or number (stored only as a pseudonym)", "姓名或编号（只保存化名）"),
    "community": ("community name as in the areas ledger", "与辖区台账一致的社区名称"),
    "group": ("group name as in the areas ledger", "与辖区台账一致的小组名称"),
    "community_name": ("community name", "社区名称"),
    "group_name": ("group name, unique in its community", "小组名称，社区内唯一"),
    "severity": ("1-4 or 一般/较大/重大/特别重大", "1-4 或 一般/较大/重大/特别重大"),
    "neighbors": ("adjacent groups, separated by ;", "相邻小组，用分号;分隔"),
    "level13": ("1 (highest) to 3", "1（最高）至3"),
}


def file_name(kind: str) -> str:
    return f"{kind}-{KIND_NAMES[kind]}.xlsx"


def build(kind: str) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = KIND_NAMES[kind]
    fields = LEDGERS[kind]
    for column, f in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=column, value=f.headers[0] if f.headers else f.name)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, 2 * len(str(cell.value)) + 4)
        choices = None
        if f.vocabulary is not None:
            choices = [labels[1] for labels in f.vocabulary.values()]
        elif f.kind == "severity":
            choices = ["1", "2", "3", "4", *SEVERITY_WORDS.values()]
        if choices:
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=not f.required,
                showErrorMessage=True,
                errorTitle=f.name,
                error="请从下拉列表中选择",
            )
            rule.add(f"{letter}2:{letter}{ROWS_WITH_LISTS}")
            sheet.add_data_validation(rule)
        if f.kind == "date":
            for row in range(2, ROWS_WITH_LISTS + 1):
                sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("填表说明")
    guide.append(
        ["表头 header", "字段 field", "必填 required", "填写要求", "what to enter", "其他可用表头 other headers"]
    )
    for f in fields:
        english, chinese = KIND_HELP.get(f.kind, KIND_HELP["text"])
        guide.append(
            [
                f.headers[0] if f.headers else f.name,
                f.name,
                "是 yes" if f.required else "否 no",
                chinese,
                english,
                "、".join(f.accepted_headers[2:]),
            ]
        )
    for letter, width in zip("ABCDEF", (16, 18, 12, 36, 40, 24)):
        guide.column_dimensions[letter].width = width
    return book


def write_all(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in LEDGERS:
        path = folder / file_name(kind)
        build(kind).save(path)
        written.append(path)
    return written
