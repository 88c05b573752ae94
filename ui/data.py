"""What the pages read, through one caching seam.

``@cached`` turns an analytics function ``f(db, *query)`` into ``f(*query)`` whose result is kept per
(database file, data version, query): the query objects (``Period``, ``trends.Filter``, days, names) are the
key, never a data frame. An import, an entry, a settings change or a run of the detectors that found something
bumps the data version, so every page sees it at once; a TTL bounds memory. Cached values are copies and are
never mutated. Reads that must be fresh on every draw (alerts a user has not read, a clicked cell) are plain.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from analytics import auth, figures, geo, heatmaps, notify, queries, rankings, scoring, settings_store, trends
from analytics import campaigns as screening_campaigns
from analytics.db import Database, DatabaseError, open_database
from analytics.scoring import features as scoring_features
from analytics.scoring import place
from analytics.settings import default_db_path

TTL = 600
# The dashboard lets go of the file between script runs (see analytics.db.Database),
# and waits this long for a command-line import to finish before saying so.
WAIT_SECONDS = 30.0

log = logging.getLogger(__name__)


@st.cache_resource
def _database(path: str) -> Database:
    return open_database(path, hold=False, wait_seconds=WAIT_SECONDS)


def database() -> Database:
    """The session's database; a file that cannot be opened stops the page with a plain message."""
    path = default_db_path().resolve()
    try:
        return _database(str(path))
    except DatabaseError as problem:
        from .state import tr  # state imports this module; import here to keep the arrow one way

        log.error("cannot open the database %s: %s", path, problem)  # the path for the administrator, not the page
        st.error(tr("db.cannot_open"))
        st.stop()


@st.cache_data(ttl=TTL, show_spinner=False)
def _computed(path: str, version: int, name: str, _compute: Callable, query: tuple, options: tuple):
    return _compute(_database(path), *query, **dict(options))


def cached(compute: Callable) -> Callable:
    """``compute(db, *query, **options)`` as ``read(*query, **options)``, kept per (file, data version, query)."""
    name = f"{compute.__module__}.{compute.__qualname__}"

    @functools.wraps(compute)
    def read(*query, **options):
        db = database()
        return _computed(str(db.path), db.data_version(), name, compute, query, tuple(sorted(options.items())))

    return read


def setting(name: str):
    """An admin setting, read afresh (settings bump the data version, so caches follow)."""
    return settings_store.get(database(), name)


def account_count() -> int:
    return auth.account_count(database())


case_states = cached(queries.case_states)

# -- the street ------------------------------------------------------------------------------------------------
data_range = cached(queries.data_range)
communities = cached(queries.communities)
street_name = cached(queries.street_name)
map_shapes = cached(geo.map_shapes)
_groups = cached(queries.groups)

# -- screening campaigns ------------------------------------------------------------------------------------------
campaigns = cached(screening_campaigns.listed)
campaign_progress = cached(screening_campaigns.progress)
campaign_days = cached(screening_campaigns.daily)
campaign_findings = cached(screening_campaigns.findings)
screening_gaps = cached(screening_campaigns.gaps)


def groups_of(community_id: int | None) -> pd.DataFrame:
    """The groups of a community (all when None) with a label naming the community too."""
    frame = _groups()
    if community_id is not None:
        frame = frame[frame["community_id"] == community_id]
    return frame.assign(label=frame["community"] + " " + frame["group_name"])


# -- the overview ----------------------------------------------------------------------------------------------
@cached
def overview_kpis(db: Database, period: queries.Period) -> dict:
    return queries.overview_kpis(db, period, settings_store.get(db, "group_petition_people"))


@cached
def street_figures(db: Database, period: queries.Period) -> dict:
    return figures.street(db, period)


@cached
def figures_by_community(db: Database, period: queries.Period) -> pd.DataFrame:
    return figures.by_community(db, period)


@cached
def periods_in_force(db: Database, day) -> list[str]:
    """The sensitive periods a day falls in, highest level first."""
    return queries.periods_in_force(db, day)


@cached
def serious_items(db: Database, period: queries.Period) -> pd.DataFrame:
    return queries.serious_items(db, period, group_size=settings_store.get(db, "group_petition_people"))


