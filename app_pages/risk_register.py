"""The risk register: open matters by score, and for the one selected, why it scores so, what happened, who acts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import charts, queries
from analytics.model.explain import in_words
from analytics.scoring import COMPONENTS, POINTS
from analytics.taxonomy import (
    CATEGORIES,
    CHANNELS,
    FINDINGS,
    GRADE_COLOURS,
    GRADES,
    LEVELS,
    PETITION_STATUSES,
    SEVERITY_GRADE,
    label,
)
from ui import casework, data, guard, state, tables
from ui.format import chance_percent

MOST_ROWS = 500  # rows drawn at once (a table of 10,000 coloured rows takes the server over a second)
user = guard.page_user("register")
lang = state.lang()
period = state.period()
as_of = period.end
st.title(state.tr("register.title"))
st.caption(state.tr("register.caption", as_of=as_of.isoformat()))
st.info(state.tr("register.two_measures"), icon=":material/info:")

scored = data.scored_matters(as_of)
forecasts, model_card = data.escalation_forecasts(as_of)
chance = forecasts.set_index("matter_id")["probability"] if forecasts is not None else pd.Series(dtype=float)
if period.community_id is not None:
    scored = scored[scored["community_id"] == period.community_id]
filters = st.columns([2, 3, 2])
grades = filters[0].multiselect(
    state.tr("register.grades"),
    list(GRADES),
    default=list(GRADES),
    format_func=lambda g: label(GRADES, g, lang),
    key="register_grades",
)
categories = filters[1].multiselect(
    state.tr("register.categories"),
    list(CATEGORIES),
    key="register_categories",
    format_func=lambda c: label(CATEGORIES, c, lang),
    placeholder=state.tr("register.all_categories"),
)
search = filters[2].text_input(state.tr("register.search"), key="register_search", max_chars=100)
shown = scored[scored["grade"].isin(grades)]
if categories:
    shown = shown[shown["category"].isin(categories)]
if search.strip():
    shown = shown[shown["matter_id"].str.contains(search.strip(), case=False, regex=False)]
st.caption(state.tr("register.count", shown=len(shown), total=len(scored)))
if shown.empty:
    st.info(state.tr("register.none"))
    st.stop()
if len(shown) > MOST_ROWS:  # a city's register: the highest scores first; filters and the search reach the rest
    st.caption(state.tr("register.first_rows", rows=MOST_ROWS))
    shown = shown.head(MOST_ROWS)

cases = data.case_states()
table = tables.shown(
    shown.assign(
        case=[
            casework.state_label(cases.get(m, ("open", False))[0])
            + (state.tr("register.late_mark") if cases.get(m, ("open", False))[1] else "")
            for m in shown["matter_id"]
        ],
        highest_level=shown["level_rank"].map(lambda r: label(LEVELS, list(LEVELS)[int(r)], lang)),
        last_day=shown["last_petition"].map(lambda d: "" if pd.isna(d) else str(d)[:10]),
    ),
    grade="grade",
    score="score",
    matter_id="matter",
    community="community",
    group="group",
    category="category",
    people="people",
    petitions="petitions",
    highest_level="highest_level",
    last_day="last_petition",
    case="case_state",
).reset_index(drop=True)
if forecasts is not None:  # the model's probability beside the rule score, as a percentage
    table.insert(2, state.tr("forecast.column"), (100 * shown["matter_id"].map(chance)).round(1).to_numpy())
colours = dict(zip(table[tables.heading("grade")], shown["grade"].map(GRADE_COLOURS)))
styled = table.style.map(
    lambda g: f"background-color: {colours.get(g, '')}; color: white; font-weight: 600",
    subset=[tables.heading("grade")],
).format({tables.heading("score"): "{:.1f}", state.tr("forecast.column"): chance_percent}, na_rep="—")
picked = st.dataframe(
    styled, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="register_table"
)
rows = picked.selection.rows if picked is not None else []
if not rows and len(shown) == 1:  # a matter number searched for: its detail at once
    rows = [0]
if not rows:
    st.info(state.tr("register.pick"))
    places = data.place_index(as_of).head(10)
    st.subheader(state.tr("register.places"))
    st.dataframe(
        tables.shown(
            places.round({"rate_per_1000": 1, "smoothed_per_1000": 1, "relative_risk": 2}),
            community="community",
            group="group",
            households="households",
            petitions="petitions",
            rate_per_1000="rate",
            smoothed_per_1000="smoothed",
            relative_risk="relative_risk",
        ),
        hide_index=True,
        width="stretch",
    )
    kinds = data.community_category_index(as_of).head(10)
    st.subheader(state.tr("register.community_places"))
    st.dataframe(
        tables.shown(
            kinds.round({"rate_per_1000": 1, "smoothed_per_1000": 1, "relative_risk": 2}),
            community="community",
            category="category",
            petitions="petitions",
            rate_per_1000="rate",
            smoothed_per_1000="smoothed",
            relative_risk="relative_risk",
        ),
        hide_index=True,
        width="stretch",
    )
    st.stop()

item = shown.iloc[rows[0]]
matter_id = item["matter_id"]
st.subheader(
    state.tr(
        "register.detail", matter=matter_id, grade=label(GRADES, item["grade"], lang), score=f"{item['score']:.1f}"
    )
)
record = queries.matter(data.database(), matter_id) or {}
st.caption(state.tr("register.identified_on", day=str(item["identified_date"])[:10]))
if record.get("description"):
    st.text(record["description"])  # ledger text, shown as text
# where it stands in its handling (交办 → 反馈 → 申请销号 → 销号), the next step the user's role may take, its papers
with st.container(border=True):
    st.subheader(state.tr("case.title"))
    casework.panel(user, matter_id, key=f"case_{matter_id}")

left, right = st.columns([2, 3])
with left:
    st.subheader(state.tr("register.why"), divider="gray")
    st.plotly_chart(
        charts.score_waterfall({name: float(item[POINTS + name]) for name in COMPONENTS}, lang),
        key="register_waterfall",
    )
    st.subheader(state.tr("forecast.title"), divider="gray")
    if forecasts is None:
        st.caption(state.tr("forecast.none"))
    elif matter_id not in chance.index:
        st.caption(state.tr("forecast.not_open"))
    else:
        forecast = forecasts.set_index("matter_id").loc[matter_id]
        st.markdown(
            state.tr(
                "forecast.probability",
                percent=f"{100 * forecast['probability']:.0f}",
                usual=f"{100 * model_card['base_rate']:.0f}",
            )
        )
        # each input beside a typical matter's value, in words that say which way the chance of a *new*
        # escalation moved (never "more petitions, less risk")
        explained = in_words(forecast, lang)
        if explained:
            st.plotly_chart(
                charts.forecast_effects([(bar, effect) for bar, effect, _ in explained], lang), key="register_forecast"
            )
            for _, _, sentence in explained:
                st.markdown(state.tr("forecast.bullet", text=sentence))
            if forecast["lowered"]:
                st.caption(state.tr("forecast.lowered_means"))
        st.caption(
            state.tr(
                "forecast.note",
                model_id=model_card["model_id"],
                start=str(model_card["data_from"]),
                end=str(model_card["data_to"]),
            )
        )
with right:
    st.subheader(state.tr("register.timeline"), divider="gray")
    timeline = queries.matter_timeline(data.database(), matter_id, as_of, user)
    columns = {"day": "col.date", "source": "col.source"}
    if "person" in timeline:  # analytics gives personal fields (pseudonyms) only to the roles that handle cases
        columns["person"] = "col.person"
    columns.update(
        {"how": "col.how", "level": "col.level", "people": "col.people", "status": "col.status", "text": "col.text"}
    )
    petition = timeline["source"] == "petition"
    view = timeline[list(columns)].assign(
        source=timeline["source"].map(lambda s: state.tr(f"source.{s}")),
        how=[label(CHANNELS, h, lang) if p else label(FINDINGS, h, lang) for h, p in zip(timeline["how"], petition)],
        level=[
            label(LEVELS, v, lang) if p else label(GRADES, SEVERITY_GRADE.get(int(v)) if v else None, lang)
            for v, p in zip(timeline["level"], petition)
        ],
        status=timeline["status"].map(lambda v: label(PETITION_STATUSES, v, lang) if isinstance(v, str) else ""),
    )
    view.columns = [state.tr(key) for key in columns.values()]
    st.dataframe(view, hide_index=True, width="stretch")
    st.subheader(state.tr("register.history"), divider="gray")
    history = queries.matter_history(data.database(), matter_id, user)
    if history.empty:
        st.caption(state.tr("register.no_history"))
    else:
        history = history[["changed_at", "record_id", "field", "old_value", "new_value"]]
        history.columns = [state.tr(k) for k in ("col.when", "col.matter", "col.field", "col.old", "col.new")]
        st.dataframe(history, hide_index=True, width="stretch")
