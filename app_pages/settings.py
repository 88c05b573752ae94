"""Settings (admin): deadlines, thresholds, time-outs, default language, the sensitive-date calendar, the
escalation model (its card, and training it again), and backups (take one now, the list, restore one)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import backup, model, settings_store
from analytics.i18n import LANGUAGES
from analytics.settings import APP_SETTINGS
from analytics.taxonomy import LEVELS, label
from ui import data, guard, state, tables

NOTIFY_CHOICES = ("off", "red", "red_orange")

user = guard.page_user("settings")
db = data.database()
lang = state.lang()
st.title(state.tr("settings.title"))
st.caption(state.tr("settings.caption"))

values = settings_store.all_values(db)


def choice_label(choice: str) -> str:
    """Languages by their own name, notification grades and levels in the user's language."""
    if choice in NOTIFY_CHOICES:
        return state.tr(f"settings.notify.{choice}")
    return LANGUAGES.get(choice) or label(LEVELS, choice, lang)


with st.form("settings"):
    chosen = {}
    for setting in APP_SETTINGS:
        # the setting's code (for scripts and the README) only on the English page
        field = setting.help_zh if lang == "zh" else f"{setting.help_en} · `{setting.name}`"
        if setting.choices:
            chosen[setting.name] = st.selectbox(
                field,
                setting.choices,
                index=setting.choices.index(values[setting.name]),
                format_func=choice_label,
                key=f"setting_{setting.name}",
            )
        else:
            chosen[setting.name] = st.number_input(
                field,
                value=int(values[setting.name]),
                min_value=setting.minimum,
                max_value=setting.maximum,
                step=1,
                key=f"setting_{setting.name}",
            )
    if st.form_submit_button(state.tr("settings.save"), type="primary", key="save_settings"):
        try:
            changed = settings_store.update(db, user, chosen)
        except ValueError as problem:
            st.error(state.tr("settings.invalid", reason=str(problem)))
        else:
            st.success(state.tr("settings.saved", count=len(changed)) if changed else state.tr("settings.unchanged"))

st.subheader(state.tr("settings.calendar"))
st.caption(state.tr("settings.calendar.caption"))
calendar = settings_store.calendar(db)
edited = st.data_editor(
    calendar,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key="calendar_editor",
    column_config={
        "name": st.column_config.TextColumn(tables.heading("name"), required=True),
        "start_date": st.column_config.DateColumn(tables.heading("start"), required=True),
        "end_date": st.column_config.DateColumn(tables.heading("end"), required=True),
        "level": st.column_config.NumberColumn(tables.heading("level_1_3"), min_value=1, max_value=3, step=1),
    },
)
if st.button(state.tr("settings.calendar.save"), key="calendar_save"):
    try:
        count = settings_store.replace_calendar(db, user, pd.DataFrame(edited))
    except settings_store.CalendarError as problem:
        columns = {"name": "col.name", "start_date": "col.start", "end_date": "col.end", "level": "col.level_1_3"}
        st.error(
            state.tr(
                "settings.calendar.invalid",
                row=problem.row,
                column=state.tr(columns[problem.column]),
                reason=state.tr(problem.reason),
            )
        )
    else:
        st.success(state.tr("settings.calendar.saved", count=count))

st.subheader(state.tr("settings.model"))
card = data.model_card()
if card is None:
    st.info(state.tr("forecast.none"))
else:
    st.caption(
        state.tr(
            "settings.model.card",
            model_id=card["model_id"],
            trained_at=f"{card['trained_at']:%Y-%m-%d %H:%M}",
            start=str(card["data_from"]),
            end=str(card["data_to"]),
            rows=card["rows"],
            escalations=card["escalations"],
            percent=f"{100 * card['base_rate']:.1f}",
        )
    )
if st.button(state.tr("settings.model.train"), key="model_train"):
    with st.spinner(state.tr("settings.model.training")):
        try:
            trained = model.train_recorded(db, user, data.data_range()[1])
        except model.TooFewEscalations as few:
            st.error(state.tr("cli.model.too_few", escalations=few.escalations, rows=few.rows))
        else:
            st.success(trained.said(lang))

st.subheader(state.tr("settings.backup"))
folder = backup.folder_for(db.path)
keep = values["backup_keep"]
st.caption(
    state.tr("settings.backup.caption", folder=str(folder))
    + " "
    + (state.tr("settings.backup.daily", keep=keep) if keep else state.tr("settings.backup.off"))
)
if st.button(state.tr("settings.backup.now"), key="backup_now", icon=":material/backup:"):
    with st.spinner(state.tr("settings.backup.working")):
        taken = backup.take_by_hand(db, user)
    st.success(
        state.tr(
            "backup.done",
            folder=str(taken.folder),
            tables=len(taken.tables),
            rows=f"{sum(taken.tables.values()):,}",
            version=taken.schema_version,
            seconds=taken.seconds,
        )
    )
found = backup.listed(folder)
if not found:
    st.info(state.tr("settings.backup.none"))
else:
    shown = pd.DataFrame(found)[["name", "taken_at", "rows", "mb", "scheduled"]].assign(
        scheduled=lambda f: f["scheduled"].map(
            lambda daily: state.tr("settings.backup.daily_kind" if daily else "settings.backup.manual_kind")
        )
    )
    shown.columns = [state.tr(key) for key in ("col.backup", "col.taken_at", "col.rows", "col.mb", "col.backup_kind")]
    st.dataframe(shown, hide_index=True, width="stretch")
    chosen = st.selectbox(
        state.tr("settings.backup.restore"),
        [b["name"] for b in found],
        key="backup_choice",
        help=state.tr("settings.backup.restore.help"),
    )
    if st.button(state.tr("settings.backup.restore.button"), key="backup_restore", icon=":material/restore:"):
        try:
            with st.spinner(state.tr("settings.backup.working")):
                target, counts = backup.restore_beside(db, user, chosen)
        except backup.BackupError as problem:
            st.error(state.tr(problem.key, **{k: str(v) for k, v in problem.values.items()}))
        else:
            st.success(
                state.tr(
                    "backup.restored",
                    path=str(target),
                    folder=chosen,
                    tables=len(counts),
                    rows=f"{sum(counts.values()):,}",
                )
                + " "
                + state.tr("settings.backup.switch", path=str(target))
            )
