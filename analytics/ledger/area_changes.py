"""Large changes an areas import would make, shown to a person before anything is written.

Households and population are the denominators of every rate; a file that
changes them by more than half, or adds communities to a street that has
some, is more likely the wrong file than a census. Runs on the checked rows
(``_typed``) before the write.
"""

from __future__ import annotations

from ..db import Database
from .write import VALID

SHARE = 0.5  # a change by more than half of the stored value needs confirmation


def large(db: Database) -> list[dict]:
    """[{community, group, field, old, new}] — field 'community' for a new community (old and new None)."""
    if not db.scalar("SELECT count(*) FROM communities"):
        return []  # the street's first areas ledger: everything is new, nothing is changed
    changes = [
        {"community": name, "group": None, "field": "community", "old": None, "new": None}
        for (name,) in db.rows(
            f"SELECT DISTINCT t.community FROM _typed AS t WHERE {VALID} AND NOT EXISTS "
            "(SELECT 1 FROM communities AS c WHERE c.name = t.community) ORDER BY 1"
        )
    ]
    for column in ("households", "population"):  # identifiers from this fixed pair
        changes += [
            {"community": community, "group": group, "field": column, "old": int(old), "new": int(new)}
            for community, group, old, new in db.rows(
                f'SELECT t.community, t."group", g.{column}, t.v_{column} FROM _typed AS t '
                "JOIN communities AS c ON c.name = t.community "
                'JOIN groups AS g ON g.community_id = c.community_id AND g.name = t."group" '
                f"WHERE {VALID} AND t.v_{column} IS NOT NULL AND g.{column} IS NOT NULL "
                f"AND abs(t.v_{column} - g.{column}) > $share * g.{column} ORDER BY 1, 2",
                {"share": SHARE},
            )
        ]
    return changes
