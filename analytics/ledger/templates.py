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


# what each column means, for the 填表说明 sheet: (English, 中文); a field not named here explains itself
MEANINGS: dict[str, tuple[str, str]] = {
    "community": ("the community (居委会) the record belongs to", "记录所属社区（居委会）"),
    "group": ("the administrative group or grid within the community", "社区内的行政小组或网格"),
    "households": ("households in the group: the base of rates per 1,000 households", "小组户数，用于计算千户率"),
    "population": (
        "residents of the group: the base of the rate per 10,000 residents",
        "小组常住人口，用于计算万人信访率",
    ),
    "neighbors": (
        "groups next to this one, for spotting neighbouring groups rising together",
        "相邻小组，用于发现连片上升",
    ),
    "petition_id": ("the petition's own number, unique in the ledger", "信访件编号，台账内唯一"),
    "received_date": (
        "the day the petition was registered (登记): the 15-day clock starts",
        "登记日期：受理期限（15日）自此起算",
    ),
    "channel": (
        "how it came: visit, letter, phone, online, leader reception day",
        "信访形式：来访、来信、来电、网上信访、领导接访",
    ),
    "petitioner": ("name or number of the petitioner; stored only as a pseudonym", "信访人姓名或编号，系统只保存化名"),
    "people_count": (
        "people who came together; 5 or more is a group petition (集体访)",
        "共同信访人数，5人及以上为集体访",
    ),
    "category": ("the kind of problem", "问题类别"),
    "level": (
        "where it was lodged: street, district, city, province, Beijing",
        "信访提出的层级：街道、区、市、省、进京",
    ),
    "matter_id": (
        "the number of the risk item (事项) the record is about: the same number on every petition and visit about "
        "one matter links them, so that repeats and escalation are counted on the matter",
        "所反映事项（风险隐患）的编号：同一事项的每次信访、排查都填同一编号，系统据此识别重复信访和升级",
    ),
    "summary": ("what the petitioner asks for, in a sentence", "主要诉求，一句话概括"),
    "due_date": (
        "the deadline if the office set one; empty: 60 days from acceptance",
        "办理期限；不填则自受理之日起60日",
    ),
    "resolved_date": (
        "the day the case was concluded (办结); required when the status is 办结",
        "办结日期，状态为办结时必填",
    ),
    "responsible_unit": ("the unit handling the matter; choose from the list", "承办的责任单位，请从下拉列表中选择"),
    "satisfaction": ("the petitioner's answer at the follow-up (回访)", "回访时信访人的评价"),
    "kind": ("suggestion, report or accusation, or claim (分类处理)", "信访类别：建议意见、检举控告、申诉求决"),
    "accepted_date": (
        "the day the petition was accepted (受理): the 60 days count from here",
        "受理日期，60日办理期限自此起算",
    ),
    "forwarded_date": (
        "the day it was forwarded or assigned (转送、交办) to the body that handles it",
        "转送、交办给有权处理机关的日期",
    ),
    "answered_date": ("the day of the written answer (处理意见)", "出具书面处理意见（答复）的日期"),
    "extended_days": (
        "days by which the answer was extended, 0 to 30, once",
        "办理期限延长的天数，0至30，只能延长一次",
    ),
    "review_requested_date": (
        "the day the petitioner asked the level above for a review (复查)",
        "信访人向上一级申请复查的日期",
    ),
    "review_date": ("the day of the review decision (30 days to decide)", "复查意见出具日期（30日内）"),
    "recheck_requested_date": ("the day the petitioner asked for a re-check (复核)", "信访人申请复核的日期"),
    "recheck_date": (
        "the day of the re-check decision (30 days); after it the case is closed (终结)",
        "复核意见出具日期（30日内），此后终结",
    ),
    "follow_up_date": ("the day of the follow-up call or visit (回访)", "回访日期"),
    "first_handler": ("the staff member who first took the case (首办责任人)", "首办责任人"),
    "status": ("the stage the record is at", "当前办理环节"),
    "screening_id": ("the visit's own number, unique in the ledger", "排查记录编号，台账内唯一"),
    "visit_date": ("the day of the door-to-door visit", "入户排查日期"),
    "household": (
        "building, unit and door, or the household's number; stored only as a pseudonym",
        "户号（楼栋门牌），系统只保存化名",
    ),
    "visitor": ("who visited; stored only as a pseudonym", "排查人，系统只保存化名"),
    "finding": ("the kind of problem found, or 无 when none", "排查发现的问题类别，无问题填“无”"),
    "severity": ("how serious, 1 (least) to 4 (most)", "严重程度，1至4，4为最严重"),
    "campaign": (
        "the screening campaign the visit belonged to; empty for routine visits",
        "所属排查活动（专项排查），日常走访不填",
    ),
    "people_affected": ("people affected by the problem found", "涉及人数"),
    "description": ("what was found, in a sentence or two", "情况描述"),
    "identified_date": ("the day the risk item was found", "发现日期"),
    "source": ("how it was found: screening, petition, referral", "来源：排查、信访、转办"),
    "people_involved": ("people involved", "涉及人数"),
    "leader": ("the leader in charge of the case (包案领导)", "包案领导"),
    "handler": ("the staff member handling it (承办人)", "承办人"),
    "assigned_date": ("the day it was assigned (交办)", "交办日期"),
    "name": ("the period's name, e.g. 全国两会", "敏感节点名称，如全国两会"),
    "start": ("first day", "开始日期"),
    "end": ("last day", "结束日期"),
}
# where a field means something else in one ledger
MEANINGS_IN = {
    ("calendar", "level"): (
        "1 (highest, e.g. 全国两会: a daily report is sent) to 3",
        "等级，1为最高（如全国两会，需每日报送日报）至3",
    ),
    ("risks", "status"): (
        "where the risk item stands: open, assigned, being resolved, closure requested, closed",
        "化解进展：未化解、已交办、化解中、申请销号、已销号",
    ),
    ("risks", "due_date"): ("the deadline for settling it (化解期限)", "化解期限"),
    ("risks", "resolved_date"): ("the day it was settled and closed (销号)", "化解销号日期"),
    ("risks", "description"): ("what the matter is, in a sentence or two", "情况描述"),
}


