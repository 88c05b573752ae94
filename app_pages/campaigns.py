"""Screening campaigns (排查活动) as one view: how far a campaign got (households due and visited, by community and
day) and the hidden risks it found, with how each stands now."""

from __future__ import annotations

import streamlit as st

from analytics import charts
from ui import data, guard, state, tables
from ui.downloads import csv_and_excel
from ui.format import percent

user = guard.page_user("campaigns")
lang = state.lang()
period = state.period()
st.title(state.tr("campaigns.title"))
st.caption(state.tr("campaigns.caption"))

# the coverage gap first: every group nobody has visited for the blind-spot limit (the review lists them per
# community as one item each; here is the whole list, longest unvisited first)
st.subheader(state.tr("campaigns.gaps"))
limit = int(data.setting("blind_spot_days"))
gap = data.screening_gaps(period.end, period.community_id)
if gap.empty:
    st.success(state.tr("campaigns.gaps.none", days=limit), icon=":material/check_circle:")
else:
    st.warning(
        state.tr(
            "campaigns.gaps.summary",
            groups=len(gap),
            communities=gap["community_id"].nunique(),
            households=int(gap["households"].sum()),
            days=limit,
        ),
        icon=":material/location_off:",
    )
    with st.expander(state.tr("campaigns.gaps.list"), expanded=len(gap) <= 10):
        unvisited = tables.shown(
            gap.assign(last_visit=gap["last_visit"].map(lambda d: "—" if d is None or d != d else str(d)[:10])),
            community="community",
            group_name="group",
            households="households",
            last_visit="last_visit",
            days_unvisited="days_unvisited",
        )
        st.dataframe(unvisited, hide_index=True, width="stretch", key="screening_gaps")

listed = data.campaigns()
if not listed:
    st.info(state.tr("campaigns.none"), icon=":material/info:")
    st.stop()
by_name = {campaign.name: campaign for campaign in listed}
name = state.kept_choice(st.selectbox, state.tr("campaigns.pick"), list(by_name), "campaign_pick")
campaign = by_name[name]
st.caption(
    state.tr(
        "campaigns.dates",
        first=campaign.first_day.isoformat(),
        last=campaign.last_day.isoformat(),
        visits=campaign.visits,
    )
)

progress = data.campaign_progress(name, period.community_id)
due, visited = int(progress["households"].sum()), int(progress["visited"].sum())
cards = st.columns(4)
cards[0].metric(state.tr("campaigns.due"), f"{due:,}")
cards[1].metric(
    state.tr("campaigns.visited"),
    f"{visited:,}",
    help=state.tr("campaigns.visited.help", share=percent(visited / due) if due else "—"),
)
cards[2].metric(state.tr("campaigns.problems"), f"{int(progress['problems'].sum()):,}")
cards[3].metric(state.tr("campaigns.hidden_risks"), f"{int(progress['hidden_risks'].sum()):,}")
st.progress(
    min(visited / due, 1.0) if due else 0.0,
    text=state.tr("campaigns.coverage", share=percent(visited / due) if due else "—"),
)

st.plotly_chart(
    charts.campaign_progress(data.campaign_days(name, period.community_id), due, lang),
    width="stretch",
    key="campaign_chart",
)
st.subheader(state.tr("campaigns.by_community"))
table = tables.shown(
    progress.assign(coverage=progress["coverage"].map(lambda v: "—" if v != v else percent(v))),
    community="community",
    households="households_due",
    visited="households_visited",
    coverage="coverage",
    visits="visits",
    problems="problems",
    hidden_risks="hidden_risks",
)
st.dataframe(table, hide_index=True, width="stretch", key="campaign_communities")

st.subheader(state.tr("campaigns.findings"))
found = data.campaign_findings(name, period.community_id)
if found.empty:
    st.info(state.tr("campaigns.findings.none"))
else:
    findings = tables.shown(
        found.assign(
            severity=found["severity"].map(
                lambda s: "—" if s is None or s != s else f"{int(s)} · {state.tr(f'severity.{int(s)}')}"
            ),
            resolved=found["resolved_date"].map(lambda d: "" if d is None or d != d else str(d)[:10]),
        ),
        matter_id="matter",
        visit_date="date",
        community="community",
        group="group",
        category="category",
        severity="severity",
        people_affected="people",
        description="finding",
        status="risk_status",
        responsible_unit="unit",
        resolved="resolved",
    )
    st.dataframe(findings, hide_index=True, width="stretch", key="campaign_findings")
    csv_and_excel(findings, "campaign_findings", campaign.first_day, campaign.last_day, user)
