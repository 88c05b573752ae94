"""The figures a street reports (../shared/domain/glossary.md), per community and for the street: one query.

Each figure is a count over a count, kept with both, so that a page can say "12 of 15" as well as "80 %" and
a rate on too few cases is not shown or ranked (``Figure.value`` is None below its minimum):

- 万人信访率 petitions registered in the period per 10,000 residents (per 1,000 households beside it);
- 按期办结率 answered by the deadline (60 days from 受理, plus the extension) of those due in the period;
- 满意率 满意 or 基本满意 of the petitions followed up (回访) in the period;
- 化解率 risk items closed (销号) by the period's end of those due in it;
- 重复访率 petitions in the period about a matter already petitioned (a 复查 or 复核 is no repeat);
- 初信初访一次性化解率 first petitions on a matter not followed by another within 90 days of the answer, of
  those whose 90 days ended in the period;
- 早发现率 risk items identified in the period that screening or grid visits found before anyone petitioned,
  and 化解在萌芽: those of them settled before any petition.

docs/analysis.md gives the formulas; tests/test_figures.py checks each on records counted by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import stages
from .db import Database
from .queries import Period

MINIMUM = 10  # cases below which a share is not shown or ranked
FIRST_PETITION_WATCH_DAYS = 90  # a first petition is settled at once when no other follows within these days

# figure -> (numerator column, denominator column, scale, minimum denominator)
FIGURES: dict[str, tuple[str, str, int, int]] = {
    "petition_rate": ("petitions", "population", 10_000, 1),
    "petition_rate_households": ("petitions", "households", 1_000, 1),
    "on_time": ("on_time", "due", 1, MINIMUM),
    "satisfaction": ("satisfied", "followed_up", 1, MINIMUM),
    "settled": ("settled", "risks_due", 1, MINIMUM),
    "repeat": ("repeats", "petitions", 1, MINIMUM),
    "first_settled": ("first_settled", "first_watched", 1, MINIMUM),
    "found_early": ("found_early", "matters", 1, MINIMUM),
    "nipped": ("nipped", "found_early", 1, MINIMUM),
}
COUNTS = tuple(dict.fromkeys(column for n, d, _, _ in FIGURES.values() for column in (n, d)))


@dataclass(frozen=True)
class Figure:
    key: str
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The figure, or None when its denominator is below the minimum (or nothing to divide by)."""
        _, _, scale, minimum = FIGURES[self.key]
        if self.denominator < max(minimum, 1):
            return None
        return self.numerator / self.denominator * scale


def by_community(db: Database, period: Period) -> pd.DataFrame:
    """One row per community (every community, also those without cases): the counts behind each figure."""
    frame = db.query(_SQL, _params(period, None))  # every community: the street's figures add them up
    for column in COUNTS:
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame


def street(db: Database, period: Period) -> dict[str, Figure]:
    """The figures for the street, or for ``period.community_id`` alone."""
    counts = by_community(db, period)
    if period.community_id is not None:
        counts = counts[counts["community_id"] == period.community_id]
    totals = {column: int(counts[column].sum()) for column in COUNTS}
    return {key: Figure(key, totals[n], totals[d]) for key, (n, d, _, _) in FIGURES.items()}


REPORTED = ("petition_rate", "on_time", "satisfaction", "settled", "repeat", "first_settled", "found_early")


def value_text(figure: Figure) -> str:
    """A figure as a reader sees it: a rate with one decimal, a share in percent, "—" on too few cases."""
    value = figure.value
    if value is None:
        return "—"
    return f"{value:.1f}" if figure.key.startswith("petition_rate") else f"{value:.1%}"


def table(reported: dict[str, Figure], lang: str, counts: bool = True) -> pd.DataFrame:
    """The reported figures as a table for a document: name, value and (with ``counts``) "x / y"."""
    from .i18n import t

    rows = {
        t("figures.col.figure", lang): [t(f"figure.{key}", lang) for key in REPORTED],
        t("figures.col.value", lang): [value_text(reported[key]) for key in REPORTED],
    }
    if counts:
        rows[t("figures.col.counts", lang)] = [
            f"{reported[key].numerator:,} / {reported[key].denominator:,}" for key in REPORTED
        ]
    return pd.DataFrame(rows)


def of_row(row) -> dict[str, Figure]:
    """The figures of one row of :func:`by_community`."""
    return {key: Figure(key, int(getattr(row, n)), int(getattr(row, d))) for key, (n, d, _, _) in FIGURES.items()}


