"""Import a ledger: upload, see how its columns match, map what does not, check, import, take the rejects."""

from __future__ import annotations

import io
import shutil
import tempfile
import tomllib
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import exports, queries
from analytics.ledger import (
    ConfirmationNeeded,
    ImportRejected,
    conflicts,
    import_file,
    importable,
    masked_said,
    recognise,
    templates,
)
from analytics.ledger.formats import KINDS, LEDGERS, vocabulary_labels
from analytics.ledger.inspect import inspect_file
from analytics.ledger.mapping import Mapping, MappingProblem
from analytics.ledger.mapping import parse as parse_mapping
from analytics.ledger.reader import FileProblem, read, sheet_names
from analytics.problems import Problem
from analytics.taxonomy import label
from ui import data, early_warning, guard, state, tables, uploader
from ui.downloads import XLSX

user = guard.page_user("import")
db = data.database()
lang = state.lang()
st.title(state.tr("import.title"))
st.caption(state.tr("import.caption"))
if queries.is_demo(db):  # the office's ledgers never go into the demo: say where they go instead
    st.warning(state.tr("import.demo_page"), icon=":material/science:")
    st.code(state.tr("import.demo_commands"), language="bash")
    st.stop()
uploader.speak_the_users_language(data.setting("max_upload_mb"))
upload = st.file_uploader(
    state.tr("import.file"),
    type=["csv", "xlsx", "txt"],
    key="import_file",
    help=state.tr("import.file.help", limit=data.setting("max_upload_mb")),
)


def settle(conflict_id: int, settled_as: str) -> None:
    try:
        conflicts.settle(data.database(), user, conflict_id, settled_as)
    except Problem as problem:
        st.session_state["conflict_said"] = ("error", problem.said(lang))
        return
    st.session_state["conflict_said"] = (
        "success",
        state.tr("conflict.settled", how=state.tr(f"conflict.as.{settled_as}")),
    )


def open_conflicts() -> None:
    """What re-imports said against the office's record of risk items it handles, one by one, to settle."""
    said = st.session_state.pop("conflict_said", None)
    if said:
        getattr(st, said[0])(said[1])
    waiting = conflicts.open_conflicts(data.database())
    if waiting.empty:
        return
    st.subheader(state.tr("conflict.heading", count=len(waiting)))
    st.caption(state.tr("conflict.caption"))
    for row in waiting.itertuples(index=False):
        line = conflicts.said(
            {
                "row": int(row.row_number),
                "matter_id": row.matter_id,
                "field": row.field,
                "ledger": row.ledger_value,
                "product": row.product_value,
            },
            lang,
        )
        cells = st.columns([6, 2, 2], vertical_alignment="center")
        cells[0].text(f"{Path(str(row.file)).name}: {line}")
        cells[1].button(
            state.tr("conflict.keep"),
            key=f"conflict_{row.conflict_id}_keep",
            on_click=settle,
            args=(int(row.conflict_id), "product"),
        )
        cells[2].button(
            state.tr("conflict.take"),
            key=f"conflict_{row.conflict_id}_take",
            on_click=settle,
            args=(int(row.conflict_id), "ledger"),
            disabled=row.field in conflicts.STEPS_ONLY,
        )


if upload is None:
    open_conflicts()
    st.info(state.tr("import.templates"))
    cells = st.columns(len(KINDS))
    for cell, kind in zip(cells, KINDS):  # the empty templates, made on click
        cell.download_button(
            state.tr(f"ledger.{kind}"),
            lambda kind=kind: template_bytes(kind),
            file_name=templates.file_name(kind),
            mime=XLSX,
            key=f"template_{kind}",
            icon=":material/download:",
            on_click="ignore",
        )
    st.stop()


def template_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    templates.build(kind, queries.unit_names(data.database())).save(buffer)
    return buffer.getvalue()


