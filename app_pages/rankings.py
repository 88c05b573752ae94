"""Rankings of communities and responsible units by the figures the street reports (as the overview defines them),
and the records that weaken the analysis."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import bulletin, exports, public_report
from analytics.rankings import MEASURES, MINIMUM, SHOWN, UNIT_MEASURES, column_of
from ui import data, guard, state, tables
from ui.downloads import XLSX, csv_and_excel
from ui.format import percent

user = guard.page_user("rankings")
period = state.period()


def measure_name(measure: str) -> str:
    return state.tr("rankings.measure.overdue") if measure == "overdue" else state.tr(f"figure.{measure}")


st.title(state.tr("rankings.title"))
st.caption(state.tr("rankings.caption", start=period.start.isoformat(), end=period.end.isoformat(), minimum=MINIMUM))
measure = state.kept_choice(
    st.radio,
    state.tr("rankings.measure"),
    list(MEASURES),
    "rankings_measure",
    format_func=measure_name,
    horizontal=True,
)


def shown(frame: pd.DataFrame, first: str, figures_shown: tuple[str, ...]) -> pd.DataFrame:
    """Translated headers, the figures in the overview's words; shares as percentages; unranked as a dash."""
    out = pd.DataFrame(
        {
            state.tr("col.rank"): frame["rank"].map(lambda v: "—" if pd.isna(v) else str(int(v))),
            state.tr(f"col.{first}"): frame[first].map(lambda v: v or "—"),
            state.tr("col.petitions"): frame["petitions"].astype(int),
            state.tr("col.due"): frame["due"].astype(int),
        }
    )
    for key in figures_shown:
        values = frame[column_of(key)]
        out[state.tr(f"figure.{key}")] = values.map(
            lambda v, k=key: "—" if pd.isna(v) else (f"{v:,.1f}" if k == "petition_rate" else percent(v))
        )
    out[state.tr("col.overdue_open")] = frame["overdue_open"].astype(int)
    out[state.tr("col.overdue")] = frame["overdue"].map(lambda v: "—" if pd.isna(v) else f"{v:g}")
    return out


def downloads(frame: pd.DataFrame, name: str) -> None:
    csv_and_excel(frame, name, period.start, period.end, user)


st.subheader(state.tr("rankings.communities"))
communities = shown(data.ranked_communities(period, measure), "community", SHOWN)
st.dataframe(communities, hide_index=True, width="stretch", key="ranking_communities")
downloads(communities, "community_ranking")

st.subheader(state.tr("rankings.units"))
if measure not in UNIT_MEASURES:
    st.caption(state.tr("rankings.units_on_time"))
units = shown(data.ranked_units(period, measure), "unit", tuple(k for k in SHOWN if k != "petition_rate"))
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

# the internal 通报 of a month or a quarter (the same figures, with the change from the period before)
st.subheader(state.tr("bulletin.heading"))
st.caption(state.tr("bulletin.caption"))
db, lang = data.database(), state.lang()  # read now: the files are made on click, outside this run
last = period.end.replace(day=1)
months = [f"{(last.year * 12 + last.month - 1 - i) // 12}-{(last.month - 1 - i) % 12 + 1:02d}" for i in range(12)]
quarters = list(dict.fromkeys(f"{m[:4]}Q{(int(m[5:]) - 1) // 3 + 1}" for m in months))
choices = [("month", m) for m in months] + [("quarter", q) for q in quarters]
kind, which = st.selectbox(
    state.tr("bulletin.month_pick"),
    choices,
    format_func=lambda c: state.tr(
        f"bulletin.pick.{c[0]}", year=c[1][:4], number=int(c[1][5:]) if c[0] == "month" else int(c[1][-1])
    ),
    key="bulletin_period",
)
start, end, span = bulletin.period_of(**({"month": which} if kind == "month" else {"quarter": which}))
stem = f"bulletin-{which}"
logged = {"on_click": exports.record_download, "args": (db, user, "bulletin", 0)}
left, right = st.columns(2)
left.download_button(
    state.tr("bulletin.download_docx"),
    lambda: bulletin.to_docx(bulletin.build(db, start, end, span, lang)),
    file_name=f"{stem}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="bulletin_docx",
    icon=":material/description:",
    **logged,
)
right.download_button(
    state.tr("bulletin.download_xlsx"),
    lambda: bulletin.to_xlsx(bulletin.build(db, start, end, span, lang)),
    file_name=f"{stem}.xlsx",
    mime=XLSX,
    key="bulletin_xlsx",
    icon=":material/table:",
    **logged,
)

st.subheader(state.tr("rankings.public"))
st.caption(state.tr("rankings.public.caption"))
if not public_report.ended(end):  # published once, whole: a month still running would be published again
    st.info(state.tr("rankings.public.not_ended"), icon=":material/schedule:")
else:
    left, right = st.columns(2)
    logged = {"on_click": exports.record_download, "args": (db, user, "public_report", 0)}
    stem = f"public-report-{which}"  # the month or quarter chosen for the 通报: the public report covers no other span
    left.download_button(
        state.tr("rankings.public_docx"),
        lambda: public_report.to_docx(public_report.build(db, start, end, lang)),
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="public_docx",
        icon=":material/description:",
        **logged,
    )
    right.download_button(
        state.tr("rankings.public_xlsx"),
        lambda: public_report.to_xlsx(public_report.build(db, start, end, lang)),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="public_xlsx",
        icon=":material/table:",
        **logged,
    )