def _sql(petition_key: str, risk_key: str) -> str:
    """The counts behind every figure grouped by ``key``, an expression over petitions' and risk items' own
    columns (fixed in this module). Records of one community only when ``$community`` is given."""
    mine = "(CAST($community AS INTEGER) IS NULL OR {}community_id = $community)".format
    return f"""
WITH earlier AS (
    -- each petition, with whether an earlier petition (not refused) was about the same matter
    SELECT p.*, {petition_key} AS key, {stages.lawful_step("p.")} AS lawful,
           {stages.answered_on("p.")} AS answered,
           p.matter_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM petitions AS q
               WHERE q.matter_id = p.matter_id AND q.status <> 'rejected'
                 AND (q.received_date < p.received_date
                      OR (q.received_date = p.received_date AND q.petition_id < p.petition_id))
           ) AS again
    FROM petitions AS p WHERE {mine("p.")}
), received AS (
    SELECT key,
           count(*) AS petitions,
           count(*) FILTER (WHERE again AND NOT lawful) AS repeats
    FROM earlier WHERE received_date BETWEEN $start AND $end GROUP BY key
), due AS (
    SELECT {petition_key} AS key, count(*) AS due, count(*) FILTER (WHERE {stages.on_time()}) AS on_time
    FROM petitions
    WHERE due_date BETWEEN $start AND $end AND received_date <= $end AND {stages.counts_for_deadline()}
      AND {mine("")}
    GROUP BY ALL
), followed AS (
    SELECT {petition_key} AS key, count(*) AS followed_up,
           count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basic')) AS satisfied
    FROM petitions
    WHERE satisfaction IS NOT NULL
      AND coalesce(follow_up_date, {stages.answered_on()}, received_date) BETWEEN $start AND $end
      AND {mine("")}
    GROUP BY ALL
), first_petitions AS (
    SELECT e.key,
           NOT EXISTS (
               SELECT 1 FROM petitions AS q
               WHERE e.matter_id IS NOT NULL AND q.matter_id = e.matter_id AND q.petition_id <> e.petition_id
                 AND q.received_date >= e.received_date AND q.received_date <= e.answered + $watch
           ) AS settled_at_once
    FROM earlier AS e
    WHERE NOT e.again AND NOT e.lawful AND e.status <> 'rejected'
      AND e.answered + $watch BETWEEN $start AND $end
), first_counts AS (
    SELECT key, count(*) AS first_watched, count(*) FILTER (WHERE settled_at_once) AS first_settled
    FROM first_petitions GROUP BY key
), risks_due AS (
    SELECT {risk_key} AS key, count(*) AS risks_due,
           count(*) FILTER (WHERE status = 'resolved' AND resolved_date <= $end) AS settled
    FROM risk_items WHERE due_date BETWEEN $start AND $end AND {mine("")} GROUP BY ALL
), matters AS (
    -- every risk item, and every matter known only from petitions, with when it was first petitioned
    SELECT r.matter_id, {risk_key} AS key, r.identified_date, r.source, r.status, r.resolved_date
    FROM risk_items AS r WHERE {mine("r.")}
    UNION ALL
    SELECT matter_id, arg_min({petition_key}, received_date), min(received_date), 'petition', NULL, NULL
    FROM petitions AS p
    WHERE matter_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM risk_items AS r WHERE r.matter_id = p.matter_id)
      AND {mine("p.")}
    GROUP BY matter_id
), judged AS (
    SELECT m.key,
           (m.source = 'screening' OR s.first_visit IS NOT NULL)
               AND (p.first_petition IS NULL OR least(s.first_visit, m.identified_date) < p.first_petition)
               AS found_early,
           m.status = 'resolved' AND m.resolved_date <= $end
               AND (p.first_petition IS NULL OR m.resolved_date < p.first_petition) AS settled_early
    FROM matters AS m
    LEFT JOIN (SELECT matter_id, min(visit_date) AS first_visit FROM screenings
               WHERE matter_id IS NOT NULL GROUP BY matter_id) AS s USING (matter_id)
    LEFT JOIN (SELECT matter_id, min(received_date) AS first_petition FROM petitions
               WHERE matter_id IS NOT NULL GROUP BY matter_id) AS p USING (matter_id)
    WHERE m.identified_date BETWEEN $start AND $end
), early AS (
    SELECT key, count(*) AS matters, count(*) FILTER (WHERE found_early) AS found_early,
           count(*) FILTER (WHERE found_early AND settled_early) AS nipped
    FROM judged GROUP BY key
)"""


_COUNTED = """received.petitions, received.repeats, due.due, due.on_time, followed.followed_up, followed.satisfied,
       risks_due.risks_due, risks_due.settled, first_counts.first_watched, first_counts.first_settled,
       early.matters, early.found_early, early.nipped"""
_JOINED = """LEFT JOIN received ON received.key = k.key
LEFT JOIN due ON due.key = k.key
LEFT JOIN followed ON followed.key = k.key
LEFT JOIN first_counts ON first_counts.key = k.key
LEFT JOIN risks_due ON risks_due.key = k.key
LEFT JOIN early ON early.key = k.key"""

_SQL = (
    _sql("community_id", "community_id")
    + f""", people AS (
    SELECT community_id, CAST(coalesce(sum(population), 0) AS BIGINT) AS population,
           CAST(coalesce(sum(households), 0) AS BIGINT) AS households
    FROM groups GROUP BY community_id
), k AS (SELECT community_id, community_id AS key, name FROM communities)
SELECT k.community_id, k.name AS community, people.population, people.households,
       {_COUNTED}
FROM k
LEFT JOIN people USING (community_id)
{_JOINED}
ORDER BY k.community_id
"""
)

# the units a petition or a risk item names (none named: one row of its own, shown as "—" by the pages)
UNIT_KEY = "coalesce(nullif(trim(responsible_unit), ''), '')"
_UNITS_SQL = (
    _sql(UNIT_KEY, UNIT_KEY)
    + f""", k AS (
    SELECT key FROM received UNION SELECT key FROM due UNION SELECT key FROM followed
    UNION SELECT key FROM risks_due UNION SELECT key FROM early
)
SELECT k.key AS unit, {_COUNTED}
FROM k
{_JOINED}
ORDER BY k.key
"""
)


def by_unit(db: Database, period: Period) -> pd.DataFrame:
    """One row per responsible unit named in the records: the counts behind each figure but the rates per
    resident (a unit has no residents). A community filter keeps that community's records."""
    frame = db.query(_UNITS_SQL, _params(period, period.community_id))
    for column in COUNTS:
        if column in frame:
            frame[column] = frame[column].fillna(0).astype("int64")
    return frame


def _params(period: Period, community_id: int | None) -> dict:
    return {"start": period.start, "end": period.end, "watch": FIRST_PETITION_WATCH_DAYS, "community": community_id}
