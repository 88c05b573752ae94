"""The public report (定期向社会公布信访案件办理情况): how petitions were handled in a calendar month or
quarter, aggregates only.

Nothing below community level and no person. Counts are protected by :mod:`analytics.disclosure`: no count
from 1 to 4 is shown, and further counts are hidden (shown as ``*`` like the small ones) until nothing
published for the period, its months (for a quarter) and every table's total narrows a hidden count to a
range under 5 wide; a table that cannot be so protected is withheld. Rows are listed in the vocabulary's
order, never by size (an order would place a hidden count between its neighbours). Rates and times are shown
only over at least ``SMALL`` cases, never for a hidden count, and the satisfaction figure not when a
satisfaction count is hidden. Only whole months and quarters are published: overlapping custom periods could
be subtracted from each other.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from . import stages
from .db import Database
from .disclosure import SMALL, Link, Table, protect
from .i18n import t
from .queries import Period
from .taxonomy import CATEGORIES, CHANNELS, PETITION_STATUSES, SATISFACTION, label

HIDDEN = "*"
VOCABULARIES = {"category": CATEGORIES, "channel": CHANNELS, "status": PETITION_STATUSES}


@dataclass
class Report:
    lang: str
    street: str
    start: date
    end: date
    tables: dict[str, pd.DataFrame]  # title -> table, every count already protected


class NotAFixedPeriod(ValueError):
    """The public report covers a calendar month or a calendar quarter, nothing else."""


def kind_of(start: date, end: date) -> str:
    """ "month" or "quarter" for a calendar month or quarter from ``start`` to ``end``; NotAFixedPeriod else."""
    if start.day == 1 and end == _months_on(start, 1) - timedelta(days=1):
        return "month"
    if start.day == 1 and start.month % 3 == 1 and end == _months_on(start, 3) - timedelta(days=1):
        return "quarter"
    raise NotAFixedPeriod(f"{start}..{end}")


def ended(end: date, today: date | None = None) -> bool:
    """Whether a period ending on ``end`` is over: only then is it published (once; a period still running
    would be published again with more records, and two versions subtracted give the records between)."""
    return end < (today or date.today())


def _months_on(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1)


def protected_tables(db: Database, start: date, end: date) -> dict[str, Table]:
    """The period's count tables with what is hidden; a quarter's protected against its three months' reports."""
    if kind_of(start, end) == "month":
        own = _count_tables(db, start, end, "period")
        protect(own)
        return {table.name: table for table in own}
    months = []
    for i in range(3):
        first = _months_on(start, i)
        tables = _count_tables(db, first, _months_on(first, 1) - timedelta(days=1), f"month{i}")
        protect(tables)  # as each month's own report publishes them
        for table in tables:
            table.fixed = True
        months += tables
    own = _count_tables(db, start, end, "period")
    protect(months + own, [Link("period", ("month0", "month1", "month2"))])
    return {table.name: table for table in own}


def _count_tables(db: Database, start: date, end: date, period: str) -> list[Table]:
    """Petitions received in the period by category, channel, status and community; satisfaction over the
    petitions followed up in the period (as the satisfaction figure counts them). A missing value is a row."""
    window = {"start": start, "end": end}
    tables = []
    for name in VOCABULARIES:  # identifiers from this fixed list
        counted = db.rows(
            f"SELECT {name}, count(*) FROM petitions WHERE received_date BETWEEN $start AND $end GROUP BY ALL", window
        )
        tables.append(Table(period, name, dict(counted)))
    followed = db.rows(
        f"""SELECT satisfaction, count(*) FROM petitions
        WHERE satisfaction IS NOT NULL
          AND coalesce(follow_up_date, {stages.answered_on()}, received_date) BETWEEN $start AND $end
        GROUP BY ALL""",
        window,
    )
    tables.append(Table(period, "satisfaction", dict(followed)))
    places = db.rows(
        """SELECT c.name, count(*) FROM petitions AS p LEFT JOIN communities AS c USING (community_id)
        WHERE p.received_date BETWEEN $start AND $end GROUP BY ALL""",
        window,
    )
    tables.append(Table(period, "communities", dict(places)))
    return tables


