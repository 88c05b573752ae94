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

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from . import queries
from .alerts import readable, review_list
from .db import Database
from .figures import street as figures_for
from .figures import table as figures_table
from .i18n import t
from .roles import SYSTEM, User, require
from .taxonomy import CATEGORIES, GRADES, label

UPCOMING_DAYS = 30


@dataclass
class Brief:
    lang: str
    street: str
    monday: date
    sunday: date
    as_of: date  # the day everything is counted to: the week's Sunday, or today while the week runs
    figures: pd.DataFrame  # figure, this_week, last_week (the same days), change
    alerts: pd.DataFrame  # new/open alerts (review order) with readable columns
    overdue: pd.DataFrame
    coverage: pd.DataFrame  # community, households, visited, share
    blind_spots: int
    upcoming: pd.DataFrame  # name, start, end
    weekly: pd.DataFrame  # the last 12 weeks: week, petitions, findings
    reported: pd.DataFrame  # the figures the street reports, from 1 January to as_of (figures.table)

    @property
    def partial(self) -> bool:
        """The week is still running: its figures are compared with the same days of the week before."""
        return self.as_of < self.sunday


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def counted_to(day: date, as_of: date | None = None, today: date | None = None) -> date:
    """The last day a brief on the week containing ``day`` counts: ``as_of`` if given, else the week's Sunday,
    or today while the week is still running (a brief never states a day after today)."""
    monday, sunday = week_of(day)
    today = today or date.today()
    if monday > today:
        raise ValueError(f"the week of {monday} has not begun")
    return min(as_of or sunday, sunday, today)


def gather(
    db: Database, day: date, lang: str, as_of: date | None = None, today: date | None = None, *, user: User
) -> Brief:
    """Everything the brief says about the week containing ``day``, counted to ``counted_to(day, as_of, today)``
    from what is recorded (it runs no detector: whoever wants a fresh list runs them first); ``user`` must be
    allowed to export the brief."""
    require(user, "export_brief")
    monday, sunday = week_of(day)
    as_of = counted_to(day, as_of, today)
    span = as_of - monday
    this = _figures(db, monday, as_of)
    last = _figures(db, monday - timedelta(days=7), monday - timedelta(days=7) + span)
    figures = pd.DataFrame(
        {
            "figure": [t(f"brief.figure.{k}", lang) for k in this],
            "this_week": list(this.values()),
            "last_week": list(last.values()),
        }
    )
    figures["change"] = figures["this_week"] - figures["last_week"]
    figures["key"] = list(this)
    listed = review_list(db, as_of)
    alerts = _alert_rows(listed, lang)
    overdue = alerts[alerts["kind_key"] == "overdue"] if len(alerts) else alerts
    return Brief(
        lang=lang,
        street=queries.street_name(db),
        monday=monday,
        sunday=sunday,
        as_of=as_of,
        figures=figures,
        alerts=alerts,
        overdue=overdue,
        coverage=_coverage(db, monday, as_of, lang),
        blind_spots=_blind_spot_groups(listed),
        upcoming=db.query(
            "SELECT name, start_date, end_date FROM calendar WHERE end_date >= $monday "
            "AND start_date <= $until ORDER BY start_date",
            {"monday": monday, "until": as_of + timedelta(days=UPCOMING_DAYS)},
        ),
        weekly=queries.weekly_counts(db, queries.Period(as_of - timedelta(weeks=12), as_of), weeks=12),
        reported=figures_table(figures_for(db, queries.Period(as_of.replace(month=1, day=1), as_of)), lang),
    )


