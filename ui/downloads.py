"""Download buttons for a chart's or table's data: CSV and Excel, made only when clicked (a city's tables are
large), each download logged in the audit log."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics import exports

from . import data, state

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_and_excel(frame: pd.DataFrame, name: str, start: date, end: date, user, key: str | None = None) -> None:
    key = key or name
    stem = f"{name}-{start.isoformat()}-{end.isoformat()}"
    left, right = st.columns(2)
    logged = {"on_click": exports.record_download, "args": (data.database(), user, name, len(frame))}
    left.download_button(
        state.tr("download.csv"),
        lambda: exports.to_csv_bytes(frame),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        **logged,
    )
    right.download_button(
        state.tr("download.xlsx"),
        lambda: exports.to_xlsx_bytes({name: frame}),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key=f"{key}_xlsx",
        icon=":material/download:",
        **logged,
    )
