"""Writing checked rows: pseudonymise, insert the new, update the changed (keeping history).

Runs inside the importer's transaction. Valid rows are those of ``_typed``
without an entry in ``_errors``. Identifiers come from the fixed lists below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..db import Database
from ..privacy import DIGITS, PREFIX, hmac_pads, mask_personal
from .formats import LEDGERS

# target table, id column, (target column, expression over _typed AS t) for each column
TARGETS = {
    "petitions": (
        "petitions",
        "petition_id",
        (
            ("petition_id", "t.petition_id"),
            ("received_date", "t.v_received_date"),
            ("channel", "t.v_channel"),
            ("community_id", "t.v_community"),
            ("group_id", "t.v_group"),
            ("petitioner", "p_petitioner.pseudo"),
            ("people_count", "t.v_people_count"),
            ("category", "t.v_category"),
            ("level", "t.v_level"),
            ("matter_id", "t.matter_id"),
            ("summary", "t.summary"),
            ("status", "t.v_status"),
            ("due_date", "t.v_due_date"),
            ("resolved_date", "t.v_resolved_date"),
            ("responsible_unit", "t.responsible_unit"),
            ("satisfaction", "t.v_satisfaction"),
            ("petition_kind", "t.v_kind"),
            ("accepted_date", "t.v_accepted_date"),
            ("forwarded_date", "t.v_forwarded_date"),
            ("answered_date", "t.v_answered_date"),
            ("extended_days", "t.v_extended_days"),
            ("review_requested_date", "t.v_review_requested_date"),
            ("review_date", "t.v_review_date"),
            ("recheck_requested_date", "t.v_recheck_requested_date"),
            ("recheck_date", "t.v_recheck_date"),
            ("follow_up_date", "t.v_follow_up_date"),
            ("first_handler", "t.first_handler"),
        ),
    ),
    "screenings": (
        "screenings",
        "screening_id",
        (
            ("screening_id", "t.screening_id"),
            ("visit_date", "t.v_visit_date"),
            ("community_id", "t.v_community"),
            ("group_id", "t.v_group"),
            ("household", "p_household.pseudo"),
            ("visitor", "p_visitor.pseudo"),
            ("finding", "t.v_finding"),
            ("severity", "t.v_severity"),
            ("campaign", "t.campaign"),
            ("people_affected", "t.v_people_affected"),
            ("description", "t.description"),
            ("matter_id", "t.matter_id"),
        ),
    ),
    "risks": (
        "risk_items",
        "matter_id",
        (
            ("matter_id", "t.matter_id"),
            ("identified_date", "t.v_identified_date"),
            ("source", "t.v_source"),
            ("community_id", "t.v_community"),
            ("group_id", "t.v_group"),
            ("category", "t.v_category"),
            ("people_involved", "t.v_people_involved"),
            ("responsible_unit", "t.responsible_unit"),
            ("leader", "t.leader"),
            ("handler", "t.handler"),
            ("assigned_date", "t.v_assigned_date"),
            ("status", "t.v_status"),
            ("due_date", "t.v_due_date"),
            ("resolved_date", "t.v_resolved_date"),
            ("description", "t.description"),
        ),
    ),
}
VALID = "t._row NOT IN (SELECT _row FROM _errors)"


@dataclass
class Written:
    new: int = 0
    changed: int = 0
    unchanged: int = 0


FREE_TEXT = ("summary", "description")  # typed by people: may hold a number or a door that names someone


def mask_free_text(db: Database, kind: str) -> dict[str, int]:
    """Mask ID-card numbers, phone numbers and room numbers inside the free text of ``_typed`` (privacy.
    mask_personal); how many of each, counted per record."""
    counts: dict[str, int] = {}
    present = {f.name for f in LEDGERS[kind]}
    for name in (n for n in FREE_TEXT if n in present):
        masks = []
        for raw, rows in db.rows(f'SELECT "{name}", count(*) FROM _typed WHERE "{name}" IS NOT NULL GROUP BY 1'):
            masked, found = mask_personal(raw)
            if found:
                masks.append((raw, masked))
                for what, n in found.items():
                    counts[what] = counts.get(what, 0) + n * int(rows)
        if masks:
            db.register("_masks", pd.DataFrame(masks, columns=["raw", "masked"]))
            try:
                db.execute(f'UPDATE _typed SET "{name}" = m.masked FROM _masks AS m WHERE _typed."{name}" = m.raw')
            finally:
                db.unregister("_masks")
    return counts


def pseudonymise(db: Database, kind: str, key: bytes) -> None:
    """_pseudo(field, raw, pseudo) for every distinct personal value in the file.

    HMAC-SHA256 computed in DuckDB (in parallel), identical to privacy.pseudonym.
    """
    inner, outer = hmac_pads(key)
    parts = [
        f'SELECT DISTINCT \'{f.name}\' AS field, "{f.name}" AS raw FROM _typed WHERE "{f.name}" IS NOT NULL'
        for f in LEDGERS[kind]
        if f.kind == "personal"
    ]
    db.execute("DROP TABLE IF EXISTS _pseudo")
    if not parts:  # a ledger without personal fields (risk items)
        return
    db.execute(
        f"CREATE TEMP TABLE _pseudo AS SELECT field, raw, $prefix || left(sha256($outer || unhex(sha256($inner || "
        f"encode(raw)))), $digits) AS pseudo FROM ({' UNION ALL '.join(parts)})",
        {"prefix": PREFIX, "outer": outer, "inner": inner, "digits": DIGITS},
    )


def write_records(db: Database, kind: str) -> Written:
    table, id_column, columns = TARGETS[kind]
    joins = " ".join(
        f"LEFT JOIN _pseudo AS p_{f.name} ON p_{f.name}.field = '{f.name}' AND p_{f.name}.raw = t.\"{f.name}\""
        for f in LEDGERS[kind]
        if f.kind == "personal"
    )
    names = [name for name, _ in columns]
    select = ", ".join(f"{expression} AS {name}" for name, expression in columns)
    db.execute("DROP TABLE IF EXISTS _ready")
    db.execute(f"CREATE TEMP TABLE _ready AS SELECT {select}, t._row AS _row FROM _typed AS t {joins} WHERE {VALID}")
    if kind == "risks":
        _keep_managed(db)
    same = " AND ".join(f"x.{n} IS NOT DISTINCT FROM r.{n}" for n in names)
    db.execute("DROP TABLE IF EXISTS _changed")
    db.execute(
        f"CREATE TEMP TABLE _changed AS SELECT r.* FROM _ready AS r JOIN {table} AS x USING ({id_column}) "
        f"WHERE NOT ({same})"
    )
    ready = int(db.scalar("SELECT count(*) FROM _ready"))
    changed = int(db.scalar("SELECT count(*) FROM _changed"))
    existing = int(db.scalar(f"SELECT count(*) FROM _ready AS r JOIN {table} AS x USING ({id_column})"))
    for name in names:
        if name == id_column:
            continue
        db.execute(
            f"INSERT INTO record_history SELECT $kind, r.{id_column}, current_timestamp, $field, "
            f"CAST(x.{name} AS VARCHAR), CAST(r.{name} AS VARCHAR) FROM _changed AS r "
            f"JOIN {table} AS x USING ({id_column}) WHERE x.{name} IS DISTINCT FROM r.{name}",
            {"kind": kind, "field": name},
        )
    if changed:
        assignments = ", ".join(f"{n} = r.{n}" for n in names if n != id_column)
        db.execute(f"UPDATE {table} SET {assignments} FROM _changed AS r WHERE {table}.{id_column} = r.{id_column}")
    db.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM _ready AS r "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS x WHERE x.{id_column} = r.{id_column})"
    )
    if "responsible_unit" in names:
        _register_units(db)
    return Written(new=ready - existing, changed=changed, unchanged=existing - changed)


# what the product keeps of a risk item once the office acts on it in the product (analytics.lifecycle)
LIFECYCLE_FIELDS = ("status", "responsible_unit", "leader", "handler", "assigned_date", "due_date", "resolved_date")


def _keep_managed(db: Database) -> None:
    """A re-import never undoes the office's work: for items handled in the product (``managed_since``), the
    product's lifecycle fields stay; where the ledger says otherwise, ``_conflicts`` (row, matter, field, both
    values) lists it for the clerk to settle. A field the ledger leaves empty is no conflict."""
    db.execute("DROP TABLE IF EXISTS _conflicts")
    db.execute(
        "CREATE TEMP TABLE _conflicts (row_number BIGINT, matter_id VARCHAR, field VARCHAR, ledger_value VARCHAR, "
        "product_value VARCHAR)"
    )
    for name in LIFECYCLE_FIELDS:  # names from the fixed list above
        db.execute(
            f"INSERT INTO _conflicts SELECT r._row, r.matter_id, '{name}', CAST(r.{name} AS VARCHAR), "
            f"CAST(x.{name} AS VARCHAR) FROM _ready AS r JOIN risk_items AS x USING (matter_id) "
            f"WHERE x.managed_since IS NOT NULL AND r.{name} IS NOT NULL AND r.{name} IS DISTINCT FROM x.{name}"
        )
    kept = ", ".join(f"{name} = x.{name}" for name in LIFECYCLE_FIELDS)
    db.execute(
        f"UPDATE _ready SET {kept} FROM risk_items AS x "
        f"WHERE x.matter_id = _ready.matter_id AND x.managed_since IS NOT NULL"
    )


def _register_units(db: Database) -> None:
    """Units a ledger names that the street's list lacks join it as handlers, so that the templates' drop-down,
    the review page's 交办 and the rankings know them from then on."""
    db.execute(
        "INSERT INTO responsible_units (unit_id, name, kind) "
        "SELECT (SELECT coalesce(max(unit_id), 0) FROM responsible_units) + row_number() OVER (ORDER BY name), "
        "name, 'handler' FROM (SELECT DISTINCT trim(responsible_unit) AS name FROM _ready "
        "WHERE nullif(trim(responsible_unit), '') IS NOT NULL) "
        "WHERE name NOT IN (SELECT name FROM responsible_units)"
    )


