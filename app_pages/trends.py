"""Trends for analysts: petitions over time with filters, a year before, the seasons and the alerts; channels,
time to resolution, on-time closure by unit, screening coverage. Every chart's data downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import trend_charts
from analytics.taxonomy import CATEGORIES, CHANNELS, LEVELS, label
from analytics.trends import FREQUENCIES, MIN_FOR_RATE, Filter
from ui import data, guard, state
from ui.downloads import csv_and_excel

user = guard.page_user("trends")
lang = state.lang()
period = state.period()
names = dict(zip(data.communities()["community_id"].astype(int), data.communities()["name"]))

st.title(state.tr("trends.title"))
st.caption(
    state.say(
        "trends.caption",
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        community=names.get(period.community_id, state.tr("sidebar.all_communities")),
    )
)

# groups are offered within the sidebar's community (a city has tens of thousands)
groups = data.groups_of(period.community_id) if period.community_id is not None else None
group_labels = {} if groups is None else dict(zip(groups["group_id"].astype(int), groups["label"]))
cells = st.columns(5)
group_id = state.kept_choice(
    cells[0].selectbox,
    state.tr("trends.group"),
    [None, *group_labels],
    "trends_group",
    format_func=lambda g: state.tr("trends.all") if g is None else group_labels[g],
)
category = state.kept_choice(
    cells[1].selectbox,
    state.tr("heatmaps.category"),
    [None, *CATEGORIES],
    "heatmaps_category",
    format_func=lambda c: state.tr("trends.all") if c is None else label(CATEGORIES, c, lang),
)
channel = state.kept_choice(
    cells[2].selectbox,
    state.tr("trends.channel"),
    [None, *CHANNELS],
    "trends_channel",
    format_func=lambda c: state.tr("trends.all") if c is None else label(CHANNELS, c, lang),
)
level = state.kept_choice(
    cells[3].selectbox,
    state.tr("trends.level"),
    [None, *LEVELS],
    "trends_level",
    format_func=lambda v: state.tr("trends.all") if v is None else label(LEVELS, v, lang),
)
frequency = state.kept_choice(
    cells[4].radio,
    state.tr("trends.frequency"),
    list(FREQUENCIES),
    "trends_frequency",
    format_func=lambda f: state.tr(f"trends.frequency.{f}"),
    horizontal=True,
)
if groups is None:
    cells[0].caption(state.tr("trends.group_needs_community"))
    group_id = None
where = Filter(period.community_id, group_id, category, channel, level)


def downloads(frame: pd.DataFrame, name: str) -> None:
    csv_and_excel(frame, name, period.start, period.end, user)


st.subheader(state.tr("trends.over_time"))
over_time = data.trend_series(period, where, frequency)
alerts = data.trend_alerts(period, where, frequency)
st.plotly_chart(
    trend_charts.petitions_over_time(over_time, alerts, lang, frequency, as_of=period.end), key="trend_over_time"
)
downloads(over_time, "petitions_over_time")

with st.expander(state.tr("trends.seasons"), icon=":material/insights:"):  # for analysts: STL, 残差
    st.caption(state.tr("trends.seasons.plain"))
    seasons = data.trend_decomposition(period.end, where, frequency)
    if seasons.empty:
        st.info(state.tr("trends.no_seasons"))
    else:
        st.plotly_chart(trend_charts.decomposition(seasons, lang, frequency), key="trend_seasons")
        downloads(seasons, "seasons")

left, right = st.columns(2)
with left:
    st.subheader(state.tr("trends.channels"))
    shares = data.trend_channels(period, where)
    st.plotly_chart(trend_charts.channel_shares(shares, lang, as_of=period.end), key="trend_channels")
    downloads(shares, "channel_shares")
with right:
    st.subheader(state.tr("trends.resolution"))
    days = data.trend_resolution(period, where)
    st.caption(
        state.tr("trends.resolution.caption", count=len(days), median="—" if days.empty else int(days["days"].median()))
    )
    st.plotly_chart(trend_charts.resolution_histogram(days, lang), key="trend_resolution")
    downloads(days, "resolution_days")

st.subheader(state.tr("trends.units"))
st.caption(state.tr("trends.units.caption", minimum=MIN_FOR_RATE))
units = data.trend_units(period, where)
st.plotly_chart(trend_charts.on_time_by_unit(units, lang), key="trend_units")
downloads(units, "on_time_by_unit")

st.subheader(state.tr("trends.coverage"))
coverage = data.trend_coverage(period)
st.plotly_chart(trend_charts.coverage(coverage, lang, as_of=period.end), key="trend_coverage")
downloads(coverage, "screening_coverage")
