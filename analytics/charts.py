"""Plotly figure builders (no Streamlit): the same figures serve pages and documents."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .chart_dates import date_axis, mark_incomplete
from .i18n import t
from .taxonomy import CATEGORIES, GRADE_COLOURS, GRADES, label

# Sequential and readable by colour-blind users; zero stays near white.
HEAT_SCALE = "YlOrRd"
LINE_COLOURS = ("#0072b2", "#e69f00")  # Okabe-Ito blue and orange


def busiest_communities(counts: pd.DataFrame, most: int) -> pd.DataFrame:
    """The rows of the ``most`` communities with the most petitions (a city's 500 communities make a heatmap
    nobody can read, and a slow one)."""
    totals = counts.groupby("community", sort=False)["petitions"].sum()
    keep = totals.sort_values(ascending=False, kind="stable").index[:most]
    return counts[counts["community"].isin(keep)]


def community_category_heatmap(counts: pd.DataFrame, lang: str, metric: str = "count") -> go.Figure:
    """Category × community heatmap of petitions; ``metric`` is 'count', 'rate' (per 1,000 households) or
    'score' (mean risk score of the open matters, needs a ``score`` column).

    An invisible scatter sits on the cell centres so that a click on a cell
    comes back as a selection with the cell's x and y.
    """
    values = counts.assign(
        value=counts["petitions"]
        if metric == "count"
        else counts["score"]
        if metric == "score"
        else (1000 * counts["petitions"] / counts["households"]).round(1)
    )
    categories = [c for c in CATEGORIES if c in set(values["category"])]
    category_labels = [label(CATEGORIES, c, lang) for c in categories]
    grid = values.pivot_table(index="category", columns="community", values="value", aggfunc="sum", sort=False)
    grid = grid.reindex(index=categories)
    if metric != "score":  # no open matter is no score, not a score of zero
        grid = grid.fillna(0)
    communities = list(grid.columns)
    metric_label = t(f"metric.{metric}", lang)
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=communities,
            y=category_labels,
            colorscale=HEAT_SCALE,
            colorbar={"title": {"text": metric_label}},
            xgap=2,
            ygap=2,
            hovertemplate=f"%{{x}} · %{{y}}<br>{metric_label}: %{{z}}<extra></extra>",
            texttemplate="%{z}",
            showscale=True,
        )
    )
    clickable(figure, communities, category_labels)
    figure.update_layout(
        xaxis_title=t("chart.community", lang),
        yaxis_title=None,
        xaxis={"side": "top", "tickangle": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        height=120 + 32 * len(category_labels),
        yaxis={"autorange": "reversed"},
    )
    return figure


def clickable(figure: go.Figure, xs: list, ys: list, size: int = 24) -> None:
    """An invisible scatter on every cell centre: a click on a heatmap cell then comes back as a selection
    with the cell's x and y (a click on the heatmap itself returns nothing)."""
    figure.add_trace(
        go.Scatter(
            x=[x for _ in ys for x in xs],
            y=[y for y in ys for _ in xs],
            mode="markers",
            marker={"opacity": 0.01, "size": size},
            hoverinfo="none",
            showlegend=False,
        )
    )


def group_week_heatmap(frame: pd.DataFrame, lang: str, metric: str = "count") -> go.Figure:
    """Groups (rows) × weeks (columns) of one community: petitions or the rate per 1,000 households."""
    column = "petitions" if metric == "count" else "rate"
    grid = frame.pivot_table(index="group", columns="week", values=column, aggfunc="sum", sort=False).fillna(0)
    groups, weeks = list(grid.index), [str(w) for w in grid.columns]
    metric_label = t(f"metric.{metric}", lang)
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=weeks,
            y=groups,
            colorscale=HEAT_SCALE,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": metric_label}},
            hovertemplate=f"%{{y}} · {t('chart.week_of', lang)} %{{x}}<br>{metric_label}: %{{z}}<extra></extra>",
        )
    )
    clickable(figure, weeks, groups, size=10)
    figure.update_layout(
        xaxis_title=t("chart.week", lang),
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=140 + 16 * len(groups),
    )
    return figure


def calendar_heatmap(days: pd.DataFrame, lang: str) -> go.Figure:
    """Petitions per day as a calendar: weeks across, weekdays down (Monday on top)."""
    frame = days.assign(day=pd.to_datetime(days["day"]))
    frame["week"] = (frame["day"] - pd.to_timedelta(frame["day"].dt.day_of_week, unit="D")).dt.date.astype(str)
    weekday_names = [t(f"weekday.{d}", lang) for d in range(7)]
    frame["weekday"] = frame["day"].dt.day_of_week.map(dict(enumerate(weekday_names)))
    grid = frame.pivot_table(index="weekday", columns="week", values="petitions", aggfunc="sum", sort=False)
    grid = grid.reindex(index=weekday_names)
    weeks = list(grid.columns)
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=weeks,
            y=weekday_names,
            colorscale=HEAT_SCALE,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": t("chart.petitions", lang)}},
            hovertemplate=f"{t('chart.week_of', lang)} %{{x}} · %{{y}}<br>"
            f"{t('chart.petitions', lang)}: %{{z}}<extra></extra>",
        )
    )
    clickable(figure, weeks, weekday_names, size=10)
    figure.update_layout(
        xaxis_title=t("chart.week", lang),
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=300,
    )
    return figure


