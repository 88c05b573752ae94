"""The weekly review brief: what the office takes to the meeting, as Word (.docx) or Excel (.xlsx).

The week is Monday to Sunday around the day asked for; everything is read as of
its Sunday (detectors run as of then). Contents: headline figures against the
week before, new and open alerts by grade with their evidence, owner and due
date, overdue items, screening coverage and blind spots, sensitive periods in
the next 30 days, and two charts rendered offline (kaleido with Debian's
chromium). Text in the reader's language; Chinese in the fonts Chinese offices
use for documents (黑体 for headings, 仿宋 for the body).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from . import queries
from .alerts import open_alerts, readable, review_list
from .db import Database
from .i18n import t
from .taxonomy import CATEGORIES, GRADES, label

UPCOMING_DAYS = 30
BODY_FONT_ZH, HEADING_FONT_ZH, LATIN_FONT = "仿宋", "黑体", "Calibri"


@dataclass
class Brief:
    lang: str
    street: str
    monday: date
    sunday: date
    figures: pd.DataFrame  # figure, this_week, last_week, change
    alerts: pd.DataFrame  # new/open alerts (review order) with readable columns
    overdue: pd.DataFrame
    coverage: pd.DataFrame  # community, households, visited, share
    blind_spots: int
    upcoming: pd.DataFrame  # name, start, end
    weekly: pd.DataFrame  # the last 12 weeks: week, petitions, findings


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def gather(db: Database, day: date, lang: str, run_detectors: bool = True) -> Brief:
    """Everything the brief says about the week containing ``day``; ``run_detectors`` first records the
    detectors' episodes as of the week's end (the review page has done so already)."""
    monday, sunday = week_of(day)
    if run_detectors:
        open_alerts(db, sunday, lang)
    this, last = _figures(db, monday, sunday), _figures(db, monday - timedelta(days=7), monday - timedelta(days=1))
    figures = pd.DataFrame({
        "figure": [t(f"brief.figure.{k}", lang) for k in this],
        "this_week": list(this.values()), "last_week": list(last.values()),
    })
    figures["change"] = figures["this_week"] - figures["last_week"]
    listed = review_list(db, sunday)
    alerts = _alert_rows(listed, lang)
    overdue = alerts[alerts["kind_key"] == "overdue"].drop(columns="kind_key") if len(alerts) else alerts
    return Brief(
        lang=lang, street=queries.street_name(db), monday=monday, sunday=sunday, figures=figures,
        alerts=alerts.drop(columns="kind_key") if len(alerts) else alerts, overdue=overdue,
        coverage=_coverage(db, monday, sunday, lang), blind_spots=int((listed["kind"] == "blind_spot").sum())
        if len(listed) else 0,
        upcoming=db.query("SELECT name, start_date, end_date FROM calendar WHERE end_date >= $monday "
                          "AND start_date <= $until ORDER BY start_date",
                          {"monday": monday, "until": sunday + timedelta(days=UPCOMING_DAYS)}),
        weekly=queries.weekly_counts(db, queries.Period(sunday - timedelta(weeks=12), sunday), weeks=12),
    )


def _figures(db: Database, start: date, end: date) -> dict[str, int]:
    from . import settings_store
    from .taxonomy import LEVEL_RANK

    lowest = LEVEL_RANK[settings_store.get(db, "skip_level_from")]
    row = db.rows(
        """
        SELECT count(*),
               count(*) FILTER (WHERE people_count >= $size),
               count(*) FILTER (WHERE list_contains($levels, level)),
               count(*) FILTER (WHERE resolved_date BETWEEN $start AND $end)
        FROM petitions WHERE received_date BETWEEN $start AND $end
        """, {"start": start, "end": end, "size": settings_store.get(db, "group_petition_people"),
              "levels": [level for level, rank in LEVEL_RANK.items() if rank >= lowest]})[0]
    visits, findings = db.rows("SELECT count(*), count(*) FILTER (WHERE finding <> 'none') FROM screenings "
                               "WHERE visit_date BETWEEN $start AND $end", {"start": start, "end": end})[0]
    new_alerts = db.scalar("SELECT count(*) FROM alerts WHERE detected_on BETWEEN $start AND $end",
                           {"start": start, "end": end})
    return {"petitions": int(row[0]), "group_petitions": int(row[1]), "skip_level": int(row[2]),
            "resolved": int(row[3]), "visits": int(visits), "findings": int(findings), "new_alerts": int(new_alerts)}


def _alert_rows(listed: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = ["kind_key", "new", "grade", "kind", "detected_on", "place", "category", "summary", "evidence", "owner",
               "due"]
    if listed.empty:
        return pd.DataFrame(columns=columns)
    from .alerts import summary_text

    def evidence(text: str) -> str:
        values = json.loads(text)
        values.pop("records", None)
        shown = readable(values, lang)
        colon, semicolon = ("：", "；") if lang == "zh" else (": ", "; ")
        return semicolon.join(f"{t(f'evidence.{k}', lang)}{colon}{v}" for k, v in shown.items())

    return pd.DataFrame({
        "kind_key": listed["kind"],
        "new": listed["new_this_week"].map(lambda n: t("brief.yes", lang) if n else ""),
        "grade": listed["grade"].map(lambda g: label(GRADES, g, lang)),
        "kind": listed["kind"].map(lambda k: t(f"kind.{k}", lang)),
        "detected_on": listed["detected_on"].astype(str),
        "place": [" ".join(filter(None, [c, "、".join(list(g) if g is not None else [])]))
                  for c, g in zip(listed["community"], listed["groups"])],
        "category": listed["category"].map(lambda c: label(CATEGORIES, c, lang) if c else ""),
        "summary": listed["summary"].map(lambda s: summary_text(s, lang)),
        "evidence": listed["evidence"].map(evidence),
        "owner": [" ".join(v for v in (u, p) if isinstance(v, str) and v)
                  for u, p in zip(listed["assigned_unit"], listed["assigned_to"])],
        "due": listed["assigned_due"].map(lambda d: "" if pd.isna(d) else str(d)),
    })[columns]


def _coverage(db: Database, monday: date, sunday: date, lang: str) -> pd.DataFrame:
    frame = db.query(
        """
        SELECT c.name AS community, CAST(sum(g.households) AS BIGINT) AS households,
               (SELECT count(DISTINCT s.household) FROM screenings AS s WHERE s.community_id = c.community_id
                AND s.visit_date BETWEEN $monday AND $sunday) AS visited
        FROM communities AS c JOIN groups AS g USING (community_id) GROUP BY c.community_id, c.name ORDER BY 1
        """, {"monday": monday, "sunday": sunday})
    frame["share"] = (frame["visited"] / frame["households"]).round(4)
    return frame


# -- charts ------------------------------------------------------------------
def chart_images(brief: Brief) -> dict[str, bytes]:
    """The brief's charts as PNG (rendered offline by kaleido)."""
    import plotly.graph_objects as go

    from .charts import weekly_trend
    from .taxonomy import GRADE_COLOURS

    trend = weekly_trend(brief.weekly, brief.lang)
    trend.update_layout(width=900, height=320, font={"family": "Noto Sans CJK SC, sans-serif"})
    counts = brief.alerts["grade"].value_counts()  # by the grades' labels, in the brief's language
    shown = [(label(GRADES, g, brief.lang), GRADE_COLOURS[g]) for g in GRADES
             if label(GRADES, g, brief.lang) in counts]
    bars = go.Figure(go.Bar(x=[name for name, _ in shown], y=[int(counts[name]) for name, _ in shown],
                            marker={"color": [colour for _, colour in shown]},
                            text=[int(counts[name]) for name, _ in shown]))
    bars.update_layout(width=900, height=300, font={"family": "Noto Sans CJK SC, sans-serif"},
                       yaxis_title=t("brief.open_alerts", brief.lang), margin={"l": 40, "r": 20, "t": 20, "b": 40})
    return {"trend": trend.to_image(format="png", scale=2), "alerts": bars.to_image(format="png", scale=2)}


