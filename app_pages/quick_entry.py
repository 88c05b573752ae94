"""Quick entry: one screening visit or one petition, on a phone if need be, checked like an import."""

from __future__ import annotations

from datetime import date

import streamlit as st

from analytics import queries
from analytics.ledger import ImportRejected, masked_said
from analytics.ledger.entry import enter_one, new_id
from analytics.scoring.linking import link_petition, suggest_for
from analytics.taxonomy import CATEGORIES, CHANNELS, FINDINGS, LEVELS, PETITION_STATUSES, label
from ui import data, early_warning, guard, state, tables

# the form's label of each ledger field, to name it in a problem
FIELD_LABELS = {
    "screening_id": "entry.id",
    "petition_id": "entry.id",
    "visit_date": "entry.visit_date",
    "received_date": "entry.received_date",
    "group": "col.group",
    "community": "col.community",
    "household": "entry.household",
    "visitor": "entry.visitor",
    "finding": "entry.finding",
    "severity": "entry.severity",
    "people_affected": "entry.people_affected",
    "description": "entry.description",
    "channel": "entry.channel",
    "petitioner": "entry.petitioner",
    "people_count": "col.people",
    "category": "col.category",
    "level": "entry.level",
    "status": "entry.status",
    "summary": "col.text",
}

# what belongs to one record: cleared after a save (the date, community and visitor stay for the next one)
ONE_RECORD = (
    "entry_group",
    "entry_household",
    "entry_finding",
    "entry_severity",
    "entry_people_affected",
    "entry_description",
    "entry_channel",
    "entry_petitioner",
    "entry_people",
    "entry_category",
    "entry_level",
    "entry_status",
    "entry_summary",
    "entry_amend",
    "entry_amend_id",
    "entry_amend_sure",
)


def clear_record() -> None:
    """A fresh form: the one-record widgets get new keys (a browser keeps a widget's value under its old key)."""
    for name in ONE_RECORD:
        st.session_state.pop(key(name), None)
    st.session_state["entry_generation"] = st.session_state.get("entry_generation", 0) + 1


def key(name: str) -> str:
    return f"{name}_{st.session_state.get('entry_generation', 0)}" if name in ONE_RECORD else name


user = guard.page_user("entry")
db = data.database()
lang = state.lang()
st.title(state.tr("entry.title"))
state.show_flash()

kind = (
    st.segmented_control(
        state.tr("entry.kind"),
        ["screenings", "petitions"],
        default="screenings",
        format_func=lambda k: state.tr(f"entry.{k}"),
        key="entry_kind",
    )
    or "screenings"
)
places = queries.groups(db)
community = st.selectbox(tables.heading("community"), list(dict.fromkeys(places["community"])), key="entry_community")
group_names = list(places.loc[places["community"] == community, "group_name"])
amend = st.toggle(state.tr("entry.amend"), key=key("entry_amend"), help=state.tr("entry.amend.help"))