def weekly_trend(weekly: pd.DataFrame, lang: str, as_of: date | None = None) -> go.Figure:
    """Petitions and findings per week; a week still running on ``as_of`` is shaded and said to be so."""
    figure = go.Figure()
    for column, key, colour in (
        ("petitions", "chart.petitions", LINE_COLOURS[0]),
        ("findings", "chart.findings", LINE_COLOURS[1]),
    ):
        figure.add_trace(
            go.Scatter(
                x=weekly["week"],
                y=weekly[column],
                mode="lines+markers",
                name=t(key, lang),
                line={"color": colour, "width": 2},
                marker={"size": 4},
            )
        )
    figure.update_layout(
        xaxis_title=t("chart.week", lang),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=320,
        legend={"orientation": "h", "y": 1.1},
        hovermode="x unified",
    )
    date_axis(figure, lang, "week")
    if as_of is not None and len(weekly):
        mark_incomplete(figure, pd.Timestamp(weekly["week"].iloc[-1]).date(), as_of, lang, "week")
    return figure


def score_waterfall(points: dict[str, float], lang: str) -> go.Figure:
    """How a matter's score is made: each component's points, adding up to the score."""
    names = [name for name, value in points.items() if value]
    values = [points[name] for name in names]
    figure = go.Figure(
        go.Waterfall(
            x=[t(f"component.{name}", lang) for name in names] + [t("component.total", lang)],
            y=values + [sum(values)],
            measure=["relative"] * len(values) + ["total"],
            text=[f"{v:+.1f}" for v in values] + [f"{sum(values):.1f}"],
            textposition="outside",
            increasing={"marker": {"color": "#d55e00"}},
            decreasing={"marker": {"color": "#0072b2"}},
            totals={"marker": {"color": "#555555"}},
            connector={"line": {"color": "#bbbbbb"}},
        )
    )
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        height=340,
        showlegend=False,
        yaxis_title=t("component.points", lang),
    )
    return figure


