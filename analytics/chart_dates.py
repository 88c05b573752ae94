"""Dates on chart axes in the reader's language, and the period that is not over yet.

Plotly writes month names in English ("Oct 2026") whatever the page's
language; these helpers set the axes' tick and hover formats so that a
Chinese page reads 2026年10月. A series that ends in a week or month still
running would show a false drop: :func:`mark_incomplete` shades that last
period and says up to which day it is counted.
"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from .i18n import t

FORMATS = {  # (tick format, hover format) by language and unit
    ("zh", "day"): ("%-m月%-d日<br>%Y年", "%Y年%-m月%-d日"),
    ("zh", "week"): ("%-m月%-d日<br>%Y年", "%Y年%-m月%-d日当周"),
    ("zh", "month"): ("%Y年%-m月", "%Y年%-m月"),
    ("en", "day"): ("%-d %b<br>%Y", "%-d %b %Y"),
    ("en", "week"): ("%-d %b<br>%Y", "week of %-d %b %Y"),
    ("en", "month"): ("%b<br>%Y", "%b %Y"),
}


def date_axis(figure: go.Figure, lang: str, unit: str = "week") -> go.Figure:
    """Every x axis of ``figure`` shows its dates in ``lang`` (unit: day, week or month)."""
    tick, hover = FORMATS[("zh" if lang == "zh" else "en", unit)]
    figure.update_xaxes(tickformat=tick, hoverformat=hover, automargin=True)
    return figure


def period_end(start: date, unit: str) -> date:
    """The last day of the week (Monday start) or month that begins on ``start``."""
    if unit == "week":
        return start + timedelta(days=6)
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def day_text(day: date, lang: str) -> str:
    """A date as the reader writes it: 2026年12月2日, or 2 Dec 2026."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%b} {day.year}"


def mark_incomplete(figure: go.Figure, last_start: date, as_of: date, lang: str, unit: str = "week") -> bool:
    """Shade the last period when it is still running on ``as_of`` and say so; True when it was marked."""
    end = period_end(last_start, unit)
    if as_of >= end:
        return False
    figure.add_vrect(
        x0=last_start - timedelta(days=3 if unit == "week" else 12),
        x1=end,
        fillcolor="#999999",
        opacity=0.15,
        line_width=0,
        layer="below",
    )
    figure.add_annotation(
        x=last_start,
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=t(f"chart.incomplete.{unit}", lang, day=day_text(as_of, lang)),
        font={"size": 11, "color": "#555555"},
        xanchor="right",
    )
    return True
