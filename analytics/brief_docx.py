"""The weekly brief as a meeting paper (Word): a one-page summary first, details after, method in an appendix.

Page one is what the meeting reads: the figures against the same days of the
week before, the red and orange items one line each, and what changed. The
pages after it give every alert of the week (red and orange in full, yellow
and blue in one table), overdue items, screening coverage in percentages,
sensitive periods, and the charts; the detectors' statistical evidence goes
to the appendix. A4, 黑体 headings and 仿宋 text, dates written as the reader
writes them, numbered headings (一、二、… in Chinese).
"""

from __future__ import annotations

import io
from datetime import timedelta

import pandas as pd

from .brief import Brief, tables
from .chart_dates import day_text
from .i18n import t

BODY_FONT_ZH, HEADING_FONT_ZH, LATIN_FONT = "仿宋", "黑体", "Calibri"
SERIOUS = ("red", "orange")
MOST_ON_PAGE_ONE = 8  # red and orange items listed on the summary page; the rest are counted
KEY_FIGURES = ("petitions", "group_petitions", "skip_level", "findings", "new_alerts")
NUMERALS_ZH = "一二三四五六七八九十"


def to_docx(brief: Brief, images: dict[str, bytes] | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    lang = brief.lang
    document = Document()
    office_style(document)
    heading = _Numbering(document, lang)

    document.add_heading(t("brief.title", lang, street=brief.street), level=0)
    document.add_paragraph(_period_line(brief))

    # -- page one: the summary ------------------------------------------------------------------------------
    heading(t("brief.section.summary", lang))
    figures = tables(brief)[t("brief.sheet.figures", lang)]
    signed = figures.iloc[:, 3].map(lambda n: f"{n:+d}" if n else "0")
    add_table(document, figures.assign(**{figures.columns[3]: signed}))
    heading(t("brief.section.serious", lang))
    serious = brief.alerts[brief.alerts["grade_key"].isin(SERIOUS)] if len(brief.alerts) else brief.alerts
    if serious.empty:
        document.add_paragraph(t("brief.no_serious", lang))
    for number, row in enumerate(serious.head(MOST_ON_PAGE_ONE).itertuples(index=False), start=1):
        document.add_paragraph(f"{number}. {_one_line(row, lang)}")
    if len(serious) > MOST_ON_PAGE_ONE:
        document.add_paragraph(t("brief.more_serious", lang, count=len(serious) - MOST_ON_PAGE_ONE))
    heading(t("brief.section.changes", lang))
    for sentence in _changes(brief):
        document.add_paragraph(sentence)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    # -- the details -------------------------------------------------------------------------------------------
    heading(t("brief.section.alerts", lang))
    if brief.alerts.empty:
        document.add_paragraph(t("brief.no_alerts", lang))
    elif images:
        document.add_picture(io.BytesIO(images["alerts"]), width=_width())
    for number, row in enumerate(serious.itertuples(index=False), start=1):
        title = " · ".join(filter(None, [row.grade, row.kind, row.place, row.category]))
        document.add_heading(f"（{number}）{title}" if lang == "zh" else f"{number}. {title}", level=2)
        document.add_paragraph(row.summary)
        document.add_paragraph(
            t("brief.detected", lang, day=row.detected_on) + (t("brief.new_this_week", lang) if row.new else "")
        )
        document.add_paragraph(t("brief.owner_due", lang, owner=row.owner or "—", due=row.due or "—"))
    others = brief.alerts[~brief.alerts["grade_key"].isin(SERIOUS)] if len(brief.alerts) else brief.alerts
    if len(others):
        document.add_paragraph(t("brief.others", lang, count=len(others)))
        add_table(document, _headed(others, ["grade", "kind", "place", "category", "detected_on", "new"], lang))

    heading(t("brief.sheet.overdue", lang))
    document.add_paragraph(t("brief.overdue_count", lang, count=len(brief.overdue)))
    heading(t("brief.sheet.coverage", lang))
    add_table(document, tables(brief)[t("brief.sheet.coverage", lang)])
    document.add_paragraph(t("brief.blind_spots", lang, count=brief.blind_spots))
    heading(t("brief.sheet.upcoming", lang))
    if brief.upcoming.empty:
        document.add_paragraph(t("brief.no_upcoming", lang, days=30))
    else:
        add_table(document, tables(brief)[t("brief.sheet.upcoming", lang)])
    heading(t("brief.sheet.reported", lang))
    document.add_paragraph(t("brief.reported", lang))
    add_table(document, brief.reported)
    if images:
        heading(t("brief.section.trend", lang))
        document.add_picture(io.BytesIO(images["trend"]), width=_width())

    # -- appendix: how the detectors decided ---------------------------------------------------------------------
    if len(brief.alerts):
        document.add_heading(t("brief.appendix", lang), level=1)
        document.add_paragraph(t("brief.appendix.intro", lang))
        add_table(
            document,
            _headed(
                brief.alerts.assign(
                    what=[_one_line(r, lang, short=True) for r in brief.alerts.itertuples(index=False)]
                ),
                ["what", "evidence"],
                lang,
            ),
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _period_line(brief: Brief) -> str:
    lang = brief.lang
    week = (day_text(brief.monday, lang), day_text(brief.sunday, lang))
    if not brief.partial:
        return t("brief.period", lang, monday=week[0], sunday=week[1])
    before = brief.monday - timedelta(days=7)
    same_day = before + (brief.as_of - brief.monday)
    last = t("brief.days", lang, start=day_text(before, lang), end=day_text(same_day, lang))
    return t("brief.period_partial", lang, monday=week[0], as_of=day_text(brief.as_of, lang), last=last)


def _one_line(row, lang: str, short: bool = False) -> str:
    """A red or orange item in one line: grade, kind, place, category, and who has it."""
    text = " · ".join(filter(None, [row.grade, row.kind, row.place, row.category]))
    if short:
        return text
    if row.owner:
        text += t("brief.line.owner", lang, owner=row.owner, due=row.due or "—")
    else:
        text += t("brief.line.unassigned", lang)
    return text + (t("brief.line.new", lang) if row.new else "")


def _changes(brief: Brief) -> list[str]:
    """What moved against the same days of the week before, in words; one sentence when nothing did."""
    lang = brief.lang
    said = []
    for row in brief.figures.itertuples(index=False):
        change = int(row.change)
        if row.key not in KEY_FIGURES or change == 0:
            continue
        key = "brief.change.up" if change > 0 else "brief.change.down"
        said.append(t(key, lang, figure=row.figure, now=row.this_week, before=row.last_week, by=abs(change)))
    if brief.overdue is not None and len(brief.overdue):
        said.append(t("brief.change.overdue", lang, count=len(brief.overdue)))
    return said or [t("brief.change.none", lang)]


class _Numbering:
    """Level-one headings numbered as the language numbers them: 一、二、… or 1. 2. …"""

    def __init__(self, document, lang: str):
        self.document, self.lang, self.count = document, lang, 0

    def __call__(self, text: str) -> None:
        self.count += 1
        prefix = f"{NUMERALS_ZH[self.count - 1]}、" if self.lang == "zh" else f"{self.count}. "
        self.document.add_heading(prefix + text, level=1)


def office_style(document) -> None:
    """A4, margins and fonts of an office document (黑体 headings, 仿宋 text); the public report uses it too."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
        section.left_margin, section.right_margin = Cm(2.6), Cm(2.6)
    for style_name, east_asian, size in (
        ("Normal", BODY_FONT_ZH, 11),
        ("Title", HEADING_FONT_ZH, 20),
        ("Heading 1", HEADING_FONT_ZH, 14),
        ("Heading 2", HEADING_FONT_ZH, 12),
    ):
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asian)
    document.styles["Normal"].paragraph_format.space_after = Pt(2)


def _width():
    from docx.shared import Cm

    return Cm(15.8)


def _headed(frame: pd.DataFrame, keys: list[str], lang: str) -> pd.DataFrame:
    out = frame[keys].copy()
    out.columns = [t(f"brief.col.{k}", lang) for k in keys]
    return out


def add_table(document, frame: pd.DataFrame) -> None:
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Light Grid Accent 1"
    for cell, name in zip(table.rows[0].cells, frame.columns):
        cell.text = str(name)
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(10)
