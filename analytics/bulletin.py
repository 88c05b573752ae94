"""The internal monthly or quarterly 通报: communities and handling units ranked by the figures a street reports,
with the change from the period before and a short generated commentary.

Unlike the public report it is for the office and its units: counts are not hidden, but a figure on fewer than
``figures.MINIMUM`` cases is neither shown nor ranked (said so in the notes). Only communities and units are
ranked, never a member of staff. The figures are ``analytics.figures``' (the overview's definitions); 逾期 counts
petitions due in the period and unanswered at its end, and risk items past their 化解期限 at the end, not 销号.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from . import queries, rankings
from .db import Database
from .i18n import t
from .problems import UsageError
from .queries import Period

# the measures of the 通报, in the order it lists them; each ranks communities and (but the rate per resident) units
MEASURES = ("on_time", "settled", "satisfaction", "petition_rate", "repeat", "overdue_items", "found_early")
SHARES = ("on_time", "settled", "satisfaction", "repeat", "found_early")
BETTER_HIGH = {**rankings.BETTER_HIGH, "overdue_items": False}


@dataclass
class Bulletin:
    street: str
    start: date
    end: date
    before: tuple[date, date]
    kind: str  # "month" or "quarter"
    communities: pd.DataFrame
    units: pd.DataFrame
    street_now: dict
    street_before: dict
    commentary: list[str]
    lang: str


def period_of(month: str | None = None, quarter: str | None = None) -> tuple[date, date, str]:
    """(first day, last day, kind) of ``YYYY-MM`` or ``YYYYQn``; bad text: a usage error naming it."""
    if (month is None) == (quarter is None):
        raise UsageError("bulletin.one_period")
    if month is not None:
        found = re.fullmatch(r"(\d{4})-(\d{2})", month.strip())
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise UsageError("bulletin.bad_month", text=month)
        start = date(int(found.group(1)), int(found.group(2)), 1)
        return start, _month_end(start, 1), "month"
    found = re.fullmatch(r"(\d{4})[Qq]([1-4])", quarter.strip())
    if not found:
        raise UsageError("bulletin.bad_quarter", text=quarter)
    start = date(int(found.group(1)), 3 * int(found.group(2)) - 2, 1)
    return start, _month_end(start, 3), "quarter"


def _month_end(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


def _before(start: date, kind: str) -> tuple[date, date]:
    months = 1 if kind == "month" else 3
    year, month = divmod(start.month - 1 - months, 12)
    first = date(start.year + year, month + 1, 1)
    return first, _month_end(first, months)


def build(db: Database, start: date, end: date, kind: str, lang: str = "zh") -> Bulletin:
    """The 通报 of the period ``start``–``end`` (a month or a quarter) against the period before."""
    before = _before(start, kind)
    now_c, then_c = _communities(db, start, end), _communities(db, *before)
    now_u, then_u = _units(db, start, end), _units(db, *before)
    communities = _compare(now_c, then_c, "community")
    units = _compare(now_u, then_u, "unit")
    street_now, street_before = _street(db, start, end), _street(db, *before)
    bulletin = Bulletin(
        queries.street_name(db), start, end, before, kind, communities, units, street_now, street_before, [], lang
    )
    bulletin.commentary = commentary(bulletin)
    return bulletin


def _overdue_items(db: Database, end: date, by: str) -> pd.DataFrame:
    """Risk items past their 化解期限 on ``end`` and not 销号 then, per community or unit."""
    key = {"community": "CAST(community_id AS VARCHAR)", "unit": "responsible_unit"}[by]  # fixed expressions
    return db.query(
        f"SELECT {key} AS key, count(*) AS overdue_items FROM risk_items "
        "WHERE due_date < $end AND identified_date <= $end AND (status <> 'resolved' OR resolved_date > $end) "
        "AND responsible_unit IS NOT NULL GROUP BY ALL",
        {"end": end},
    )


def _communities(db: Database, start: date, end: date) -> pd.DataFrame:
    frame = rankings.communities(db, Period(start, end, None))
    late = _overdue_items(db, end, "community")
    frame = frame.assign(key=frame["community_id"].astype(str)).merge(late, on="key", how="left")
    return frame.fillna({"overdue_items": 0}).assign(overdue_items=lambda f: f["overdue_items"].astype(int))


def _units(db: Database, start: date, end: date) -> pd.DataFrame:
    frame = rankings.units(db, Period(start, end, None))
    late = _overdue_items(db, end, "unit").rename(columns={"key": "unit"})
    frame = frame.merge(late, on="unit", how="outer")
    frame = frame.fillna({"overdue_items": 0, "due": 0, "petitions": 0})
    return frame.assign(overdue_items=lambda f: f["overdue_items"].astype(int))


def _value_column(measure: str) -> str:
    return "overdue_items" if measure == "overdue_items" else rankings.column_of(measure)


def _compare(now: pd.DataFrame, then: pd.DataFrame, by: str) -> pd.DataFrame:
    """Each row's value of every measure, the value of the period before and the rank on each measure."""
    keep = [by, "due", "petitions", *(_value_column(m) for m in MEASURES if _value_column(m) in now)]
    frame = now[[c for c in keep if c in now]].copy()
    before = then.set_index(by)
    for measure in MEASURES:
        column = _value_column(measure)
        if column not in frame:
            continue
        frame[f"{column}_before"] = frame[by].map(before[column]) if column in before else float("nan")
        values = frame[column].astype("float64")
        if measure == "overdue_items":  # a count: ranked where the unit or community had cases to be late on
            values = values.where((frame["due"] > 0) | (values > 0))
        frame[f"rank_{measure}"] = values.rank(ascending=not BETTER_HIGH[measure], method="min").astype("Int64")
    order = frame["rank_on_time"].astype("float64").fillna(1e9)
    return frame.assign(_order=order).sort_values(["_order", "due"], ascending=[True, False]).drop(columns="_order")


