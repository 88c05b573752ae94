"""Re-import conflicts: a risks ledger that contradicts what the office recorded in the product.

Once the office acts on a risk item in the product (``analytics.lifecycle``), the product keeps its lifecycle
(state, unit, leader, handler, dates). A re-imported ledger row that says otherwise is not applied: each
differing field is kept here (file, row, field, both values) and shown to the clerk, who settles it: keep the
product's record, or take the ledger's value where that is not a step of the lifecycle (a state or a 销号 date
changes only through the steps, with their sign-off).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from .. import audit
from ..db import Database
from ..problems import Problem
from ..roles import User, require
from .write import LIFECYCLE_FIELDS

SETTLED_AS = ("product", "ledger")
STEPS_ONLY = ("status", "resolved_date")  # changed only by the lifecycle's steps, never by a ledger


class ConflictRefused(Problem):
    """A settlement that cannot be made (unknown or settled conflict, a field only the steps change)."""


def record(db: Database, user: User, file: str) -> list[dict]:
    """Keep the conflicts the write found (``_conflicts``, inside the import's transaction); return those still to
    settle, as the import reports them. A conflict already open for the same item, field and values is not kept
    twice, and one the clerk settled by keeping the product's record does not come back with the same file."""
    found = db.query("SELECT row_number, matter_id, field, ledger_value, product_value FROM _conflicts ORDER BY 1, 3")
    now = datetime.now()
    reported = []
    for row in found.itertuples(index=False):
        known = db.rows(
            "SELECT settled_at IS NULL FROM ledger_conflicts WHERE matter_id = ? AND field = ? "
            "AND ledger_value IS NOT DISTINCT FROM ? AND product_value IS NOT DISTINCT FROM ? "
            "AND (settled_at IS NULL OR settled_as = 'product')",
            [row.matter_id, row.field, row.ledger_value, row.product_value],
        )
        if known and not any(still_open for (still_open,) in known):
            continue  # settled before: keep the product's record, say nothing
        if not known:
            db.execute(
                "INSERT INTO ledger_conflicts (found_at, username, file, row_number, matter_id, field, "
                "ledger_value, product_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    now,
                    user.username,
                    file,
                    int(row.row_number),
                    row.matter_id,
                    row.field,
                    row.ledger_value,
                    row.product_value,
                ],
            )
        reported.append(
            {
                "row": int(row.row_number),
                "matter_id": row.matter_id,
                "field": row.field,
                "ledger": row.ledger_value,
                "product": row.product_value,
            }
        )
    return reported


def field_label(field: str, lang: str) -> str:
    """The column as the risks ledger's header names it (Chinese) or by its contract name (English)."""
    from .formats import LEDGERS

    headers = {f.name: f.headers[0] for f in LEDGERS["risks"]}
    return headers.get(field, field) if lang == "zh" else field


def value_label(field: str, value: str | None, lang: str) -> str:
    """A state in words; other values as the ledger and the product hold them; missing as a dash."""
    from ..taxonomy import RISK_STATUSES, label

    if value is None or value == "":
        return "—"
    return label(RISK_STATUSES, value, lang) if field == "status" and value in RISK_STATUSES else str(value)


def said(conflict: dict, lang: str) -> str:
    """One line for the clerk: row, matter, column, the ledger's value and the product's."""
    from ..i18n import t

    return t(
        "conflict.line",
        lang,
        row=conflict["row"],
        matter=conflict["matter_id"],
        column=field_label(conflict["field"], lang),
        ledger=value_label(conflict["field"], conflict["ledger"], lang),
        product=value_label(conflict["field"], conflict["product"], lang),
    )


def open_conflicts(db: Database) -> pd.DataFrame:
    """Conflicts not yet settled, newest first."""
    return db.query(
        "SELECT conflict_id, found_at, file, row_number, matter_id, field, ledger_value, product_value "
        "FROM ledger_conflicts WHERE settled_at IS NULL ORDER BY found_at DESC, conflict_id"
    )


def settle(db: Database, user: User, conflict_id: int, settled_as: str) -> None:
    """Keep the product's value (``product``) or take the ledger's (``ledger``, not for a state or 销号 date)."""
    require(user, "import_ledgers")
    if settled_as not in SETTLED_AS:
        raise ValueError(f"unknown settlement {settled_as!r}")
    rows = db.rows(
        "SELECT matter_id, field, ledger_value, product_value FROM ledger_conflicts "
        "WHERE conflict_id = ? AND settled_at IS NULL",
        [conflict_id],
    )
    if not rows:
        raise ConflictRefused("conflict.unknown", conflict=conflict_id)
    matter_id, field, ledger_value, product_value = rows[0]
    if field not in LIFECYCLE_FIELDS:
        raise ValueError(f"unknown field {field!r}")
    if settled_as == "ledger" and field in STEPS_ONLY:
        raise ConflictRefused("conflict.steps_only", matter=matter_id)
    with db.transaction():
        if settled_as == "ledger":  # the field's name comes from the fixed list above
            db.execute(f"UPDATE risk_items SET {field} = ? WHERE matter_id = ?", [ledger_value, matter_id])
            db.execute(
                "INSERT INTO record_history VALUES ('risks', ?, current_timestamp, ?, ?, ?)",
                [matter_id, field, product_value, ledger_value],
            )
        db.execute(
            "UPDATE ledger_conflicts SET settled_at = ?, settled_by = ?, settled_as = ? WHERE conflict_id = ?",
            [datetime.now(), user.username, settled_as, conflict_id],
        )
        audit.record(
            db,
            user.username,
            "conflict_settled",
            matter_id,
            {"field": field, "settled_as": settled_as, "old": product_value, "new": ledger_value},
        )
        db.bump_data_version()
