"""The papers the office prints for its casework: 交办单, 督办单 and the meeting's minutes (纪要).

Word, in the official style the brief uses (A4, 黑体 headings, 仿宋 text, sections numbered 一、二、), each also
as a PDF made offline by LibreOffice (``soffice --headless --convert-to pdf``, Debian's libreoffice-writer).
Every value comes from the records: the item, its history (``risk_actions``) and the meeting's decisions.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from . import lifecycle, meetings, queries
from .db import Database
from .i18n import t
from .problems import Problem
from .taxonomy import CATEGORIES, RISK_SOURCES, label

NUMERALS_ZH = "一二三四五六七八九十"


class DocumentProblem(Problem):
    """A document that cannot be made (no such step or meeting; no PDF converter on this machine)."""


def assignment_sheet(db: Database, matter_id: str, lang: str = "zh") -> bytes:
    """交办单 of the item's latest 交办: number, matter, facts, what is asked, unit, deadline, signatures."""
    step = lifecycle.last_step(db, matter_id, "assign")
    if step is None:
        raise DocumentProblem("doc.no_assignment", matter=matter_id)
    found = lifecycle.item(db, matter_id)
    detail = step["detail"]
    paper = _Paper(lang, t("doc.assign.title", lang, street=queries.street_name(db)), detail.get("number"))
    paper.section(t("doc.section.matter", lang))
    paper.fields(_matter_fields(db, found, lang))
    paper.section(t("doc.section.facts", lang))
    paper.text(found.get("description") or "—")
    paper.lines(_records_lines(db, matter_id, lang))
    paper.section(t("doc.section.asked", lang))
    paper.text(detail.get("note") or t("doc.assign.asked_default", lang))
    paper.fields(
        [
            (t("doc.field.unit", lang), detail.get("unit")),
            (t("doc.field.leader", lang), detail.get("leader")),
            (t("doc.field.handler", lang), detail.get("handler")),
            (t("doc.field.assigned", lang), _day(step["acted_on"], lang)),
            (t("doc.field.due", lang), _day(detail.get("due"), lang)),
        ]
    )
    paper.section(t("doc.section.rules", lang))
    paper.text(t("doc.assign.rules", lang))
    paper.signatures([t("doc.sign.assigner", lang), t("doc.sign.unit", lang), t("doc.sign.received", lang)])
    return paper.bytes()


def supervision_sheet(db: Database, matter_id: str, lang: str = "zh") -> bytes:
    """督办单 of an item past its deadline: the 督办 an officer issued (its number and new deadline) or, before
    that, the one the early warning raised; the reports so far and what is asked now."""
    issued = lifecycle.last_step(db, matter_id, "supervise")
    raised = lifecycle.last_step(db, matter_id, "overdue")
    step = max((s for s in (issued, raised) if s is not None), key=lambda s: s["action_id"], default=None)
    if step is None:
        raise DocumentProblem("doc.no_supervision", matter=matter_id)
    found = lifecycle.item(db, matter_id)
    detail = step["detail"]
    paper = _Paper(lang, t("doc.supervise.title", lang, street=queries.street_name(db)), detail.get("number"))
    if step["action"] == "overdue":
        paper.text(t("doc.supervise.raised", lang, day=_day(step["acted_on"], lang), alert=detail.get("alert")))
    paper.section(t("doc.section.matter", lang))
    paper.fields(_matter_fields(db, found, lang))
    paper.section(t("doc.section.overdue", lang))
    paper.fields(
        [
            (t("doc.field.unit", lang), found.get("responsible_unit")),
            (t("doc.field.leader", lang), found.get("leader")),
            (t("doc.field.handler", lang), found.get("handler")),
            (t("doc.field.assigned", lang), _day(found.get("assigned_date"), lang)),
            (t("doc.field.missed", lang), _day(detail.get("missed"), lang)),
            (t("doc.field.days_overdue", lang), detail.get("days_overdue")),
        ]
    )
    reports = lifecycle.history(db, matter_id)
    reports = reports[reports["action"] == "feedback"]
    paper.section(t("doc.section.reports", lang))
    paper.lines(
        [f"{_day(row.acted_on, lang)}：{row.detail.get('note', '')}" for row in reports.itertuples()]
        or [t("doc.supervise.no_reports", lang)]
    )
    paper.section(t("doc.section.asked", lang))
    new_due = detail.get("due") or detail.get("supervise_until")
    paper.text(detail.get("note") or t("doc.supervise.asked_default", lang, due=_day(new_due, lang)))
    paper.fields([(t("doc.field.new_due", lang), _day(new_due, lang))])
    paper.signatures([t("doc.sign.supervisor", lang), t("doc.sign.unit", lang), t("doc.sign.received", lang)])
    return paper.bytes()


