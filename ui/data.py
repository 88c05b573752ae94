"""Cached reads for the pages. Cached values are copies and are never mutated.

Each cached function takes the database path and its data version, so that
an import (which bumps the version) is seen at once, and a TTL bounds memory.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics import geo, heatmaps, queries, rankings, scoring, settings_store, trends
from analytics.scoring import features as scoring_features
from analytics.scoring import place
from analytics.db import Database, DatabaseError, open_database
from analytics.settings import default_db_path

TTL = 600


# The dashboard lets go of the file between script runs (see analytics.db.Database),
# and waits this long for a command-line import to finish before saying so.
WAIT_SECONDS = 30.0


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

        st.error(tr("db.cannot_open", path=str(path), reason=str(problem)))
        st.stop()


def _period(start: date, end: date, community_id: int | None) -> queries.Period:
    return queries.Period(start, end, community_id)


@st.cache_data(ttl=TTL)
def _kpis(path: str, version: int, start: date, end: date, community_id: int | None, group_size: int) -> dict:
    return queries.overview_kpis(_database(path), _period(start, end, community_id), group_size)


@st.cache_data(ttl=TTL)
def _heatmap(path: str, version: int, start: date, end: date, community_id: int | None) -> pd.DataFrame:
    return queries.community_category_counts(_database(path), _period(start, end, community_id))


@st.cache_data(ttl=TTL)
def _weekly(path: str, version: int, start: date, end: date, community_id: int | None) -> pd.DataFrame:
    return queries.weekly_counts(_database(path), _period(start, end, community_id))


@st.cache_data(ttl=TTL)
def _serious(path: str, version: int, start: date, end: date, community_id: int | None,
             group_size: int) -> pd.DataFrame:
    return queries.serious_items(_database(path), _period(start, end, community_id), group_size=group_size)


@st.cache_data(ttl=TTL)
def _data_range(path: str, version: int) -> tuple[date | None, date | None]:
    return queries.data_range(_database(path))


@st.cache_data(ttl=TTL)
def _communities(path: str, version: int) -> pd.DataFrame:
    return queries.communities(_database(path))


@st.cache_data(ttl=TTL)
def _street(path: str, version: int) -> str:
    return queries.street_name(_database(path))


def _key() -> tuple[str, int]:
    db = database()
    return str(db.path), db.data_version()


def setting(name: str):
    """An admin setting, read afresh (settings bump the data version, so caches follow)."""
    return settings_store.get(database(), name)


def overview_kpis(period: queries.Period) -> dict:
    return _kpis(*_key(), period.start, period.end, period.community_id, setting("group_petition_people"))


def community_category_counts(period: queries.Period) -> pd.DataFrame:
    return _heatmap(*_key(), period.start, period.end, period.community_id)


def weekly_counts(period: queries.Period) -> pd.DataFrame:
    return _weekly(*_key(), period.start, period.end, period.community_id)


def serious_items(period: queries.Period) -> pd.DataFrame:
    return _serious(*_key(), period.start, period.end, period.community_id, setting("group_petition_people"))


def data_range() -> tuple[date | None, date | None]:
    return _data_range(*_key())


def communities() -> pd.DataFrame:
    return _communities(*_key())


def street_name() -> str:
    return _street(*_key())


def account_count() -> int:
    from analytics.auth import account_count as counted

    return counted(database())


@st.cache_data(ttl=TTL)
def _scored(path: str, version: int, as_of: date) -> pd.DataFrame:
    return scoring.score_matters(_database(path), as_of)


def scored_matters(as_of: date) -> pd.DataFrame:
    """Open matters as of a day with their scores (recomputed when data or settings change)."""
    return _scored(*_key(), as_of)


@st.cache_data(ttl=TTL)
def _forecasts(path: str, version: int, as_of: date) -> tuple[pd.DataFrame | None, dict | None]:
    from analytics import model
    from analytics.model import store

    db = _database(path)
    return model.predict_open(db, as_of), store.describe(db, as_of)


def model_card() -> dict | None:
    """The newest escalation model's card (read afresh: it is small)."""
    from analytics.model import store

    return store.describe(database())


