"""The pages' one caching seam (ui/data.py): kept per database file, data version and query object."""

from __future__ import annotations

from datetime import date

from analytics.queries import Period
from analytics.trends import Filter
from tests.street import tiny_street


def test_a_read_is_computed_once_per_query_and_again_when_the_data_changes(tmp_path, monkeypatch):
    from ui import data

    path = tmp_path / "street.duckdb"
    tiny_street(path).close()
    monkeypatch.setenv("RISK_DB", str(path))
    calls = []

    def counted(db, period: Period, where: Filter) -> int:
        calls.append((period, where))
        return len(calls)

    read = data.cached(counted)
    november = Period(date(2026, 11, 1), date(2026, 11, 30), None)
    assert read(november, Filter(category="water_supply")) == read(november, Filter(category="water_supply")) == 1
    assert read(november, Filter(category="heating")) == 2  # another query object, another entry
    assert read(Period(date(2026, 11, 1), date(2026, 11, 30), 1), Filter(category="heating")) == 3
    db = data.database()
    with db.in_use():
        db.bump_data_version()  # an import, an entry, a setting
    assert read(november, Filter(category="water_supply")) == 4
    assert len(calls) == 4
