"""The committee's risk overview: headline figures, where and what, the trend, what is serious."""

from __future__ import annotations

import streamlit as st

from analytics import charts, exports
from analytics.figures import MINIMUM, value_text
from analytics.scoring import open_count
from analytics.taxonomy import FINDINGS, GRADES, LEVEL_RANK, LEVELS, label
from ui import data, guard, state, tables
from ui.downloads import csv_and_excel
from ui.format import month_so_far, percent

MOST_COMMUNITIES = 30  # in the heatmap; the download and the heatmaps page have every community

user = guard.page_user("overview")
lang = state.lang()
period = state.period()
communities = data.communities()
names = dict(zip(communities["community_id"], communities["name"]))

st.title(state.tr("overview.title"))
st.caption(
    state.say(
        "overview.caption",
        street=data.street_name(),
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        community=names.get(period.community_id, state.tr("sidebar.all_communities")),
    )
)

kpis = data.overview_kpis(period)
cards = st.columns(6)
open_risks = open_count(data.scored_matters(period.end), period.community_id)  # the register's own count
cards[0].metric(state.tr("kpi.open_risks"), f"{open_risks:,}", help=state.tr("kpi.open_risks.help"))
last_year = kpis["petitions_month_last_year"]
change = (kpis["petitions_month"] - last_year) / last_year if last_year else None
# the month so far against the same days a year before: never a few days against a whole month
cards[1].metric(
    state.tr("kpi.petitions_month", month=month_so_far(period.end, lang)),
    f"{kpis['petitions_month']:,}",
    delta=state.tr("kpi.petitions_month.delta", change=percent(change, signed=True)) if change is not None else None,
    delta_color="inverse",
    help=state.tr("kpi.petitions_month.help", last_year=last_year),
)
cards[2].metric(
    state.tr("kpi.group_petitions"),
    f"{kpis['group_petitions']:,}",
    help=state.tr("kpi.group_petitions.help", size=data.setting("group_petition_people")),
)
lowest = LEVEL_RANK[data.setting("skip_level_from")]
skip_levels = tables.listed(LEVELS, [key for key in LEVELS if LEVEL_RANK[key] >= lowest])
cards[3].metric(
    state.tr("kpi.skip_level"),
    f"{kpis['skip_level_petitions']:,}",
    help=state.tr("kpi.skip_level.help", levels=skip_levels),
)
cards[4].metric(
    state.tr("kpi.on_time"), percent(kpis["on_time_rate"]), help=state.tr("kpi.on_time.help", due=kpis["due"])
)
cards[5].metric(
    state.tr("kpi.screened"),
    percent(kpis["screened_share"]),
    help=state.tr("kpi.screened.help", households=f"{kpis['households']:,}"),
)

st.subheader(state.tr("overview.figures"))
st.caption(state.tr("overview.figures.caption", minimum=MINIMUM))
reported = data.street_figures(period)
shown_figures = ("petition_rate", "satisfaction", "settled", "repeat", "first_settled", "found_early")
for card, key in zip(st.columns(len(shown_figures)), shown_figures):
    figure = reported[key]
    extra = {"nipped": reported["nipped"].numerator} if key == "found_early" else {}
    card.metric(
        state.tr(f"figure.{key}"),
        value_text(figure),
        help=state.tr(f"figure.{key}.help", numerator=figure.numerator, denominator=figure.denominator, **extra),
    )

left, right = st.columns([2, 3])
with left:
    st.subheader(state.tr("overview.heatmap"))
    metric = st.radio(
        state.tr("overview.heatmap.metric"),
        ["count", "rate"],
        horizontal=True,
        format_func=lambda m: state.tr(f"metric.{m}"),
        key=f"overview_metric_{lang}",
    )
    counts = data.community_category_counts(period)
    shown = charts.busiest_communities(counts, MOST_COMMUNITIES)
    st.plotly_chart(charts.community_category_heatmap(shown, lang, metric), key="overview_heatmap")
    if shown["community"].nunique() < counts["community"].nunique():
        st.caption(
            state.tr("overview.heatmap.most", shown=shown["community"].nunique(), total=counts["community"].nunique())
        )
    csv_and_excel(counts, "community_category", period.start, period.end, user, key="overview_heatmap")
with right:
    st.subheader(state.tr("overview.trend"))
    weekly = data.weekly_counts(period)
    st.plotly_chart(charts.weekly_trend(weekly, lang, as_of=period.end), key="overview_trend")
    csv_and_excel(weekly, "weekly_counts", period.start, period.end, user, key="overview_trend")

st.subheader(state.tr("overview.serious"))
st.caption(state.tr("overview.serious.caption"))
serious = data.serious_items(period)
if serious.empty:
    st.info(state.tr("overview.serious.none"))
else:
    shown = serious.assign(
        source=serious["source"].map(lambda s: state.tr(f"source.{s}")),
        category=serious["category"].map(lambda c: label(FINDINGS, c, lang)),
        grade_or_level=serious["grade_or_level"].map(lambda g: label(GRADES if g in GRADES else LEVELS, g, lang)),
        matter_id=serious["matter_id"].fillna(""),
        text=serious["text"].fillna(""),
        group=serious["group"].fillna(""),
    )[["day", "source", "community", "group", "category", "people", "grade_or_level", "text", "matter_id"]]
    shown.columns = [
        state.tr(f"col.{c}")
        for c in ("date", "source", "community", "group", "category", "people", "level", "text", "matter")
    ]
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(
        state.tr("download.csv"),
        exports.to_csv_bytes(shown),
        file_name=f"serious-{period.end.isoformat()}.csv",
        mime="text/csv",
        key="serious_csv",
        icon=":material/download:",
        on_click=exports.record_download,
        args=(data.database(), user, "serious_items", len(shown)),
    )