def _figures(db: Database, start: date, end: date) -> dict[str, int]:
    from . import settings_store, stages

    row = db.rows(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE people_count >= $size),
               count(*) FILTER (WHERE {stages.skip_level()}),
               count(*) FILTER (WHERE {stages.answered_on()} BETWEEN $start AND $end)
        FROM petitions WHERE received_date BETWEEN $start AND $end
        """,
        {
            "start": start,
            "end": end,
            "size": settings_store.get(db, "group_petition_people"),
            "skip_rank": stages.skip_rank(db),
        },
    )[0]
    visits, findings = db.rows(
        "SELECT count(*), count(*) FILTER (WHERE finding <> 'none') FROM screenings "
        "WHERE visit_date BETWEEN $start AND $end",
        {"start": start, "end": end},
    )[0]
    new_alerts = db.scalar(
        "SELECT count(*) FROM alerts WHERE detected_on BETWEEN $start AND $end", {"start": start, "end": end}
    )
    return {
        "petitions": int(row[0]),
        "group_petitions": int(row[1]),
        "skip_level": int(row[2]),
        "resolved": int(row[3]),
        "visits": int(visits),
        "findings": int(findings),
        "new_alerts": int(new_alerts),
    }


def _blind_spot_groups(listed: pd.DataFrame) -> int:
    """Groups not screened for too long: each community's blind-spot item lists its groups."""
    if listed.empty:
        return 0
    mine = listed.loc[listed["kind"] == "blind_spot", "groups_ids"]
    return int(sum(0 if ids is None else len(ids) for ids in mine))