def build(db: Database, start: date, end: date, lang: str) -> Report:
    """The report of a calendar month or quarter that has ended (NotAFixedPeriod for any other span)."""
    if not ended(end):
        raise NotAFixedPeriod(f"{start}..{end} has not ended")
    from .figures import street as reported
    from .figures import table as reported_table
    from .queries import street_name

    counts = protected_tables(db, start, end)
    # the figures first; a share over fewer than 10 cases is not given, so no small count shows through a rate
    figures = reported_table(reported(db, Period(start, end)), lang, counts=False)
    satisfaction = counts["satisfaction"]
    if satisfaction.hidden or satisfaction.withheld:  # the share would give the hidden satisfaction counts away
        figures.loc[figures.iloc[:, 0] == t("figure.satisfaction", lang), figures.columns[1]] = "—"
    tables = {t("public.table.figures", lang): figures}
    for name, words in (*VOCABULARIES.items(), ("satisfaction", SATISFACTION)):
        order = list(words)
        tables[t(f"public.table.{name}", lang)] = _shown(
            counts[name],
            sorted(counts[name].counts, key=lambda k, o=order: (k is None, o.index(k) if k in o else len(o), str(k))),
            lambda k, w=words: label(w, k, lang),
            [t(f"public.col.{name}", lang), t("public.col.petitions", lang)],
            lang,
        )
    tables[t("public.table.communities", lang)] = _communities(db, counts["communities"], start, end, lang)
    tables[t("public.table.resolution", lang)] = _resolution(db, start, end, lang)
    return Report(lang, street_name(db), start, end, tables)


def _shown(table: Table, order: list, words, columns: list[str], lang: str) -> pd.DataFrame:
    """A protected table as published: its rows in ``order``, hidden counts as ``*``, the total last."""
    if table.withheld:
        return pd.DataFrame({columns[0]: [t("public.withheld", lang)]})
    rows = [
        (t("public.not_recorded", lang) if key is None else words(key), HIDDEN if key in table.hidden else n)
        for key in order
        for n in [table.counts[key]]
    ]
    rows.append((t("public.total", lang), table.total))
    return pd.DataFrame(rows, columns=columns)


def _communities(db: Database, table: Table, start: date, end: date, lang: str) -> pd.DataFrame:
    order = [name for (name,) in db.rows("SELECT name FROM communities ORDER BY community_id")]
    keys = [n for n in order if n in table.counts] + [None] * (None in table.counts)
    shown = _shown(table, keys, str, [t("public.col.community", lang), t("public.col.petitions", lang)], lang)
    if table.withheld:
        return shown
    due = dict(
        (name, (d, o))
        for name, d, o in db.rows(
            f"""SELECT c.name,
                   count(*) FILTER (WHERE p.due_date <= $end AND {stages.counts_for_deadline("p.")}),
                   count(*) FILTER (WHERE p.due_date <= $end AND {stages.counts_for_deadline("p.")}
                                    AND {stages.on_time("p.")})
            FROM petitions AS p JOIN communities AS c USING (community_id)
            WHERE p.received_date BETWEEN $start AND $end GROUP BY ALL""",
            {"start": start, "end": end},
        )
    )

    def rate(name) -> str:  # never beside a hidden count: it would bound it
        d, o = due.get(name, (0, 0))
        return f"{o / d:.0%}" if d >= SMALL and name not in table.hidden else "—"

    shown[t("public.col.on_time", lang)] = [rate(k) for k in keys] + ["—"]
    return shown


def _resolution(db: Database, start: date, end: date, lang: str) -> pd.DataFrame:
    # no count of resolved petitions: with the status table it would give hidden status counts away
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
