"""The sensitive-period daily report (敏感期日报 / 零报告): what a street sends up each day of a 敏感节点.

For one day: the sensitive periods in force, the petitions registered that day by the level they were lodged
at, the group petitions (集体访), and the red and orange 风险隐患 still open. A section with nothing in it says
"无" — a zero report is a report: the office above wants to read that nothing happened, not to guess it.
Only records dated on or before the day are read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import settings_store
from .db import Database
from .i18n import t
from .queries import street_name
from .roles import User, require
from .taxonomy import CATEGORIES, CHANNELS, GRADES, LEVELS, label

SERIOUS = ("red", "orange")


@dataclass
class Daily:
    lang: str
    street: str
    day: date
    periods: pd.DataFrame  # name, start_date, end_date, level in force on the day
    by_level: pd.DataFrame  # level, petitions (every level, zeros included)
    group_petitions: pd.DataFrame
    serious: pd.DataFrame  # red and orange risk items open on the day

    @property
    def zero(self) -> bool:
        """Nothing to report: no petition that day and no red or orange item open (零报告)."""
        return int(self.by_level["petitions"].sum()) == 0 and self.serious.empty


def build(db: Database, day: date, lang: str = "zh", *, user: User) -> Daily:
    """The daily report of ``day`` (``user`` must be allowed to export the brief: it names serious matters)."""
    require(user, "export_brief")
    from .scoring import score_matters

    periods = db.query(
        "SELECT name, start_date, end_date, level FROM calendar WHERE $day BETWEEN start_date AND end_date "
        "ORDER BY level NULLS LAST, start_date",
        {"day": day},
    )
    counted = dict(
        db.rows("SELECT level, count(*) FROM petitions WHERE received_date = $day GROUP BY level", {"day": day})
    )
    by_level = pd.DataFrame({"level": list(LEVELS), "petitions": [int(counted.get(k, 0)) for k in LEVELS]})
    group_petitions = db.query(
        """
        SELECT p.petition_id, c.name AS community, g.name AS "group", p.category, p.channel, p.level,
               p.people_count, p.summary
        FROM petitions AS p JOIN communities AS c USING (community_id) LEFT JOIN groups AS g USING (group_id)
        WHERE p.received_date = $day AND p.people_count >= $size
        ORDER BY p.people_count DESC, p.petition_id
        """,
        {"day": day, "size": settings_store.get(db, "group_petition_people")},
    )
    scored = score_matters(db, day)
    serious = scored[scored["grade"].isin(SERIOUS)].sort_values("score", ascending=False)
    return Daily(lang, street_name(db), day, periods, by_level, group_petitions, serious.reset_index(drop=True))


def tables(daily: Daily) -> dict[str, pd.DataFrame]:
    """The report's sections as tables headed in the reader's language; an empty section is one line: 无."""
    lang = daily.lang
    none = pd.DataFrame({t("daily.col.what", lang): [t("daily.none", lang)]})

    def headed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        if frame.empty:
            return none
        out = frame[keys].copy()
        out.columns = [t(f"daily.col.{k}", lang) for k in keys]
        return out

    periods = daily.periods.assign(
        start_date=daily.periods["start_date"].astype(str),
        end_date=daily.periods["end_date"].astype(str),
        period_level=daily.periods["level"],
    )
    by_level = daily.by_level.assign(level=daily.by_level["level"].map(lambda k: label(LEVELS, k, lang)))
    group = daily.group_petitions.assign(
        category=daily.group_petitions["category"].map(lambda k: label(CATEGORIES, k, lang)),
        channel=daily.group_petitions["channel"].map(lambda k: label(CHANNELS, k, lang)),
        level=daily.group_petitions["level"].map(lambda k: label(LEVELS, k, lang)),
        group=daily.group_petitions["group"].fillna(""),
        summary=daily.group_petitions["summary"].fillna(""),
    )
    serious = daily.serious.assign(
        grade=daily.serious["grade"].map(lambda k: label(GRADES, k, lang)),
        category=daily.serious["category"].map(lambda k: label(CATEGORIES, k, lang)),
        group=daily.serious["group"].fillna("") if "group" in daily.serious else "",
        score=daily.serious["score"].round(1),
    )
    return {
        t("daily.section.periods", lang): headed(periods, ["name", "start_date", "end_date", "period_level"]),
        t("daily.section.levels", lang): headed(by_level, ["level", "petitions"]),
        t("daily.section.group", lang): headed(
            group, ["petition_id", "community", "group", "category", "channel", "level", "people_count", "summary"]
        ),
        t("daily.section.serious", lang): headed(
            serious, ["matter_id", "grade", "score", "community", "group", "category"]
        ),
    }


def headline(daily: Daily) -> str:
    lang = daily.lang
    if daily.zero:
        return t("daily.zero", lang)
    return t(
        "daily.summary",
        lang,
        petitions=int(daily.by_level["petitions"].sum()),
        group=len(daily.group_petitions),
        serious=len(daily.serious),
    )


def to_xlsx(daily: Daily) -> bytes:
    from .exports import to_xlsx_bytes

    first = pd.DataFrame({_title(daily): [headline(daily)]})
    return to_xlsx_bytes({t("daily.sheet.summary", daily.lang): first, **tables(daily)})


def to_docx(daily: Daily) -> bytes:
    from docx import Document

    from .brief_docx import add_table, office_style

    document = Document()
    office_style(document)
    document.add_heading(_title(daily), level=0)
    document.add_paragraph(headline(daily))
    for title, table in tables(daily).items():
        document.add_heading(title, level=1)
        add_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title(daily: Daily) -> str:
    from .chart_dates import day_text

    return t("daily.title", daily.lang, street=daily.street, day=day_text(daily.day, daily.lang))
