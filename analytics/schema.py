"""The database schema as an ordered list of migrations.

A migration is applied once, in order, and recorded in ``schema_version``;
opening a file made by an older version of the product applies the ones it
lacks. Never edit a released migration: append a new one.

Fact tables refer to areas by integer ids (cheap joins at city scale). They do
not declare foreign keys: DuckDB checks them row by row on bulk loads, which
is slow at ten million screenings; ``check`` verifies the references instead.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (
        1,
        "areas and ledgers",
        (
            """CREATE TABLE meta (
            key VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        )""",
            """CREATE TABLE communities (
            community_id INTEGER PRIMARY KEY,
            name VARCHAR NOT NULL UNIQUE
        )""",
            """CREATE TABLE groups (
            group_id INTEGER PRIMARY KEY,
            community_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            households INTEGER CHECK (households >= 0),
            population INTEGER CHECK (population >= 0),
            UNIQUE (community_id, name)
        )""",
            """CREATE TABLE group_neighbors (
            group_id INTEGER NOT NULL,
            neighbor_id INTEGER NOT NULL,
            PRIMARY KEY (group_id, neighbor_id)
        )""",
            """CREATE TABLE responsible_units (
            unit_id INTEGER PRIMARY KEY,
            name VARCHAR NOT NULL UNIQUE,
            name_en VARCHAR
        )""",
            """CREATE TABLE petitions (
            petition_id VARCHAR PRIMARY KEY,
            received_date DATE NOT NULL,
            channel VARCHAR NOT NULL,
            community_id INTEGER NOT NULL,
            group_id INTEGER,
            petitioner VARCHAR NOT NULL,
            people_count INTEGER NOT NULL CHECK (people_count >= 1),
            category VARCHAR NOT NULL,
            level VARCHAR NOT NULL,
            matter_id VARCHAR,
            summary VARCHAR,
            status VARCHAR NOT NULL,
            due_date DATE NOT NULL,
            resolved_date DATE,
            responsible_unit VARCHAR,
            satisfaction VARCHAR
        )""",
            """CREATE TABLE screenings (
            screening_id VARCHAR PRIMARY KEY,
            visit_date DATE NOT NULL,
            community_id INTEGER NOT NULL,
            group_id INTEGER NOT NULL,
            household VARCHAR NOT NULL,
            visitor VARCHAR,
            finding VARCHAR NOT NULL,
            severity TINYINT CHECK (severity BETWEEN 1 AND 4),
            people_affected INTEGER CHECK (people_affected >= 0),
            description VARCHAR,
            matter_id VARCHAR
        )""",
            """CREATE TABLE risk_items (
            matter_id VARCHAR PRIMARY KEY,
            identified_date DATE NOT NULL,
            source VARCHAR NOT NULL,
            community_id INTEGER NOT NULL,
            group_id INTEGER,
            category VARCHAR NOT NULL,
            people_involved INTEGER,
            responsible_unit VARCHAR,
            leader VARCHAR,
            status VARCHAR NOT NULL,
            due_date DATE,
            resolved_date DATE,
            description VARCHAR
        )""",
            """CREATE TABLE calendar (
            period_id INTEGER PRIMARY KEY,
            name VARCHAR NOT NULL,
            start_date DATE NOT NULL,
            end_date DATE NOT NULL,
            level TINYINT CHECK (level BETWEEN 1 AND 3),
            CHECK (end_date >= start_date)
        )""",
            # What changed in a ledger record on re-import (status, resolution).
            """CREATE TABLE record_history (
            kind VARCHAR NOT NULL,
            record_id VARCHAR NOT NULL,
            changed_at TIMESTAMP NOT NULL,
            field VARCHAR NOT NULL,
            old_value VARCHAR,
            new_value VARCHAR
        )""",
        ),
    ),
    (
        2,
        "alerts, accounts and audit",
        (
            """CREATE SEQUENCE alert_ids START 1""",
            """CREATE TABLE alerts (
            alert_id INTEGER PRIMARY KEY DEFAULT nextval('alert_ids'),
            kind VARCHAR NOT NULL,
            grade VARCHAR NOT NULL,
            community_id INTEGER,
            group_id INTEGER,
            category VARCHAR,
            matter_id VARCHAR,
            detected_on DATE NOT NULL,
            last_seen DATE NOT NULL,
            summary VARCHAR NOT NULL,
            evidence JSON,
            state VARCHAR NOT NULL DEFAULT 'new',
            assigned_unit VARCHAR,
            assigned_to VARCHAR,
            assigned_due DATE,
            closed_on DATE,
            close_reason VARCHAR,
            reviewed_on DATE
        )""",
            """CREATE TABLE alert_groups (
            alert_id INTEGER NOT NULL,
            group_id INTEGER NOT NULL,
            PRIMARY KEY (alert_id, group_id)
        )""",
            """CREATE TABLE alert_history (
            alert_id INTEGER NOT NULL,
            changed_at TIMESTAMP NOT NULL,
            username VARCHAR,
            action VARCHAR NOT NULL,
            detail JSON
        )""",
            """CREATE TABLE accounts (
            username VARCHAR PRIMARY KEY,
            role VARCHAR NOT NULL,
            password_hash VARCHAR NOT NULL,
            is_demo BOOLEAN NOT NULL DEFAULT false,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TIMESTAMP,
            created_at TIMESTAMP NOT NULL,
            password_changed_at TIMESTAMP
        )""",
            """CREATE SEQUENCE audit_ids START 1""",
            """CREATE TABLE audit_log (
            event_id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
            logged_at TIMESTAMP NOT NULL,
            username VARCHAR,
            action VARCHAR NOT NULL,
            target VARCHAR,
            detail JSON
        )""",
            """CREATE TABLE settings (
            key VARCHAR PRIMARY KEY,
            value JSON NOT NULL,
            updated_at TIMESTAMP NOT NULL,
            updated_by VARCHAR
        )""",
        ),
    ),
    (
        3,
        "ground truth of injected demo events",
        (
            """CREATE TABLE demo_events (
            event_id VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            community_id INTEGER NOT NULL,
            group_ids INTEGER[] NOT NULL,
            category VARCHAR NOT NULL,
            matter_id VARCHAR,
            start_date DATE NOT NULL,
            end_date DATE NOT NULL,
            description VARCHAR NOT NULL
        )""",
            """CREATE TABLE street_profile (
            key VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        )""",
        ),
    ),
    (
        4,
        "accounts can be disabled",
        (
            "ALTER TABLE accounts ADD COLUMN disabled BOOLEAN DEFAULT false",
            "UPDATE accounts SET disabled = false",
        ),
    ),
    (
        5,
        "risk scores with their components, as computed on a day",
        (
            """CREATE TABLE risk_scores (
            as_of DATE NOT NULL,
            matter_id VARCHAR NOT NULL,
            score DOUBLE NOT NULL,
            grade VARCHAR NOT NULL,
            contributions JSON NOT NULL,
            computed_at TIMESTAMP NOT NULL,
            PRIMARY KEY (as_of, matter_id)
        )""",
        ),
    ),
    (
        6,
        "alerts are episodes: one per detector, place or matter and first firing day",
        (
            "ALTER TABLE alerts ADD COLUMN episode_key VARCHAR",
            "CREATE UNIQUE INDEX alerts_episode ON alerts (kind, episode_key, detected_on)",
        ),
    ),
    (
        7,
        "group boundaries for the offline map (GeoJSON geometry as text)",
        (
            """CREATE TABLE group_shapes (
            group_id INTEGER PRIMARY KEY,
            geometry VARCHAR NOT NULL
        )""",
        ),
    ),
    (
        8,
        "notifications sent for alerts, and which alerts each user has read",
        (
            """CREATE TABLE notifications (
            alert_id INTEGER NOT NULL,
            channel VARCHAR NOT NULL,
            target VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            attempts INTEGER NOT NULL,
            last_error VARCHAR,
            sent_at TIMESTAMP NOT NULL,
            PRIMARY KEY (alert_id, channel, target)
        )""",
            """CREATE TABLE alert_reads (
            username VARCHAR NOT NULL,
            alert_id INTEGER NOT NULL,
            read_at TIMESTAMP NOT NULL,
            PRIMARY KEY (username, alert_id)
        )""",
        ),
    ),
    (
        9,
        "fitted models with their card: version, data range, metrics",
        (
            """CREATE SEQUENCE model_ids START 1""",
            """CREATE TABLE models (
            model_id INTEGER PRIMARY KEY DEFAULT nextval('model_ids'),
            kind VARCHAR NOT NULL,
            version VARCHAR NOT NULL,
            trained_at TIMESTAMP NOT NULL,
            trained_by VARCHAR,
            as_of DATE NOT NULL,
            data_from DATE NOT NULL,
            data_to DATE NOT NULL,
            card JSON NOT NULL,
            fitted BLOB NOT NULL,
            checksum VARCHAR NOT NULL
        )""",
        ),
    ),
    (
        10,
        "each run of the detectors: when, as of which day, on which data, by whom and with what result",
        (
            """CREATE SEQUENCE alert_run_ids START 1""",
            """CREATE TABLE alert_runs (
            run_id INTEGER PRIMARY KEY DEFAULT nextval('alert_run_ids'),
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP NOT NULL,
            as_of DATE NOT NULL,
            trigger VARCHAR NOT NULL,
            username VARCHAR,
            data_version BIGINT NOT NULL,
            latest_record DATE,
            petitions BIGINT NOT NULL,
            screenings BIGINT NOT NULL,
            alerts_open INTEGER NOT NULL,
            alerts_new INTEGER NOT NULL,
            notifications_sent INTEGER NOT NULL
        )""",
            # the outbox: serious alerts raised by a run, until sent to every target of whoever delivers them
            """CREATE TABLE notification_queue (
            alert_id INTEGER PRIMARY KEY,
            queued_at TIMESTAMP NOT NULL
        )""",
        ),
    ),
    (
        11,
        "the case stages of the 2022 信访工作条例, screening campaigns, who handles a risk item",
        (
            "ALTER TABLE petitions ADD COLUMN petition_kind VARCHAR",  # 信访类别: suggestion, accusation, claim
            "ALTER TABLE petitions ADD COLUMN accepted_date DATE",
            "ALTER TABLE petitions ADD COLUMN forwarded_date DATE",
            "ALTER TABLE petitions ADD COLUMN answered_date DATE",
            "ALTER TABLE petitions ADD COLUMN extended_days INTEGER",
            "ALTER TABLE petitions ADD COLUMN review_requested_date DATE",
            "ALTER TABLE petitions ADD COLUMN review_date DATE",
            "ALTER TABLE petitions ADD COLUMN recheck_requested_date DATE",
            "ALTER TABLE petitions ADD COLUMN recheck_date DATE",
            "ALTER TABLE petitions ADD COLUMN follow_up_date DATE",
            "ALTER TABLE petitions ADD COLUMN first_handler VARCHAR",
            "ALTER TABLE screenings ADD COLUMN campaign VARCHAR",
            "ALTER TABLE risk_items ADD COLUMN handler VARCHAR",
            "ALTER TABLE risk_items ADD COLUMN assigned_date DATE",
        ),
    ),
    (
        12,
        "units as a street works with them: handlers of residents' matters, and co-building partners (共建单位)",
        ("ALTER TABLE responsible_units ADD COLUMN kind VARCHAR NOT NULL DEFAULT 'handler'",),
    ),
    (
        13,
        "each 风险隐患 handled to 销号 in the product: its steps, 督办, the committee's meetings, re-import conflicts",
        (
            # from the first step taken in the product, the product keeps the item's lifecycle (a ledger
            # re-import that differs is a conflict for the clerk, never an overwrite)
            "ALTER TABLE risk_items ADD COLUMN managed_since TIMESTAMP",
            "ALTER TABLE risk_items ADD COLUMN deadline_round INTEGER",  # 1: the first 化解期限; 2+: set by a 督办
            "ALTER TABLE risk_items ADD COLUMN requested_by VARCHAR",  # who asked for 销号
            "ALTER TABLE risk_items ADD COLUMN closed_by VARCHAR",  # the committee member who signed it off
            """CREATE SEQUENCE risk_action_ids START 1""",
            """CREATE TABLE risk_actions (
            action_id BIGINT PRIMARY KEY DEFAULT nextval('risk_action_ids'),
            matter_id VARCHAR NOT NULL,
            acted_at TIMESTAMP NOT NULL,
            acted_on DATE NOT NULL,
            username VARCHAR,
            action VARCHAR NOT NULL,
            state_from VARCHAR,
            state_to VARCHAR,
            detail JSON
        )""",
            """CREATE SEQUENCE meeting_ids START 1""",
            """CREATE TABLE meetings (
            meeting_id INTEGER PRIMARY KEY DEFAULT nextval('meeting_ids'),
            held_on DATE NOT NULL,
            started_at TIMESTAMP NOT NULL,
            ended_at TIMESTAMP,
            started_by VARCHAR NOT NULL,
            chair VARCHAR,
            attendees VARCHAR
        )""",
            """CREATE TABLE meeting_items (
            meeting_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            section VARCHAR NOT NULL,
            subject VARCHAR NOT NULL,
            grade VARCHAR,
            alert_id INTEGER,
            matter_id VARCHAR,
            decision VARCHAR,
            unit VARCHAR,
            leader VARCHAR,
            handler VARCHAR,
            due DATE,
            note VARCHAR,
            decided_by VARCHAR,
            decided_at TIMESTAMP,
            PRIMARY KEY (meeting_id, position)
        )""",
            """CREATE SEQUENCE conflict_ids START 1""",
            """CREATE TABLE ledger_conflicts (
            conflict_id INTEGER PRIMARY KEY DEFAULT nextval('conflict_ids'),
            found_at TIMESTAMP NOT NULL,
            username VARCHAR,
            file VARCHAR,
            row_number INTEGER,
            matter_id VARCHAR NOT NULL,
            field VARCHAR NOT NULL,
            ledger_value VARCHAR,
            product_value VARCHAR,
            settled_at TIMESTAMP,
            settled_by VARCHAR,
            settled_as VARCHAR
        )""",
            # staff act in their office role, by name (包案领导, 承办人): the name an account goes by
            "ALTER TABLE accounts ADD COLUMN full_name VARCHAR",
        ),
    ),
    (
        14,
        "login sessions that outlive a page reload, checked on every run",
        (
            # the token itself stays in the browser; only its hash is kept (analytics/sessions.py)
            """CREATE TABLE sessions (
            token_hash VARCHAR PRIMARY KEY,
            username VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            started_at TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL,
            ended_at TIMESTAMP,
            ended_why VARCHAR
        )""",
        ),
    ),
    (
        15,
        "seals that chain the audit log, so that a changed or removed row shows",
        (
            # append-only like the log: each row's seal is an HMAC (the installation's key) over the seal before
            """CREATE TABLE audit_seals (
            event_id BIGINT PRIMARY KEY,
            seal VARCHAR NOT NULL,
            sealed_at TIMESTAMP NOT NULL
        )""",
        ),
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]

# Tables a caller may name (for bulk loads and counts); identifiers never come
# from user input.
TABLES = frozenset(
    {
        "meta",
        "communities",
        "groups",
        "group_neighbors",
        "responsible_units",
        "petitions",
        "screenings",
        "risk_items",
        "calendar",
        "record_history",
        "alerts",
        "alert_groups",
        "alert_history",
        "accounts",
        "audit_log",
        "settings",
        "demo_events",
        "street_profile",
        "risk_scores",
        "group_shapes",
        "notifications",
        "alert_reads",
        "models",
        "alert_runs",
        "notification_queue",
        "risk_actions",
        "meetings",
        "meeting_items",
        "ledger_conflicts",
        "sessions",
        "audit_seals",
    }
)
