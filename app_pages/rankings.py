"""Rankings of communities and responsible units by rates (with a minimum before ranking), and the records that
weaken the analysis."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import exports, public_report
from analytics.rankings import MEASURES, MINIMUM
from ui import data, guard, state, tables
from ui.downloads import XLSX, csv_and_excel
from ui.format import percent

user = guard.page_user("rankings")
period = state.period()

st.title(state.tr("rankings.title"))
st.caption(state.tr("rankings.caption", start=period.start.isoformat(), end=period.end.isoformat(), minimum=MINIMUM))
measure = state.kept_choice(
    st.radio,
    state.tr("rankings.measure"),
    list(MEASURES),
    "rankings_measure",
    format_func=lambda m: state.tr(f"rankings.measure.{m}"),
    horizontal=True,
)
RATES = ("on_time_rate", "unsatisfied_rate", "repeat_share")


def shown(frame: pd.DataFrame, first: str) -> pd.DataFrame:
    """Translated headers; rates as percentages; unranked as a dash."""
    columns = [
        "rank",
        first,
        "petitions",
        "due",
        "on_time_rate",
        "overdue_open",
        "overdue",
        "unsatisfied_rate",
        "repeat_share",
    ]
    out = frame[columns].copy()
    for column in RATES:
        out[column] = out[column].map(lambda v: "—" if pd.isna(v) else percent(v))
    out["rank"] = out["rank"].map(lambda v: "—" if pd.isna(v) else str(int(v)))
    out["overdue"] = out["overdue"].map(lambda v: "—" if pd.isna(v) else f"{v:g}" if isinstance(v, float) else str(v))
    out.columns = [state.tr(f"col.{c}") for c in columns]
    return out


def downloads(frame: pd.DataFrame, name: str) -> None:
    csv_and_excel(frame, name, period.start, period.end, user)


st.subheader(state.tr("rankings.communities"))
communities = shown(data.ranked_communities(period, measure), "community")
st.dataframe(communities, hide_index=True, width="stretch", key="ranking_communities")
downloads(communities, "community_ranking")

st.subheader(state.tr("rankings.units"))
units = shown(data.ranked_units(period, measure), "unit")
st.dataframe(units, hide_index=True, width="stretch", key="ranking_units")
st.caption(state.tr("rankings.overdue_communities"))
downloads(units, "unit_ranking")

st.subheader(state.tr("rankings.quality"))
st.caption(state.tr("rankings.quality.caption"))
quality = data.data_quality(period)
quality_shown = tables.shown(
    quality.assign(
        check=quality["check"].map(lambda c: state.tr(f"quality.{c}")),
        share=quality["share"].map(lambda v: "—" if pd.isna(v) else percent(v)),
    ),
    check="check",
    records="records",
    of="of",
    share="share",
)
st.dataframe(quality_shown, hide_index=True, width="stretch", key="ranking_quality")
downloads(quality_shown, "data_quality")

st.subheader(state.tr("rankings.public"))
st.caption(state.tr("rankings.public.caption"))
left, right = st.columns(2)
db, lang = data.database(), state.lang()  # read now: the files are made on click, outside this run
logged = {"on_click": exports.record_download, "args": (db, user, "public_report", 0)}
stem = f"public-report-{period.start.isoformat()}-{period.end.isoformat()}"
left.download_button(
    state.tr("rankings.public_docx"),
    lambda: public_report.to_docx(public_report.build(db, period.start, period.end, lang)),
    file_name=f"{stem}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="public_docx",
    icon=":material/description:",
    **logged,
)
right.download_button(
    state.tr("rankings.public_xlsx"),
    lambda: public_report.to_xlsx(public_report.build(db, period.start, period.end, lang)),
    file_name=f"{stem}.xlsx",
    mime=XLSX,
    key="public_xlsx",
    icon=":material/table:",
    **logged,
)
