"""Tables as a reader sees them: chosen columns headed in the reader's language, codes shown as words.

``shown(frame, petition_id="petition", category="category", …)`` keeps the named columns of ``frame`` in that
order, heads each with the translation of ``col.<key>``, shows a vocabulary's labels where the key names one
(category, channel, level, status, grade, source, risk status, satisfaction) and leaves no empty cell as
"None". One helper for every page's tables, instead of ``tr("col.…")`` at each column.
"""

from __future__ import annotations

import pandas as pd

from analytics.taxonomy import (
    CATEGORIES,
    CHANNELS,
    GRADES,
    LEVELS,
    PETITION_STATUSES,
    RISK_SOURCES,
    RISK_STATUSES,
    SATISFACTION,
    label,
)

from . import state

VOCABULARIES = {
    "category": CATEGORIES,
    "channel": CHANNELS,
    "level": LEVELS,
    "status": PETITION_STATUSES,
    "grade": GRADES,
    "source": RISK_SOURCES,
    "risk_status": RISK_STATUSES,
    "satisfaction": SATISFACTION,
}


def heading(key: str) -> str:
    """A column's heading: the translation of ``col.<key>``."""
    return state.tr(f"col.{key}")


def shown(frame: pd.DataFrame, **columns: str) -> pd.DataFrame:
    """``frame``'s columns named by the keywords (frame column = heading key), headed and labelled."""
    lang = state.lang()
    table = {}
    for column, key in columns.items():
        values = frame[column]
        if key in VOCABULARIES:
            values = values.map(
                lambda code, v=VOCABULARIES[key]: "" if code is None or code != code else label(v, code, lang)
            )
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            values = values.fillna("")
        table[heading(key)] = values
    return pd.DataFrame(table, index=frame.index)


def petitions(frame: pd.DataFrame) -> pd.DataFrame:
    """Petitions as every page lists them (a heatmap cell's records, an alert's evidence)."""
    return shown(
        frame,
        petition_id="petition",
        received_date="date",
        community="community",
        group="group",
        category="category",
        channel="channel",
        level="level",
        people_count="people",
        status="status",
        summary="text",
    )


def listed(vocabulary, keys) -> str:
    """Several codes of one vocabulary as words in a sentence: 市、省、进京 · city, province, national."""
    words = [label(vocabulary, key, state.lang()) for key in keys]
    return "、".join(words) if state.lang() == "zh" else ", ".join(words)