def escalation_forecasts(as_of: date) -> tuple[pd.DataFrame | None, dict | None]:
    """Each open matter's escalation probability and its explanation, with the model's card (None, None
    when no model was trained on records up to ``as_of``)."""
    return _forecasts(*_key(), as_of)


@st.cache_data(ttl=TTL)
def _places(path: str, version: int, as_of: date) -> pd.DataFrame:
    db = _database(path)
    index = place.group_index(scoring_features.group_counts(db, as_of))
    names = queries.groups(db).rename(columns={"group_name": "group"})[["group_id", "community", "group"]]
    return index.merge(names, on="group_id").sort_values("smoothed_per_1000", ascending=False)


def place_index(as_of: date) -> pd.DataFrame:
    return _places(*_key(), as_of)


@st.cache_data(ttl=TTL)
def _community_places(path: str, version: int, as_of: date) -> pd.DataFrame:
    counts = scoring_features.community_category_counts(_database(path), as_of)
    return place.community_category_index(counts).sort_values("relative_risk", ascending=False)


def community_category_index(as_of: date) -> pd.DataFrame:
    return _community_places(*_key(), as_of)


@st.cache_data(ttl=TTL)
def _community_category(path: str, version: int, start: date, end: date, community_id: int | None,
                        scored: pd.DataFrame | None) -> pd.DataFrame:
    return heatmaps.community_category(_database(path), _period(start, end, community_id), scored)


def heatmap_community_category(period: queries.Period, with_scores: bool) -> pd.DataFrame:
    """Counts and rates per community × category; with the mean risk score only when asked (scoring a city
    takes a while; the scores are cached with the register's)."""
    scored = scored_matters(period.end) if with_scores else None
    return _community_category(*_key(), period.start, period.end, period.community_id, scored)


@st.cache_data(ttl=TTL)
def _group_weeks(path: str, version: int, start: date, end: date, community_id: int, category) -> pd.DataFrame:
    return heatmaps.group_weeks(_database(path), _period(start, end, None), community_id, category)


def heatmap_group_weeks(period: queries.Period, community_id: int, category: str | None) -> pd.DataFrame:
    return _group_weeks(*_key(), period.start, period.end, int(community_id), category)


@st.cache_data(ttl=TTL)
def _daily(path: str, version: int, start: date, end: date, community_id: int | None, category) -> pd.DataFrame:
    return heatmaps.daily(_database(path), _period(start, end, community_id), category)


def heatmap_daily(period: queries.Period, category: str | None) -> pd.DataFrame:
    return _daily(*_key(), period.start, period.end, period.community_id, category)


def cell_records(period: queries.Period, **cell) -> tuple[int, pd.DataFrame]:
    """The petitions behind a heatmap cell (read when a cell is clicked, not cached)."""
    return heatmaps.cell_records(database(), period, **cell)


@st.cache_data(ttl=TTL)
def _groups(path: str, version: int) -> pd.DataFrame:
    return queries.groups(_database(path))


def groups_of(community_id: int | None) -> pd.DataFrame:
    """The groups of a community (all when None) with a label naming the community too."""
    frame = _groups(*_key())
    if community_id is not None:
        frame = frame[frame["community_id"] == community_id]
    return frame.assign(label=frame["community"] + " " + frame["group_name"])


def _filter_key(where: trends.Filter) -> tuple:
    return (where.community_id, where.group_id, where.category, where.channel, where.level)


@st.cache_data(ttl=TTL)
def _trend(path: str, version: int, what: str, start: date, end: date, where: tuple, frequency: str) -> pd.DataFrame:
    db, period, chosen = _database(path), _period(start, end, where[0]), trends.Filter(*where)
    if what == "series":
        return trends.with_last_year(db, period, chosen, frequency)
    if what == "alerts":
        return trends.alerts_in(db, period, chosen, frequency)
    if what == "seasons":
        return trends.decomposition(db, end, chosen, frequency)
    if what == "channels":
        return trends.channel_shares(db, period, chosen)
    if what == "resolution":
        return trends.resolution_days(db, period, chosen)
    if what == "units":
        return trends.on_time_by_unit(db, period, chosen)
    return trends.screening_coverage(db, period, where[0])