community_category_counts = cached(queries.community_category_counts)
weekly_counts = cached(queries.weekly_counts)

# -- risk items: scores, forecasts, the place index -----------------------------------------------------------
scored_matters = cached(scoring.score_matters)  # open matters as of a day with their scores


@cached
def escalation_forecasts(db: Database, as_of: date) -> tuple[pd.DataFrame | None, dict | None]:
    """Each open matter's escalation probability and its explanation, with the model's card (None, None
    when no model was trained on records up to ``as_of``)."""
    from analytics import model
    from analytics.model import store

    return model.predict_open(db, as_of), store.describe(db, as_of)


def model_card() -> dict | None:
    """The newest escalation model's card (read afresh: it is small)."""
    from analytics.model import store

    return store.describe(database())


@cached
def place_index(db: Database, as_of: date) -> pd.DataFrame:
    index = place.group_index(scoring_features.group_counts(db, as_of))
    names = queries.groups(db).rename(columns={"group_name": "group"})[["group_id", "community", "group"]]
    return index.merge(names, on="group_id").sort_values("smoothed_per_1000", ascending=False)


@cached
def community_category_index(db: Database, as_of: date) -> pd.DataFrame:
    counts = scoring_features.community_category_counts(db, as_of)
    return place.community_category_index(counts).sort_values("relative_risk", ascending=False)


# -- heatmaps -----------------------------------------------------------------------------------------------------
@cached
def heatmap_community_category(db: Database, period: queries.Period, with_scores: bool) -> pd.DataFrame:
    """Counts and rates per community × category; with the mean risk score only when asked (scoring a city
    takes a while; the scores are the register's, cached)."""
    return heatmaps.community_category(db, period, scored_matters(period.end) if with_scores else None)


@cached
def heatmap_group_weeks(db: Database, period: queries.Period, community_id: int, category: str | None):
    return heatmaps.group_weeks(db, queries.Period(period.start, period.end, None), int(community_id), category)


heatmap_daily = cached(heatmaps.daily)


@cached
def group_values(db: Database, period: queries.Period, metric: str) -> pd.Series:
    return heatmaps.group_values(db, period, metric, scored_matters(period.end) if metric == "score" else None)


def cell_records(period: queries.Period, **cell) -> tuple[int, pd.DataFrame]:
    """The petitions behind a heatmap cell (read when a cell is clicked, not cached)."""
    return heatmaps.cell_records(database(), period, **cell)


# -- trends ---------------------------------------------------------------------------------------------------------
trend_series = cached(trends.with_last_year)  # (period, where, frequency)
trend_alerts = cached(trends.alerts_in)  # (period, where, frequency)
trend_decomposition = cached(trends.decomposition)  # (end, where, frequency)
trend_channels = cached(trends.channel_shares)  # (period, where)
trend_resolution = cached(trends.resolution_days)  # (period, where)
trend_units = cached(trends.on_time_by_unit)  # (period, where)


@cached
def trend_coverage(db: Database, period: queries.Period) -> pd.DataFrame:
    return trends.screening_coverage(db, period, period.community_id)


# -- rankings ---------------------------------------------------------------------------------------------------
ranked_communities = cached(rankings.communities)  # (period, measure)
ranked_units = cached(rankings.units)  # (period, measure)
data_quality = cached(rankings.data_quality)  # (period)


# -- alerts (read fresh: a user's actions change them without a new data version) ------------------------------
def open_alert_groups(as_of: date) -> pd.DataFrame:
    """group_id and grade of the groups with alerts open on ``as_of`` (the worst grade per group)."""
    return heatmaps.open_alert_groups(database(), as_of)


def unread_alerts(username: str, as_of: date) -> int:
    """Open alerts the user has not yet marked read."""
    return notify.unread_count(database(), username, as_of)


def petitions_by_id(ids: tuple[str, ...]) -> pd.DataFrame:
    """The petitions an alert names (dates, place, level, people, summary; no personal field)."""
    return queries.petitions_by_id(database(), list(ids))


@cached
def weekly_place_counts(db: Database, as_of: date, community_id: int, group_ids: tuple, category) -> pd.DataFrame:
    return queries.weekly_place_counts(db, as_of, int(community_id), [int(g) for g in group_ids], category)