def minutes(db: Database, meeting_id: int, lang: str = "zh") -> bytes:
    """纪要 of a weekly review meeting: when, who, and each item discussed with its decision, owner and deadline."""
    held = meetings.meeting(db, meeting_id)
    if held is None:
        raise DocumentProblem("doc.no_meeting", meeting=meeting_id)
    decided = meetings.items(db, meeting_id)
    paper = _Paper(lang, t("doc.minutes.title", lang, street=queries.street_name(db)), None)
    paper.fields(
        [
            (t("doc.field.held_on", lang), _day(held["held_on"], lang)),
            (t("doc.field.chair", lang), held.get("chair")),
            (t("doc.field.attendees", lang), held.get("attendees")),
            (t("doc.field.recorded_by", lang), held.get("started_by")),
        ]
    )
    paper.text(t("doc.minutes.summary", lang, count=len(decided), decided=int(decided["decision"].notna().sum())))
    for section in meetings.SECTIONS:
        mine = decided[decided["section"] == section]
        if mine.empty:
            continue
        paper.section(t(f"meeting.section.{section}", lang))
        for number, row in enumerate(mine.itertuples(index=False), start=1):
            paper.text(f"{number}. {row.subject}")
            paper.text(meetings.decision_text(row._asdict(), lang), indent=True)
    paper.signatures([t("doc.sign.chair", lang), t("doc.sign.recorder", lang)])
    return paper.bytes()


def to_pdf(docx: bytes, timeout: float = 120.0) -> bytes:
    """The Word document as a PDF, made offline by LibreOffice (fonts as installed: Noto CJK for Chinese)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise DocumentProblem("doc.no_pdf")
    with tempfile.TemporaryDirectory(prefix="risk-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        profile = Path(folder) / "profile"  # a profile of its own: two conversions at once do not collide
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(folder) / "document.pdf").read_bytes()


def pdf_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


# -- the parts -----------------------------------------------------------------------------------------------------


def _matter_fields(db: Database, found: dict, lang: str) -> list[tuple[str, object]]:
    place = found.get("community") or "—"
    if found.get("group_name"):
        place += f" {found['group_name']}"
    return [
        (t("doc.field.matter", lang), found["matter_id"]),
        (t("doc.field.category", lang), label(CATEGORIES, found.get("category"), lang)),
        (t("doc.field.place", lang), place),
        (t("doc.field.identified", lang), _day(found.get("identified_date"), lang)),
        (t("doc.field.source", lang), label(RISK_SOURCES, found.get("source"), lang) if found.get("source") else "—"),
        (t("doc.field.people", lang), found.get("people_involved")),
    ]


def _records_lines(db: Database, matter_id: str, lang: str) -> list[str]:
    """The petitions and visits behind the item, counted (no personal field)."""
    petitions, first, last = db.rows(
        "SELECT count(*), min(received_date), max(received_date) FROM petitions WHERE matter_id = ?", [matter_id]
    )[0]
    visits = db.scalar(
        "SELECT count(*) FROM screenings WHERE matter_id = ? OR 'S:' || screening_id = ?", [matter_id, matter_id]
    )
    lines = []
    if petitions:
        lines.append(
            t("doc.facts.petitions", lang, count=int(petitions), first=_day(first, lang), last=_day(last, lang))
        )
    if visits:
        lines.append(t("doc.facts.visits", lang, count=int(visits)))
    return lines


def _day(value, lang: str) -> str:
    from .chart_dates import day_text

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):  # a timestamp (pandas' too) is read as its day
        value = value.date()
    return day_text(value, lang)


class _Paper:
    """A Word document in the office's style: title, number, numbered sections, field tables, signatures."""

    def __init__(self, lang: str, title: str, number: str | None):
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        from .brief_docx import office_style

        self.lang, self.count = lang, 0
        self.document = Document()
        office_style(self.document)
        heading = self.document.add_heading(title, level=0)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if number:
            line = self.document.add_paragraph(number)
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def section(self, title: str) -> None:
        self.count += 1
        prefix = f"{NUMERALS_ZH[self.count - 1]}、" if self.lang == "zh" else f"{self.count}. "
        self.document.add_heading(prefix + title, level=1)

    def text(self, text: str, indent: bool = False) -> None:
        from docx.shared import Cm

        paragraph = self.document.add_paragraph(str(text))
        if indent:
            paragraph.paragraph_format.left_indent = Cm(0.8)

    def lines(self, lines: list[str]) -> None:
        for line in lines:
            self.text(line)

    def fields(self, pairs: list[tuple[str, object]]) -> None:
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for name, value in pairs:
            cells = table.add_row().cells
            cells[0].text = name
            cells[1].text = "—" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

    def signatures(self, who: list[str]) -> None:
        self.document.add_paragraph("")
        for name in who:
            self.document.add_paragraph(f"{name}：____________________")

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
