"""The public report (定期向社会公布信访案件办理情况): how petitions were handled in a period, aggregates only.

Nothing below community level, no person, and no count under ``SMALL`` (5):
such a count is shown as "<5"; when a table would then have exactly one
hidden cell beside a total, the next smallest is hidden too, so the total
cannot give it away. Rates and times are shown only over at least ``SMALL``
petitions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import stages
from .db import Database
from .i18n import t
from .queries import Period
from .taxonomy import CATEGORIES, CHANNELS, PETITION_STATUSES, SATISFACTION, label

SMALL = 5
HIDDEN = "<5"


@dataclass
class Report:
    lang: str
    street: str
    start: date
    end: date
    tables: dict[str, pd.DataFrame]  # title -> table, every count already suppressed


def suppress(frame: pd.DataFrame, count_columns: list[str]) -> pd.DataFrame:
    """Counts under SMALL as "<5" (zero rows dropped first); a lone hidden cell in a column takes the next smallest
    with it."""
    out = frame.copy()
    for column in count_columns:
        values = out[column].astype("Int64")
        hidden = (values < SMALL) & (values > 0)
        if int(hidden.sum()) == 1 and len(values) > 2:
            shown = values[~hidden & (values > 0)]
            if len(shown):
                hidden.loc[shown.idxmin()] = True
        out[column] = [HIDDEN if h else int(v) for v, h in zip(values, hidden)]
    return out


def _counts(db: Database, start: date, end: date, column: str) -> pd.DataFrame:
    expression = {"category": "category", "channel": "channel", "status": "status", "satisfaction": "satisfaction"}[
        column
    ]  # an identifier from this fixed list
    return db.query(
        f"SELECT {expression} AS key, count(*) AS petitions FROM petitions "
        f"WHERE received_date BETWEEN $start AND $end AND {expression} IS NOT NULL GROUP BY ALL ORDER BY 2 DESC",
        {"start": start, "end": end},
    )


def build(db: Database, start: date, end: date, lang: str) -> Report:
    from .queries import street_name

    vocabularies = {
        "category": CATEGORIES,
        "channel": CHANNELS,
        "status": PETITION_STATUSES,
        "satisfaction": SATISFACTION,
    }
    from .figures import street as reported
    from .figures import table as reported_table

    # the figures first; a share over fewer than 10 cases is not given, so no small count shows through a rate
    tables = {t("public.table.figures", lang): reported_table(reported(db, Period(start, end)), lang, counts=False)}
    for column, words in vocabularies.items():
        counts = _counts(db, start, end, column)
        counts = counts[counts["petitions"] > 0]
        shown = suppress(counts, ["petitions"])
        shown["key"] = shown["key"].map(lambda k, w=words: label(w, k, lang))
        shown.columns = [t(f"public.col.{column}", lang), t("public.col.petitions", lang)]
        tables[t(f"public.table.{column}", lang)] = shown
    tables[t("public.table.communities", lang)] = _communities(db, start, end, lang)
    tables[t("public.table.resolution", lang)] = _resolution(db, start, end, lang)
    return Report(lang, street_name(db), start, end, tables)


def _communities(db: Database, start: date, end: date, lang: str) -> pd.DataFrame:
    frame = db.query(
        f"""
        SELECT c.name AS community, count(p.petition_id) AS petitions,
               count(p.petition_id) FILTER (WHERE p.due_date <= $end AND {stages.counts_for_deadline("p.")}) AS due,
               count(p.petition_id) FILTER (WHERE p.due_date <= $end AND {stages.counts_for_deadline("p.")}
                                            AND {stages.on_time("p.")}) AS on_time
        FROM communities AS c LEFT JOIN petitions AS p
          ON p.community_id = c.community_id AND p.received_date BETWEEN $start AND $end
        GROUP BY c.community_id, c.name ORDER BY c.community_id
        """,
        {"start": start, "end": end},
    )
    frame = frame[frame["petitions"] > 0].reset_index(drop=True)
    rate = [f"{o / d:.0%}" if d >= SMALL else "—" for o, d in zip(frame["on_time"], frame["due"])]
    shown = suppress(frame[["community", "petitions"]], ["petitions"]).assign(on_time_rate=rate)
    shown.columns = [t("public.col.community", lang), t("public.col.petitions", lang), t("public.col.on_time", lang)]
    return shown


def _resolution(db: Database, start: date, end: date, lang: str) -> pd.DataFrame:
    resolved, median, p75, on_time, due = db.rows(
        f"""
        SELECT count(*) FILTER (WHERE {stages.answered_on()} IS NOT NULL),
               median(datediff('day', received_date, {stages.answered_on()})),
               quantile_cont(datediff('day', received_date, {stages.answered_on()}), 0.75),
               count(*) FILTER (WHERE due_date <= $end AND {stages.counts_for_deadline()} AND {stages.on_time()}),
               count(*) FILTER (WHERE due_date <= $end AND {stages.counts_for_deadline()})
        FROM petitions WHERE received_date BETWEEN $start AND $end
        """,
        {"start": start, "end": end},
    )[0]
    enough = resolved >= SMALL
    rows = [
        (t("public.resolved", lang), int(resolved) if resolved >= SMALL or resolved == 0 else HIDDEN),
        (t("public.median_days", lang), f"{median:.0f}" if enough else "—"),
        (t("public.p75_days", lang), f"{p75:.0f}" if enough else "—"),
        (t("public.on_time_rate", lang), f"{on_time / due:.0%}" if due >= SMALL else "—"),
    ]
    return pd.DataFrame(rows, columns=[t("public.col.measure", lang), t("public.col.value", lang)])


def to_xlsx(report: Report) -> bytes:
    from .exports import to_xlsx_bytes

    return to_xlsx_bytes(report.tables)


def to_docx(report: Report) -> bytes:
    from docx import Document

    from .brief_docx import add_table, office_style

    document = Document()
    office_style(document)
    document.add_heading(t("public.title", report.lang, street=report.street), level=0)
    document.add_paragraph(t("public.period", report.lang, start=report.start.isoformat(), end=report.end.isoformat()))
    document.add_paragraph(t("public.note", report.lang))
    for title, table in report.tables.items():
        document.add_heading(title, level=1)
        add_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def quarter(text: str) -> tuple[date, date]:
    """The first and last day of a quarter written 2026Q3 (ValueError otherwise)."""
    import re

    found = re.fullmatch(r"(\d{4})Q([1-4])", text.strip().upper())
    if not found:
        raise ValueError(text)
    year, number = int(found.group(1)), int(found.group(2))
    start = date(year, 3 * number - 2, 1)
    after = date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return start, date.fromordinal(after.toordinal() - 1)