def write_calendar(db: Database) -> Written:
    db.execute("DROP TABLE IF EXISTS _ready")
    db.execute(
        f"CREATE TEMP TABLE _ready AS SELECT t.name, t.v_start AS start_date, t.v_end AS end_date, "
        f"CAST(t.v_level AS TINYINT) AS level FROM _typed AS t WHERE {VALID}"
    )
    counts = db.rows(
        "SELECT count(*) FILTER (WHERE c.period_id IS NULL), "
        "count(*) FILTER (WHERE c.period_id IS NOT NULL "
        "AND (c.end_date <> r.end_date OR c.level IS DISTINCT FROM r.level)), "
        "count(*) FILTER (WHERE c.period_id IS NOT NULL "
        "AND c.end_date = r.end_date AND c.level IS NOT DISTINCT FROM r.level) "
        "FROM _ready AS r LEFT JOIN calendar AS c ON c.name = r.name AND c.start_date = r.start_date"
    )[0]
    db.execute(
        "UPDATE calendar SET end_date = r.end_date, level = r.level FROM _ready AS r "
        "WHERE calendar.name = r.name AND calendar.start_date = r.start_date "
        "AND (calendar.end_date <> r.end_date OR calendar.level IS DISTINCT FROM r.level)"
    )
    db.execute(
        "INSERT INTO calendar SELECT (SELECT coalesce(max(period_id), 0) FROM calendar) + row_number() OVER (), "
        "r.name, r.start_date, r.end_date, r.level FROM _ready AS r WHERE NOT EXISTS "
        "(SELECT 1 FROM calendar AS c WHERE c.name = r.name AND c.start_date = r.start_date)"
    )
    return Written(*map(int, counts))


def write_areas(db: Database) -> Written:
    """Communities and groups by name; households and population updated when given; neighbours added."""
    db.execute("DROP TABLE IF EXISTS _ready")
    db.execute(
        f'CREATE TEMP TABLE _ready AS SELECT t.community, t."group", t.v_households AS households, '
        f"t.v_population AS population, t.neighbors FROM _typed AS t WHERE {VALID}"
    )
    db.execute(
        "INSERT INTO communities SELECT (SELECT coalesce(max(community_id), 0) FROM communities) "
        "+ row_number() OVER (ORDER BY min_row), community FROM (SELECT community, min(rowid) AS min_row "
        "FROM _ready GROUP BY community) AS n WHERE NOT EXISTS "
        "(SELECT 1 FROM communities AS c WHERE c.name = n.community)"
    )
    db.execute("DROP TABLE IF EXISTS _placed")
    db.execute(
        "CREATE TEMP TABLE _placed AS SELECT r.*, c.community_id, g.group_id, g.households AS old_households, "
        "g.population AS old_population FROM _ready AS r JOIN communities AS c ON c.name = r.community "
        'LEFT JOIN groups AS g ON g.community_id = c.community_id AND g.name = r."group"'
    )
    new, changed, unchanged = db.rows(
        "SELECT count(*) FILTER (WHERE group_id IS NULL), "
        "count(*) FILTER (WHERE group_id IS NOT NULL AND ((households IS NOT NULL AND households IS DISTINCT FROM "
        "old_households) OR (population IS NOT NULL AND population IS DISTINCT FROM old_population))), "
        "count(*) FILTER (WHERE group_id IS NOT NULL AND (households IS NULL OR households IS NOT DISTINCT FROM "
        "old_households) AND (population IS NULL OR population IS NOT DISTINCT FROM old_population)) FROM _placed"
    )[0]
    for column in ("households", "population"):
        db.execute(
            f"INSERT INTO record_history SELECT 'areas', CAST(group_id AS VARCHAR), current_timestamp, '{column}', "
            f"CAST(old_{column} AS VARCHAR), CAST({column} AS VARCHAR) FROM _placed "
            f"WHERE group_id IS NOT NULL AND {column} IS NOT NULL AND {column} IS DISTINCT FROM old_{column}"
        )
    db.execute(
        "UPDATE groups SET households = coalesce(p.households, groups.households), "
        "population = coalesce(p.population, groups.population) FROM _placed AS p "
        "WHERE groups.group_id = p.group_id AND ((p.households IS NOT NULL AND p.households IS DISTINCT FROM "
        "groups.households) OR (p.population IS NOT NULL AND p.population IS DISTINCT FROM groups.population))"
    )
    db.execute(
        "INSERT INTO groups SELECT (SELECT coalesce(max(group_id), 0) FROM groups) + row_number() OVER "
        '(ORDER BY rowid), community_id, "group", households, population FROM _placed WHERE group_id IS NULL'
    )
    db.execute(
        "INSERT INTO group_neighbors SELECT DISTINCT a.group_id, b.group_id FROM ("
        "SELECT community_id, \"group\", trim(unnest(regexp_split_to_array(neighbors, '[;；,，、]'))) AS neighbor "
        "FROM _placed WHERE neighbors IS NOT NULL) AS n "
        'JOIN groups AS a ON a.community_id = n.community_id AND a.name = n."group" '
        "JOIN groups AS b ON b.community_id = n.community_id AND b.name = n.neighbor "
        "WHERE n.neighbor <> '' AND a.group_id <> b.group_id "
        "AND NOT EXISTS (SELECT 1 FROM group_neighbors AS x "
        "WHERE x.group_id = a.group_id AND x.neighbor_id = b.group_id)"
    )
    db.execute(
        "INSERT INTO group_neighbors SELECT neighbor_id, group_id FROM group_neighbors AS n WHERE NOT EXISTS "
        "(SELECT 1 FROM group_neighbors AS x WHERE x.group_id = n.neighbor_id AND x.neighbor_id = n.group_id)"
    )
    return Written(int(new), int(changed), int(unchanged))
