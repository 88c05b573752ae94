"""A tiny street written row by row, for tests whose answers are worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

from analytics.db import Database

PETITION_COLUMNS = (
    "petition_id",
    "received_date",
    "channel",
    "community_id",
    "group_id",
    "petitioner",
    "people_count",
    "category",
    "level",
    "matter_id",
    "summary",
    "status",
    "due_date",
    "resolved_date",
    "responsible_unit",
    "satisfaction",
)


def tiny_street(path) -> Database:
    """Communities A (groups 10: 100 households, 11: 50) and B (group 20: 200)."""
    db = Database(path)
    db.execute("INSERT INTO communities VALUES (1, 'A社区'), (2, 'B社区')")
    db.execute(
        "INSERT INTO groups VALUES (10, 1, '一组', 100, 300), (11, 1, '二组', 50, 140), (20, 2, '一组', 200, 610)"
    )
    db.execute("INSERT INTO street_profile VALUES ('street', '测试街道')")
    return db


def add_petition(
    db: Database,
    petition_id: str,
    received: date,
    community_id: int,
    group_id: int | None,
    *,
    people: int = 1,
    level: str = "street",
    category: str = "utilities",
    status: str = "accepted",
    due: date | None = None,
    resolved: date | None = None,
    matter_id: str | None = None,
    petitioner: str = "P-000000000001",
    summary: str = "",
    channel: str = "visit",
    satisfaction: str | None = None,
) -> None:
    row = dict(
        petition_id=petition_id,
        received_date=received,
        channel=channel,
        community_id=community_id,
        group_id=group_id,
        petitioner=petitioner,
        people_count=people,
        category=category,
        level=level,
        matter_id=matter_id,
        summary=summary,
        status=status,
        due_date=due or received + timedelta(days=60),
        resolved_date=resolved,
        responsible_unit=None,
        satisfaction=satisfaction,
    )
    placeholders = ", ".join("?" for _ in PETITION_COLUMNS)
    db.execute(
        f"INSERT INTO petitions ({', '.join(PETITION_COLUMNS)}) VALUES ({placeholders})",
        [row[c] for c in PETITION_COLUMNS],
    )


def add_screening(
    db: Database,
    screening_id: str,
    visit: date,
    community_id: int,
    group_id: int,
    household: str,
    *,
    finding: str = "none",
    severity: int | None = None,
    description: str | None = None,
) -> None:
    db.execute(
        "INSERT INTO screenings (screening_id, visit_date, community_id, group_id, household, finding, severity, "
        "people_affected, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [screening_id, visit, community_id, group_id, household, finding, severity, 1, description],
    )


def add_risk(
    db: Database,
    matter_id: str,
    identified: date,
    community_id: int,
    *,
    status: str = "open",
    resolved: date | None = None,
    category: str = "utilities",
) -> None:
    db.execute(
        "INSERT INTO risk_items (matter_id, identified_date, source, community_id, category, status, resolved_date) "
        "VALUES (?, ?, 'petition', ?, ?, ?, ?)",
        [matter_id, identified, community_id, category, status, resolved],
    )


def run_detectors(db: Database, as_of: date, lang: str = "zh") -> list[dict]:
    """A run of every detector as of a day, as `python -m analytics alerts` makes it: the alerts open then."""
    from analytics import alert_runs

    return alert_runs.run(db, as_of, trigger="command", lang=lang)[1]
