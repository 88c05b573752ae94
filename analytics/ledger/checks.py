"""Parsing and checking staged rows in DuckDB SQL: typed values and every error, row by column.

One pass builds ``_typed`` (text and parsed value of every field) and one
builds ``_errors`` (row, field, reason key, value): no Python loop per row.
"""

from __future__ import annotations

from ..db import Database
from .formats import ID_FIELD, LEDGERS, SEVERITY_LABELS, vocabulary_labels
from .mapping import Mapping

DATE_RE = (
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$"
)
INT_RE = r"^[+-]?\d{1,9}(\.0+)?$"
MAX_TEXT = 4000  # characters in a free-text cell
MAX_NAME = 200  # characters in an id or a name
MAX_EXTENSION_DAYS = 30  # 信访工作条例: the 60 days may be extended once, by up to 30

# A petition's dates in the order its case passes them (ledger-format.md): each given date must not be
# earlier than the last one given before it.
STAGE_DATES = (
    "received_date",
    "accepted_date",
    "answered_date",
    "review_requested_date",
    "review_date",
    "recheck_requested_date",
    "recheck_date",
)
# dates that only follow registration
AFTER_RECEIVED = ("forwarded_date", "follow_up_date")
# a stage needs the date that put the case there
STATUS_NEEDS = {
    "forwarded": "forwarded_date",
    "answered": "answered_date",
    "under_review": "review_requested_date",
    "under_recheck": "recheck_requested_date",
    "concluded": "recheck_date",
}
# a stage contradicts a date of a later stage
STATUS_BEFORE = {
    "registered": (
        "accepted_date",
        "answered_date",
        "review_requested_date",
        "recheck_requested_date",
        "resolved_date",
    ),
    "forwarded": ("answered_date", "review_requested_date", "recheck_requested_date"),
    "accepted": ("review_requested_date", "recheck_requested_date"),
    "in_progress": ("review_requested_date", "recheck_requested_date"),
    "under_review": ("recheck_requested_date",),
    "rejected": ("accepted_date", "review_requested_date", "recheck_requested_date"),
}


def _date(column: str) -> str:
    digits = f"regexp_extract_all({column}, '\\d+')"
    return (
        f"CASE WHEN regexp_matches({column}, '{DATE_RE}') THEN try(make_date("
        f"CAST({digits}[1] AS INTEGER), CAST({digits}[2] AS INTEGER), CAST({digits}[3] AS INTEGER))) END"
    )


def _int(column: str) -> str:
    return f"CASE WHEN regexp_matches({column}, '{INT_RE}') THEN CAST(CAST({column} AS DOUBLE) AS INTEGER) END"


def load_vocabularies(db: Database, kind: str, mapping: Mapping) -> None:
    """_vocab(field, label, key): every accepted spelling, with the mapping's source values first."""
    rows = {}
    for f in LEDGERS[kind]:
        if f.vocabulary is not None:
            for label, key in vocabulary_labels(f.vocabulary).items():
                rows[(f.name, label)] = key
        if f.kind == "severity":
            for label, number in SEVERITY_LABELS.items():
                rows[(f.name, label.lower())] = str(number)
        for source, key in mapping.values.get(f.name, {}).items():
            rows[(f.name, source.strip().lower())] = key
    db.execute("DROP TABLE IF EXISTS _vocab")
    db.execute("CREATE TEMP TABLE _vocab (field VARCHAR, label VARCHAR, key VARCHAR)")
    if rows:
        import pandas as pd

        frame = pd.DataFrame([(f, label, key) for (f, label), key in rows.items()], columns=["field", "label", "key"])
        db.register("_vocab_in", frame)
        try:
            db.execute("INSERT INTO _vocab SELECT field, label, key FROM _vocab_in")
        finally:
            db.unregister("_vocab_in")


