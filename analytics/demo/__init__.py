"""The built-in demo street (民惠街道): `python -m analytics init --demo`.

Three years of ledgers ending on a chosen day, with seasons, weekdays, the
leaders' reception day, each July's screening campaign, a sensitive-date
calendar, one demo account per role (password 'demo'), and injected events whose
ground truth is kept in ``demo_events``.
The same seed gives the same database. ``scale`` builds that many streets
(for benchmarks); the first is the demo street itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .. import festivals
from ..auth import add_demo_accounts
from ..db import Database
from ..roles import SYSTEM
from . import areas as street_areas
from . import background, events
from . import matters as matter_stories

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoConfig:
    seed: int = 42
    end: date | None = None  # last day of the history; default today
    years: int = 3
    scale: int = 1

    def last_day(self) -> date:
        return self.end or date.today()


def build_demo(db: Database, config: DemoConfig) -> None:
    """Fill an empty database with the demo street (and ``scale - 1`` more like it).

    The demo's residents are fictitious; their pseudonyms come from a key made
    of the seed, so that the same seed gives the same database to the byte.
    """
    key = f"demo-street-{config.seed}".encode()
    end = config.last_day()
    days = background.window(end, config.years)
    start = days[0].astype(object)
    last = np.datetime64(end)
    with db.transaction():
        communities = []
        for street in range(config.scale):
            rng = np.random.default_rng([config.seed, street])
            areas = street_areas.build_areas(
                rng,
                street,
                first_community_id=1 + 3 * street,
                first_group_id=1 + street_areas.GROUPS * street,
            )
            _write_street(db, rng, areas, days, last, start, end, street, key)
            communities += list(areas.communities["name"])
            if config.scale > 1:
                log.info("street %d of %d written", street + 1, config.scale)
        db.insert_frame("responsible_units", street_areas.units_frame(communities))
        db.insert_frame("calendar", festivals.calendar_frame(start, end.year + 1))
        for key_name, value in (
            ("street", street_areas.STREET_NAME),
            ("demo_seed", str(config.seed)),
            ("demo_end", end.isoformat()),
            ("demo_scale", str(config.scale)),
        ):
            db.execute("INSERT INTO street_profile VALUES (?, ?)", [key_name, value])
        add_demo_accounts(db, SYSTEM)
        db.set_meta("demo", "true")
        db.bump_data_version()


def prepare(db: Database, config: DemoConfig, *, model: bool = True, alerts: bool = True) -> tuple:
    """The demo street as ``init --demo`` makes it: built, its escalation model trained and the detectors run
    as of its last day (a single street; a city's are left to the server), so that forecasts and the review
    list are there from the start. Returns the model trained and the detectors' run (None when not done)."""
    from .. import alert_runs
    from .. import model as escalation

    build_demo(db, config)
    single = config.scale == 1
    trained = escalation.train_recorded(db, SYSTEM, config.last_day()) if model and single else None
    ran = alert_runs.run(db, config.last_day(), trigger="demo")[0] if alerts and single else None
    return trained, ran


def _write_street(db, rng, areas, days, last, start, end, street, key) -> None:
    tag = f"{street + 1:03d}"
    people = background.residents(key, areas)
    singles = background.background_petitions(rng, areas, people, days, last, f"XF{tag}")
    matters, repeats = matter_stories.recurring_matters(
        rng, areas, people, days, last, petition_prefix=f"XF{tag}R", matter_prefix=f"M{tag}P"
    )
    visits = background.screenings(rng, areas, people, days, last, f"PC{tag}", key)
    found = background.matters_from_findings(rng, areas, visits, last, matter_prefix=f"M{tag}S")
    injected = events.inject(rng, areas, people, end, start, street, key)
    for group_id, since, until in injected.unscreened:
        gone = (
            (visits["group_id"] == group_id)
            & (visits["visit_date"] >= np.datetime64(since))
            & (visits["visit_date"] <= np.datetime64(until))
        )
        found = found[~found["matter_id"].isin(visits.loc[gone, "matter_id"].dropna())]
        visits = visits[~gone]
    extra = events.frames(injected)
    db.insert_frame("communities", areas.communities)
    db.insert_frame("groups", areas.groups)
    db.insert_frame("group_neighbors", areas.neighbors)
    db.insert_frame("group_shapes", street_areas.boundaries(areas, street))
    db.insert_frame("petitions", _dates(pd.concat([singles, repeats, extra["petitions"]], ignore_index=True)))
    visits = visits.drop(columns=[background.TOPIC, background.GROUP_INDEX])
    db.insert_frame("screenings", _dates(pd.concat([visits, extra["screenings"]], ignore_index=True)))
    db.insert_frame("risk_items", _dates(pd.concat([matters, found, extra["risk_items"]], ignore_index=True)))
    db.insert_frame("demo_events", extra["demo_events"])


DATE_COLUMNS = (
    "received_date",
    "due_date",
    "resolved_date",
    "visit_date",
    "identified_date",
    "accepted_date",
    "answered_date",
    "review_requested_date",
    "review_date",
    "recheck_requested_date",
    "recheck_date",
    "follow_up_date",
    "assigned_date",
)


def _dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns as datetime64, whatever mix of numpy and Python dates built them."""
    for column in DATE_COLUMNS:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame
