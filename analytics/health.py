"""Self-check of a database: schema version, references between tables, values within their vocabularies.

Each problem comes back in plain words with how many rows it concerns, so
that an office can tell what is wrong without reading SQL.
"""

from __future__ import annotations

from .db import Database
from .i18n import t
from .roles import ROLES
from .schema import SCHEMA_VERSION
from .taxonomy import CATEGORIES, CHANNELS, FINDINGS, LEVELS, PETITION_STATUSES, RISK_STATUSES

# (problem key, SQL counting the rows that have it); all identifiers are fixed here.
CHECKS = (
    ("check.petition_community", "SELECT count(*) FROM petitions AS p ANTI JOIN communities AS c USING (community_id)"),
    (
        "check.petition_group",
        "SELECT count(*) FROM petitions AS p WHERE group_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM groups AS g WHERE g.group_id = p.group_id AND g.community_id = p.community_id)",
    ),
    (
        "check.screening_group",
        "SELECT count(*) FROM screenings AS s WHERE NOT EXISTS (SELECT 1 FROM groups AS g "
        "WHERE g.group_id = s.group_id AND g.community_id = s.community_id)",
    ),
    ("check.risk_community", "SELECT count(*) FROM risk_items AS r ANTI JOIN communities AS c USING (community_id)"),
    ("check.group_community", "SELECT count(*) FROM groups AS g ANTI JOIN communities AS c USING (community_id)"),
    (
        "check.neighbor",
        "SELECT count(*) FROM group_neighbors AS n WHERE NOT EXISTS (SELECT 1 FROM groups AS g "
        "WHERE g.group_id = n.group_id) OR NOT EXISTS (SELECT 1 FROM groups AS g WHERE g.group_id = n.neighbor_id)",
    ),
    ("check.alert_orphan", "SELECT count(*) FROM alert_groups AS a ANTI JOIN alerts AS x USING (alert_id)"),
    (
        "check.alert_community",
        "SELECT count(*) FROM alerts AS a WHERE community_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM communities AS c WHERE c.community_id = a.community_id)",
    ),
    ("check.resolved_before", "SELECT count(*) FROM petitions WHERE resolved_date < received_date"),
    (
        "check.petition_vocab",
        "SELECT count(*) FROM petitions WHERE NOT list_contains($categories, category) "
        "OR NOT list_contains($channels, channel) OR NOT list_contains($levels, level) "
        "OR NOT list_contains($statuses, status)",
    ),
    ("check.screening_vocab", "SELECT count(*) FROM screenings WHERE NOT list_contains($findings, finding)"),
    (
        "check.risk_vocab",
        "SELECT count(*) FROM risk_items WHERE NOT list_contains($categories, category) "
        "OR NOT list_contains($risk_statuses, status)",
    ),
    ("check.account_role", "SELECT count(*) FROM accounts WHERE NOT list_contains($roles, role)"),
)
VOCABULARIES = {
    "categories": list(CATEGORIES),
    "channels": list(CHANNELS),
    "levels": list(LEVELS),
    "statuses": list(PETITION_STATUSES),
    "findings": list(FINDINGS),
    "risk_statuses": list(RISK_STATUSES),
    "roles": list(ROLES),
}


def check(db: Database, lang: str = "zh") -> dict:
    """{"healthy", "schema_version", "expected_schema_version", "problems": [{"check", "rows", "message"}]}."""
    problems = []
    version = db.schema_version()
    if version != SCHEMA_VERSION:
        problems.append(
            {
                "check": "check.schema",
                "rows": 0,
                "message": t("check.schema", lang, found=version, expected=SCHEMA_VERSION),
            }
        )
    for key, sql in CHECKS:
        params = {name: values for name, values in VOCABULARIES.items() if f"${name}" in sql}
        rows = int(db.scalar(sql, params or None))
        if rows:
            problems.append({"check": key, "rows": rows, "message": t(key, lang, rows=rows)})
    if version >= 15:  # the audit log against its seals (rows logged since the last seal are sealed first)
        from . import audit

        audit.seal(db)
        for how in ("changed", "removed"):
            events = [b["event_id"] for b in audit.broken_seals(db) if b["how"] == how]
            if events:
                key = f"check.audit_{how}"
                shown = ", ".join(str(e) for e in events[:20]) + (" …" if len(events) > 20 else "")
                message = t(key, lang, rows=len(events), events=shown)
                problems.append({"check": key, "rows": len(events), "message": message})
    return {
        "healthy": not problems,
        "schema_version": version,
        "expected_schema_version": SCHEMA_VERSION,
        "problems": problems,
    }