def build_typed(db: Database, kind: str, conclude_days: int) -> None:
    """_typed: the staged text plus a parsed value ``v_<field>`` for each field."""
    selects, joins = ["s.*"], []
    for f in LEDGERS[kind]:
        column = f's."{f.name}"'
        if f.kind == "date":
            selects.append(f'{_date(column)} AS "v_{f.name}"')
        elif f.kind in ("people", "count", "level13", "extension"):
            selects.append(f'{_int(column)} AS "v_{f.name}"')
        elif f.kind in ("vocab", "severity"):
            alias = f"voc_{f.name}"
            joins.append(
                f"LEFT JOIN _vocab AS {alias} ON {alias}.field = '{f.name}' AND {alias}.label = lower({column})"
            )
            value = f"{alias}.key" if f.kind == "vocab" else f"CAST({alias}.key AS TINYINT)"
            selects.append(f'{value} AS "v_{f.name}"')
        elif f.kind == "community":
            joins.append("LEFT JOIN communities AS com ON com.name = s.community")
            selects.append('com.community_id AS "v_community"')
        elif f.kind == "group":
            joins.append('LEFT JOIN groups AS grp ON grp.community_id = com.community_id AND grp.name = s."group"')
            selects.append('grp.group_id AS "v_group"')
        else:
            selects.append(f'{column} AS "v_{f.name}"')
    # Ids seen more than once: a small table, cheaper than a window over every row.
    keys = {"areas": 's.community, s."group"'}.get(kind) or (f's."{ID_FIELD[kind]}"' if kind in ID_FIELD else None)
    if keys:
        on = " AND ".join(f"d.{k.split('.', 1)[1]} = {k}" for k in keys.split(", "))
        db.execute("DROP TABLE IF EXISTS _dups")
        db.execute(
            f"CREATE TEMP TABLE _dups AS SELECT {keys.replace('s.', '')}, min(_row) AS first_row "
            f"FROM _stage AS s GROUP BY ALL HAVING count(*) > 1"
        )
        joins.append(f"LEFT JOIN _dups AS d ON {on}")
        selects.append("coalesce(d.first_row, s._row) AS _first_row")
    db.execute("DROP TABLE IF EXISTS _typed")
    db.execute(f"CREATE TEMP TABLE _typed AS SELECT {', '.join(selects)} FROM _stage AS s {' '.join(joins)}")
    if (
        kind == "petitions"
    ):  # 信访工作条例: answer within 60 days of 受理 (plus the extension) unless a deadline is given
        db.execute(
            "UPDATE _typed SET v_due_date = coalesce(v_accepted_date, v_received_date) + CAST($days AS INTEGER) "
            "+ coalesce(CASE WHEN v_extended_days BETWEEN 0 AND $most THEN v_extended_days END, 0) "
            "WHERE v_due_date IS NULL AND due_date IS NULL",
            {"days": conclude_days, "most": MAX_EXTENSION_DAYS},
        )