with st.form(f"entry_{kind}", clear_on_submit=False):
    values = {"community": community}
    id_field = "screening_id" if kind == "screenings" else "petition_id"
    day = st.date_input(
        state.tr("entry.visit_date" if kind == "screenings" else "entry.received_date"),
        value=date.today(),
        max_value=date.today(),
        key="entry_date",
    )
    if amend:
        values[id_field] = st.text_input(state.tr("entry.amend_id"), key=key("entry_amend_id"), max_chars=40)
    else:
        # a fresh number of this kind each time the form is drawn: the widget's key carries it, so it never
        # keeps the number of the record saved before
        number = new_id(db, kind, day)
        values[id_field] = st.text_input(
            state.tr("entry.id"),
            value=number,
            disabled=True,
            help=state.tr("entry.id.help"),
            key=f"entry_id_{number}",
            max_chars=60,
        )
    if kind == "screenings":
        values["visit_date"] = day
        values["group"] = st.selectbox(tables.heading("group"), group_names, key=key("entry_group"))
        values["household"] = st.text_input(state.tr("entry.household"), key=key("entry_household"), max_chars=100)
        values["visitor"] = st.text_input(
            state.tr("entry.visitor"), value=user.username, key="entry_visitor", max_chars=100
        )
        values["finding"] = st.selectbox(
            state.tr("entry.finding"),
            list(FINDINGS),
            index=len(FINDINGS) - 1,
            format_func=lambda k: label(FINDINGS, k, lang),
            key=key("entry_finding"),
        )
        values["severity"] = st.select_slider(
            state.tr("entry.severity"),
            [None, 1, 2, 3, 4],
            format_func=lambda n: "—" if n is None else str(n),
            key=key("entry_severity"),
        )
        values["people_affected"] = st.number_input(
            state.tr("entry.people_affected"), min_value=0, value=0, step=1, key=key("entry_people_affected")
        )
        values["description"] = st.text_area(
            state.tr("entry.description"), key=key("entry_description"), max_chars=2000
        )
    else:
        values["received_date"] = day
        values["group"] = st.selectbox(
            tables.heading("group"),
            [None, *group_names],
            key=key("entry_group"),
            format_func=lambda g: "—" if g is None else g,
        )
        values["channel"] = st.selectbox(
            state.tr("entry.channel"),
            list(CHANNELS),
            format_func=lambda k: label(CHANNELS, k, lang),
            key=key("entry_channel"),
        )
        values["petitioner"] = st.text_input(state.tr("entry.petitioner"), key=key("entry_petitioner"), max_chars=100)
        values["people_count"] = st.number_input(
            tables.heading("people"), min_value=1, value=1, step=1, key=key("entry_people")
        )
        values["category"] = st.selectbox(
            tables.heading("category"),
            list(CATEGORIES),
            format_func=lambda k: label(CATEGORIES, k, lang),
            key=key("entry_category"),
        )
        values["level"] = st.selectbox(
            state.tr("entry.level"), list(LEVELS), format_func=lambda k: label(LEVELS, k, lang), key=key("entry_level")
        )
        values["status"] = st.selectbox(
            state.tr("entry.status"),
            list(PETITION_STATUSES),
            index=0,
            format_func=lambda k: label(PETITION_STATUSES, k, lang),
            key=key("entry_status"),
        )
        values["summary"] = st.text_area(tables.heading("text"), key=key("entry_summary"), max_chars=2000)
    sure = amend and st.checkbox(state.tr("entry.amend_sure"), key=key("entry_amend_sure"))
    submitted = st.form_submit_button(
        state.tr("entry.amend_save" if amend else "entry.save"), type="primary", key="entry_save", width="stretch"
    )

if submitted and amend and not sure:
    st.warning(state.tr("entry.amend_confirm"))
elif submitted:
    try:
        entered = enter_one(db, user, kind, values, lang=lang, amend=amend)
    except ImportRejected as rejected:
        for error in rejected.result.errors:
            field = error.get("field") or error.get("column") or ""
            st.error(
                state.say("entry.problem", field=state.tr(FIELD_LABELS.get(field, "entry.id")), reason=error["reason"])
            )
    else:
        saved = values[id_field]
        if kind == "petitions":  # one matter, one record: offer the matter this petition is likely about
            st.session_state["entry_suggest_for"] = saved
        clear_record()
        warned = early_warning.after_commit(db, "entry", user, wait_seconds=3.0)  # early warning follows each entry
        reopened = [  # a closed 风险隐患 this record names is open again: say so
            state.say("risk.reopened_by", matter=r["matter_id"], records="、".join(r["records"]))
            for r in entered.reopened
        ]
        state.flash(
            " ".join(
                [
                    state.say("entry.amended" if amend else "entry.saved", id=saved, kind=state.tr(f"entry.{kind}")),
                    warned,
                    masked_said(entered.masked, state.lang()) or "",
                    *reopened,
                ]
            )
        )

asked = st.session_state.get("entry_suggest_for")
if asked:
    suggestion = suggest_for(db, [asked])
    if not suggestion.empty:
        match = suggestion.iloc[0]
        st.info(
            state.tr(
                "entry.suggest",
                petition=asked,
                matter=match["matter_id"],
                reason=state.tr(f"entry.reason.{match['reason']}"),
            )
        )
        if st.button(state.say("entry.link", matter=match["matter_id"]), key="entry_link"):
            link_petition(db, user, asked, match["matter_id"])
            st.session_state.pop("entry_suggest_for", None)
            state.flash(state.say("entry.linked", petition=asked, matter=match["matter_id"]))