def choose_kind(headers: list[str]) -> str | None:
    """No default: the ledger the headers fit is proposed; the clerk may choose another (and is told if the file
    fits it worse)."""
    proposed = recognise.propose(headers)
    kinds = importable(user)
    if proposed and proposed not in kinds:  # a calendar, from a clerk: the admin's (settings)
        st.warning(state.tr("import.calendar_admin"), icon=":material/block:")
        proposed = None
    elif proposed:
        st.success(state.tr("import.recognised", ledger=state.tr(f"ledger.{proposed}")), icon=":material/check:")
    else:
        st.info(state.tr("import.not_recognised"))
    return st.selectbox(
        state.tr("import.kind"),
        kinds,
        index=kinds.index(proposed) if proposed else None,
        placeholder=state.tr("import.kind.choose"),
        format_func=lambda k: state.tr(f"ledger.{k}"),
        key=f"import_kind_{upload.file_id}",
    )


def field_title(f) -> str:
    """A ledger field as the clerk knows it: its Chinese header, or its name in words (no field codes)."""
    if lang == "zh" and f.headers:
        return f.headers[0]
    return f.name.replace("_", " ").capitalize()


def review_and_import(path: Path) -> None:
    """Match the columns, map what does not match, check and import the uploaded copy at ``path``."""
    sheet = None
    if path.suffix.lower() == ".xlsx":
        sheets = sheet_names(path)
        if len(sheets) > 1:
            sheet = st.selectbox(state.tr("import.sheet"), sheets, key="import_sheet")

    try:
        raw = read(path, display_name=upload.name, sheet=sheet, max_bytes=data.setting("max_upload_mb") * 2**20)
    except FileProblem as problem:
        st.error(state.say("import.file_problem", file=upload.name, reason=state.say(problem.key, **problem.values)))
        st.stop()
    raw.close()
    kind = choose_kind(raw.headers)
    if kind is None:
        st.stop()
    from_records = None
    if kind == "areas" and st.checkbox(state.tr("import.from_records"), key="import_from_records"):
        from_records = st.radio(
            state.tr("import.records_kind"),
            ["petitions", "screenings"],
            horizontal=True,
            format_func=lambda k: state.tr(f"ledger.{k}"),
            key="import_records_kind",
        )
    elif (other := recognise.better_kind(kind, raw.headers)) is not None:
        asked = next(fit for fit in recognise.fits(raw.headers) if fit.kind == kind)
        st.error(
            state.say(
                "import.file_problem",
                file=upload.name,
                reason=state.tr(
                    "reason.wrong_kind",
                    asked=state.tr(f"ledger.{kind}"),
                    other=state.tr(f"ledger.{other.kind}"),
                    other_fields=other.fields,
                    asked_fields=asked.fields,
                    kind=other.kind,
                ),
            ),
            icon=":material/block:",
        )
        st.stop()

    ledger_kind = from_records or kind
    fields = LEDGERS[ledger_kind]
    saved = st.file_uploader(state.tr("import.load_mapping"), type=["toml"], key="import_mapping_file")
    base = Mapping()
    # widgets start afresh from a newly loaded mapping: their keys carry its id
    generation = f"{ledger_kind}_{saved.file_id if saved is not None else 'none'}"
    if saved is not None:
        try:
            base = parse_mapping(tomllib.loads(saved.getvalue().decode("utf-8")), ledger_kind)
        except (MappingProblem, tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
            reason = state.say(problem.key, **problem.values) if isinstance(problem, MappingProblem) else str(problem)
            st.error(state.say("import.file_problem", file=saved.name, reason=reason))
            st.stop()
    try:
        seen = inspect_file(
            db,
            ledger_kind,
            path,
            mapping=base,
            display_name=upload.name,
            sheet=sheet,
            max_bytes=data.setting("max_upload_mb") * 2**20,
        )
    except FileProblem as problem:
        st.error(state.say("import.file_problem", file=upload.name, reason=state.say(problem.key, **problem.values)))
        st.stop()

    st.subheader(state.tr("import.preview", rows=seen.rows))
    st.dataframe(seen.preview, hide_index=True, width="stretch")

    st.subheader(state.tr("import.columns"))
    st.caption(state.tr("import.columns.caption"))
    mapping = Mapping(dict(base.columns), dict(base.constants), {k: dict(v) for k, v in base.values.items()})
    choices = [None, *[h for h in seen.headers if h]]
    cells = st.columns(3)
    for index, f in enumerate(fields):
        current = seen.matched.get(f.name)
        title = field_title(f) + (" *" if f.required else "")
        chosen = cells[index % 3].selectbox(
            title,
            choices,
            index=choices.index(current) if current in choices else 0,
            format_func=lambda h: state.tr("import.no_column") if h is None else h,
            key=f"map_{generation}_{f.name}",
        )
        if chosen is not None and chosen != current:
            mapping.columns[f.name] = chosen
            mapping.constants.pop(f.name, None)
        if chosen is None and f.required and f.vocabulary is not None:
            options = [None, *f.vocabulary]
            constant = cells[index % 3].selectbox(
                state.say("import.same_for_all", field=title),
                options,
                index=options.index(base.constants.get(f.name)) if base.constants.get(f.name) in options else 0,
                format_func=lambda k, words=f.vocabulary: "—" if k is None else label(words, k, lang),
                key=f"const_{generation}_{f.name}",
            )
            if constant:
                mapping.constants[f.name] = constant
        elif chosen is None and f.required and f.kind == "people":
            number = cells[index % 3].number_input(
                state.say("import.same_for_all", field=title),
                min_value=1,
                value=int(base.constants.get(f.name, 1)),
                step=1,
                key=f"const_{generation}_{f.name}",
            )
            mapping.constants[f.name] = str(number)

    if mapping.columns != base.columns or mapping.constants != base.constants:
        seen = inspect_file(db, ledger_kind, path, mapping=mapping, display_name=upload.name, sheet=sheet)
    if seen.unknown_values:
        st.subheader(state.tr("import.values"))
        st.caption(state.tr("import.values.caption"))
        for name, values in seen.unknown_values.items():
            vocabulary = next(f.vocabulary for f in fields if f.name == name)
            keys = sorted(set(vocabulary_labels(vocabulary).values())) if vocabulary else ["1", "2", "3", "4"]
            with st.expander(f"{field_title(next(f for f in fields if f.name == name))}: {len(values)}", expanded=True):
                for value in values:
                    target = st.selectbox(
                        value,
                        [None, *keys],
                        key=f"value_{generation}_{name}_{value}",
                        format_func=lambda k, words=vocabulary: (
                            "—" if k is None else (label(words, k, lang) if words else k)
                        ),
                    )
                    if target:
                        mapping.values.setdefault(name, {})[value] = target

    if mapping.columns or mapping.constants or mapping.values:
        st.download_button(
            state.tr("import.save_mapping"),
            mapping.to_toml().encode("utf-8"),
            file_name=f"{Path(upload.name).stem}.mapping.toml",
            mime="application/toml",
            key="save_mapping",
            icon=":material/save:",
        )
    if seen.ignored and recognise.mostly_ignored(seen.headers, seen.ignored):
        st.warning(
            state.tr("import.mostly_ignored", ignored=len(seen.ignored), total=len([h for h in seen.headers if h]))
            + " "
            + state.say("import.ignored", columns=", ".join(seen.ignored)),
            icon=":material/warning:",
        )
    elif seen.ignored:
        st.caption(state.say("import.ignored", columns=", ".join(seen.ignored)))

    skip_invalid = st.checkbox(state.tr("import.skip_invalid"), key="import_skip_invalid")
    done_key = f"import_outcome_{upload.file_id}"
    pending = st.session_state.get(done_key)
    confirmed = False
    if isinstance(pending, ConfirmationNeeded):  # the areas would change a lot: show what, ask first
        show_changes(pending.result.area_changes)
        confirmed = st.checkbox(
            state.tr("import.confirm_changes", count=len(pending.result.area_changes)),
            key=f"import_confirm_{upload.file_id}",
        )
    if st.button(state.tr("import.run"), type="primary", key="import_run", icon=":material/upload:"):
        bar = st.progress(0.0, text=state.tr("import.progress"))
        try:
            outcome = import_file(
                db,
                user,
                kind,
                path,
                mapping=mapping,
                skip_invalid=skip_invalid,
                lang=lang,
                display_name=upload.name,
                sheet=sheet,
                from_records=from_records,
                confirmed=confirmed,
                progress=lambda share, step: bar.progress(share, text=state.tr(f"import.step.{step}")),
            )
        except ImportRejected as rejected:
            outcome = rejected
        else:
            if outcome.rows_imported:  # early warning follows every import that commits records
                st.session_state[f"{done_key}_alerts"] = early_warning.after_commit(db, "import", user)
        bar.empty()
        # kept for this file: the result stays on screen when the rejects are downloaded (a rerun)
        st.session_state[done_key] = outcome
        st.rerun()
    if pending is not None and not isinstance(pending, ConfirmationNeeded):
        show_outcome(pending)
        if st.session_state.get(f"{done_key}_alerts"):
            st.info(st.session_state[f"{done_key}_alerts"], icon=":material/notifications_active:")


def show_changes(changes: list[dict]) -> None:
    st.warning(state.tr("import.large_changes", count=len(changes)), icon=":material/warning:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tables.heading("community"): c["community"],
                    tables.heading("group"): c["group"] or "—",
                    state.tr("import.change.what"): state.tr("import.change.new_community")
                    if c["field"] == "community"
                    else state.tr(f"summary.{c['field']}"),
                    state.tr("import.change.old"): "—" if c["old"] is None else str(c["old"]),
                    state.tr("import.change.new"): "—" if c["new"] is None else str(c["new"]),
                }
                for c in changes
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def show_outcome(outcome) -> None:
    """What the import did, or why it did nothing."""
    if isinstance(outcome, ImportRejected):
        errors = outcome.result.errors
        st.error(state.say("import.rejected", file=upload.name, count=len(errors)))
        table = pd.DataFrame(
            [{"row": e.get("row"), "column": e.get("column") or "—", "reason": e["reason"]} for e in errors]
        )
        st.dataframe(tables.shown(table, row="row", column="column", reason="reason"), hide_index=True, width="stretch")
        return
    result = outcome
    st.success(
        state.say(
            "cli.import.done",
            file=upload.name,
            read=result.rows_read,
            imported=result.rows_imported,
            updated=result.rows_updated,
            unchanged=result.rows_unchanged,
            rejected=result.rows_rejected,
        )
    )
    if result.conflicts:
        st.warning(state.tr("conflict.summary", count=len(result.conflicts)), icon=":material/warning:")
        open_conflicts()
    masked = masked_said(result.masked, lang)
    if masked:
        st.info(masked, icon=":material/visibility_off:")
    for reopened in result.reopened:
        st.info(state.say("risk.reopened_by", matter=reopened["matter_id"], records="、".join(reopened["records"])))
    if result.suggestions:
        st.info(state.tr("import.suggestions", count=len(result.suggestions)))
        suggested = pd.DataFrame(result.suggestions)
        suggested["reason"] = suggested["reason"].map(lambda r: state.tr(f"entry.reason.{r}"))
        st.dataframe(
            tables.shown(
                suggested, petition_id="petition", matter_id="matter", reason="reason", similarity="similarity"
            ),
            hide_index=True,
            width="stretch",
        )
    if result.rejects is not None:
        st.download_button(
            state.tr("import.rejects"),
            exports.to_csv_bytes(result.rejects),
            file_name=f"{upload.name}.rejects.csv",
            mime="text/csv",
            key="rejects_csv",
            icon=":material/download:",
            on_click=exports.record_rejects,  # rows of a real ledger, names in clear: who took them is logged
            args=(db, user, upload.name, len(result.rejects)),
        )


# the upload is copied to a folder that is removed when this run ends (also on st.stop), so no ledger
# with names in it stays on the server
limit = data.setting("max_upload_mb")
if upload.size > limit * 2**20:  # said before the file is copied or read
    too_large = state.tr("file.too_large", size_mb=round(upload.size / 2**20, 1), limit_mb=limit)
    st.error(state.say("import.file_problem", file=upload.name, reason=too_large))
    st.stop()
with tempfile.TemporaryDirectory(prefix="risk-import-") as folder:
    uploaded = Path(folder) / Path(upload.name).name
    with open(uploaded, "wb") as copy:
        shutil.copyfileobj(upload, copy, 1 << 20)  # in blocks: no second copy of the whole file in memory
    review_and_import(uploaded)