def _rules(kind: str) -> list[tuple[str, ...]]:
    """(field, reason key, SQL condition on _typed[, SQL naming the other field involved, SQL of its value])
    for every check of this ledger."""
    rules = []
    for f in LEDGERS[kind]:
        text, value = f'"{f.name}"', f'"v_{f.name}"'
        if f.required:
            rules.append((f.name, "required", f"{text} IS NULL"))
        check = {
            "date": "date",
            "people": "people",
            "count": "count",
            "vocab": "vocab",
            "severity": "severity",
            "level13": "level13",
            "extension": "extension",
            "community": "community_unknown",
        }.get(f.kind)
        if check:
            rules.append((f.name, check, f"{text} IS NOT NULL AND {value} IS NULL"))
        if f.kind == "people":
            rules.append((f.name, "people", f"{value} < 1"))
        if f.kind == "count":
            rules.append((f.name, "count", f"{value} < 0"))
        if f.kind == "level13":
            rules.append((f.name, "level13", f"{value} NOT BETWEEN 1 AND 3"))
        if f.kind == "extension":
            rules.append((f.name, "extension", f"{value} NOT BETWEEN 0 AND {MAX_EXTENSION_DAYS}"))
        if f.kind == "group":
            rules.append(
                (f.name, "group_unknown", f'{text} IS NOT NULL AND "v_community" IS NOT NULL AND {value} IS NULL')
            )
        limit = MAX_TEXT if f.kind == "text" else MAX_NAME
        rules.append((f.name, "too_long", f"length({text}) > {limit}"))
    id_field = ID_FIELD.get(kind)
    if id_field:
        rules.append((id_field, "duplicate", f'"{id_field}" IS NOT NULL AND _row <> _first_row'))
    if kind == "petitions":
        rules.append(("resolved_date", "resolved_needs_date", "v_status = 'resolved' AND v_resolved_date IS NULL"))
        rules.append(("resolved_date", "resolved_before_received", "v_resolved_date < v_received_date"))
        rules.extend(_stage_rules())
    if kind == "risks":
        rules.append(("resolved_date", "resolved_before_identified", "v_resolved_date < v_identified_date"))
    if kind == "calendar":
        rules.append(("end", "end_before_start", "v_end < v_start"))
    if kind == "areas":
        rules.append(("group", "duplicate", '"group" IS NOT NULL AND _row <> _first_row'))
        rules.append(
            (
                "neighbors",
                "neighbor_unknown",
                "neighbors IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(regexp_split_to_array(neighbors, "
                "'[;；,，、]')) AS n(name) WHERE trim(n.name) <> '' AND trim(n.name) NOT IN "
                '(SELECT s2."group" FROM _stage AS s2 WHERE s2.community = _typed.community))',
            )
        )
    return rules


def _first_given(fields: tuple[str, ...]) -> tuple[str, str]:
    """SQL naming the first of ``fields`` given in a row, and SQL giving its value as written."""
    name = "CASE " + " ".join(f"WHEN v_{f} IS NOT NULL THEN '{f}'" for f in fields) + " END"
    value = "CASE " + " ".join(f'WHEN v_{f} IS NOT NULL THEN CAST("{f}" AS VARCHAR)' for f in fields) + " END"
    return name, value


def _stage_rules() -> list[tuple[str, ...]]:
    """A petition's case stages: dates in order, and a status that agrees with its dates (信访工作条例)."""
    rules = []
    for i, name in enumerate(STAGE_DATES[1:], start=1):
        earlier = STAGE_DATES[:i][::-1]  # the nearest earlier date given is the one to compare with
        condition = f"v_{name} < coalesce({', '.join(f'v_{e}' for e in earlier)})"
        rules.append((name, "date_order", condition, *_first_given(earlier)))
    for name in AFTER_RECEIVED:
        rules.append((name, "date_order", f"v_{name} < v_received_date", *_first_given(("received_date",))))
    for status, needed in STATUS_NEEDS.items():
        rules.append(
            (needed, "status_needs_date", f"v_status = '{status}' AND v_{needed} IS NULL", "'status'", "status")
        )
    for status, later in STATUS_BEFORE.items():
        other, other_value = _first_given(later)
        rules.append(
            ("status", "status_contradicts", f"v_status = '{status}' AND {other} IS NOT NULL", other, other_value)
        )
    return rules


def find_errors(db: Database, kind: str) -> None:
    """_errors(_row, field, reason, value, first_row, other, other_value), one row per problem found; ``other``
    names the field the value disagrees with (an earlier date, the status) and ``other_value`` its value."""
    parts = []
    for name, reason, condition, *other in _rules(kind):
        other_name, other_value = other or ("CAST(NULL AS VARCHAR)", "CAST(NULL AS VARCHAR)")
        parts.append(
            f"SELECT _row, '{name}' AS field, '{reason}' AS reason, CAST(\"{name}\" AS VARCHAR) AS value, "
            f"{'_first_row' if reason == 'duplicate' else 'CAST(NULL AS BIGINT)'} AS first_row, "
            f"{other_name} AS other, {other_value} AS other_value "
            f"FROM _typed WHERE {condition}"
        )
    db.execute("DROP TABLE IF EXISTS _errors")
    db.execute(f"CREATE TEMP TABLE _errors AS {' UNION ALL '.join(parts)}")
