"""Plotly figures of the trends page (no Streamlit). Colours: Okabe-Ito, readable by colour-blind users;
alert grades in the national red, orange, yellow and blue."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .chart_dates import date_axis, mark_incomplete
from .i18n import t
from .taxonomy import CHANNELS, GRADE_COLOURS, GRADES, label

OKABE_ITO = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}


def petitions_over_time(
    frame: pd.DataFrame, alerts: pd.DataFrame, lang: str, unit: str = "week", as_of: date | None = None
) -> go.Figure:
    """This period's petitions, the same weeks or months a year before (dashed), and the alerts as markers;
    a week or month still running on ``as_of`` is shaded."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=frame["period"],
            y=frame["petitions"],
            mode="lines+markers",
            name=t("trends.this_year", lang),
            line={"color": OKABE_ITO[0], "width": 2},
            marker={"size": 4},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=frame["period"],
            y=frame["last_year"],
            mode="lines",
            name=t("trends.last_year", lang),
            line={"color": OKABE_ITO[1], "dash": "dash"},
        )
    )
    if len(alerts):
        heights = dict(zip(frame["period"], frame["petitions"]))
        for grade, mine in alerts.groupby("grade", sort=False):
            figure.add_trace(
                go.Scatter(
                    x=mine["period"],
                    y=[heights.get(p, 0) for p in mine["period"]],
                    mode="markers",
                    name=t("trends.alerts", lang, grade=label(GRADES, grade, lang)),
                    marker={
                        "symbol": "triangle-up",
                        "size": 12,
                        "color": GRADE_COLOURS[grade],
                        "line": {"color": "#333333", "width": 1},
                    },
                    text=[t(f"kind.{k}", lang) for k in mine["kind"]],
                    hovertemplate="%{x}<br>%{text}<extra></extra>",
                )
            )
    figure.update_layout(
        margin=MARGIN,
        height=340,
        legend={"orientation": "h", "y": 1.12},
        hovermode="closest",
        yaxis_title=t("chart.petitions", lang),
    )
    _dated(figure, frame, lang, unit, as_of)
    return figure


def _dated(figure: go.Figure, frame: pd.DataFrame, lang: str, unit: str, as_of: date | None) -> None:
    date_axis(figure, lang, unit)
    if as_of is not None and len(frame):
        mark_incomplete(figure, pd.Timestamp(frame["period"].max()).date(), as_of, lang, unit)


def decomposition(frame: pd.DataFrame, lang: str, unit: str = "week") -> go.Figure:
    parts = ("trend", "seasonal", "residual")
    figure = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, subplot_titles=[t(f"trends.{p}", lang) for p in parts]
    )
    for row, (part, colour) in enumerate(zip(parts, OKABE_ITO), start=1):
        figure.add_trace(
            go.Scatter(
                x=frame["period"],
                y=frame[part],
                mode="lines",
                line={"color": colour},
                name=t(f"trends.{part}", lang),
                showlegend=False,
            ),
            row=row,
            col=1,
        )
    figure.update_layout(margin=MARGIN, height=420)
    return date_axis(figure, lang, unit)


def channel_shares(frame: pd.DataFrame, lang: str, as_of: date | None = None) -> go.Figure:
    figure = go.Figure()
    for colour, channel in zip(OKABE_ITO, CHANNELS):
        mine = frame[frame["channel"] == channel]
        if len(mine):
            figure.add_trace(
                go.Bar(
                    x=mine["period"],
                    y=mine["share"],
                    name=label(CHANNELS, channel, lang),
                    marker={"color": colour},
                    customdata=mine["petitions"],
                    hovertemplate="%{x}<br>%{y:.0%} (%{customdata})<extra></extra>",
                )
            )
    figure.update_layout(
        barmode="stack", margin=MARGIN, height=320, yaxis={"tickformat": ".0%"}, legend={"orientation": "h", "y": 1.12}
    )
    _dated(figure, frame, lang, "month", as_of)
    return figure


def resolution_histogram(frame: pd.DataFrame, lang: str) -> go.Figure:
    figure = go.Figure()
    for on_time, colour, key in ((True, OKABE_ITO[0], "trends.on_time"), (False, OKABE_ITO[5], "trends.late")):
        mine = frame[frame["on_time"] == on_time]
        figure.add_trace(go.Histogram(x=mine["days"], name=t(key, lang), marker={"color": colour}, xbins={"size": 5}))
    figure.update_layout(
        barmode="stack",
        margin=MARGIN,
        height=300,
        xaxis_title=t("trends.days", lang),
        yaxis_title=t("chart.petitions", lang),
        legend={"orientation": "h", "y": 1.12},
    )
    return figure


def on_time_by_unit(frame: pd.DataFrame, lang: str) -> go.Figure:
    rated = frame.dropna(subset=["on_time_rate"]).sort_values("on_time_rate")
    figure = go.Figure(
        go.Bar(
            x=rated["on_time_rate"],
            y=rated["unit"],
            orientation="h",
            marker={"color": OKABE_ITO[2]},
            customdata=rated["due"],
            hovertemplate="%{y}: %{x:.0%} (%{customdata})<extra></extra>",
        )
    )
    figure.update_layout(margin=MARGIN, height=120 + 22 * len(rated), xaxis={"tickformat": ".0%", "range": [0, 1]})
    return figure


def coverage(frame: pd.DataFrame, lang: str, as_of: date | None = None) -> go.Figure:
    figure = go.Figure(
        go.Scatter(
            x=frame["period"],
            y=frame["share"],
            mode="lines+markers",
            line={"color": OKABE_ITO[0]},
            hovertemplate="%{x}<br>%{y:.0%}<extra></extra>",
        )
    )
    figure.update_layout(
        margin=MARGIN,
        height=280,
        yaxis={"tickformat": ".0%", "rangemode": "tozero"},
        yaxis_title=t("trends.coverage_axis", lang),
    )
    _dated(figure, frame, lang, "month", as_of)
    return figure