def _street(db: Database, start: date, end: date) -> dict:
    from . import figures

    shown = figures.street(db, Period(start, end, None))
    overdue = int(
        db.scalar(
            "SELECT count(*) FROM risk_items WHERE due_date < $end AND identified_date <= $end "
            "AND (status <> 'resolved' OR resolved_date > $end) AND responsible_unit IS NOT NULL",
            {"end": end},
        )
    )
    return {**{key: shown[key] for key in shown}, "overdue_items": overdue}


def _share(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{100 * value:.1f}%"


def value_text(measure: str, value) -> str:
    if value is None or pd.isna(value):
        return "—"
    if measure in SHARES:
        return _share(value)
    if measure == "overdue_items":
        return str(int(value))
    return f"{value:.1f}"


def change_text(measure: str, now, before, lang: str) -> str:
    """The change from the period before: percentage points for a share, the difference otherwise."""
    if now is None or before is None or pd.isna(now) or pd.isna(before):
        return "—"
    if measure in SHARES:
        points = 100 * (now - before)
        return t("bulletin.points", lang, points=f"{points:+.1f}")
    if measure == "overdue_items":
        return f"{int(now) - int(before):+d}"
    return f"{now - before:+.1f}"


def commentary(bulletin: Bulletin) -> list[str]:
    """A few sentences a reader takes away: the street's figures and their change, the best and the weakest
    community, the units with overdue items, and what could not be ranked."""
    lang = bulletin.lang
    said = []
    now, before = bulletin.street_now, bulletin.street_before
    parts = []
    for measure in ("on_time", "settled", "satisfaction"):
        figure = now.get(measure)
        value = None if figure is None else figure.value
        earlier = before.get(measure)
        parts.append(
            t(
                "bulletin.street_part",
                lang,
                figure=t(f"figure.{measure}", lang),
                value=_share(value),
                change=change_text(measure, value, None if earlier is None else earlier.value, lang),
            )
        )
    petitions = now["petition_rate"].numerator if "petition_rate" in now else 0
    said.append(
        t("bulletin.street", lang, petitions=petitions, parts="；".join(parts) if lang == "zh" else "; ".join(parts))
    )
    ranked = bulletin.communities.dropna(subset=["figure_on_time"])
    if len(ranked) >= 2:
        best, weakest = ranked.iloc[0], ranked.iloc[-1]
        said.append(
            t(
                "bulletin.best_weakest",
                lang,
                best=best["community"],
                best_value=_share(best["figure_on_time"]),
                weakest=weakest["community"],
                weakest_value=_share(weakest["figure_on_time"]),
            )
        )
    late_units = bulletin.units[bulletin.units["overdue_items"] > 0].sort_values("overdue_items", ascending=False)
    if len(late_units):
        listed = "、" if lang == "zh" else ", "
        said.append(
            t(
                "bulletin.late_units",
                lang,
                units=listed.join(f"{row.unit}（{int(row.overdue_items)}）" for row in late_units.head(5).itertuples()),
                count=int(late_units["overdue_items"].sum()),
            )
        )
    else:
        said.append(t("bulletin.no_late_units", lang))
    unranked = bulletin.units[bulletin.units["figure_on_time"].isna() & (bulletin.units["due"] > 0)]
    if len(unranked):
        said.append(t("bulletin.too_few", lang, count=len(unranked), minimum=rankings.MINIMUM))
    return said


def title(bulletin: Bulletin) -> str:
    lang = bulletin.lang
    if bulletin.kind == "month":
        when = f"{bulletin.start.year}年{bulletin.start.month}月" if lang == "zh" else bulletin.start.strftime("%B %Y")
    else:
        quarter = (bulletin.start.month - 1) // 3 + 1
        when = f"{bulletin.start.year}年第{quarter}季度" if lang == "zh" else f"Q{quarter} {bulletin.start.year}"
    return t("bulletin.title", lang, street=bulletin.street, when=when)


def tables(bulletin: Bulletin, compact: bool = False) -> dict[str, pd.DataFrame]:
    """The communities' and the units' tables as the reader sees them: each measure, its change and rank
    (``compact``: the three in one cell per measure, for a printed page)."""
    lang = bulletin.lang

    def shown(frame: pd.DataFrame, by: str, measures: tuple[str, ...]) -> pd.DataFrame:
        out = pd.DataFrame({t(f"bulletin.col.{by}", lang): frame[by].to_numpy()})
        out[t("bulletin.col.due", lang)] = frame["due"].fillna(0).astype(int).to_numpy()
        for measure in measures:
            column = _value_column(measure)
            name = t(f"bulletin.measure.{measure}", lang)
            if compact:
                out[name] = [
                    value_text(measure, v)
                    if pd.isna(r)
                    else "\n".join(
                        [
                            value_text(measure, v),
                            change_text(measure, v, b, lang),
                            t("bulletin.rank", lang, rank=int(r)),
                        ]
                    )
                    for v, b, r in zip(frame[column], frame[f"{column}_before"], frame[f"rank_{measure}"])
                ]
                continue
            out[name] = [value_text(measure, v) for v in frame[column]]
            out[f"{name}{t('bulletin.col.change', lang)}"] = [
                change_text(measure, v, b, lang) for v, b in zip(frame[column], frame[f"{column}_before"])
            ]
            out[f"{name}{t('bulletin.col.rank', lang)}"] = [
                "—" if pd.isna(r) else str(int(r)) for r in frame[f"rank_{measure}"]
            ]
        return out

    unit_measures = tuple(m for m in MEASURES if m != "petition_rate")
    return {
        t("bulletin.sheet.communities", lang): shown(bulletin.communities, "community", MEASURES),
        t("bulletin.sheet.units", lang): shown(bulletin.units, "unit", unit_measures),
    }


def to_xlsx(bulletin: Bulletin) -> bytes:
    from .exports import to_xlsx_bytes

    first = pd.DataFrame({title(bulletin): bulletin.commentary})
    return to_xlsx_bytes({t("bulletin.sheet.summary", bulletin.lang): first, **tables(bulletin)})


def to_docx(bulletin: Bulletin) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from .brief_docx import add_table, office_style

    lang = bulletin.lang
    document = Document()
    office_style(document)
    for section in document.sections:  # the tables are wide: landscape
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    document.add_heading(title(bulletin), level=0)
    document.add_paragraph(
        t(
            "bulletin.period",
            lang,
            start=str(bulletin.start),
            end=str(bulletin.end),
            before_start=str(bulletin.before[0]),
            before_end=str(bulletin.before[1]),
        )
    )
    numerals = "一二三四五六七八九十"
    sections = [
        (t("bulletin.section.summary", lang), None),
        *((name, frame) for name, frame in tables(bulletin, compact=True).items()),
    ]
    for number, (name, frame) in enumerate(sections):
        prefix = f"{numerals[number]}、" if lang == "zh" else f"{number + 1}. "
        document.add_heading(prefix + name, level=1)
        if frame is None:
            for line in bulletin.commentary:
                document.add_paragraph(line)
        else:
            add_table(document, frame)
    prefix = f"{numerals[len(sections)]}、" if lang == "zh" else f"{len(sections) + 1}. "
    document.add_heading(prefix + t("bulletin.section.notes", lang), level=1)
    document.add_paragraph(t("bulletin.notes", lang, minimum=rankings.MINIMUM))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
