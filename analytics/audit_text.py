"""The audit log as a person reads it: actions in words, details as "what: value" in the reader's language.

The log itself keeps codes and JSON (stable, searchable, exported as they
are for auditors); the page shows them through here, so that no code or raw
JSON reaches a Chinese page.
"""

from __future__ import annotations

import json

from .i18n import TEXT, t
from .taxonomy import GRADES, label

# detail values that are codes of a known vocabulary: key -> translation key prefix
CODED = {
    "role": "role.",
    "kind": "ledger.",
    "action": "audit.review.",
    "reason": "audit.reason.",
    "step": "risk.act.",  # a step of a 风险隐患's lifecycle
    "state_from": "risk.state.",
    "state_to": "risk.state.",
    "settled_as": "conflict.as.",
}


def action_text(action: str, lang: str) -> str:
    return t(f"audit.act.{action}", lang)


def detail_text(detail: str | dict | None, lang: str, action: str | None = None) -> str:
    """'台账类型：信访台账；读取行数：2；…' from a stored detail.

    ``action`` tells an import's new rows from a setting's new value."""
    if detail is None or detail == "" or (isinstance(detail, float) and detail != detail):  # missing or NaN
        return ""
    values = json.loads(detail) if isinstance(detail, str) else detail
    if not isinstance(values, dict):
        return str(values)
    colon, semicolon = ("：", "；") if lang == "zh" else (": ", "; ")
    rows = action in ("import", "record_entered")
    return semicolon.join(
        f"{_key('new_rows' if rows and k == 'new' else k, lang)}{colon}{_value(k, v, lang)}" for k, v in values.items()
    )


def _key(key: str, lang: str) -> str:
    return t(f"audit.key.{key}", lang) if f"audit.key.{key}" in TEXT else key


def _value(key: str, value, lang: str) -> str:
    if isinstance(value, bool):
        return t("forecast.yes" if value else "forecast.no", lang)
    if isinstance(value, list):  # [before, after]
        return " → ".join(_value(key, v, lang) for v in value)
    if value is None:
        return "—"
    if key == "grade" and value in GRADES:
        return label(GRADES, value, lang)
    prefix = CODED.get(key)
    if prefix and isinstance(value, str):
        code = value.replace(" ", "_")
        if f"{prefix}{code}" in TEXT:
            return t(f"{prefix}{code}", lang)
    return str(value)
