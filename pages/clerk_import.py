"""Import a ledger: upload, see how its columns match, map what does not, check, import, take the rejects."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analytics import exports
from analytics.ledger import ImportRejected, import_file
from analytics.ledger.formats import KINDS, LEDGERS, vocabulary_labels
from analytics.ledger.inspect import inspect_file
from analytics.ledger.mapping import Mapping
from analytics.ledger.reader import FileProblem, sheet_names
from analytics.taxonomy import label
from ui import data, guard, state

user = guard.page_user("import")
db = data.database()
lang = state.lang()
st.title(state.tr("import.title"))
st.caption(state.tr("import.caption"))

kind = st.selectbox(state.tr("import.kind"), KINDS, format_func=lambda k: state.tr(f"ledger.{k}"), key="import_kind")
from_records = None
if kind == "areas" and st.checkbox(state.tr("import.from_records"), key="import_from_records"):
    from_records = st.radio(state.tr("import.records_kind"), ["petitions", "screenings"], horizontal=True,
                            format_func=lambda k: state.tr(f"ledger.{k}"), key="import_records_kind")
upload = st.file_uploader(state.tr("import.file"), type=["csv", "xlsx", "txt"], key="import_file")
if upload is None:
    st.info(state.tr("import.templates"))
    st.stop()

# one private folder per session, reused on every rerun
folder = Path(st.session_state.setdefault("import_folder", tempfile.mkdtemp(prefix="risk-import-")))
path = folder / Path(upload.name).name
path.write_bytes(upload.getvalue())
sheet = None
if path.suffix.lower() == ".xlsx":
    sheets = sheet_names(path)
    if len(sheets) > 1:
        sheet = st.selectbox(state.tr("import.sheet"), sheets, key="import_sheet")

ledger_kind = from_records or kind
fields = LEDGERS[ledger_kind]
try:
    seen = inspect_file(db, ledger_kind, path, display_name=upload.name, sheet=sheet,
                        max_bytes=data.setting("max_upload_mb") * 2**20)
except FileProblem as problem:
    st.error(state.tr("import.file_problem", file=upload.name, reason=state.tr(problem.key, **problem.values)))
    st.stop()

st.subheader(state.tr("import.preview", rows=seen.rows))
st.dataframe(seen.preview, hide_index=True, width="stretch")

st.subheader(state.tr("import.columns"))
st.caption(state.tr("import.columns.caption"))
mapping = Mapping()
choices = [None, *[h for h in seen.headers if h]]
cells = st.columns(3)
for index, f in enumerate(fields):
    current = seen.matched.get(f.name)
    marker = " *" if f.required else ""
    chosen = cells[index % 3].selectbox(
        f"{f.name}{marker}", choices, index=choices.index(current) if current in choices else 0,
        format_func=lambda h: state.tr("import.no_column") if h is None else h, key=f"map_{ledger_kind}_{f.name}")
    if chosen is not None and chosen != current:
        mapping.columns[f.name] = chosen
    if chosen is None and f.required and f.vocabulary is not None:
        constant = cells[index % 3].selectbox(state.tr("import.same_for_all", field=f.name), [None, *f.vocabulary],
                                              format_func=lambda k: "—" if k is None else label(f.vocabulary, k, lang),
                                              key=f"const_{ledger_kind}_{f.name}")
        if constant:
            mapping.constants[f.name] = constant

if mapping.columns or mapping.constants:
    seen = inspect_file(db, ledger_kind, path, mapping=mapping, display_name=upload.name, sheet=sheet)
if seen.unknown_values:
    st.subheader(state.tr("import.values"))
    st.caption(state.tr("import.values.caption"))
    for name, values in seen.unknown_values.items():
        vocabulary = next(f.vocabulary for f in fields if f.name == name)
        keys = sorted(set(vocabulary_labels(vocabulary).values())) if vocabulary else ["1", "2", "3", "4"]
        with st.expander(f"{name}: {len(values)}", expanded=True):
            for value in values:
                target = st.selectbox(value, [None, *keys], key=f"value_{ledger_kind}_{name}_{value}",
                                      format_func=lambda k: "—" if k is None else
                                      (label(vocabulary, k, lang) if vocabulary else k))
                if target:
                    mapping.values.setdefault(name, {})[value] = target

if mapping.columns or mapping.constants or mapping.values:
    st.download_button(state.tr("import.save_mapping"), mapping.to_toml().encode("utf-8"),
                       file_name=f"{Path(upload.name).stem}.mapping.toml", mime="application/toml",
                       key="save_mapping", icon=":material/save:")
if seen.ignored:
    st.caption(state.tr("import.ignored", columns=", ".join(seen.ignored)))

skip_invalid = st.checkbox(state.tr("import.skip_invalid"), key="import_skip_invalid")
if st.button(state.tr("import.run"), type="primary", key="import_run", icon=":material/upload:"):
    bar = st.progress(0.0, text=state.tr("import.progress"))
    try:
        result = import_file(db, user, kind, path, mapping=mapping, skip_invalid=skip_invalid, lang=lang,
                             display_name=upload.name, sheet=sheet, from_records=from_records,
                             progress=lambda share, step: bar.progress(share, text=state.tr(f"import.step.{step}")))
    except ImportRejected as rejected:
        bar.empty()
        errors = rejected.result.errors
        st.error(state.tr("import.rejected", file=upload.name, count=len(errors)))
        table = [{state.tr("col.row"): e.get("row"), state.tr("col.column"): e.get("column"),
                  state.tr("col.reason"): e["reason"]} for e in errors]
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.success(state.tr("cli.import.done", file=upload.name, read=result.rows_read,
                            imported=result.rows_imported, updated=result.rows_updated,
                            unchanged=result.rows_unchanged, rejected=result.rows_rejected))
        if result.rejects is not None:
            st.download_button(state.tr("import.rejects"), exports.to_csv_bytes(result.rejects),
                               file_name=f"{upload.name}.rejects.csv", mime="text/csv", key="rejects_csv",
                               icon=":material/download:")