def file_name(kind: str) -> str:
    return f"{kind}-{KIND_NAMES[kind]}.xlsx"


UNITS_SHEET = "承办单位"


def _units_sheet(book: Workbook, units: list[str]) -> str:
    """A sheet listing the street's handling units, for the unit column's drop-down (a list of names longer than
    Excel's 255 characters cannot be written into the rule itself). Returns the rule's formula."""
    sheet = book.create_sheet(UNITS_SHEET)
    sheet.append(["承办单位（责任单位）名称 handling units"])
    for name in units:
        sheet.append([name])
    sheet.column_dimensions["A"].width = 36
    return f"'{UNITS_SHEET}'!$A$2:$A${len(units) + 1}"


def build(kind: str, units: list[str] | None = None) -> Workbook:
    """The empty ledger of ``kind``; with ``units`` (the street's handling units), the unit column is a drop-down
    of them, since a unit typed freely splits the rankings (城建科 / 街道城建科)."""
    book = Workbook()
    sheet = book.active
    sheet.title = KIND_NAMES[kind]
    fields = LEDGERS[kind]
    for column, f in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=column, value=f.headers[0] if f.headers else f.name)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, 2 * len(str(cell.value)) + 4)
        choices = None
        if f.name == "responsible_unit" and units:
            rule = DataValidation(
                type="list",
                formula1=_units_sheet(book, units),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f.name,
                error="请从下拉列表中选择承办单位；新的单位请先告知管理员",
            )
            rule.add(f"{letter}2:{letter}{ROWS_WITH_LISTS}")
            sheet.add_data_validation(rule)
        elif f.vocabulary is not None:
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
    if UNITS_SHEET in book.sheetnames:  # the explanation comes right after the ledger
        book.move_sheet(UNITS_SHEET, offset=1)
    guide.append(
        [
            "表头 header",
            "字段 field",
            "必填 required",
            "含义",
            "填写要求",
            "meaning",
            "what to enter",
            "其他可用表头 other headers",
        ]
    )
    for f in fields:
        english, chinese = KIND_HELP.get(f.kind, KIND_HELP["text"])
        meaning_en, meaning_zh = MEANINGS_IN.get((kind, f.name)) or MEANINGS.get(f.name, ("", ""))
        guide.append(
            [
                f.headers[0] if f.headers else f.name,
                f.name,
                "是 yes" if f.required else "否 no",
                meaning_zh,
                chinese,
                meaning_en,
                english,
                "、".join(f.accepted_headers[2:]),
            ]
        )
    for letter, width in zip("ABCDEFGH", (16, 18, 12, 40, 30, 44, 30, 24)):
        guide.column_dimensions[letter].width = width
    return book


def write_all(folder: str | Path, units: list[str] | None = None) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in LEDGERS:
        path = folder / file_name(kind)
        build(kind, units).save(path)
        written.append(path)
    return written