def _alert_rows(listed: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = [
        "kind_key",
        "grade_key",
        "new",
        "grade",
        "kind",
        "detected_on",
        "place",
        "category",
        "summary",
        "evidence",
        "owner",
        "due",
    ]
    if listed.empty:
        return pd.DataFrame(columns=columns)
    from .alerts import summary_text
    from .chart_dates import day_text

    def evidence(text: str) -> str:
        values = json.loads(text)
        values.pop("records", None)
        values.pop("members", None)  # the groups column and the counts say what a gathered item holds
        shown = readable(values, lang)
        colon, semicolon = ("：", "；") if lang == "zh" else (": ", "; ")
        return semicolon.join(f"{t(f'evidence.{k}', lang)}{colon}{v}" for k, v in shown.items())

    def groups(names) -> list[str]:
        return [] if names is None or (isinstance(names, float) and pd.isna(names)) else [str(g) for g in names]

    return pd.DataFrame(
        {
            "kind_key": listed["kind"],
            "grade_key": listed["grade"],
            "new": listed["new_this_week"].map(lambda n: t("brief.yes", lang) if n else ""),
            "grade": listed["grade"].map(lambda g: label(GRADES, g, lang)),
            "kind": listed["kind"].map(lambda k: t(f"kind.{k}", lang)),
            "detected_on": listed["detected_on"].map(lambda d: day_text(pd.Timestamp(d).date(), lang)),
            "place": [
                " ".join(filter(None, [present(c), "、".join(groups(g))]))
                for c, g in zip(listed["community"], listed["groups"])
            ],
            "category": listed["category"].map(lambda c: label(CATEGORIES, c, lang) if present(c) else ""),
            "summary": listed["summary"].map(lambda s: summary_text(s, lang)),
            "evidence": listed["evidence"].map(evidence),
            "owner": [
                " ".join(v for v in (present(u), present(p)) if v)
                for u, p in zip(listed["assigned_unit"], listed["assigned_to"])
            ],
            "due": listed["assigned_due"].map(lambda d: "" if pd.isna(d) else day_text(pd.Timestamp(d).date(), lang)),
        }
    )[columns]


def present(value) -> str:
    """A cell's text, or empty for a missing value (never 'nan' or 'None' in a heading)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def _coverage(db: Database, monday: date, sunday: date, lang: str) -> pd.DataFrame:
    frame = db.query(
        """
        SELECT c.name AS community, CAST(sum(g.households) AS BIGINT) AS households,
               (SELECT count(DISTINCT s.household) FROM screenings AS s WHERE s.community_id = c.community_id
                AND s.visit_date BETWEEN $monday AND $sunday) AS visited
        FROM communities AS c JOIN groups AS g USING (community_id) GROUP BY c.community_id, c.name ORDER BY 1
        """,
        {"monday": monday, "sunday": sunday},
    )
    frame["share"] = (frame["visited"] / frame["households"]).map(lambda x: "—" if pd.isna(x) else f"{x:.1%}")
    return frame


# -- charts ------------------------------------------------------------------
def chart_images(brief: Brief) -> dict[str, bytes]:
    """The brief's charts as PNG (rendered offline by kaleido)."""
    import plotly.graph_objects as go

    from .charts import weekly_trend
    from .taxonomy import GRADE_COLOURS

    trend = weekly_trend(brief.weekly, brief.lang, as_of=brief.as_of)
    trend.update_layout(
        width=900,
        height=340,
        font={"family": "Noto Sans CJK SC, sans-serif", "size": 13},
        margin={"l": 60, "r": 30, "t": 40, "b": 70},
    )
    counts = brief.alerts["grade"].value_counts()  # by the grades' labels, in the brief's language
    shown = [(label(GRADES, g, brief.lang), GRADE_COLOURS[g]) for g in GRADES if label(GRADES, g, brief.lang) in counts]
    bars = go.Figure(
        go.Bar(
            x=[name for name, _ in shown],
            y=[int(counts[name]) for name, _ in shown],
            marker={"color": [colour for _, colour in shown]},
            text=[int(counts[name]) for name, _ in shown],
        )
    )
    bars.update_traces(textposition="outside", cliponaxis=False)
    bars.update_layout(
        width=900,
        height=300,
        font={"family": "Noto Sans CJK SC, sans-serif", "size": 13},
        yaxis_title=t("brief.open_alerts", brief.lang),
        margin={"l": 60, "r": 30, "t": 30, "b": 50},
    )
    bars.update_xaxes(automargin=True)
    bars.update_yaxes(automargin=True)
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
    from .chart_dates import day_text

    upcoming = brief.upcoming.assign(
        **{
            column: brief.upcoming[column].map(lambda d: day_text(pd.Timestamp(d).date(), lang))
            for column in ("start_date", "end_date")
        }
    )
    figures = headed(
        brief.figures[["figure", "this_week", "last_week", "change"]], ["figure", "this_week", "last_week", "change"]
    )
    if brief.partial:  # the columns say which days they count
        figures.columns = [figures.columns[0], *column_days(brief)[:2], figures.columns[3]]
    return {
        t("brief.sheet.figures", lang): figures,
        t("brief.sheet.alerts", lang): headed(brief.alerts[alert_keys], alert_keys),
        t("brief.sheet.overdue", lang): headed(brief.overdue[alert_keys], alert_keys),
        t("brief.sheet.coverage", lang): headed(brief.coverage, ["community", "households", "visited", "share"]),
        t("brief.sheet.upcoming", lang): headed(upcoming, ["period", "start", "end"]),
        t("brief.sheet.reported", lang): brief.reported,
    }


def column_days(brief: Brief) -> tuple[str, str]:
    """'This week (30 Nov–2 Dec)' and 'Same days last week (23–25 Nov)' for a week still running."""
    from .chart_dates import day_text

    span = brief.as_of - brief.monday
    before = brief.monday - timedelta(days=7)
    return (
        t(
            "brief.col.this_week_days",
            brief.lang,
            start=day_text(brief.monday, brief.lang),
            end=day_text(brief.as_of, brief.lang),
        ),
        t(
            "brief.col.last_week_days",
            brief.lang,
            start=day_text(before, brief.lang),
            end=day_text(before + span, brief.lang),
        ),
    )


def to_xlsx(brief: Brief) -> bytes:
    from .exports import to_xlsx_bytes

    return to_xlsx_bytes(tables(brief))


def write(db: Database, day: date, path: Path, lang: str, charts: bool = True, *, user: User = SYSTEM) -> Path:
    """Write the brief for the week containing ``day`` to ``path`` (.docx or .xlsx by its suffix): the command
    line's, acting for the office."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise ValueError(suffix)
    brief = gather(db, day, lang, user=user)
    from .brief_docx import to_docx

    content = to_xlsx(brief) if suffix == ".xlsx" else to_docx(brief, chart_images(brief) if charts else None)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(content)
    return Path(path)
