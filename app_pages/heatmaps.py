"""Heatmaps: where and what (community × category), since when (group × week, day by day); a click on a cell
lists the petitions behind it."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import charts
from analytics.heatmaps import RECORDS_SHOWN
from analytics.taxonomy import CATEGORIES, label
from ui import data, guard, state, tables
from ui.downloads import csv_and_excel

MAP_MOST_GROUPS = 3000  # a street or a district; a whole city is drawn one community at a time
user = guard.page_user("heatmaps")
lang = state.lang()
period = state.period()
communities = data.communities()
names = dict(zip(communities["community_id"].astype(int), communities["name"]))

st.title(state.tr("heatmaps.title"))
st.caption(
    state.say(
        "heatmaps.caption",
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        community=names.get(period.community_id, state.tr("sidebar.all_communities")),
    )
)


def clicked(event) -> dict | None:
    """The x and y of the clicked cell, if any."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    return points[0] if points else None


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    csv_and_excel(frame, name, period.start, period.end, user, key)


def show_records(cell: str, **where) -> None:
    total, records = data.cell_records(period, **where)
    anchor = f"records-{abs(hash(cell))}"
    st.subheader(state.say("heatmaps.records", count=total, cell=cell), anchor=anchor)
    if st.session_state.get("heatmap_cell_shown") != cell:  # a new click: bring its petitions into view, once
        st.session_state["heatmap_cell_shown"] = cell
        st.html(
            f"<script>setTimeout(() => {{ const el = window.parent.document.getElementById('{anchor}') "
            f"|| document.getElementById('{anchor}'); if (el) el.scrollIntoView({{behavior: 'smooth', "
            f"block: 'start'}}); }}, 300);</script>",
            unsafe_allow_javascript=True,
        )
    if total > RECORDS_SHOWN:
        st.caption(state.tr("heatmaps.records_more", shown=RECORDS_SHOWN))
    st.dataframe(
        tables.petitions(records),
        hide_index=True,
        width="stretch",
        key=f"records_{abs(hash(cell))}",
    )


category_keys = list(CATEGORIES)
by_label = {label(CATEGORIES, c, lang): c for c in category_keys}
tab_communities, tab_groups, tab_calendar, tab_map = st.tabs(
    [
        state.tr("heatmaps.tab.communities"),
        state.tr("heatmaps.tab.groups"),
        state.tr("heatmaps.tab.calendar"),
        state.tr("heatmaps.tab.map"),
    ]
)

with tab_communities:
    metric = state.kept_choice(
        st.radio,
        state.tr("heatmaps.metric"),
        ["count", "rate", "score"],
        "heatmaps_metric",
        format_func=lambda m: state.tr(f"metric.{m}"),
        horizontal=True,
    )
    cells = data.heatmap_community_category(period, with_scores=metric == "score")
    if metric == "score" and cells["score"].isna().all():
        st.info(state.tr("heatmaps.no_score"))
    event = st.plotly_chart(
        charts.community_category_heatmap(cells, lang, metric),
        key="heatmap_communities",
        on_select="rerun",
        selection_mode="points",
    )
    downloads(
        cells.assign(category=cells["category"].map(lambda c: label(CATEGORIES, c, lang))),
        "community_category",
        "communities",
    )
    point = clicked(event)
    if point:
        community_id = next(cid for cid, name in names.items() if name == point["x"])
        show_records(f"{point['x']} · {point['y']}", community_id=community_id, category=by_label[point["y"]])
    else:
        st.caption(state.tr("heatmaps.pick"))

with tab_groups:
    left, right = st.columns(2)
    community_id = state.kept_choice(
        left.selectbox, state.tr("heatmaps.community"), list(names), "heatmaps_community", format_func=names.get
    )
    category = state.kept_choice(
        right.selectbox,
        state.tr("heatmaps.category"),
        [None, *category_keys],
        "heatmaps_category",
        format_func=lambda c: state.tr("heatmaps.all_categories") if c is None else label(CATEGORIES, c, lang),
    )
    group_metric = "rate" if metric == "rate" else "count"
    weeks = data.heatmap_group_weeks(period, community_id, category)
    event = st.plotly_chart(
        charts.group_week_heatmap(weeks, lang, group_metric),
        key="heatmap_groups",
        on_select="rerun",
        selection_mode="points",
    )
    downloads(weeks, "group_week", "groups")
    point = clicked(event)
    if point:
        group_id = int(weeks.loc[weeks["group"] == point["y"], "group_id"].iloc[0])
        monday = date.fromisoformat(str(point["x"])[:10])
        show_records(
            f"{names[community_id]} {point['y']} · {monday.isoformat()}",
            community_id=community_id,
            group_id=group_id,
            category=category,
            first=monday,
            last=monday + timedelta(days=6),
        )
    else:
        st.caption(state.tr("heatmaps.pick"))

with tab_calendar:
    days = data.heatmap_daily(period, category)
    event = st.plotly_chart(
        charts.calendar_heatmap(days, lang), key="heatmap_calendar", on_select="rerun", selection_mode="points"
    )
    downloads(days, "daily", "calendar")
    point = clicked(event)
    if point:
        weekday = [state.tr(f"weekday.{d}") for d in range(7)].index(point["y"])
        day = date.fromisoformat(str(point["x"])[:10]) + timedelta(days=weekday)
        show_records(day.isoformat(), category=category, first=day, last=day)
    else:
        st.caption(state.tr("heatmaps.pick"))

with tab_map:
    shapes = data.map_shapes()
    if period.community_id is not None:
        shapes = shapes[shapes["community_id"] == period.community_id]
    if len(shapes) > MAP_MOST_GROUPS:
        st.info(state.tr("map.too_many", count=len(shapes)))
        st.stop()
    values = data.group_values(period, metric)
    st.caption(state.tr("map.caption", tiles=int((shapes["source"] == "tile").sum())))
    event = st.plotly_chart(
        charts.group_map(shapes, values, data.open_alert_groups(period.end), lang, metric),
        key="heatmap_map",
        on_select="rerun",
        selection_mode="points",
    )
    downloads(
        shapes[["group_id", "community", "group", "source"]].assign(value=shapes["group_id"].map(values)),
        "group_map",
        "map",
    )
    point = clicked(event)
    if point:
        named = point.get("customdata")  # a group's centre carries its names; else take the nearest centre
        mine = shapes[(shapes["community"] == named[0]) & (shapes["group"] == named[1])] if named else shapes.iloc[0:0]
        nearest = (
            mine.index[0] if len(mine) else ((shapes["x"] - point["x"]) ** 2 + (shapes["y"] - point["y"]) ** 2).idxmin()
        )
        chosen = shapes.loc[nearest]
        show_records(
            f"{chosen['community']} {chosen['group']}",
            community_id=int(chosen["community_id"]),
            group_id=int(chosen["group_id"]),
        )
    else:
        st.caption(state.tr("heatmaps.pick"))