def trend_series(period: queries.Period, where: trends.Filter, frequency: str) -> pd.DataFrame:
    return _trend(*_key(), "series", period.start, period.end, _filter_key(where), frequency)


def trend_alerts(period: queries.Period, where: trends.Filter, frequency: str) -> pd.DataFrame:
    return _trend(*_key(), "alerts", period.start, period.end, _filter_key(where), frequency)


def trend_decomposition(end: date, where: trends.Filter, frequency: str) -> pd.DataFrame:
    return _trend(*_key(), "seasons", end, end, _filter_key(where), frequency)


def trend_channels(period: queries.Period, where: trends.Filter) -> pd.DataFrame:
    return _trend(*_key(), "channels", period.start, period.end, _filter_key(where), "month")


def trend_resolution(period: queries.Period, where: trends.Filter) -> pd.DataFrame:
    return _trend(*_key(), "resolution", period.start, period.end, _filter_key(where), "month")


def trend_units(period: queries.Period, where: trends.Filter) -> pd.DataFrame:
    return _trend(*_key(), "units", period.start, period.end, _filter_key(where), "month")


def trend_coverage(period: queries.Period) -> pd.DataFrame:
    return _trend(*_key(), "coverage", period.start, period.end, (period.community_id, None, None, None, None),
                  "month")


@st.cache_data(ttl=TTL)
def _ranking(path: str, version: int, what: str, start: date, end: date, community_id, measure: str) -> pd.DataFrame:
    db, period = _database(path), _period(start, end, community_id)
    if what == "communities":
        return rankings.communities(db, period, measure)
    if what == "units":
        return rankings.units(db, period, measure)
    return rankings.data_quality(db, period)


def ranking(what: str, period: queries.Period, measure: str) -> pd.DataFrame:
    """'communities', 'units' (ranked by ``measure``) or 'quality' (the data-quality checks)."""
    return _ranking(*_key(), what, period.start, period.end, period.community_id, measure)


@st.cache_data(ttl=TTL)
def _shapes(path: str, version: int) -> pd.DataFrame:
    return geo.map_shapes(_database(path))


def map_shapes() -> pd.DataFrame:
    return _shapes(*_key())


@st.cache_data(ttl=TTL)
def _group_values(path: str, version: int, start: date, end: date, community_id, metric: str,
                  scored: pd.DataFrame | None) -> pd.Series:
    return heatmaps.group_values(_database(path), _period(start, end, community_id), metric, scored)


def group_values(period: queries.Period, metric: str) -> pd.Series:
    scored = scored_matters(period.end) if metric == "score" else None
    return _group_values(*_key(), period.start, period.end, period.community_id, metric, scored)


def open_alert_groups(as_of: date) -> pd.DataFrame:
    """group_id and grade of the groups with alerts open on ``as_of`` (the worst grade per group)."""
    return heatmaps.open_alert_groups(database(), as_of)


def unread_alerts(username: str, as_of: date) -> int:
    """Open alerts the user has not yet seen on the review page."""
    from analytics import notify

    return notify.unread_count(database(), username, as_of)


def petitions_by_id(ids: tuple[str, ...]) -> pd.DataFrame:
    """The petitions an alert names (dates, place, level, people, summary; no personal field)."""
    return queries.petitions_by_id(database(), list(ids))


@st.cache_data(ttl=TTL)
def _weekly_place(path: str, version: int, as_of: date, community_id: int, group_ids: tuple, category) -> pd.DataFrame:
    return queries.weekly_place_counts(_database(path), as_of, community_id, list(group_ids), category)


def weekly_place_counts(as_of: date, community_id: int, group_ids: tuple, category) -> pd.DataFrame:
    return _weekly_place(*_key(), as_of, community_id, tuple(int(g) for g in group_ids), category)