def forecast_effects(effects: list[tuple[str, float]], lang: str) -> go.Figure:
    """What moved an escalation forecast: (input and its value beside a typical matter's, effect on the
    probability) as horizontal bars, raising ones orange, lowering ones blue, largest at the top."""
    ordered = sorted(effects, key=lambda e: abs(e[1]))
    figure = go.Figure(
        go.Bar(
            x=[100 * e[1] for e in ordered],
            y=[text for text, _ in ordered],
            orientation="h",
            marker={"color": ["#d55e00" if e[1] > 0 else "#0072b2" for e in ordered]},
            text=[t("forecast.bar_points", lang, points=f"{100 * e[1]:+.0f}") for e in ordered],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    )
    reach = 100 * max((abs(e[1]) for e in ordered), default=0.01) * 1.6  # room for the numbers beside the bars
    figure.update_layout(
        height=80 + 34 * len(ordered),
        margin={"l": 10, "r": 30, "t": 10, "b": 10},
        showlegend=False,
        xaxis={"title": t("forecast.effect", lang), "range": [-reach, reach]},
    )
    return figure


def evidence_bars(weekly: pd.DataFrame, lang: str) -> go.Figure:
    """A small chart of an alert's place: petitions per week, the latest week darker."""
    colours = [LINE_COLOURS[0]] * (len(weekly) - 1) + ["#d55e00"] if len(weekly) else []
    figure = go.Figure(
        go.Bar(
            x=weekly["week"],
            y=weekly["petitions"],
            marker={"color": colours},
            hovertemplate=f"%{{x}}<br>{t('chart.petitions', lang)}: %{{y}}<extra></extra>",
        )
    )
    figure.update_layout(
        height=160,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        showlegend=False,
        yaxis_title=t("chart.petitions", lang),
    )
    return date_axis(figure, lang, "week")


def group_map(shapes: pd.DataFrame, values: pd.Series, alerts: pd.DataFrame, lang: str, metric: str) -> go.Figure:
    """The street's groups as filled shapes coloured by ``values`` (indexed by group_id), the open alerts as
    triangles in their grade's colour; a click on a group's centre selects it."""
    from plotly.colors import sample_colorscale

    value = shapes["group_id"].map(values).astype(float)
    top = float(np.nanmax(value)) if value.notna().any() and np.nanmax(value) > 0 else 1.0
    # one filled trace per colour step (rings joined with gaps), so a city of 25,000 groups is a dozen traces
    steps = 12
    level = np.minimum((value.fillna(0) / top * steps).astype(int), steps - 1)
    colours = sample_colorscale(HEAT_SCALE, [(k + 0.5) / steps for k in range(steps)])
    figure = go.Figure()
    for step in sorted(set(level)):
        xs, ys = [], []
        for rings in shapes.loc[level == step, "rings"]:
            for ring in rings:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colours[step],
                line={"color": "#666666", "width": 0.6},
                hoverinfo="skip",
                hoveron="points",
                showlegend=False,
            )
        )
    metric_label = t(f"metric.{metric}", lang)
    figure.add_trace(
        go.Scatter(
            x=shapes["x"],
            y=shapes["y"],
            mode="markers",
            showlegend=False,
            marker={
                "size": 14,
                "color": value.fillna(0),
                "colorscale": HEAT_SCALE,
                "cmin": 0,
                "cmax": top,
                "opacity": 0.01,
                "colorbar": {"title": {"text": metric_label}},
                "showscale": True,
            },
            customdata=np.stack([shapes["community"], shapes["group"], value.round(2).fillna(0)], axis=-1),
            hovertemplate=f"%{{customdata[0]}} %{{customdata[1]}}<br>{metric_label}: %{{customdata[2]}}<extra></extra>",
        )
    )
    marked = shapes.merge(alerts, on="group_id")
    for grade, mine in [] if marked.empty else marked.groupby("grade", sort=False):
        figure.add_trace(
            go.Scatter(
                x=mine["x"],
                y=mine["y"] + 0.25,
                mode="markers",
                name=t("map.alerts", lang, grade=label(GRADES, grade, lang)),
                marker={
                    "symbol": "triangle-up",
                    "size": 11,
                    "color": GRADE_COLOURS[grade],
                    "line": {"color": "#222222", "width": 1},
                },
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=520,
        plot_bgcolor="white",
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.02},
        clickmode="event+select",
        dragmode="pan",
    )
    return figure


def campaign_progress(days: pd.DataFrame, due: int, lang: str) -> go.Figure:
    """A screening campaign day by day: visits each day (bars) and households visited so far (line) against
    the households due (dashed)."""
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=days["day"],
            y=days["visits"],
            name=t("chart.campaign.visits", lang),
            marker={"color": LINE_COLOURS[1]},
            yaxis="y2",
            opacity=0.6,
        )
    )
    figure.add_trace(
        go.Scatter(
            x=days["day"],
            y=days["visited"],
            mode="lines+markers",
            name=t("chart.campaign.visited", lang),
            line={"color": LINE_COLOURS[0], "width": 2},
            marker={"size": 4},
        )
    )
    figure.add_hline(
        y=due,
        line={"dash": "dash", "color": "#555555"},
        annotation_text=t("chart.campaign.due", lang, count=due),
        annotation_position="top left",
    )
    figure.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.15},
        hovermode="x unified",
        yaxis={"title": t("chart.campaign.visited", lang), "rangemode": "tozero"},
        yaxis2={"title": t("chart.campaign.visits", lang), "overlaying": "y", "side": "right", "showgrid": False},
    )
    return date_axis(figure, lang, "day")


def precision_over_time(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """The office's verdicts per month raised (``verdicts.precision(by_month=True)``): per detector, the share of
    its judged alerts not dismissed as false alarms, a marker sized by how many were judged."""
    figure = go.Figure()
    for number, (kind, mine) in enumerate(monthly.groupby("kind", sort=True)):
        name = t(f"kind.{kind}", lang)
        figure.add_trace(
            go.Scatter(
                x=mine["month"],
                y=100 * mine["precision"],
                mode="lines+markers",
                name=name,
                line={"color": LINE_COLOURS[number % len(LINE_COLOURS)]},
                marker={"size": np.clip(4 + 2 * np.sqrt(mine["judged"]), 6, 18)},
                customdata=np.stack([mine["judged"], mine["false_alarms"]], axis=-1),
                hovertemplate=(
                    f"{name} · %{{x}}<br>{t('chart.precision', lang)}: %{{y:.0f}}%<br>"
                    f"{t('chart.judged', lang)}: %{{customdata[0]}} · {t('chart.false_alarms', lang)}: "
                    "%{customdata[1]}<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        height=280,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"title": t("chart.precision", lang) + " (%)", "range": [0, 105]},
        xaxis={"title": t("chart.month_raised", lang), "type": "category"},
        legend={"orientation": "h", "y": -0.3},
    )
    return figure