# -- documents ---------------------------------------------------------------
def tables(brief: Brief) -> dict[str, pd.DataFrame]:
    """The brief's tables with headers in its language (the Excel sheets)."""
    lang = brief.lang

    def headed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        out = frame.copy()
        out.columns = [t(f"brief.col.{k}", lang) for k in keys]
        return out

    alert_keys = ["new", "grade", "kind", "detected_on", "place", "category", "summary", "evidence", "owner", "due"]
    return {
        t("brief.sheet.figures", lang): headed(brief.figures, ["figure", "this_week", "last_week", "change"]),
        t("brief.sheet.alerts", lang): headed(brief.alerts, alert_keys),
        t("brief.sheet.overdue", lang): headed(brief.overdue, alert_keys),
        t("brief.sheet.coverage", lang): headed(brief.coverage, ["community", "households", "visited", "share"]),
        t("brief.sheet.upcoming", lang): headed(brief.upcoming, ["period", "start", "end"]),
    }


def to_xlsx(brief: Brief) -> bytes:
    from .exports import to_xlsx_bytes

    return to_xlsx_bytes(tables(brief))


def to_docx(brief: Brief, images: dict[str, bytes] | None = None) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    lang = brief.lang
    document = Document()
    for style_name, east_asian in (("Normal", BODY_FONT_ZH), ("Title", HEADING_FONT_ZH), ("Heading 1", HEADING_FONT_ZH),
                                   ("Heading 2", HEADING_FONT_ZH)):
        style = document.styles[style_name]
        style.font.name = LATIN_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asian)
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(t("brief.title", lang, street=brief.street), level=0)
    document.add_paragraph(t("brief.period", lang, monday=brief.monday.isoformat(), sunday=brief.sunday.isoformat()))

    document.add_heading(t("brief.sheet.figures", lang), level=1)
    _table(document, tables(brief)[t("brief.sheet.figures", lang)])
    if images:
        document.add_picture(io.BytesIO(images["trend"]), width=Cm(16))

    document.add_heading(t("brief.sheet.alerts", lang), level=1)
    if brief.alerts.empty:
        document.add_paragraph(t("brief.no_alerts", lang))
    else:
        if images:
            document.add_picture(io.BytesIO(images["alerts"]), width=Cm(16))
        for row in brief.alerts.itertuples(index=False):
            heading = " · ".join(filter(None, [row.grade, row.kind, row.place, row.category]))
            document.add_heading(heading + (f" · {t('review.new', lang)}" if row.new else ""), level=2)
            document.add_paragraph(row.summary)
            document.add_paragraph(t("brief.detected", lang, day=row.detected_on))
            document.add_paragraph(row.evidence)
            document.add_paragraph(t("brief.owner_due", lang, owner=row.owner or "—", due=row.due or "—"))

    document.add_heading(t("brief.sheet.overdue", lang), level=1)
    document.add_paragraph(t("brief.overdue_count", lang, count=len(brief.overdue)))
    document.add_heading(t("brief.sheet.coverage", lang), level=1)
    _table(document, tables(brief)[t("brief.sheet.coverage", lang)])
    document.add_paragraph(t("brief.blind_spots", lang, count=brief.blind_spots))
    document.add_heading(t("brief.sheet.upcoming", lang), level=1)
    if brief.upcoming.empty:
        document.add_paragraph(t("brief.no_upcoming", lang, days=UPCOMING_DAYS))
    else:
        _table(document, tables(brief)[t("brief.sheet.upcoming", lang)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, frame: pd.DataFrame) -> None:
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Light Grid Accent 1"
    for cell, name in zip(table.rows[0].cells, frame.columns):
        cell.text = str(name)
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def write(db: Database, day: date, path: Path, lang: str, charts: bool = True) -> Path:
    """Write the brief for the week containing ``day`` to ``path`` (.docx or .xlsx by its suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise ValueError(suffix)
    brief = gather(db, day, lang)
    content = to_xlsx(brief) if suffix == ".xlsx" else to_docx(brief, chart_images(brief) if charts else None)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(content)
    return Path(path)
